from odoo import models


class DossierStocktakingLine(models.Model):
    _name = "dossier.stocktaking.line"
    _inherit = ["dossier.procedure.mixin", "dossier.stocktaking.line"]

    def _procedure_fields(self):
        _ = self.env._
        found = _("a scan or the Found button of the stock-taking")
        return {
            "stocktaking_id": _("the Start button of the stock-taking"),
            "dossier_id": found,
            "expected": _("the Start button of the stock-taking"),
            "recorded_location_id": found,
            "result": _("a scan, the Found button or the Close Stock-taking button"),
            "date_found": found,
            "found_by_id": found,
        }
