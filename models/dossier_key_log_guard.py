from odoo import api, models


class DossierKeyLog(models.Model):
    _name = "dossier.key.log"
    _inherit = ["dossier.key.log", "dossier.procedure.mixin"]

    def _procedure_fields(self):
        logging = self.env._(
            "the Backup Key Uses menu: a use is logged by whoever took the key, "
            "when they log it"
        )
        return {"user_id": logging, "date": logging}

    @api.model_create_multi
    def create(self, vals_list):
        self._check_procedure_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_procedure_write(vals)
        return super().write(vals)
