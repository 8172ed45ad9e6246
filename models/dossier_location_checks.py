from odoo import models

from .dossier_check_mixin import DatabaseCheck


class DossierLocation(models.Model):
    _name = "dossier.location"
    _inherit = ["dossier.location", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            self._unique_check(
                ("barcode", "company_id"),
                self.env._(
                    "Another location of this company already has this barcode."
                ),
            ),
            DatabaseCheck(
                ("primary_key_holder_id", "backup_key_holder_id"),
                lambda get, record: (
                    not self._id(get("primary_key_holder_id"))
                    or self._id(get("primary_key_holder_id"))
                    != self._id(get("backup_key_holder_id"))
                ),
                self.env._(
                    "The two keys of a cabinet are held by two different people."
                ),
            ),
        ]
