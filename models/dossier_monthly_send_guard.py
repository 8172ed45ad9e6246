from odoo import api, models


class DossierMonthlySend(models.Model):
    _name = "dossier.monthly.send"
    _inherit = ["dossier.monthly.send", "dossier.procedure.mixin"]

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

    @api.model_create_multi
    def create(self, vals_list):
        self._check_procedure_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_procedure_write(vals)
        return super().write(vals)
