from odoo import models


class DossierDossier(models.Model):
    _name = "dossier.dossier"
    _inherit = ["dossier.dossier", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            self._unique_check(
                ("barcode", "company_id"),
                self.env._("Another dossier of this company already has this barcode."),
            ),
        ]
