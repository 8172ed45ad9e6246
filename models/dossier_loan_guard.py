from odoo import models


class DossierLoan(models.Model):
    _name = "dossier.loan"
    _inherit = ["dossier.procedure.mixin", "dossier.loan"]

    def _procedure_fields(self):
        _ = self.env._
        request = _("the Request Loan button: it records who asked and when")
        decision = _("the Approve and Reject buttons")
        checkout = _("the Check Out button")
        return_check = _("the Return button (return check) or the copy register")
        reminders = _("the overdue loan reminders (a scheduled job)")
        return {
            "state": _("the Approve, Reject, Check Out, Return and Cancel buttons"),
            "requester_id": request,
            "date_requested": request,
            "approver_id": decision,
            "date_decided": decision,
            "reject_reason": decision,
            "checkout_user_id": checkout,
            "date_checkout": checkout,
            "lent_document_ids": checkout,
            "return_user_id": return_check,
            "date_returned": return_check,
            "missing_document_ids": return_check,
            "damaged_document_ids": return_check,
            "reminder_count": reminders,
            "last_reminder_date": reminders,
        }
