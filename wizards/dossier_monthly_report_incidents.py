from odoo import models
from odoo.tools import SQL

from ..models.dossier_dossier_review import key_review_conditions
from ..models.dossier_incident import INCIDENT_TYPES
from ..tools.dossier_stats import aggregate, count_if, sum_if, utc_bounds

INCIDENT_MEASURES = ("found", "decided", "amount", "restored", "closed", "open_at_end")


class DossierMonthlyReport(models.TransientModel):
    """The monthly statistics also give the reviews of key customers' dossiers
    at month end and the loss and damage incidents: by type, and the list of
    those found during the month. Two aggregate queries and one list."""

    _inherit = "dossier.monthly.report"

    def _get_statistics(self):
        stats = super()._get_statistics()
        report = self.with_company(self.company_id)
        _start, end = utc_bounds(
            self.env, self.company_id, self.date_from, self.date_to
        )
        rows, total = report._incident_statistics()
        stats.update(
            key_reviews=report._key_review_statistics(end),
            incident_rows=rows,
            incident_total=total,
            incidents=report._incidents_found(),
        )
        return stats

    def _key_review_statistics(self, end):
        """Key customers' dossiers that needed their monthly review at month end,
        and those not reviewed during the month before (overdue)."""

        def due(column):
            return key_review_conditions(self.env, column, end)[0]

        def overdue(column):
            return key_review_conditions(self.env, column, end)[1]

        counts = aggregate(
            self.env["dossier.dossier"],
            [("company_id", "=", self.company_id.id), ("customer_type", "=", "key")],
            {
                "due": lambda column: count_if(due(column)),
                "overdue": lambda column: count_if(overdue(column)),
            },
        )
        return counts.get(None, {"due": 0, "overdue": 0})

    def _incident_statistics(self):
        """Per type: incidents found, amounts decided (how many, how much),
        restored and closed during the month; still open at month end."""
        first, last = self.date_from, self.date_to

        def during(fname):
            return SQL("%s BETWEEN %s AND %s", fname, first, last)

        def done_by_end(column, fname):
            return SQL(
                "(%s IS NOT NULL AND %s <= %s)", column(fname), column(fname), last
            )

        measures = {
            "found": lambda column: count_if(during(column("date_found"))),
            "decided": lambda column: count_if(during(column("date_decided"))),
            "amount": lambda column: sum_if(
                column("amount"), during(column("date_decided"))
            ),
            "restored": lambda column: count_if(during(column("date_restored"))),
            "closed": lambda column: count_if(during(column("date_closed"))),
            "open_at_end": lambda column: count_if(
                SQL(
                    "NOT %s AND NOT %s",
                    done_by_end(column, "date_restored"),
                    done_by_end(column, "date_closed"),
                )
            ),
        }
        counts = aggregate(
            self.env["dossier.incident"],
            [("company_id", "=", self.company_id.id), ("date_found", "<=", last)],
            measures,
            groupby="incident_type",
        )
        labels = dict(
            self.env["dossier.incident"]
            ._fields["incident_type"]
            ._description_selection(self.env)
        )
        empty = dict.fromkeys(INCIDENT_MEASURES, 0)
        rows = [
            {"label": labels[key], **counts.get(key, empty)}
            for key, _label in INCIDENT_TYPES
        ]
        total = {name: sum(row[name] for row in rows) for name in INCIDENT_MEASURES}
        return rows, total

    def _incidents_found(self):
        incidents = self.env["dossier.incident"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("date_found", ">=", self.date_from),
                ("date_found", "<=", self.date_to),
            ],
            [
                "name",
                "date_found",
                "dossier_id",
                "document_id",
                "incident_type",
                "responsible_id",
                "amount",
                "currency_id",
                "state",
            ],
            order="date_found, id",
        )
        incidents.dossier_id.fetch(["name", "partner_id"])
        return incidents
