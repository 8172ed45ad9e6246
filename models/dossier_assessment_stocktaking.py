from odoo import api, fields, models

from ..tools.dossier_stats import utc_bounds


class DossierAssessment(models.Model):
    """Stock-takings closed during the period count in two scores:

    - Tidiness: a dossier held that a stock-taking found misplaced is not tidy
      (the located and labelled count loses it).
    - Security: each dossier held that a stock-taking recorded missing is an
      incident (10 points).

    One more aggregate query per company and period."""

    _inherit = "dossier.assessment"

    stocktaking_misplaced_count = fields.Integer(
        string="Found Misplaced", readonly=True, copy=False
    )
    stocktaking_missing_count = fields.Integer(
        string="Found Missing", readonly=True, copy=False
    )

    @api.model
    def _count_records(self, company, date_from, date_to, custodians):
        counts = super()._count_records(company, date_from, date_to, custodians)
        start, end = utc_bounds(self.env, company, date_from, date_to)
        groups = self.env["dossier.stocktaking.line"]._read_group(
            [
                ("company_id", "=", company.id),
                ("date_closed", ">=", start),
                ("date_closed", "<", end),
                ("result", "in", ("missing", "misplaced")),
                ("dossier_id.custodian_id", "in", custodians.ids),
            ],
            ["dossier_id.custodian_id", "result"],
            ["dossier_id:count_distinct"],
        )
        found = {(custodian.id, result): number for custodian, result, number in groups}
        for custodian in custodians:
            values = counts[custodian.id]
            misplaced = found.get((custodian.id, "misplaced"), 0)
            values["stocktaking_misplaced_count"] = misplaced
            values["stocktaking_missing_count"] = found.get(
                (custodian.id, "missing"), 0
            )
            values["tidy_count"] = max(0, values["tidy_count"] - misplaced)
        return counts

    @api.model
    def _security_incidents(self, counts):
        return super()._security_incidents(counts) + counts.get(
            "stocktaking_missing_count", 0
        )
