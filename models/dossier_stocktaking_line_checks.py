from odoo import models


class DossierStocktakingLine(models.Model):
    _name = "dossier.stocktaking.line"
    _inherit = ["dossier.stocktaking.line", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            self._unique_check(
                ("stocktaking_id", "dossier_id"),
                self.env._("A dossier appears once in a stock-taking."),
            ),
        ]
