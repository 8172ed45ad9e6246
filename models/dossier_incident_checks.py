from odoo import models

from .dossier_check_mixin import DatabaseCheck


class DossierIncident(models.Model):
    _name = "dossier.incident"
    _inherit = ["dossier.incident", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("amount",),
                lambda get, record: self._null(get("amount")) or get("amount") >= 0,
                self.env._("The amount of an incident cannot be negative."),
            ),
        ]
