from odoo import models

from .dossier_check_mixin import DatabaseCheck


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("dossier_archive_days",),
                (
                    lambda get, record: (
                        self._null(get("dossier_archive_days"))
                        or get("dossier_archive_days") >= 0
                    )
                ),
                self.env._(
                    "The number of days to archive a dossier formally cannot be "
                    "negative."
                ),
            ),
            DatabaseCheck(
                ("dossier_loan_due_hour",),
                lambda get, record: (
                    self._null(get("dossier_loan_due_hour"))
                    or 0 <= get("dossier_loan_due_hour") < 24
                ),
                self.env._("The hour loans are due must be between 00:00 and 23:59."),
            ),
            DatabaseCheck(
                ("dossier_monthly_report_day",),
                lambda get, record: (
                    self._null(get("dossier_monthly_report_day"))
                    or 1 <= get("dossier_monthly_report_day") <= 5
                ),
                self.env._(
                    "The monthly statistics are sent between the 1st and the 5th of "
                    "the month."
                ),
            ),
        ]
