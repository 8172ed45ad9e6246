from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..const import CORRECTION_SUBTYPE, FILED_STATES, MANAGER_GROUP, SHELVED_STATES
from ..tools.dossier_stats import aggregate, count_if, utc_bounds
from ..tools.dossier_timezone import archive_today
from .dossier_dossier import key_review_conditions

ASSESSMENT_STATES = [("draft", "Draft"), ("confirmed", "Confirmed")]
GRADES = [
    ("a", "A: Excellent"),
    ("b", "B: Good"),
    ("c", "C: Needs Improvement"),
    ("d", "D: Unsatisfactory"),
]
# The grade suggested for an overall score: the first whose floor it reaches, else D.
GRADE_FLOORS = (("a", 90.0), ("b", 75.0), ("c", 60.0))
# Points of the security score lost per incident.
SECURITY_PENALTY = 10.0
COUNT_FIELDS = (
    "dossier_count",
    "complete_count",
    "tidy_count",
    "archived_count",
    "corrected_count",
    "archiving_due_count",
    "archiving_on_time_count",
    "overdue_disposal_count",
    "loan_due_count",
    "loan_on_time_count",
    "return_check_count",
    "return_clean_count",
    "overdue_loan_count",
    "unexplained_access_count",
    "key_review_due_count",
    "key_review_overdue_count",
    "incident_count",
    "own_incident_count",
    "stocktaking_misplaced_count",
    "stocktaking_missing_count",
)
SCORE_FIELDS = (
    "completeness_score",
    "timeliness_score",
    "accuracy_score",
    "tidiness_score",
    "security_score",
    "overall_score",
    "security_incident_count",
)
# Changing these computes the scores again.
BASIS_FIELDS = frozenset({"custodian_id", "company_id", "date_from", "date_to"})


