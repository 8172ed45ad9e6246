from datetime import datetime, time

import pytz

from odoo import api, fields, models


class DossierLoan(models.Model):
    """When a loan is due, in the archive's day.

    The closing time is that of the archive room, so it is read in the company's
    time zone (its address's, as for the monthly statistics; the user's when the
    company has none): a borrower travelling elsewhere still brings the dossier
    back before the room closes."""

    _inherit = "dossier.loan"

    @api.model
    def _default_date_wanted(self):
        """Today, in the user's time zone."""
        return fields.Date.context_today(self)

    @api.depends("date_wanted", "dossier_id")
    def _compute_date_due(self):
        now = fields.Datetime.now()
        for loan in self:
            if not loan.date_wanted:
                loan.date_due = False
                continue
            loan.date_due = loan._due_on(
                loan.date_wanted,
                loan.dossier_id.company_id or self.env.company,
                loan.date_requested or now,
            )

    @api.model
    def _due_on(self, day, company, lent_at):
        """The closing time of ``day`` in the company's time zone; lent after it,
        the end of that same local day. Naive UTC, as stored."""
        tz = self._archive_tz(company)
        minutes = min(round(company.dossier_loan_due_hour * 60), 24 * 60 - 1)
        due = self._to_utc(tz, day, time(minutes // 60, minutes % 60))
        if due <= lent_at:
            due = self._to_utc(tz, day, time(23, 59, 59))
        return due

    @api.model
    def _archive_tz(self, company):
        # As company_tz() of the statistics, from the field stored on the company.
        return pytz.timezone(company.dossier_tz) if company.dossier_tz else self.env.tz

    @api.model
    def _to_utc(self, tz, day, at):
        local = tz.localize(datetime.combine(day, at))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _due_at_checkout(self, now):
        """Never due before the check-out: lent on a later day than wanted, or
        after the closing time, the loan is due by the rules of that day."""
        self.ensure_one()
        company = self.company_id or self.env.company
        today = now.replace(tzinfo=pytz.utc).astimezone(self._archive_tz(company))
        return max(self.date_due, self._due_on(today.date(), company, now))
