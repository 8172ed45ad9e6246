from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class DossierLoanReturn(models.TransientModel):
    _name = "dossier.loan.return"
    _description = "Loan Return Check"

    loan_id = fields.Many2one("dossier.loan", required=True, readonly=True)
    borrower_id = fields.Many2one(related="loan_id.borrower_id")
    dossier_id = fields.Many2one(related="loan_id.dossier_id")
    line_ids = fields.One2many(
        "dossier.loan.return.line",
        "wizard_id",
        string="Documents",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )
    checker_id = fields.Many2one(
        "res.users",
        string="Checked By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    signature = fields.Image(
        max_width=1024,
        max_height=1024,
        attachment=False,
        help="The archivist who checked the documents signs the return check.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            loan_id = vals.get("loan_id")
            # The loan's Return button sends its id; anything else is refused
            # with a sentence, before the ORM reads it as one.
            if loan_id is not None and (
                isinstance(loan_id, bool) or not isinstance(loan_id, int)
            ):
                raise UserError(
                    self.env._(
                        "A return check is opened from its loan: use the loan's "
                        "Return button."
                    )
                )
        return super().create(vals_list)

    @api.depends("loan_id")
    def _compute_line_ids(self):
        for wizard in self:
            # Only what is still out: a second check after a partial return lists
            # the documents that were missing.
            wizard.line_ids = [Command.clear()] + [
                Command.create({"document_id": document.id})
                for document in wizard.loan_id.missing_document_ids
            ]

    def action_all_present(self):
        """Every document not yet decided came back in order: an explicit click,
        never a default."""
        self.ensure_one()
        self.line_ids.filtered(lambda line: not line.status).status = "present"
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Check"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_confirm(self):
        self.ensure_one()
        undecided = self.line_ids.filtered(lambda line: not line.status)
        if undecided:
            raise UserError(
                self.env._(
                    "Say for each document whether it is present, missing or damaged "
                    "(or click All Present): %(documents)s not checked yet.",
                    documents=", ".join(undecided.document_id.mapped("display_name")),
                )
            )
        incident_lines = self.line_ids.filtered(
            lambda line: line.record_incident and line.status in ("missing", "damaged")
        )
        documents = self.env["dossier.document"]
        by_status = {"present": documents, "missing": documents, "damaged": documents}
        for line in self.line_ids:
            by_status[line.status] |= line.document_id
        self.loan_id._register_return(
            present=by_status["present"],
            missing=by_status["missing"],
            damaged=by_status["damaged"],
            damage_notes={
                line.document_id.id: line.note
                for line in self.line_ids
                if line.status == "damaged" and line.note
            },
            signature=self.signature,
        )
        self.env["dossier.incident"]._record_from_return_check(
            self.loan_id, incident_lines
        )
        return {"type": "ir.actions.act_window_close"}
