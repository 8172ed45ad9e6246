from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..models.alarm.dossier_alert import ALERT_RULES
from ..models.dossier_dossier import key_review_conditions
from ..models.dossier_incident import INCIDENT_TYPES
from ..models.dossier_loan import LOAN_TYPES
from ..models.dossier_monthly_send import MONTHLY_REPORT
from ..tools.dossier_stats import (
    aggregate,
    count_if,
    month_label,
    sum_if,
    utc_bounds,
)
from ..tools.dossier_timezone import archive_today

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
MONTH_KEYS = frozenset(key for key, _label in MONTHS)
DOSSIER_MEASURES = (
    "opened",
    "archived",
    "closed",
    "disposed",
    "archived_late",
    "late_at_end",
    "stock_temporary",
    "stock_archived",
    "stock_closed",
)
LOAN_MEASURES = (
    "requested",
    "approved",
    "rejected",
    "checked_out",
    "returned",
    "returned_late",
    "out_at_end",
    "overdue_at_end",
)
INCIDENT_MEASURES = ("found", "decided", "amount", "restored", "closed", "open_at_end")
# What the PDF made without a saved record is made from.
PERIOD_KEYS = ("company_id", "year", "month")


class DossierMonthlyReport(models.TransientModel):
    """The statistics of one company for one month that is over: shown on the
    form, printed as a PDF, and sent to the managers each month by
    dossier.monthly.send.

    Every figure is aggregated by the database: one query for the dossiers, one
    for the loans and one for the copies, plus the list of loans still out,
    whatever the number of records; and the reviews of key customers' dossiers
    at month end, the loss and damage incidents (by type, and the list of those
    found during the month) and the dossiers missing at month end. States "at month end" are derived from the
    dates (opened, archived, closed, disposed, checked out, returned), not from
    the current state, so a month's figures do not change afterwards. The one
    exception: reopening a closed dossier clears its closing date, so it then
    counts as archived in the months when it was closed.

    The statistics are a read path: the figures on the form and the PDF are
    served on the read-only cursor, so on a PostgreSQL replica when Odoo has one
    (--db_replica_host)."""

    _name = "dossier.monthly.report"
    _description = "Monthly Dossier Statistics"

    def _default_year(self):
        return (archive_today(self.env.company) - relativedelta(months=1)).year

    def _default_month(self):
        last_month = archive_today(self.env.company) - relativedelta(months=1)
        return str(last_month.month)

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    year = fields.Integer(required=True, default=lambda self: self._default_year())
    month = fields.Selection(
        MONTHS, required=True, default=lambda self: self._default_month()
    )
    date_from = fields.Date(string="From", compute="_compute_dates")
    date_to = fields.Date(string="To", compute="_compute_dates")
    month_label = fields.Char(string="Month and Year", compute="_compute_dates")
    summary_html = fields.Html(
        string="Statistics", compute="_compute_summary_html", sanitize=False
    )

    @api.depends("year", "month")
    def _compute_dates(self):
        for report in self:
            # A client may send any month or year: what is not one is said by
            # _month_problem(), not by Python's date().
            if report.month in MONTH_KEYS and 1900 <= report.year <= 9999:
                start = date(report.year, int(report.month), 1)
                report.date_from = start
                report.date_to = start + relativedelta(months=1) - timedelta(days=1)
                report.month_label = month_label(self.env, start)
            else:
                report.date_from = report.date_to = report.month_label = False

    @api.depends("company_id", "year", "month")
    def _compute_summary_html(self):
        for report in self:
            problem = report._month_problem()
            if problem:
                report.summary_html = (
                    Markup('<div class="alert alert-warning" role="alert">%s</div>')
                    % problem
                )
                continue
            report.summary_html = self.env["ir.qweb"]._render(
                "partner_dossier.report_monthly_statistics_body",
                {"o": report, "stats": report._get_statistics()},
            )

    @api.readonly
    def onchange(self, values, field_names, fields_spec):
        # The form computes its figures in the onchange of a record not yet
        # saved (opening the form, changing the month): nothing is written.
        return super().onchange(values, field_names, fields_spec)

    # Checked before the record is written, so that a refused month leaves nothing.
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.new(self._add_missing_default_values(vals))._check_month()
        return super().create(vals_list)

    def write(self, vals):
        for report in self:
            report.new(
                {
                    "company_id": report.company_id.id,
                    "year": report.year,
                    "month": report.month,
                    **vals,
                }
            )._check_month()
        return super().write(vals)

    def _check_month(self):
        problem = self._month_problem()
        if problem:
            raise ValidationError(problem)

    def _month_problem(self):
        """Why the statistics of this month cannot be given, or False."""
        self.ensure_one()
        if not self.date_from or not self.company_id:
            return self.env._("Choose a company, a month and a year.")
        today = archive_today(self.company_id)
        if self.date_from > today:
            return self.env._(
                "%(month)s is in the future: there are no statistics for it yet.",
                month=self.month_label,
            )
        if self.date_to >= today:
            return self.env._(
                "%(month)s is not over yet: its statistics are final from %(date)s.",
                month=self.month_label,
                date=format_date(self.env, self.date_to + timedelta(days=1)),
            )
        return False

    # ------------------------------------------------------------------ figures

    def _get_statistics(self):
        """Every figure of the month: a few aggregate queries, none per record."""
        self._check_month()
        # Record rules of the chosen company (and an AccessError if the user does
        # not belong to it).
        report = self.with_company(self.company_id)
        start, end = utc_bounds(self.env, self.company_id, self.date_from, self.date_to)
        dossier_rows, dossier_total = report._dossier_statistics()
        loan_rows, loan_total = report._loan_statistics(start, end)
        stats = {
            "dossier_rows": dossier_rows,
            "dossier_total": dossier_total,
            "loan_rows": loan_rows,
            "loan_total": loan_total,
            "copies": report._copy_statistics(start, end),
            "loans_out": report._loans_out(end),
        }
        incident_rows, incident_total = report._incident_statistics()
        stats.update(
            key_reviews=report._key_review_statistics(end),
            incident_rows=incident_rows,
            incident_total=incident_total,
            incidents=report._incidents_found(),
            missing_at_end=report._missing_at_end(end),
        )
        stats["alert_rows"], stats["alert_total"] = report._alert_statistics(start, end)
        return stats

    def _dossier_statistics(self):
        """Per category: dossiers opened, archived, closed and disposed of (or
        transferred) during the month; archived late during the month (after
        their archive-by date) and late at month end (archive-by date passed,
        still not archived); the stock held at month end, by state."""
        first, last = self.date_from, self.date_to

        def during(fname):
            return lambda column: count_if(
                SQL("%s BETWEEN %s AND %s", column(fname), first, last)
            )

        def not_until(column, fname):
            # Not (yet) happened at month end.
            return SQL("(%s IS NULL OR %s > %s)", column(fname), column(fname), last)

        def held(since, until):
            return lambda column: count_if(
                SQL(
                    "%s <= %s AND %s",
                    column(since),
                    last,
                    not_until(column, until),
                )
            )

        measures = {
            "opened": during("date_opened"),
            "archived": during("date_archived"),
            "closed": during("date_closed"),
            "disposed": during("date_disposed"),
            "archived_late": lambda column: count_if(
                SQL(
                    "%s BETWEEN %s AND %s AND %s > %s",
                    column("date_archived"),
                    first,
                    last,
                    column("date_archived"),
                    column("archive_deadline"),
                )
            ),
            "late_at_end": lambda column: count_if(
                SQL(
                    "%s <= %s AND %s <= %s AND %s",
                    column("date_opened"),
                    last,
                    column("archive_deadline"),
                    last,
                    not_until(column, "date_archived"),
                )
            ),
            "stock_temporary": held("date_opened", "date_archived"),
            "stock_archived": held("date_archived", "date_closed"),
            "stock_closed": held("date_closed", "date_disposed"),
        }
        counts = aggregate(
            self.env["dossier.dossier"],
            [("company_id", "=", self.company_id.id), ("state", "!=", "draft")],
            measures,
            groupby="category_id",
        )
        categories = self.env["dossier.category"].browse(
            [category_id for category_id in counts if category_id]
        )
        rows = [
            {"category": category, **counts[category.id]}
            for category in categories.sorted(lambda category: category.display_name)
        ]
        if None in counts:
            rows.append({"category": categories.browse(), **counts[None]})
        for row in rows:
            row["stock"] = (
                row["stock_temporary"] + row["stock_archived"] + row["stock_closed"]
            )
        total = {
            name: sum(row[name] for row in rows)
            for name in (*DOSSIER_MEASURES, "stock")
        }
        return rows, total

    def _loan_statistics(self, start, end):
        """Per type of loan: requested, approved (even if cancelled later),
        rejected, checked out and returned during the month; returned late
        during the month; out and overdue at month end."""

        def during(fname, *conditions):
            return lambda column: count_if(
                SQL(
                    "%s >= %s AND %s < %s%s",
                    column(fname),
                    start,
                    column(fname),
                    end,
                    SQL().join(
                        SQL(" AND %s", condition(column)) for condition in conditions
                    ),
                )
            )

        def out_at_end(column):
            return SQL(
                "%s < %s AND (%s IS NULL OR %s >= %s)",
                column("date_checkout"),
                end,
                column("date_returned"),
                column("date_returned"),
                end,
            )

        measures = {
            "requested": during("date_requested"),
            "approved": during(
                "date_decided", lambda column: SQL("%s != 'rejected'", column("state"))
            ),
            "rejected": during(
                "date_decided", lambda column: SQL("%s = 'rejected'", column("state"))
            ),
            "checked_out": during("date_checkout"),
            "returned": during("date_returned"),
            "returned_late": during(
                "date_returned",
                lambda column: SQL(
                    "%s > %s", column("date_returned"), column("date_due")
                ),
            ),
            "out_at_end": lambda column: count_if(out_at_end(column)),
            "overdue_at_end": lambda column: count_if(
                SQL("%s AND %s < %s", out_at_end(column), column("date_due"), end)
            ),
        }
        counts = aggregate(
            self.env["dossier.loan"],
            self._loan_statistics_domain(start, end),
            measures,
            groupby="loan_type",
        )
        labels = dict(
            self.env["dossier.loan"]
            ._fields["loan_type"]
            ._description_selection(self.env)
        )
        empty = dict.fromkeys(LOAN_MEASURES, 0)
        rows = [
            {
                "loan_type": loan_type,
                "label": labels[loan_type],
                **counts.get(loan_type, empty),
            }
            for loan_type, _label in LOAN_TYPES
        ]
        total = {name: sum(row[name] for row in rows) for name in LOAN_MEASURES}
        return rows, total

    def _loan_statistics_domain(self, start, end):
        """The loans some measure of the month counts: requested, decided, checked
        out or returned since the month began, or out at its end. Every measure
        implies one of these, so the figures are those of all the loans requested
        before the month's end; but the database reads these through indexes
        (dossier.loan's _statistics_* indexes), not years of history."""
        return [
            ("company_id", "=", self.company_id.id),
            ("date_requested", "<", end),
            "|",
            "|",
            "|",
            "|",
            ("date_requested", ">=", start),
            ("date_decided", ">=", start),
            ("date_checkout", ">=", start),
            ("date_returned", ">=", start),
            "&",
            ("date_checkout", "!=", False),
            ("date_returned", "=", False),
        ]

    def _copy_statistics(self, start, end):
        """Copy batches made during the month, the copies and pages they hold;
        copies verified back during the month; copies taken out of the building
        and not verified back at month end."""

        def made(column):
            return SQL(
                "%s >= %s AND %s < %s",
                column("date_made"),
                start,
                column("date_made"),
                end,
            )

        measures = {
            "batches": lambda column: count_if(made(column)),
            "copies": lambda column: sum_if(column("copies"), made(column)),
            "pages": lambda column: sum_if(column("total_pages"), made(column)),
            "taken_out": lambda column: sum_if(
                column("copies"), SQL("%s AND %s", made(column), column("taken_out"))
            ),
            "verified": lambda column: sum_if(
                column("copies"),
                SQL(
                    "%s >= %s AND %s < %s",
                    column("date_verified"),
                    start,
                    column("date_verified"),
                    end,
                ),
            ),
            "out_at_end": lambda column: sum_if(
                column("copies"),
                SQL(
                    "%s AND (%s IS NULL OR %s >= %s)",
                    column("taken_out"),
                    column("date_verified"),
                    column("date_verified"),
                    end,
                ),
            ),
        }
        counts = aggregate(
            self.env["dossier.copy.batch"],
            [("company_id", "=", self.company_id.id), ("date_made", "<", end)],
            measures,
        )
        return counts.get(None, dict.fromkeys(measures, 0))

    def _loans_out_domain(self, end):
        return [
            ("company_id", "=", self.company_id.id),
            ("date_checkout", "<", end),
            "|",
            ("date_returned", "=", False),
            ("date_returned", ">=", end),
        ]

    def _loans_out(self, end):
        """The loans out at month end, the first due first; what the list shows
        is read for all of them at once."""
        loans = self.env["dossier.loan"].search_fetch(
            self._loans_out_domain(end),
            ["name", "loan_type", "date_due", "borrower_id", "dossier_id"],
            order="date_due, id",
        )
        loans.dossier_id.fetch(["name", "partner_id", "location_id"])
        return loans

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

    def _alert_statistics(self, start, end):
        """Per rule: alerts raised and acknowledged during the month, and those
        still to acknowledge at month end. One query."""

        def during(column, fname):
            return SQL(
                "(%s >= %s AND %s < %s)", column(fname), start, column(fname), end
            )

        measures = {
            "raised": lambda column: count_if(during(column, "date")),
            "acknowledged": lambda column: count_if(during(column, "date_ack")),
            "open_at_end": lambda column: count_if(
                SQL(
                    "(%s IS NULL OR %s >= %s)",
                    column("date_ack"),
                    column("date_ack"),
                    end,
                )
            ),
        }
        counts = aggregate(
            self.env["dossier.alert"],
            [("company_id", "=", self.company_id.id), ("date", "<", end)],
            measures,
            groupby="rule",
        )
        labels = dict(
            self.env["dossier.alert"]._fields["rule"]._description_selection(self.env)
        )
        empty = dict.fromkeys(measures, 0)
        rows = [
            {"label": labels[key], **counts.get(key, empty)}
            for key, _label in ALERT_RULES
        ]
        total = {name: sum(row[name] for row in rows) for name in measures}
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

    # ------------------------------------------------------------------ actions

    def action_print(self):
        """The PDF is made from the period, not from this record: the record was
        just saved on the primary, and a replica may not have received it yet
        when the PDF is made there."""
        self._check_month()
        return self.env.ref(MONTHLY_REPORT).report_action(
            None,
            # Under a key of its own: the layout reads data's company_id as the
            # company of the letterhead.
            data={
                "statistics": {
                    "company_id": self.company_id.id,
                    "year": self.year,
                    "month": self.month,
                }
            },
        )

    def action_send(self):
        """Send this month's statistics to the managers now, if they were not."""
        self._check_month()
        send = self.env["dossier.monthly.send"]._send_month(
            self.company_id, self.date_from
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "dossier.monthly.send",
            "res_id": send.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_loans_out(self):
        self._check_month()
        _start, end = utc_bounds(
            self.env, self.company_id, self.date_from, self.date_to
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_loan_action"
        )
        action.update(
            name=self.env._(
                "Loans Out at the End of %(month)s", month=self.month_label
            ),
            domain=self._loans_out_domain(end),
            context={},
        )
        return action

    def action_view_loan_analysis(self):
        self._check_month()
        start, end = utc_bounds(self.env, self.company_id, self.date_from, self.date_to)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_loan_report_action"
        )
        action.update(
            name=self.env._("Loans Requested in %(month)s", month=self.month_label),
            domain=[
                ("company_id", "=", self.company_id.id),
                ("date_requested", ">=", start),
                ("date_requested", "<", end),
            ],
            context={
                "pivot_row_groupby": ["loan_type"],
                "pivot_column_groupby": ["state"],
            },
        )
        return action

    def action_view_dossier_analysis(self):
        self._check_month()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_dossier_action_analysis"
        )
        action.update(
            name=self.env._("Dossiers Opened in %(month)s", month=self.month_label),
            domain=[
                ("company_id", "=", self.company_id.id),
                ("date_opened", ">=", self.date_from),
                ("date_opened", "<=", self.date_to),
            ],
            context={},
        )
        return action


class MonthlyStatisticsPdf(models.AbstractModel):
    _name = "report.partner_dossier.report_monthly_statistics"
    _description = "Monthly Dossier Statistics PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["dossier.monthly.report"]
        if docids:
            docs = reports.browse(docids)
        elif data and data.get("statistics"):
            # A record in memory, never saved: the same figures, nothing written.
            period = data["statistics"]
            docs = reports.new({key: period[key] for key in PERIOD_KEYS})
            docs._check_month()
        else:
            docs = reports
        return {"doc_ids": docs.ids, "doc_model": reports._name, "docs": docs}
