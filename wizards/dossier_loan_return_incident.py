from odoo import api, fields, models


class DossierLoanReturnLine(models.TransientModel):
    _inherit = "dossier.loan.return.line"

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


class DossierLoanReturn(models.TransientModel):
    _inherit = "dossier.loan.return"

    def action_confirm(self):
        lines = self.line_ids.filtered(
            lambda line: line.record_incident and line.status in ("missing", "damaged")
        )
        result = super().action_confirm()
        self.env["dossier.incident"]._record_from_return_check(self.loan_id, lines)
        return result
