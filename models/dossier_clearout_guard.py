from odoo import models


class DossierClearout(models.Model):
    _name = "dossier.clearout"
    _inherit = ["dossier.procedure.mixin", "dossier.clearout"]

    def _procedure_fields(self):
        _ = self.env._
        confirmation = _("the Confirm button")
        return {
            "state": _("the Confirm and Cancel buttons"),
            "confirmed_by_id": confirmation,
            "date_confirmed": confirmation,
        }
