from odoo import models

from .dossier_check_mixin import DatabaseCheck


class ResCompany(models.Model):
    _inherit = "res.company"

    def _database_checks(self):
        def in_order(get, record):
            minimum = get("dossier_incident_amount_min")
            maximum = get("dossier_incident_amount_max")
            return (self._null(minimum) or minimum >= 0) and (
                self._null(minimum) or self._null(maximum) or minimum <= maximum
            )

        return [
            *super()._database_checks(),
            DatabaseCheck(
                ("dossier_incident_amount_min", "dossier_incident_amount_max"),
                in_order,
                self.env._(
                    "The incident amounts run from a least amount, not negative, to "
                    "a greatest amount that is not below it."
                ),
            ),
        ]
