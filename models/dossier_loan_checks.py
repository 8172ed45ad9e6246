from odoo import fields, models

from .dossier_check_mixin import DatabaseCheck


class DossierLoan(models.Model):
    _name = "dossier.loan"
    _inherit = ["dossier.loan", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("copies_requested",),
                (
                    lambda get, record: (
                        self._null(get("copies_requested"))
                        or get("copies_requested") >= 1
                    )
                ),
                self.env._("At least one copy must be requested."),
            ),
            DatabaseCheck(
                ("date_due", "date_requested"),
                lambda get, record: (
                    not (
                        get("date_due")
                        and get("date_requested")
                        and fields.Datetime.to_datetime(get("date_due"))
                        <= fields.Datetime.to_datetime(get("date_requested"))
                    )
                ),
                self.env._(
                    "A loan cannot be due before it was requested: choose a later "
                    "wanted date or due time."
                ),
            ),
        ]
