from odoo import models

from .dossier_check_mixin import DatabaseCheck


class DossierDocument(models.Model):
    _name = "dossier.document"
    _inherit = ["dossier.document", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("pages",),
                (lambda get, record: self._null(get("pages")) or get("pages") >= 0),
                self.env._("The number of pages cannot be negative."),
            ),
        ]