class DossierAssessment(models.Model):
    """A custodian's score for a period, computed from the records, reviewed and
    confirmed by a dossier manager.

    The custodian's dossiers are those they are custodian of now, in the
    company; a dossier handed over keeps its history with its new custodian.
    The period runs from ``date_from`` to ``date_to`` included, in the
    company's time zone; what "has passed" is counted up to now when the period
    is not over. Each score is a percentage:

    - Completeness: share of the dossiers held (temporary, archived or closed,
      opened by the end of the period) that hold every document their category
      requires, as they are now.
    - Timeliness: share, among the formal archivings due in the period (the
      archive-by date falls in it and has passed), the loans of the dossiers
      due back in the period (checked out, due time passed) and the monthly
      reviews of key customers' dossiers, of those done on time: archived on or
      before the archive-by date, returned by the due time, reviewed in time.
      At the end of the period (or now), each key customer's dossier the
      custodian holds that was opened at least a month before needed a review
      during the month before; it is on time when the Reviewed button was used
      then.
    - Accuracy: share, among the return checks of reading loans due in the
      period and the archived dossiers held (archived or closed, archived by the
      end of the period), of those without discrepancy: every lent document
      back and none damaged; no inventory correction (a document added,
      removed, or its title, type, date, pages or kind changed while the
      dossier was archived or closed) logged during the period.
    - Tidiness: share of the dossiers held that have a location and whose
      folder label (with the barcode) has been printed, less those a
      stock-taking closed during the period found misplaced.
    - Security: 100 minus 10 points per incident (not below 0): loans of the
      dossiers still out past their due time at the end of the period; dossiers
      kept past their retention at the end of the period (retention ended
      before its last day, not on legal hold, not disposed of by then);
      entries of the access log, during the period, of the custodian opening,
      printing or exporting a confidential or secret dossier of another
      custodian without a reason; and the dossiers held that a stock-taking
      closed during the period recorded missing.

    A score with nothing to measure (no dossier held, nothing due) is 100 and
    shown as such; the overall score is the average of the scores that had
    something to measure, security always included.

    The incidents (loss, damage, missing pages) found during the period are
    listed: those on the custodian's dossiers, and those the custodian is the
    person responsible for. They do not change the scores: a borrower's damage
    found at a return check already lowers the custodian's accuracy.

    Scores are computed for a whole batch of assessments at once: seven
    queries per company and period, whatever the number of custodians and
    records."""

    _name = "dossier.assessment"
    _description = "Custodian Assessment"
    _inherit = ["mail.thread", "mail.activity.mixin", "dossier.procedure.mixin"]
    _order = "date_from desc, custodian_id, id desc"
    _check_company_auto = True

    _period_order = models.Constraint(
        "CHECK (date_from <= date_to)",
        "The period of an assessment cannot end before it starts.",
    )

    def _default_date_from(self):
        today = archive_today(self.env.company)
        return today.replace(day=1) - relativedelta(months=1)

    def _default_date_to(self):
        return archive_today(self.env.company).replace(day=1) - timedelta(days=1)

    custodian_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self._default_date_from(),
        tracking=True,
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: self._default_date_to(),
        tracking=True,
    )
    state = fields.Selection(
        ASSESSMENT_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_computed = fields.Datetime(
        string="Computed On",
        readonly=True,
        copy=False,
        help="When the scores were last computed from the records.",
    )

    dossier_count = fields.Integer(string="Dossiers Held", readonly=True, copy=False)
    complete_count = fields.Integer(
        string="Complete Dossiers", readonly=True, copy=False
    )
    tidy_count = fields.Integer(
        string="Located and Labelled", readonly=True, copy=False
    )
    archived_count = fields.Integer(
        string="Archived Dossiers", readonly=True, copy=False
    )
    corrected_count = fields.Integer(
        string="Corrected After Archiving", readonly=True, copy=False
    )
    archiving_due_count = fields.Integer(
        string="Archivings Due", readonly=True, copy=False
    )
    archiving_on_time_count = fields.Integer(
        string="Archived on Time", readonly=True, copy=False
    )
    overdue_disposal_count = fields.Integer(
        string="Kept Past Retention", readonly=True, copy=False
    )
    loan_due_count = fields.Integer(string="Loans Due", readonly=True, copy=False)
    loan_on_time_count = fields.Integer(
        string="Returned on Time", readonly=True, copy=False
    )
    return_check_count = fields.Integer(
        string="Return Checks", readonly=True, copy=False
    )
    return_clean_count = fields.Integer(
        string="Checks Without Discrepancy", readonly=True, copy=False
    )
    overdue_loan_count = fields.Integer(
        string="Loans Overdue", readonly=True, copy=False
    )
    unexplained_access_count = fields.Integer(
        string="Accesses Without Reason", readonly=True, copy=False
    )
    security_incident_count = fields.Integer(
        string="Security Incidents", readonly=True, copy=False
    )
    key_review_due_count = fields.Integer(
        string="Key Customer Reviews Due", readonly=True, copy=False
    )
    key_review_overdue_count = fields.Integer(
        string="Key Customer Reviews Overdue", readonly=True, copy=False
    )
    incident_count = fields.Integer(
        string="Loss and Damage on the Dossiers", readonly=True, copy=False
    )
    own_incident_count = fields.Integer(
        string="Loss and Damage Caused", readonly=True, copy=False
    )
    stocktaking_misplaced_count = fields.Integer(
        string="Found Misplaced", readonly=True, copy=False
    )
    stocktaking_missing_count = fields.Integer(
        string="Found Missing", readonly=True, copy=False
    )

    completeness_score = fields.Float(
        string="Completeness",
        digits=(5, 1),
        readonly=True,
        copy=False,
        aggregator="avg",
    )
    timeliness_score = fields.Float(
        string="Timeliness", digits=(5, 1), readonly=True, copy=False, aggregator="avg"
    )
    accuracy_score = fields.Float(
        string="Accuracy", digits=(5, 1), readonly=True, copy=False, aggregator="avg"
    )
    tidiness_score = fields.Float(
        string="Tidiness", digits=(5, 1), readonly=True, copy=False, aggregator="avg"
    )
    security_score = fields.Float(
        string="Security", digits=(5, 1), readonly=True, copy=False, aggregator="avg"
    )
    overall_score = fields.Float(
        string="Overall", digits=(5, 1), readonly=True, copy=False, aggregator="avg"
    )
    suggested_grade = fields.Selection(
        GRADES,
        compute="_compute_suggested_grade",
        help="From the overall score: A from 90, B from 75, C from 60, else D.",
    )
    grade = fields.Selection(GRADES, string="Final Grade", tracking=True, copy=False)
    comment = fields.Html(string="Reviewer's Comment", copy=False)
    reviewer_id = fields.Many2one(
        "res.users", string="Confirmed By", readonly=True, copy=False, tracking=True
    )
    date_confirmed = fields.Date(string="Confirmed On", readonly=True, copy=False)

    @api.depends("custodian_id", "date_from", "date_to")
    def _compute_display_name(self):
        for assessment in self:
            assessment.display_name = self.env._(
                "%(custodian)s, %(date_from)s to %(date_to)s",
                custodian=assessment.custodian_id.name or "",
                date_from=assessment.date_from or "",
                date_to=assessment.date_to or "",
            )

    @api.depends("overall_score")
    def _compute_suggested_grade(self):
        for assessment in self:
            assessment.suggested_grade = next(
                (
                    grade
                    for grade, floor in GRADE_FLOORS
                    if assessment.overall_score >= floor
                ),
                "d",
            )

    # ------------------------------------------------------------------ CRUD

    def _check_period(self, date_from, date_to):
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        if date_from and date_to and date_to < date_from:
            raise ValidationError(
                self.env._(
                    "The period of an assessment cannot end (%(date_to)s) before it "
                    "starts (%(date_from)s).",
                    date_to=date_to,
                    date_from=date_from,
                )
            )

    def _procedure_fields(self):
        review = self.env._("the Confirm and Reset to Draft buttons")
        return {
            "state": review,
            "reviewer_id": review,
            "date_confirmed": review,
            "date_computed": self.env._("the Recompute button"),
        }

    def _editable_fields(self):
        """What the reviewing manager may edit while the assessment is a draft;
        the scores are computed, the rest is set by the buttons, and a confirmed
        assessment is reset to draft to change it."""
        return {
            "draft": {
                MANAGER_GROUP: {
                    "custodian_id",
                    "company_id",
                    "date_from",
                    "date_to",
                    "grade",
                    "comment",
                }
            },
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        for vals in vals_list:
            self._check_period(vals.get("date_from"), vals.get("date_to"))
        assessments = super().create(vals_list)
        assessments._compute_scores()
        assessments._tell_when_no_dossiers()
        return assessments

    def write(self, vals):
        self = self._register_write(vals)
        for assessment in self:
            self._check_period(
                vals.get("date_from", assessment.date_from),
                vals.get("date_to", assessment.date_to),
            )
        result = super().write(vals)
        if BASIS_FIELDS & set(vals):
            self._compute_scores()
            self._tell_when_no_dossiers()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        confirmed = self.filtered(lambda assessment: assessment.state != "draft")
        if confirmed:
            raise UserError(
                self.env._(
                    "Assessment %(assessment)s is confirmed and is kept: reset it to "
                    "draft first.",
                    assessment=confirmed[0].display_name,
                )
            )

    def _tell_when_no_dossiers(self):
        for assessment in self.filtered(
            lambda assessment: not assessment.dossier_count
        ):
            assessment._message_log(
                body=self.env._(
                    "%(custodian)s holds no dossiers in %(company)s: completeness, "
                    "tidiness and the parts of timeliness and accuracy about their "
                    "dossiers have nothing to measure.",
                    custodian=assessment.custodian_id.name,
                    company=assessment.company_id.name,
                )
            )

    # ------------------------------------------------------------------ scores

    def _compute_scores(self):
        """Compute the scores of these assessments from the records: seven
        queries for each company and period among them, and one UPDATE for all
        at the next flush."""
        if not self:
            return
        self.check_access("write")
        batches = defaultdict(lambda: self.browse())
        for assessment in self:
            key = (assessment.company_id, assessment.date_from, assessment.date_to)
            batches[key] |= assessment
        now = fields.Datetime.now()
        zero = dict.fromkeys(COUNT_FIELDS, 0)
        # sudo: write access to the whole batch was checked above; this spares a
        # record rule check per assessment. The scores are not tracked.
        writer = self.sudo().with_context(tracking_disable=True)
        for (company, date_from, date_to), assessments in batches.items():
            counts = self.with_company(company)._count_records(
                company, date_from, date_to, assessments.custodian_id
            )
            for assessment in assessments:
                values = counts.get(assessment.custodian_id.id, zero)
                writer.browse(assessment.id)._procedure().write(
                    {**values, **self._scores(values), "date_computed": now}
                )

    @api.model
    def _scores(self, counts):
        """The scores for the counts of one custodian (see the class docstring)."""

        def share(done, basis):
            return 100.0 * done / basis if basis else None

        scores = {
            "completeness_score": share(
                counts["complete_count"], counts["dossier_count"]
            ),
            # The key customers' reviews join the archivings and the loans.
            "timeliness_score": share(
                counts["archiving_on_time_count"]
                + counts["key_review_due_count"]
                - counts["key_review_overdue_count"]
                + counts["loan_on_time_count"],
                counts["archiving_due_count"]
                + counts["key_review_due_count"]
                + counts["loan_due_count"],
            ),
            "accuracy_score": share(
                counts["return_clean_count"]
                + counts["archived_count"]
                - counts["corrected_count"],
                counts["return_check_count"] + counts["archived_count"],
            ),
            "tidiness_score": share(counts["tidy_count"], counts["dossier_count"]),
        }
        incidents = self._security_incidents(counts)
        scores["security_score"] = max(0.0, 100.0 - SECURITY_PENALTY * incidents)
        measured = [score for score in scores.values() if score is not None]
        return {
            **{
                fname: 100.0 if score is None else score
                for fname, score in scores.items()
            },
            "overall_score": sum(measured) / len(measured),
            "security_incident_count": incidents,
        }

    @api.model
    def _security_incidents(self, counts):
        return (
            counts["overdue_loan_count"]
            + counts["overdue_disposal_count"]
            + counts["unexplained_access_count"]
            + counts["stocktaking_missing_count"]
        )

    @api.model
    def _count_records(self, company, date_from, date_to, custodians):
        """{custodian id: {count field: value}} for the period: one aggregate
        query over the dossiers, one over the loans, one over the access log,
        one over the key customers' dossiers, two over the incidents and one
        over the stock-taking lines."""
        start, end = utc_bounds(self.env, company, date_from, date_to)
        today = archive_today(company)
        # What has passed: up to the end of the period, or up to now.
        horizon = min(end, fields.Datetime.now())
        counts = defaultdict(lambda: dict.fromkeys(COUNT_FIELDS, 0))
        for measures in (
            self._dossier_counts(
                company, date_from, date_to, today, start, end, custodians
            ),
            self._loan_counts(company, start, end, horizon, custodians),
        ):
            for custodian_id, values in measures.items():
                counts[custodian_id].update(values)
        for custodian_id, number in self._unexplained_accesses(
            company, start, end, custodians
        ).items():
            counts[custodian_id]["unexplained_access_count"] = number
        reviews = self._key_review_counts(company, horizon, custodians)
        on_dossiers, caused = self._incident_counts(
            company, date_from, date_to, custodians
        )
        found = self._stocktaking_counts(company, start, end, custodians)
        for custodian in custodians:
            values = counts[custodian.id]
            values.update(reviews.get(custodian.id, {}))
            values["incident_count"] = on_dossiers.get(custodian, 0)
            values["own_incident_count"] = caused.get(custodian, 0)
            misplaced = found.get((custodian.id, "misplaced"), 0)
            values["stocktaking_misplaced_count"] = misplaced
            values["stocktaking_missing_count"] = found.get(
                (custodian.id, "missing"), 0
            )
            # A dossier found misplaced is not tidy, whatever its location says.
            values["tidy_count"] = max(0, values["tidy_count"] - misplaced)
        return counts

    @api.model
    def _dossier_counts(
        self, company, date_from, date_to, today, start, end, custodians
    ):
        Document = self.env["dossier.document"]
        Category = self.env["dossier.category"]
        Message = self.env["mail.message"]
        correction = self.env.ref(CORRECTION_SUBTYPE).id

        def held(column):
            return SQL(
                "%s IN %s AND %s <= %s",
                column("state"),
                SHELVED_STATES,
                column("date_opened"),
                date_to,
            )

        def complete(column):
            # No document type required by the category is missing.
            return SQL(
                """NOT EXISTS (
                    SELECT 1 FROM dossier_category_required_type_rel required
                     WHERE %s = %s
                       AND NOT EXISTS (
                            SELECT 1 FROM dossier_document document
                             WHERE %s = %s AND %s = required.type_id))""",
                SQL.identifier(
                    "required",
                    "category_id",
                    to_flush=Category._fields["required_type_ids"],
                ),
                column("category_id"),
                SQL.identifier(
                    "document", "dossier_id", to_flush=Document._fields["dossier_id"]
                ),
                column("id"),
                SQL.identifier(
                    "document",
                    "document_type_id",
                    to_flush=Document._fields["document_type_id"],
                ),
            )

        def archived(column):
            return SQL(
                "%s IN %s AND %s <= %s",
                column("state"),
                FILED_STATES,
                column("date_archived"),
                date_to,
            )

        def corrected(column):
            return SQL(
                """EXISTS (
                    SELECT 1 FROM mail_message message
                     WHERE message.model = %s AND message.res_id = %s
                       AND %s = %s AND message.date >= %s AND message.date < %s)""",
                self.env["dossier.dossier"]._name,
                column("id"),
                SQL.identifier(
                    "message", "subtype_id", to_flush=Message._fields["subtype_id"]
                ),
                correction,
                start,
                end,
            )

        def archiving_due(column):
            return SQL(
                "%s BETWEEN %s AND %s AND %s < %s",
                column("archive_deadline"),
                date_from,
                date_to,
                column("archive_deadline"),
                today,
            )

        measures = {
            "dossier_count": lambda column: count_if(held(column)),
            "complete_count": lambda column: count_if(
                SQL("%s AND %s", held(column), complete(column))
            ),
            "tidy_count": lambda column: count_if(
                SQL(
                    "%s AND %s IS NOT NULL AND %s",
                    held(column),
                    column("location_id"),
                    column("label_printed"),
                )
            ),
            "archived_count": lambda column: count_if(archived(column)),
            "corrected_count": lambda column: count_if(
                SQL("%s AND %s", archived(column), corrected(column))
            ),
            "archiving_due_count": lambda column: count_if(archiving_due(column)),
            "archiving_on_time_count": lambda column: count_if(
                SQL(
                    "%s AND %s <= %s",
                    archiving_due(column),
                    column("date_archived"),
                    column("archive_deadline"),
                )
            ),
            "overdue_disposal_count": lambda column: count_if(
                SQL(
                    """%s IS NOT TRUE AND %s < %s
                       AND (%s = 'closed' OR (%s IN ('disposed', 'transferred')
                                             AND %s > %s))""",
                    column("legal_hold"),
                    column("retention_until"),
                    min(date_to, today),
                    column("state"),
                    column("state"),
                    column("date_disposed"),
                    date_to,
                )
            ),
        }
        return aggregate(
            self.env["dossier.dossier"],
            [
                ("company_id", "=", company.id),
                ("custodian_id", "in", custodians.ids),
                ("state", "!=", "draft"),
            ],
            measures,
            groupby="custodian_id",
        )

    @api.model
    def _loan_counts(self, company, start, end, horizon, custodians):
        Loan = self.env["dossier.loan"]

        def due(column):
            return SQL(
                "%s >= %s AND %s < %s",
                column("date_due"),
                start,
                column("date_due"),
                horizon,
            )

        def checked(column):
            return SQL(
                "%s AND %s = 'reading' AND %s IS NOT NULL",
                due(column),
                column("loan_type"),
                column("return_user_id"),
            )

        measures = {
            "loan_due_count": lambda column: count_if(due(column)),
            "loan_on_time_count": lambda column: count_if(
                SQL(
                    "%s AND %s <= %s",
                    due(column),
                    column("date_returned"),
                    column("date_due"),
                )
            ),
            "return_check_count": lambda column: count_if(checked(column)),
            "return_clean_count": lambda column: count_if(
                SQL(
                    """%s AND %s = 'returned' AND NOT EXISTS (
                        SELECT 1 FROM dossier_loan_damaged_document_rel damaged
                         WHERE %s = %s)""",
                    checked(column),
                    column("state"),
                    SQL.identifier(
                        "damaged",
                        "loan_id",
                        to_flush=Loan._fields["damaged_document_ids"],
                    ),
                    column("id"),
                )
            ),
            "overdue_loan_count": lambda column: count_if(
                SQL(
                    "%s < %s AND %s < %s AND (%s IS NULL OR %s > %s)",
                    column("date_due"),
                    horizon,
                    column("date_checkout"),
                    horizon,
                    column("date_returned"),
                    column("date_returned"),
                    horizon,
                )
            ),
        }
        return aggregate(
            Loan,
            [
                ("company_id", "=", company.id),
                ("custodian_id", "in", custodians.ids),
                ("date_checkout", "!=", False),
                ("date_due", "<", end),
            ],
            measures,
            groupby="custodian_id",
        )

    @api.model
    def _key_review_counts(self, company, horizon, custodians):
        """{custodian id: the reviews of key customers' dossiers due and overdue
        at ``horizon``}."""

        def due(column):
            return key_review_conditions(self.env, column, horizon)[0]

        def overdue(column):
            return key_review_conditions(self.env, column, horizon)[1]

        return aggregate(
            self.env["dossier.dossier"],
            [
                ("company_id", "=", company.id),
                ("custodian_id", "in", custodians.ids),
                ("customer_type", "=", "key"),
            ],
            {
                "key_review_due_count": lambda column: count_if(due(column)),
                "key_review_overdue_count": lambda column: count_if(overdue(column)),
            },
            groupby="custodian_id",
        )

    @api.model
    def _incident_counts(self, company, date_from, date_to, custodians):
        """({custodian: incidents found in the period on their dossiers},
        {custodian: incidents found in the period they are responsible for})."""
        Incident = self.env["dossier.incident"]
        period = [
            ("company_id", "=", company.id),
            ("date_found", ">=", date_from),
            ("date_found", "<=", date_to),
        ]
        on_dossiers = dict(
            Incident._read_group(
                [*period, ("custodian_id", "in", custodians.ids)],
                ["custodian_id"],
                ["__count"],
            )
        )
        caused = dict(
            Incident._read_group(
                [*period, ("responsible_id", "in", custodians.ids)],
                ["responsible_id"],
                ["__count"],
            )
        )
        return on_dossiers, caused

    @api.model
    def _stocktaking_counts(self, company, start, end, custodians):
        """{(custodian id, "missing" or "misplaced"): dossiers of the custodian
        that stock-takings closed in the period found so}."""
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
        return {(custodian.id, result): number for custodian, result, number in groups}

    @api.model
    def _unexplained_accesses(self, company, start, end, custodians):
        """{user id: entries of the access log of the period where the user
        accessed another custodian's dossier without a reason}."""
        groups = self.env["dossier.access.log"]._read_group(
            [
                ("company_id", "=", company.id),
                ("user_id", "in", custodians.ids),
                ("date", ">=", start),
                ("date", "<", end),
                ("reason", "=", False),
            ],
            ["user_id", "dossier_id.custodian_id"],
            ["__count"],
        )
        unexplained = defaultdict(int)
        for user, custodian, number in groups:
            if user != custodian:
                unexplained[user.id] += number
        return unexplained

    # ------------------------------------------------------------------ actions

    def action_view_incidents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_incident_action"
        )
        action.update(
            name=self.env._(
                "Loss and Damage: %(assessment)s", assessment=self.display_name
            ),
            domain=[
                ("company_id", "=", self.company_id.id),
                ("date_found", ">=", self.date_from),
                ("date_found", "<=", self.date_to),
                "|",
                ("custodian_id", "=", self.custodian_id.id),
                ("responsible_id", "=", self.custodian_id.id),
            ],
            context={},
        )
        return action

    def action_compute(self):
        """Compute the scores again from the records as they are now."""
        self._check_state("draft", self.env._("recompute"))
        self._compute_scores()
        return True

    def action_confirm(self):
        self._check_state("draft", self.env._("confirm"))
        ungraded = self.filtered(lambda assessment: not assessment.grade)
        if ungraded:
            raise UserError(
                self.env._(
                    "Give the final grade of assessment %(assessment)s before "
                    "confirming it.",
                    assessment=ungraded[0].display_name,
                )
            )
        for company, assessments in self.grouped("company_id").items():
            assessments._procedure().write(
                {
                    "state": "confirmed",
                    "reviewer_id": self.env.uid,
                    "date_confirmed": archive_today(company),
                }
            )
        return True

    def action_reset_to_draft(self):
        self._check_state("confirmed", self.env._("reset"))
        self._procedure().write(
            {"state": "draft", "reviewer_id": False, "date_confirmed": False}
        )
        return True
