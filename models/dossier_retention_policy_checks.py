from odoo import models


class DossierRetentionPolicy(models.Model):
    _name = "dossier.retention.policy"
    _inherit = ["dossier.retention.policy", "dossier.check.mixin"]

    def _database_checks(self):
        _ = self.env._
        return [
            (
                ("permanent", "years"),
                lambda get, record: not get("permanent") or not get("years"),
                _(
                    "A permanent retention policy keeps dossiers forever: it cannot "
                    "also have a number of years."
                ),
            ),
            (
                ("permanent", "years"),
                lambda get, record: (
                    get("permanent") or get("years") is None or get("years") > 0
                ),
                _(
                    "A retention policy that is not permanent needs a duration of at "
                    "least one year."
                ),
            ),
        ]
