from odoo import models


class DossierDocumentType(models.Model):
    _name = "dossier.document.type"
    _inherit = ["dossier.document.type", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            self._unique_check(
                ("code",), self.env._("Another document type already has this code.")
            ),
        ]
