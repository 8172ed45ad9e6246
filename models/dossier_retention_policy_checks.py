from odoo import models

from .dossier_check_mixin import DatabaseCheck


class DossierRetentionPolicy(models.Model):
    _name = "dossier.retention.policy"
    _inherit = ["dossier.retention.policy", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("permanent", "years"),
                lambda get, record: not get("permanent") or not get("years"),
                self.env._(
                    "A permanent retention policy keeps dossiers forever: it cannot "
                    "also have a number of years."
                ),
            ),
            DatabaseCheck(
                ("permanent", "years"),
                lambda get, record: (
                    get("permanent") or get("years") is None or get("years") > 0
                ),
                self.env._(
                    "A retention policy that is not permanent needs a duration of at "
                    "least one year."
                ),
            ),
        ]
