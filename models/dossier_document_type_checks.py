from odoo import models

from .dossier_check_mixin import DatabaseCheck


class DossierDocumentType(models.Model):
    _name = "dossier.document.type"
    _inherit = ["dossier.document.type", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("code",),
                lambda get, record: (
                    not get("code")
                    or not self._taken([("code", "=", get("code"))], record)
                ),
                self.env._("Another document type already has this code."),
            ),
        ]
