from odoo import models


class DossierMonthlySend(models.Model):
    _name = "dossier.monthly.send"
    _inherit = ["dossier.procedure.mixin", "dossier.monthly.send"]

    def _procedure_fields(self):
        sending = self.env._(
            "the Send to Managers button of the monthly statistics, or the monthly "
            "scheduled job"
        )
        return dict.fromkeys(
            (
                "company_id",
                "month",
                "date_sent",
                "sender_id",
                "recipient_ids",
                "attachment_id",
            ),
            sending,
        )
