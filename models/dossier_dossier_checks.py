from odoo import models

from .dossier_check_mixin import DatabaseCheck


class DossierDossier(models.Model):
    _name = "dossier.dossier"
    _inherit = ["dossier.dossier", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("barcode", "company_id"),
                lambda get, record: (
                    not get("barcode")
                    or not get("company_id")
                    or not self._taken(
                        [
                            ("barcode", "=", get("barcode")),
                            ("company_id", "=", self._id(get("company_id"))),
                        ],
                        record,
                    )
                ),
                self.env._("Another dossier of this company already has this barcode."),
            ),
        ]
