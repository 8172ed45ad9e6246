from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.fields import Domain

from ...tools.dossier_timezone import archive_today


class DossierLocation(models.Model):
    _inherit = "dossier.location"

    date_last_stocktaking = fields.Date(
        string="Last Checked On",
        readonly=True,
        copy=False,
        help="The day the last stock-taking of this location (or of what "
        "contains it) was closed.",
    )
    stocktaking_due = fields.Boolean(
        string="Stock-taking Due",
        compute="_compute_stocktaking_due",
        search="_search_stocktaking_due",
        help="Not checked for the number of months the company sets (Settings).",
    )
    stocktaking_ids = fields.One2many(
        "dossier.stocktaking", "location_id", string="Stock-takings"
    )

    def _stocktaking_cutoff(self, company):
        months = company.dossier_stocktaking_months or 12
        return archive_today(company) - relativedelta(months=months)

    def _compute_stocktaking_due(self):
        for location in self:
            location.stocktaking_due = (
                not location.date_last_stocktaking
                or location.date_last_stocktaking
                < self._stocktaking_cutoff(location.company_id)
            )

    def _search_stocktaking_due(self, operator, value):
        if operator != "in":
            return NotImplemented
        due = Domain.OR(
            Domain("company_id", "=", company.id)
            & (
                Domain("date_last_stocktaking", "=", False)
                | Domain(
                    "date_last_stocktaking", "<", self._stocktaking_cutoff(company)
                )
            )
            for company in self.env.companies
        )
        return due if True in value else ~due

    def action_new_stocktaking(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dossier.stocktaking",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_location_id": self.id},
        }
