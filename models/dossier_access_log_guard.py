from odoo import models


class DossierAccessLog(models.Model):
    _name = "dossier.access.log"
    _inherit = ["dossier.procedure.mixin", "dossier.access.log"]

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
