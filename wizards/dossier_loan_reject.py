from odoo import fields, models


class DossierLoanReject(models.TransientModel):
    _name = "dossier.loan.reject"
    _description = "Reject Loan Requests"

    loan_ids = fields.Many2many("dossier.loan", string="Loans", required=True)
    reason = fields.Text(
        required=True, help="The requester reads it in the loan's history."
    )

    def action_confirm(self):
        self.ensure_one()
        self.loan_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
