from odoo import models


class DossierKeyLog(models.Model):
    _name = "dossier.key.log"
    _inherit = ["dossier.procedure.mixin", "dossier.key.log"]

    def _procedure_fields(self):
        logging = self.env._(
            "the Backup Key Uses menu: a use is logged by whoever took the key, "
            "when they log it"
        )
        return {"user_id": logging, "date": logging}
