from odoo import api, models


class DossierAccessLog(models.Model):
    _name = "dossier.access.log"
    _inherit = ["dossier.access.log", "dossier.procedure.mixin"]

    def _procedure_fields(self):
        logging = self.env._(
            "the dossier itself: opening, printing or exporting a confidential "
            "dossier writes its access log"
        )
        return dict.fromkeys(
            (
                "dossier_id",
                "company_id",
                "confidentiality",
                "user_id",
                "date",
                "access_type",
                "reason",
                "report_name",
            ),
            logging,
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_procedure_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_procedure_write(vals)
        return super().write(vals)
