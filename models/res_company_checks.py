from odoo import models


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "dossier.check.mixin"]

    def _database_checks(self):
        _ = self.env._
        return [
            (
                ("dossier_archive_days",),
                (
                    lambda get, record: (
                        self._null(get("dossier_archive_days"))
                        or get("dossier_archive_days") >= 0
                    )
                ),
                _(
                    "The number of days to archive a dossier formally cannot be "
                    "negative."
                ),
            ),
            (
                ("dossier_loan_due_hour",),
                lambda get, record: (
                    self._null(get("dossier_loan_due_hour"))
                    or 0 <= get("dossier_loan_due_hour") < 24
                ),
                _("The hour loans are due must be between 00:00 and 23:59."),
            ),
            (
                ("dossier_monthly_report_day",),
                lambda get, record: (
                    self._null(get("dossier_monthly_report_day"))
                    or 1 <= get("dossier_monthly_report_day") <= 5
                ),
                _(
                    "The monthly statistics are sent between the 1st and the 5th of "
                    "the month."
                ),
            ),
        ]
