from odoo import models


class DossierStocktaking(models.Model):
    _name = "dossier.stocktaking"
    _inherit = ["dossier.procedure.mixin", "dossier.stocktaking"]

    def _procedure_fields(self):
        _ = self.env._
        start = _("the Start button")
        close = _("the Close Stock-taking button")
        return {
            "state": _("the Start and Close Stock-taking buttons"),
            "user_id": start,
            "date_start": start,
            "closer_id": close,
            "date_done": close,
        }
