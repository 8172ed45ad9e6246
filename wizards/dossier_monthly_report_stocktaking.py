from odoo import models
from odoo.tools import SQL

from ..tools.dossier_stats import utc_bounds


class DossierMonthlyReport(models.TransientModel):
    _inherit = "dossier.monthly.report"

    def _get_statistics(self):
        stats = super()._get_statistics()
        _start, end = utc_bounds(
            self.env, self.company_id, self.date_from, self.date_to
        )
        stats["missing_at_end"] = self.with_company(self.company_id)._missing_at_end(
            end
        )
        return stats

    def _missing_at_end(self, end):
        """The dossiers missing at month end: those whose last stock-taking
        closed before the end of the month recorded them missing (a later
        stock-taking that found them, anywhere, clears them). One query."""
        Line = self.env["dossier.stocktaking.line"]
        query = Line._search(
            [("company_id", "=", self.company_id.id), ("date_closed", "<", end)]
        )
        dossier = Line._field_to_sql(Line._table, "dossier_id", query)
        closed = Line._field_to_sql(Line._table, "date_closed", query)
        result = Line._field_to_sql(Line._table, "result", query)
        query.order = SQL(
            "%s, %s DESC, %s DESC", dossier, closed, SQL.identifier(Line._table, "id")
        )
        rows = self.env.execute_query(
            SQL(
                "SELECT latest.dossier_id FROM (%s) latest "
                "WHERE latest.result = 'missing'",
                query.select(
                    SQL("DISTINCT ON (%s) %s AS dossier_id", dossier, dossier),
                    SQL("%s AS result", result),
                ),
            )
        )
        return (
            self.env["dossier.dossier"]
            .browse([row[0] for row in rows])
            .sorted(lambda dossier: dossier.name or "")
        )
