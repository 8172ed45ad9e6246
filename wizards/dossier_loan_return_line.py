from odoo import api, fields, models


class DossierLoanReturnLine(models.TransientModel):
    _name = "dossier.loan.return.line"
    _description = "Loan Return Check Line"

    wizard_id = fields.Many2one(
        "dossier.loan.return", required=True, ondelete="cascade"
    )
    document_id = fields.Many2one("dossier.document", required=True, readonly=True)
    document_type_id = fields.Many2one(related="document_id.document_type_id")
    pages = fields.Integer(related="document_id.pages")
    status = fields.Selection(
        [("present", "Present"), ("missing", "Missing"), ("damaged", "Damaged")],
        help="Left empty until the archivist has looked at the document.",
    )
    note = fields.Char(help="What is damaged: it becomes the document's repair note.")
    record_incident = fields.Boolean(
        compute="_compute_record_incident",
        store=True,
        readonly=False,
        help="Record a loss or damage incident for this document, the borrower being "
        "the person responsible. Ticked for every missing or damaged document; untick "
        "a document the borrower is only late to bring back.",
    )

    @api.depends("status")
    def _compute_record_incident(self):
        for line in self:
            line.record_incident = line.status in ("missing", "damaged")
