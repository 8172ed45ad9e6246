import math
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, LazyTranslate
from odoo.tools.misc import format_date

from ..const import (
    ACTIVE_STATES,
    ARCHIVIST_GROUP,
    CONFIDENTIALITY_LEVELS,
    CONFIDENTIALITY_SELECTION,
    CONSULTATION_SPAN,
    DOSSIER_STATES,
    FROZEN_STATES,
    LOAN_UNDER_WAY_STATES,
    LOGGED_LEVEL,
    MANAGER_GROUP,
    MAX_CODE_LENGTH,
    OPEN_LOAN_STATES,
    REASON_LEVEL,
    REVIEW_SUBTYPE,
    STAFF_EDITABLE_STATES,
)
from ..tools.dossier_input import check_bounds, check_signature
from ..tools.dossier_timezone import archive_today, archive_today_domain
from .dossier_disposal import OPEN_DISPOSAL_STATES
from .dossier_signing_mixin import register_signature

_lt = LazyTranslate(__name__)

# The dossier's words held by dossier.content, under the content rule.
CONTENT_FIELDS = ("notes", "legal_hold_reason", "retention_extension_reason")

OPEN_READING_LOAN_DOMAIN = [
    ("loan_type", "=", "reading"),
    ("state", "in", OPEN_LOAN_STATES),
]
LABEL_REPORT_ACTION = "partner_dossier.dossier_dossier_report_label"
# The label shows these confidentiality levels only.
PRINTED_LEVELS = ("confidential", "secret")
REVIEW_ACTIVITY = "partner_dossier.mail_activity_dossier_review"
# The dossiers of key customers are reviewed at least once a month
# (重要客户每月至少一次档案更新).
REVIEW_INTERVAL = relativedelta(months=1)
# A dossier is reviewed while its customer relationship runs.
REVIEWED_STATES = ("temporary", "archived")


def _retention_years(policy):
    return math.inf if not policy or policy.permanent else policy.years


def key_review_conditions(env, column, horizon):
    """SQL conditions on a dossier (``column`` gives a field's SQL) at the UTC
    datetime ``horizon``: (due, overdue). Due: the dossier of a key customer,
    opened at least a month before and not closed by then, so it needed a review
    during the month before. Overdue: due, and no review (the Reviewed button's
    note in the chatter) during that month. The history is the chatter's, so a
    month's figures do not change when the dossier is reviewed later."""
    since = horizon - REVIEW_INTERVAL
    day = fields.Date.to_date(since)
    Message = env["mail.message"]
    due = SQL(
        """%s = 'key' AND %s <= %s AND %s NOT IN ('draft', 'disposed', 'transferred')
           AND (%s IS NULL OR %s >= %s)""",
        column("customer_type"),
        column("date_opened"),
        day,
        column("state"),
        column("date_closed"),
        column("date_closed"),
        fields.Date.to_date(horizon),
    )
    overdue = SQL(
        """%s AND NOT EXISTS (
            SELECT 1 FROM mail_message review
             WHERE review.model = %s AND review.res_id = %s
               AND %s = %s AND review.date >= %s AND review.date < %s)""",
        due,
        "dossier.dossier",
        column("id"),
        SQL.identifier("review", "subtype_id", to_flush=Message._fields["subtype_id"]),
        # Cached by the registry: no query, unlike env.ref().
        env["ir.model.data"]._xmlid_to_res_id(REVIEW_SUBTYPE),
        since,
        horizon,
    )
    return due, overdue


class DossierDossier(models.Model):
    _name = "dossier.dossier"
    _description = "Customer Dossier"
    _inherit = [
        "dossier.content.thread",
        "mail.activity.mixin",
        "dossier.procedure.mixin",
        "dossier.signing.mixin",
    ]
    _dossier_content_path = "id"
    _dossier_neutral_name = _lt("A customer dossier")
    _order = "date_opened desc, id desc"
    _rec_names_search = ["name", "barcode", "partner_id"]
    _check_company_auto = True

    _one_active_per_partner = models.UniqueIndex(
        "(partner_id, company_id) WHERE state IN ('draft', 'temporary', 'archived')",
        "This customer already has a dossier that is not closed in this company: "
        "open that one instead of creating another.",
    )
    _barcode_unique = models.UniqueIndex(
        "(barcode, company_id) WHERE barcode IS NOT NULL",
        "Another dossier of this company already has this barcode.",
    )
    # The reference comes from the company's sequence and is never written by a
    # client (_editable_fields): the index keeps it unique for the code as well.
    _reference_unique = models.UniqueIndex(
        "(name, company_id)",
        "Another dossier of this company already has this reference.",
    )
    _late_search = models.Index("(archive_deadline) WHERE state = 'temporary'")
    # Serves _due_for_disposal_domain(): the predicate is the SQL Odoo writes for
    # state = 'closed' and legal_hold = False. Keep the two in step.
    _due_for_disposal_search = models.Index(
        "(retention_until) WHERE state = 'closed' AND legal_hold IS NOT TRUE"
    )

    # Looked up by the reference an archivist types when a label cannot be read
    # (dossier.counter._find_dossier), and by a stock-taking's scan.
    name = fields.Char(string="Reference", readonly=True, copy=False, index=True)
    barcode = fields.Char(copy=False, index="btree_not_null", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('is_company', '=', True), ('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    category_id = fields.Many2one(
        "dossier.category",
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    customer_type = fields.Selection(
        [("potential", "Potential"), ("existing", "Existing"), ("key", "Key Account")],
        default="existing",
        required=True,
        tracking=True,
    )
    confidentiality = fields.Selection(
        CONFIDENTIALITY_SELECTION, default="internal", required=True, tracking=True
    )
    confidentiality_level = fields.Integer(
        compute="_compute_confidentiality_level", store=True, index=True
    )
    custodian_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="The person answerable for this dossier.",
    )
    location_id = fields.Many2one(
        "dossier.location",
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    last_location_id = fields.Many2one(
        "dossier.location",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Where the folder was kept before it was disposed of or transferred.",
    )
    state = fields.Selection(
        DOSSIER_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        # Kanban columns in lifecycle order, the empty ones included.
        group_expand=True,
    )
    date_opened = fields.Date(string="Opened On", copy=False, tracking=True)
    # Who opened the file (建档人), confirmed by their signature when the company
    # asks for it (dossier.signing.mixin): the Open button records it.
    opened_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )
    pending_signature = fields.Image(
        help="The archivist who opens the dossier signs here; the Open button "
        "records it.",
    )
    opening_signature = register_signature(
        "Opener's Signature",
        "Signed by the archivist who opened the dossier, confirming who opened it "
        "and when.",
    )
    opening_signature_required = fields.Boolean(
        related="company_id.dossier_opening_signature"
    )
    date_completed = fields.Date(
        string="Contract Completed On",
        copy=False,
        tracking=True,
        help="The formal-archiving deadline is counted from this date.",
    )
    archive_deadline = fields.Date(
        string="Archive By",
        compute="_compute_archive_deadline",
        store=True,
        help="Contract completion date plus the company's days to archive formally.",
    )
    date_archived = fields.Date(string="Archived On", readonly=True, copy=False)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    retention_policy_id = fields.Many2one(
        "dossier.retention.policy",
        compute="_compute_retention_policy_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        help="Given by the category when the dossier is filed in it; dossiers "
        "without one are kept permanently.",
    )
    retention_until = fields.Date(
        compute="_compute_retention_until",
        store=True,
        help="The last day the dossier must be kept. Empty while it is kept "
        "permanently, on legal hold, or before the date its retention counts from.",
    )
    is_due_for_disposal = fields.Boolean(
        string="Due for Disposal",
        compute="_compute_is_due_for_disposal",
        search="_search_is_due_for_disposal",
        help="Closed dossier whose retention has ended and that is not on legal hold.",
    )
    retention_extended_until = fields.Date(
        readonly=True,
        copy=False,
        tracking=True,
        help="Set by a retention review: the dossier is kept at least until then.",
    )
    retention_extension_reason = fields.Text(
        compute="_compute_content",
        inverse="_inverse_retention_extension_reason",
        readonly=True,
        tracking=True,
    )
    legal_hold = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="A dossier on legal hold is kept whatever its retention says: it is "
        "never proposed for disposal and cannot be disposed of.",
    )
    legal_hold_reason = fields.Text(
        compute="_compute_content",
        inverse="_inverse_legal_hold_reason",
        readonly=True,
        tracking=True,
    )
    legal_hold_date = fields.Date(
        string="On Hold Since", readonly=True, copy=False, tracking=True
    )
    disposal_id = fields.Many2one(
        "dossier.disposal",
        string="Disposed of By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
    )
    date_disposed = fields.Date(string="Disposed On", readonly=True, copy=False)
    disposal_line_ids = fields.One2many(
        "dossier.disposal.line", "dossier_id", string="Disposal Proposals"
    )
    # What the form says of the consultation rule (see dossier.content.mixin).
    access_notice = fields.Char(compute="_compute_access_notice")
    content_withheld = fields.Boolean(compute="_compute_access_notice")
    access_log_count = fields.Integer(
        compute="_compute_access_log_count",
        groups=MANAGER_GROUP,
    )
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Temporary dossier whose formal-archiving deadline has passed.",
    )
    # The dossier's content, held by dossier.content under its rule: computed
    # here, never related (a related field is read as superuser).
    notes = fields.Html(compute="_compute_content", inverse="_inverse_notes")
    content_ids = fields.One2many("dossier.content", "dossier_id")
    document_ids = fields.One2many("dossier.document", "dossier_id", string="Inventory")
    document_count = fields.Integer(compute="_compute_document_stats")
    missing_document_type_ids = fields.Many2many(
        "dossier.document.type",
        string="Missing Documents",
        compute="_compute_document_stats",
    )
    loan_ids = fields.One2many("dossier.loan", "dossier_id", string="Loans")
    consultation_ids = fields.One2many(
        "dossier.consultation", "dossier_id", string="Consultations"
    )
    loan_count = fields.Integer(compute="_compute_register_counts")
    share_ids = fields.One2many("dossier.share", "dossier_id", string="Shares")
    share_count = fields.Integer(compute="_compute_register_counts")
    on_loan = fields.Boolean(
        compute="_compute_on_loan",
        search="_search_on_loan",
        help="Its originals are out with a reader.",
    )
    has_approved_loan = fields.Boolean(
        compute="_compute_has_approved_loan",
        groups=ARCHIVIST_GROUP,
        help="A loan of this dossier is approved and waits to be checked out.",
    )
    # Stored: the dossier pivot and graph aggregate it (a share, so an average).
    completeness = fields.Float(
        string="Completeness (%)",
        compute="_compute_completeness",
        store=True,
        aggregator="avg",
        help="Share of the document types required by the category that are present.",
    )
    label_printed = fields.Boolean(
        readonly=True,
        copy=False,
        help="Its folder label, with the barcode, has been printed.",
    )
    date_label_printed = fields.Date(
        string="Label Printed On", readonly=True, copy=False, tracking=True
    )
    # The label must match the current customer name: what a printed label shows
    # is kept when it is printed; when the dossier, its customer (or the customer's
    # parent company), its category or its company change what a label would show
    # now, the label is to reprint, with the difference as the reason. Printing the
    # label again (alone or with others) stamps it anew and clears it.
    label_printed_values = fields.Json(
        readonly=True,
        copy=False,
        help="What the printed label shows, in the language it was printed in.",
    )
    label_reprint = fields.Boolean(
        string="Label to Reprint",
        compute="_compute_label_reprint",
        store=True,
        index=True,
        tracking=True,
        help="What the printed folder label shows no longer matches the dossier: "
        "print the label again and replace it on the folder.",
    )
    label_reprint_reason = fields.Char(
        string="Reprint Reason",
        compute="_compute_label_reprint",
        store=True,
        tracking=True,
    )
    # Key customers' dossiers are reviewed monthly. A key customer is the dossier's
    # customer type Key Account: the type is set per dossier (so per company) by the
    # archivist and already drives the follow-up visits; a second flag on the
    # partner would say the same thing twice and could disagree with it.
    date_reviewed = fields.Datetime(
        string="Last Reviewed On", readonly=True, copy=False
    )
    reviewer_id = fields.Many2one(
        "res.users", string="Last Reviewed By", readonly=True, copy=False
    )
    review_due_date = fields.Date(
        string="Review Due On",
        compute="_compute_review_due_date",
        store=True,
        index="btree_not_null",
        help="Key customers' dossiers are reviewed at least once a month: a month "
        "after the last review, or after the opening.",
    )
    is_review_due = fields.Boolean(
        string="Review Due",
        compute="_compute_is_review_due",
        search="_search_is_review_due",
    )
    incident_count = fields.Integer(
        string="Loss and Damage", compute="_compute_register_counts"
    )

    @api.depends("confidentiality")
    def _compute_confidentiality_level(self):
        for dossier in self:
            dossier.confidentiality_level = CONFIDENTIALITY_LEVELS[
                dossier.confidentiality
            ]

    @api.depends("date_completed", "company_id.dossier_archive_days")
    def _compute_archive_deadline(self):
        for dossier in self:
            dossier.archive_deadline = dossier.date_completed and (
                dossier.date_completed
                + timedelta(days=dossier.company_id.dossier_archive_days)
            )

    @api.depends("state", "archive_deadline")
    @api.depends_context("date")
    def _compute_is_late(self):
        for dossier in self:
            dossier.is_late = bool(
                dossier.state == "temporary"
                and dossier.archive_deadline
                and dossier.archive_deadline < archive_today(dossier.company_id)
            )

    def _search_is_late(self, operator, value):
        if operator != "in":
            return NotImplemented
        late = Domain("state", "=", "temporary") & archive_today_domain(
            self.env, lambda today: Domain("archive_deadline", "<", today)
        )
        return late if True in value else ~late

    @api.depends("category_id")
    def _compute_retention_policy_id(self):
        # Only a change of category brings its default: changing a category's
        # default later does not rewrite the retention of dossiers already filed.
        fallback = self.env.ref(
            "partner_dossier.retention_policy_permanent", raise_if_not_found=False
        )
        for dossier in self:
            dossier.retention_policy_id = (
                dossier.category_id.retention_policy_id
                or dossier.retention_policy_id
                or fallback
            )

    @api.depends(
        "retention_policy_id.permanent",
        "retention_policy_id.years",
        "retention_policy_id.trigger",
        "date_closed",
        "date_completed",
        "date_opened",
        "legal_hold",
        "retention_extended_until",
    )
    def _compute_retention_until(self):
        for dossier in self:
            end = False
            if dossier.retention_policy_id and not dossier.legal_hold:
                end = dossier.retention_policy_id._retention_end(dossier)
            if end and dossier.retention_extended_until:
                end = max(end, dossier.retention_extended_until)
            dossier.retention_until = end

    @api.depends("state", "retention_until", "legal_hold")
    @api.depends_context("date")
    def _compute_is_due_for_disposal(self):
        for dossier in self:
            dossier.is_due_for_disposal = bool(
                dossier.state == "closed"
                and not dossier.legal_hold
                and dossier.retention_until
                and dossier.retention_until < archive_today(dossier.company_id)
            )

    def _search_is_due_for_disposal(self, operator, value):
        if operator != "in":
            return NotImplemented
        due = self._due_for_disposal_domain()
        return due if True in value else ~due

    @api.model
    def _due_for_disposal_domain(self, date=None):
        """Closed dossiers whose retention ended before ``date`` (by default,
        the archive's today of each dossier's company) and that are not on legal
        hold: one range scan of the partial index _due_for_disposal_search."""
        ended = (
            Domain("retention_until", "<", date)
            if date
            else archive_today_domain(
                self.env, lambda today: Domain("retention_until", "<", today)
            )
        )
        return Domain("state", "=", "closed") & Domain("legal_hold", "=", False) & ended

    @api.depends("confidentiality", "company_id.dossier_confidential_approval")
    @api.depends_context("uid")
    def _compute_access_notice(self):
        self.access_notice = self.content_withheld = False
        logged = self.filtered(
            lambda dossier: dossier.confidentiality_level >= LOGGED_LEVEL
        )
        needing = logged.filtered_domain(self._needs_approval_domain())
        withheld = needing.filtered_domain(
            [("id", "in", self.env["dossier.consultation"]._withheld_dossiers())]
        )
        for dossier in withheld:
            dossier.content_withheld = True
            dossier.access_notice = self.env._(
                "Its notes, documents, files and messages are read under an "
                "approved consultation: request one."
            )
        for dossier in needing - withheld:
            dossier.access_notice = self.env._(
                "You consult it under an approved consultation, recorded in the "
                "access log."
            )
        for dossier in logged - needing:
            dossier.access_notice = self.env._(
                "Confidential dossier: your consultation is recorded."
            )

    @api.depends(
        "content_ids.notes",
        "content_ids.legal_hold_reason",
        "content_ids.retention_extension_reason",
    )
    @api.depends_context("uid")
    def _compute_content(self):
        # Searched as the user: the rule leaves out what they may not read.
        contents = {
            content.dossier_id.id: content
            for content in self.env["dossier.content"].search(
                [("dossier_id", "in", self.ids)]
            )
        }
        for dossier in self:
            content = contents.get(dossier.id)
            for fname in CONTENT_FIELDS:
                dossier[fname] = content[fname] if content else False

    def _inverse_notes(self):
        self._write_content("notes")

    def _inverse_legal_hold_reason(self):
        self._write_content("legal_hold_reason")

    def _inverse_retention_extension_reason(self):
        self._write_content("retention_extension_reason")

    def _write_content(self, fname):
        """Write the field ``fname`` of the dossiers' content (and nothing else:
        the other fields were computed for this user, maybe withheld)."""
        if not self.env.su and not self._in_procedure():
            # A plain write (the form's notes) changes content the user may read.
            withheld = self.filtered_domain(
                [("id", "in", self.env["dossier.consultation"]._withheld_dossiers())]
            )
            if withheld:
                raise AccessError(
                    self.env._(
                        "Dossier %(dossier)s: its content is changed under an "
                        "approved consultation only.",
                        dossier=withheld[0].display_name,
                    )
                )
        # sudo: nobody writes dossier.content directly; the dossier's own checks
        # (its editable fields, the procedures, the grant above) came first.
        existing = {c.dossier_id.id: c for c in self.sudo().content_ids}
        for dossier in self:
            if content := existing.get(dossier.id):
                content._procedure().write({fname: dossier[fname]})
            elif dossier[fname]:
                self.env["dossier.content"].sudo()._procedure_create(
                    {"dossier_id": dossier.id, fname: dossier[fname]}
                )

    def _compute_access_log_count(self):
        counts = dict(
            self.env["dossier.access.log"]._read_group(
                [("dossier_id", "in", self.ids)], ["dossier_id"], ["__count"]
            )
        )
        for dossier in self:
            dossier.access_log_count = counts.get(dossier, 0)

    @api.depends("document_ids.document_type_id", "category_id.required_type_ids")
    def _compute_document_stats(self):
        """Counted by the database for saved dossiers: the form of a dossier of
        5,000 documents costs the same queries as one of five (bench figure 10),
        instead of reading every document's type. A dossier being edited (a new
        record in a form) counts what the form holds."""
        saved = self.filtered("id")
        for dossier in self - saved:
            required = dossier.category_id.required_type_ids
            missing = required - dossier.document_ids.document_type_id
            dossier.document_count = len(dossier.document_ids)
            dossier.missing_document_type_ids = missing
        if not saved:
            return
        # sudo: how many documents of which types a dossier holds is metadata,
        # shown by clearance; their titles, notes and scans are its content.
        groups = (
            self.env["dossier.document"]
            .sudo()
            ._read_group(
                [("dossier_id", "in", saved.ids)],
                ["dossier_id", "document_type_id"],
                ["__count"],
            )
        )
        counts = dict.fromkeys(saved.ids, 0)
        types = {dossier_id: set() for dossier_id in saved.ids}
        for dossier, document_type, count in groups:
            counts[dossier.id] += count
            if document_type:
                types[dossier.id].add(document_type.id)
        for dossier in saved:
            required = dossier.category_id.required_type_ids
            dossier.document_count = counts[dossier.id]
            dossier.missing_document_type_ids = required.filtered(
                lambda document_type, dossier=dossier: (
                    document_type.id not in types[dossier.id]
                )
            )

    @api.depends("document_ids.document_type_id", "category_id.required_type_ids")
    def _compute_completeness(self):
        for dossier in self:
            required = dossier.category_id.required_type_ids
            missing = required - dossier.document_ids.document_type_id
            dossier.completeness = (
                100.0 * (len(required) - len(missing)) / len(required)
                if required
                else 100.0
            )

    # The smart buttons' registers: {count field: model}.
    _REGISTER_COUNTS = {
        "loan_count": "dossier.loan",
        "incident_count": "dossier.incident",
        "share_count": "dossier.share",
    }

    # Each register counted by its own search, under its record rules (staff
    # count only their own loans and incidents: computed again for each user),
    # all in one query for the whole page.
    @api.depends_context("uid")
    def _compute_register_counts(self):
        counts = defaultdict(int)
        if self.ids:
            selects = []
            for fname, model in self._REGISTER_COUNTS.items():
                Register = self.env[model]
                query = Register._search([("dossier_id", "in", self.ids)])
                selects.append(
                    SQL(
                        "SELECT %s, dossier_id, COUNT(*) FROM (%s) AS counted"
                        " GROUP BY dossier_id",
                        fname,
                        query.select(SQL.identifier(Register._table, "dossier_id")),
                    )
                )
            rows = self.env.execute_query(SQL(" UNION ALL ").join(selects))
            for fname, dossier_id, count in rows:
                counts[fname, dossier_id] = count
        for dossier in self:
            for fname in self._REGISTER_COUNTS:
                dossier[fname] = counts[fname, dossier.id]

    # sudo: whether the originals are out is a fact about the dossier, shown to everyone
    # who sees the dossier; who has them stays behind the loan record rules.
    def _compute_on_loan(self):
        out = {
            dossier.id
            for [dossier] in self.env["dossier.loan"]
            .sudo()
            ._read_group(
                [("dossier_id", "in", self.ids), *OPEN_READING_LOAN_DOMAIN],
                ["dossier_id"],
            )
        }
        for dossier in self:
            dossier.on_loan = dossier.id in out

    def _search_on_loan(self, operator, value):
        if operator != "in":
            return NotImplemented
        loans = self.env["dossier.loan"].sudo()._search(OPEN_READING_LOAN_DOMAIN)
        out = Domain("id", "in", loans.subselect("dossier_id"))
        return out if True in value else ~out

    @api.depends("loan_ids.state")
    def _compute_has_approved_loan(self):
        approved = {
            dossier.id
            for [dossier] in self.env["dossier.loan"]._read_group(
                [("dossier_id", "in", self.ids), ("state", "=", "approved")],
                ["dossier_id"],
            )
        }
        for dossier in self:
            dossier.has_approved_loan = dossier.id in approved

    @api.depends(
        "label_printed_values",
        "state",
        "company_id.name",
        "name",
        "barcode",
        "partner_id.complete_name",
        "category_id.complete_name",
        "date_opened",
        "confidentiality",
    )
    def _compute_label_reprint(self):
        for dossier in self:
            printed = dossier.label_printed_values or {}
            changes = []
            # A disposed or transferred folder has left the cabinet: no label.
            if printed.get("values") and dossier.state not in FROZEN_STATES:
                now = dossier.with_context(lang=printed.get("lang"))._label_values()
                changes = [
                    dossier._label_change(fname, old, now[fname])
                    for fname, old in printed["values"].items()
                    if fname in now and now[fname] != old
                ]
            dossier.label_reprint = bool(changes)
            dossier.label_reprint_reason = "; ".join(changes) or False

    @api.depends("customer_type", "state", "date_reviewed", "date_opened")
    def _compute_review_due_date(self):
        for dossier in self:
            start = fields.Date.to_date(dossier.date_reviewed) or dossier.date_opened
            if (
                dossier.customer_type == "key"
                and dossier.state in REVIEWED_STATES
                and start
            ):
                dossier.review_due_date = start + REVIEW_INTERVAL
            else:
                dossier.review_due_date = False

    @api.depends("review_due_date")
    def _compute_is_review_due(self):
        for dossier in self:
            dossier.is_review_due = bool(
                dossier.review_due_date
                and dossier.review_due_date <= archive_today(dossier.company_id)
            )

    def _search_is_review_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        due = self._review_due_domain()
        if (operator == "=") == value:
            return due
        return ~due

    def _review_due_domain(self):
        return archive_today_domain(
            self.env, lambda today: Domain("review_due_date", "<=", today)
        )

    @api.constrains("date_opened", "date_completed")
    def _check_dates(self):
        for dossier in self:
            if (
                dossier.date_opened
                and dossier.date_completed
                and dossier.date_completed < dossier.date_opened
            ):
                raise ValidationError(
                    self.env._(
                        "Dossier %(dossier)s: the contract cannot be completed "
                        "(%(completed)s) before the dossier was opened (%(opened)s).",
                        dossier=dossier.display_name,
                        completed=dossier.date_completed,
                        opened=dossier.date_opened,
                    )
                )

    def _procedure_fields(self):
        lifecycle = self.env._(
            "the Open, Archive Formally, Close Dossier and Reopen buttons"
        )
        hold = self.env._("the Place on Legal Hold and Lift Legal Hold buttons")
        disposal = self.env._("the Execute button of an approved disposal")
        # What the printed label showed is stamped when it is printed; whether it
        # is to reprint follows from it (computed, never written).
        printed = self.env._("Print › Folder Label")
        reviewed = self.env._("the Reviewed button")
        return {
            "state": lifecycle,
            "date_opened": self.env._("the Open button"),
            "opened_by_id": self.env._("the Open button"),
            "opening_signature": self.env._("the Open button"),
            "date_archived": self.env._("the Archive Formally button"),
            "date_closed": self.env._("the Close Dossier and Reopen buttons"),
            "archive_deadline": self.env._(
                "the Contract Completed On date, from which it is counted"
            ),
            "retention_until": self.env._(
                "the retention policy, the legal hold buttons or a retention review, "
                "from which it is computed"
            ),
            "retention_extended_until": disposal,
            "retention_extension_reason": disposal,
            "legal_hold": hold,
            "legal_hold_reason": hold,
            "legal_hold_date": hold,
            "disposal_id": disposal,
            "date_disposed": disposal,
            "label_printed": printed,
            "date_label_printed": printed,
            "label_printed_values": printed,
            "label_reprint": printed,
            "label_reprint_reason": printed,
            "date_reviewed": reviewed,
            "reviewer_id": reviewed,
        }

    def _editable_fields(self):
        # Archivists keep the dossiers (users only read them). The opening date of
        # a dossier not opened yet may be that of an earlier contract; once opened,
        # the Open button has recorded it. The customer and company are chosen
        # before the dossier is opened. The contract completion date sets the
        # archiving deadline and may start the retention: it is given until the
        # dossier is filed. A filed dossier's retention follows the category or
        # policy chosen (never shorter: see _check_retention_not_shortened). A
        # disposed or transferred dossier is kept exactly as it was.
        kept = {
            "customer_type",
            "category_id",
            "confidentiality",
            "custodian_id",
            "location_id",
            "barcode",
            "retention_policy_id",
            "notes",
            "document_ids",
        }
        return {
            "draft": {
                ARCHIVIST_GROUP: kept
                | {
                    "partner_id",
                    "company_id",
                    "date_opened",
                    "date_completed",
                    # The opener signs on the form before clicking Open.
                    "pending_signature",
                }
            },
            "temporary": {ARCHIVIST_GROUP: kept | {"date_completed"}},
            "archived": {ARCHIVIST_GROUP: kept},
            "closed": {ARCHIVIST_GROUP: kept},
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        check_bounds(self, vals_list, lengths={"barcode": MAX_CODE_LENGTH})
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
            if not vals.get("name"):
                company = self.env["res.company"].browse(vals.get("company_id"))
                vals["name"] = self._next_reference(company or self.env.company)
            if not vals.get("barcode"):
                vals["barcode"] = vals["name"]
        self._check_barcodes_free(
            [
                (vals["barcode"], vals.get("company_id") or self.env.company.id)
                for vals in vals_list
            ]
        )
        self._check_no_other_active_dossier(
            [
                (vals.get("partner_id"), vals.get("company_id") or self.env.company.id)
                for vals in vals_list
                if vals.get("state", "draft") in ACTIVE_STATES
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        check_bounds(self, [vals], lengths={"barcode": MAX_CODE_LENGTH})
        self._check_retention_not_shortened(vals)
        if vals.get("barcode"):
            self._check_barcodes_free(
                [
                    (vals["barcode"], vals.get("company_id", dossier.company_id.id))
                    for dossier in self
                ],
                exclude=self,
            )
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id
        # Only a dossier changing customer or company, or coming back to life
        # (reopened), can collide with another active dossier.
        moving = self.filtered(
            lambda dossier: (
                vals.get("partner_id", dossier.partner_id.id) != dossier.partner_id.id
                or vals.get("company_id", dossier.company_id.id)
                != dossier.company_id.id
                or (
                    dossier.state not in ACTIVE_STATES
                    and vals.get("state", dossier.state) in ACTIVE_STATES
                )
            )
        )
        if moving:
            self._check_no_other_active_dossier(
                [
                    (
                        vals.get("partner_id", dossier.partner_id.id),
                        vals.get("company_id", dossier.company_id.id),
                    )
                    for dossier in moving
                    if vals.get("state", dossier.state) in ACTIVE_STATES
                ],
                exclude=self,
            )
        return super().write(vals)

    def _not_possible(self):
        """The refusal when the reason lies in a dossier the user may not read:
        it says neither which dossier nor that there is one."""
        return self.env._("This is not possible. A dossier manager can tell you why.")

    def _check_barcodes_free(self, barcode_company_pairs, exclude=None):
        """Explain, before the database refuses it, that a barcode is another
        dossier's: to a user who may read that dossier, as the database would;
        to another, without saying that the dossier exists."""
        pairs = [pair for pair in barcode_company_pairs if pair[0]]
        if not pairs:
            return
        # sudo: the unique index counts every dossier, whoever may read it.
        holders = self.sudo().search_fetch(
            [
                ("barcode", "in", [barcode for barcode, _company in pairs]),
                ("company_id", "in", [company for _barcode, company in pairs]),
                ("id", "not in", (exclude or self.browse()).ids),
            ],
            ["barcode", "company_id"],
        )
        taken = {(holder.barcode, holder.company_id.id): holder for holder in holders}
        for pair in pairs:
            holder = taken.get(pair)
            if not holder:
                continue
            if not holder.with_env(self.env).has_access("read"):
                raise UserError(self._not_possible())
            raise ValidationError(
                self.env._("Another dossier of this company already has this barcode.")
            )

    def _check_no_other_active_dossier(self, partner_company_pairs, exclude=None):
        """Explain, before the database refuses it, why a second dossier that is not
        closed cannot exist for a customer and company. The partial unique index
        stays the guarantee when two people create one at the same moment."""
        pairs = [pair for pair in partner_company_pairs if pair[0]]
        if not pairs:
            return
        # sudo: the unique index counts every dossier, whoever may read it; the
        # refusal names the other dossier only to a user who may read it.
        existing = self.sudo().search_fetch(
            [
                ("partner_id", "in", [partner for partner, _company in pairs]),
                ("company_id", "in", [company for _partner, company in pairs]),
                ("state", "in", ACTIVE_STATES),
                ("id", "not in", (exclude or self.browse()).ids),
            ],
            ["name", "partner_id", "company_id"],
        )
        taken = {(d.partner_id.id, d.company_id.id): d for d in existing}
        seen = set()
        for pair in pairs:
            if pair in taken or pair in seen:
                partner = self.env["res.partner"].browse(pair[0])
                other = taken.get(pair)
                if other and not other.with_env(self.env).has_access("read"):
                    raise UserError(self._not_possible())
                raise ValidationError(
                    self.env._(
                        "%(customer)s already has a dossier that is not closed "
                        "(%(reference)s): open that one instead of creating another.",
                        customer=partner.display_name,
                        reference=other.name if other else self.env._("in this batch"),
                    )
                )
            seen.add(pair)

    def _check_retention_not_shortened(self, vals):
        """Corrections of a filed dossier need a manager and a written reason: they
        write through the procedure path (dossier.procedure.mixin), which no RPC
        client can take. Refused before writing."""
        if (
            self.env.su
            or self._in_procedure()
            or not {"retention_policy_id", "category_id"} & set(vals)
        ):
            return
        # The policy also follows a new category (see _compute_retention_policy_id).
        category = self.env["dossier.category"].browse(vals.get("category_id"))
        for dossier in self.filtered(lambda dossier: dossier.state != "draft"):
            old = dossier.retention_policy_id
            if "retention_policy_id" in vals:
                new = self.env["dossier.retention.policy"].browse(
                    vals["retention_policy_id"]
                )
            else:
                new = category.retention_policy_id or old
            if _retention_years(new) < _retention_years(old):
                raise UserError(
                    self.env._(
                        "Shortening the retention of dossier %(dossier)s (%(old)s to "
                        "%(new)s) needs a dossier manager and a written reason: use "
                        "Change Retention.",
                        dossier=dossier.display_name,
                        old=old.display_name,
                        new=new.display_name,
                    )
                )

    def _write_guarded(self, vals):
        """Write the fields write() refuses (legal hold, disposal, the label's
        stamp): for the actions that record them, after their own checks.
        Private, so not callable over RPC; access rights and record rules still
        apply."""
        # These fields are guarded (_procedure_fields): the write is a procedure's.
        return super(DossierDossier, self._procedure()).write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        kept = self.filtered(lambda dossier: dossier.state != "draft")
        if kept:
            raise UserError(
                self.env._(
                    "Only draft dossiers can be deleted. %(dossiers)s already hold "
                    "customer records: close them instead.",
                    dossiers=", ".join(kept.mapped("display_name")),
                )
            )

    @api.model
    def _next_reference(self, company):
        """Each company numbers its dossiers on its own sequence, made on first use."""
        # sudo: archivists create dossiers but may not read or create sequences.
        sequences = self.env["ir.sequence"].sudo()
        code = "dossier.dossier"
        if not sequences.search_count(
            [("code", "=", code), ("company_id", "=", company.id)], limit=1
        ):
            template = self.env.ref("partner_dossier.seq_dossier_dossier").sudo()
            template.copy(
                {"code": code, "company_id": company.id, "name": template.name}
            )
        return sequences.with_company(company).next_by_code(code)

    # ------------------------------------------------------------------ lifecycle

    def action_open(self, signature=None):
        """Start the temporary file while the contract runs. Who opens it is
        recorded, with their signature (``signature``, a PNG in base64, else the
        one signed on the form just before the button): required when the
        company asks for it."""
        self._check_state(("draft",), self.env._("open"))
        check_signature(self.env, signature)
        if signature and len(self) > 1:
            raise UserError(
                self.env._("Sign the opening of one dossier at a time: open one.")
            )
        for dossier in self:
            if dossier.company_id.dossier_opening_signature and not dossier._signed(
                signature
            ):
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s: sign its opening on the screen, as the "
                        "person who opens it. Nothing was changed.",
                        dossier=dossier.display_name,
                    )
                )
        unopened = self.filtered(lambda dossier: not dossier.date_opened)
        for company, dossiers in unopened.grouped("company_id").items():
            dossiers._procedure().date_opened = archive_today(company)
        for dossier in self:
            dossier._procedure().write(
                {
                    "state": "temporary",
                    "opened_by_id": self.env.uid,
                    **dossier._take_signature("opening_signature", signature),
                }
            )
        self._launch_followup_plans()
        return True

    def _launch_followup_plans(self):
        """Schedule the category's follow-up visits for the customer type, counted
        from the opening date, through Odoo's own plan scheduler: one run per plan
        and opening date, whatever the number of dossiers."""
        batches = self.grouped(
            lambda dossier: (
                dossier.category_id._followup_plan(dossier.customer_type),
                dossier.date_opened,
            )
        )
        for (plan, date_opened), dossiers in batches.items():
            if not plan:
                continue
            self.env["mail.activity.schedule"].with_context(
                active_model=self._name, active_ids=dossiers.ids
            ).create(
                {"plan_id": plan.id, "plan_date": date_opened}
            ).action_schedule_plan()

    def action_archive_formally(self):
        """File the dossier formally: complete inventory, in a cabinet."""
        self._check_state(("temporary",), self.env._("archive"))
        for dossier in self:
            problems = []
            if not dossier.location_id:
                problems.append(self.env._("choose the cabinet location"))
            if dossier.missing_document_type_ids:
                problems.append(
                    self.env._(
                        "add the missing documents: %(types)s",
                        types=", ".join(
                            dossier.missing_document_type_ids.mapped("name")
                        ),
                    )
                )
            if problems:
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s cannot be archived yet: %(problems)s.",
                        dossier=dossier.display_name,
                        problems="; ".join(problems),
                    )
                )
        for company, dossiers in self.grouped("company_id").items():
            dossiers._procedure().write(
                {"state": "archived", "date_archived": archive_today(company)}
            )
        # The late-archiving reminders are answered.
        self.activity_unlink(["partner_dossier.mail_activity_dossier_late"])
        return True

    def action_close(self):
        """The customer relationship ended: the dossier is kept until its retention
        ends."""
        self._check_state(("archived",), self.env._("close"))
        for company, dossiers in self.grouped("company_id").items():
            dossiers._procedure().write(
                {"state": "closed", "date_closed": archive_today(company)}
            )
        return True

    def action_reopen(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise UserError(
                self.env._("Only dossier managers can reopen a closed dossier.")
            )
        self._check_state(("closed",), self.env._("reopen"))
        self._procedure().write({"state": "archived", "date_closed": False})
        return True

    # ------------------------------------------------------------------ legal hold

    def _check_dossier_manager(self, action_label):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only dossier managers can %(action)s.", action=action_label)
            )

    def action_place_legal_hold(self):
        self._check_dossier_manager(self.env._("place a dossier on legal hold"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Place on Legal Hold"),
            "res_model": "dossier.legal.hold",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _place_legal_hold(self, reason, date):
        """Called by the legal hold wizard."""
        self._check_dossier_manager(self.env._("place a dossier on legal hold"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the legal hold."))
        self._check_state(
            ("draft", "temporary", "archived", "closed"),
            self.env._("place on legal hold"),
        )
        held = self.filtered("legal_hold")
        if held:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s is already on legal hold.",
                    dossier=held[0].display_name,
                )
            )
        self._write_guarded(
            {"legal_hold": True, "legal_hold_reason": reason, "legal_hold_date": date}
        )
        return True

    def action_lift_legal_hold(self):
        self._check_dossier_manager(self.env._("lift a legal hold"))
        not_held = self.filtered(lambda dossier: not dossier.legal_hold)
        if not_held:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s is not on legal hold.",
                    dossier=not_held[0].display_name,
                )
            )
        # The tracked fields keep, in the chatter, who lifted which hold and when.
        self._write_guarded(
            {"legal_hold": False, "legal_hold_reason": False, "legal_hold_date": False}
        )
        return True

    # ------------------------------------------------------------------ disposal

    def _has_open_loans(self):
        """Which of these dossiers are lent or about to be: {dossier id: bool}.
        A dossier with a loan requested, approved or out cannot be disposed of."""
        # sudo: the answer must not depend on which loans the asking user may see.
        groups = (
            self.env["dossier.loan"]
            .sudo()
            ._read_group(
                [
                    ("dossier_id", "in", self.ids),
                    ("state", "in", LOAN_UNDER_WAY_STATES),
                ],
                ["dossier_id"],
            )
        )
        lent = {dossier.id for (dossier,) in groups}
        return {dossier_id: dossier_id in lent for dossier_id in self.ids}

    def _disposal_problems(self, date):
        """Why each of these dossiers cannot be disposed of on ``date``:
        {dossier: sentence}; empty when all of them can."""
        states = dict(self._fields["state"]._description_selection(self.env))
        open_loans = self._has_open_loans()
        problems = {}
        for dossier in self:
            if dossier.state != "closed":
                problem = self.env._(
                    "it is %(state)s, not closed", state=states[dossier.state]
                )
            elif dossier.legal_hold:
                problem = self.env._("it is on legal hold")
            elif open_loans[dossier.id]:
                problem = self.env._("it is out on loan")
            elif not dossier.retention_until:
                problem = self.env._("its retention does not end")
            elif dossier.retention_until >= date:
                problem = self.env._(
                    "its retention runs until %(date)s",
                    date=format_date(self.env, dossier.retention_until),
                )
            else:
                continue
            problems[dossier] = problem
        return problems

    @api.model
    def _disposable_domain(self, date=None):
        """Due for disposal on ``date`` (by default, the archive's today of each
        dossier's company) and not already in a disposal under way."""
        return self._due_for_disposal_domain(date) & Domain(
            "disposal_line_ids", "not any", [("state", "in", OPEN_DISPOSAL_STATES)]
        )

    def _without_open_loans(self):
        open_loans = self._has_open_loans()
        return self.filtered(lambda dossier: not open_loans[dossier.id])

    def _dispose(self, disposal):
        """Executed by an approved disposal: the dossiers become disposed (or
        transferred), lose their scanned files and keep their record, inventory
        and history, stamped with the disposal."""
        # The procedure's: the scans and the files of a disposed dossier go.
        removed = self._procedure()._remove_scanned_files()
        state = "transferred" if disposal.disposal_type == "transfer" else "disposed"
        self._write_guarded(
            {
                "state": state,
                "disposal_id": disposal.id,
                "date_disposed": archive_today(disposal.company_id),
            }
        )
        action = dict(
            disposal._fields["disposal_type"]._description_selection(self.env)
        )[disposal.disposal_type]
        for dossier in self:
            count = removed.get(dossier, 0)
            if not count:
                body = self.env._(
                    "Disposed of by %(disposal)s (%(action)s); no scanned file to "
                    "remove. The inventory and history are kept.",
                    disposal=disposal.display_name,
                    action=action,
                )
            elif count == 1:
                body = self.env._(
                    "Disposed of by %(disposal)s (%(action)s); one scanned file "
                    "removed. The inventory and history are kept.",
                    disposal=disposal.display_name,
                    action=action,
                )
            else:
                body = self.env._(
                    "Disposed of by %(disposal)s (%(action)s); %(count)s scanned "
                    "files removed. The inventory and history are kept.",
                    disposal=disposal.display_name,
                    action=action,
                    count=count,
                )
            dossier._message_log(body=body)
        # A disposed or transferred folder has left its cabinet: its place is free,
        # where it was stays on record.
        for location, dossiers in (
            self.filtered("location_id").grouped("location_id").items()
        ):
            dossiers._write_guarded(
                {"last_location_id": location.id, "location_id": False}
            )
            for dossier in dossiers:
                dossier._message_log(
                    body=self.env._(
                        "The folder has left %(location)s.",
                        location=location.display_name,
                    )
                )

    def _remove_scanned_files(self):
        """Delete the files attached to the dossiers and their documents, keep
        the records. Returns {dossier: number of files removed}."""
        documents = self.with_context(bin_size=True).document_ids
        scanned = documents.filtered("scan")
        # Through the ORM, so each removed scan is written in the dossier history.
        scanned.write({"scan": False, "scan_filename": False})
        attachments = self.env["ir.attachment"].search(
            Domain("res_model", "=", self._name) & Domain("res_id", "in", self.ids)
            | Domain("res_model", "=", "dossier.document")
            & Domain("res_id", "in", documents.ids)
        )
        removed = defaultdict(int)
        for document in scanned:
            removed[document.dossier_id] += 1
        for attachment in attachments:
            dossier = (
                self.browse(attachment.res_id)
                if attachment.res_model == self._name
                else documents.browse(attachment.res_id).dossier_id
            )
            removed[dossier] += 1
        attachments.unlink()
        return removed

    def _review_retention(self, disposal):
        """Executed by an approved review: keep the dossiers longer."""
        until = archive_today(disposal.company_id) + relativedelta(
            years=disposal.review_years
        )
        self._write_guarded(
            {
                "retention_extended_until": until,
                "retention_extension_reason": disposal.review_reason,
            }
        )
        for dossier in self:
            dossier._message_log(
                body=self.env._(
                    "Retention reviewed by %(disposal)s: kept until %(date)s.",
                    disposal=disposal.display_name,
                    date=format_date(self.env, until),
                )
            )

    # ------------------------------------------------------------------ access log

    def action_open_logged(self):
        """Open the form the way the audit wants: the list, the kanban and the
        customer's Dossier button come here instead of opening it directly."""
        self.ensure_one()
        return self.get_formview_action()

    def get_formview_action(self, access_uid=None):
        if len(self) != 1 or access_uid:
            return super().get_formview_action(access_uid=access_uid)
        self.check_access("read")
        # A dossier whose content needs an approval was logged when its
        # consultation was granted; without one, the form shows its metadata.
        if not self._needs_approval():
            self._log_access("view")
        return self._form_action()

    def _needs_approval(self):
        """Whether reading this dossier's content needs an approved consultation."""
        self.ensure_one()
        return bool(self.sudo().filtered_domain(self._needs_approval_domain()))

    @api.model
    def _needs_approval_domain(self):
        """The dossiers whose content is read only under an approved consultation
        (see dossier.content.mixin): the secret ones, and the confidential ones
        when their company asks for it."""
        return Domain("confidentiality_level", ">=", REASON_LEVEL) | (
            Domain("confidentiality_level", ">=", LOGGED_LEVEL)
            & Domain("company_id.dossier_confidential_approval", "=", True)
        )

    def _form_action(self):
        return super().get_formview_action()

    def _log_access(self, access_type, reason=False, report_name=False):
        """Record one access to each confidential or secret dossier of self:
        a single INSERT for the whole recordset, nothing for the others."""
        self.check_access("read")
        logged = self.filtered(
            lambda dossier: dossier.confidentiality_level >= LOGGED_LEVEL
        )
        if not logged:
            return self.env["dossier.access.log"]
        now = fields.Datetime.now()
        # sudo: no one has create access to the audit trail, so that no one can
        # write into it directly; this method, reached only by the accesses it
        # records and after the access check above, is the only way in.
        return (
            self.env["dossier.access.log"]
            .sudo()
            ._procedure_create(
                [
                    {
                        "dossier_id": dossier.id,
                        "company_id": dossier.company_id.id,
                        "confidentiality": dossier.confidentiality,
                        "user_id": self.env.uid,
                        "date": now,
                        "access_type": access_type,
                        "reason": reason,
                        "report_name": report_name,
                    }
                    for dossier in logged
                ]
            )
        )

    def web_read(self, specification):
        """Not read-only (a read/write call, on the primary): the form of a
        confidential dossier reached by a link or a reload records its
        consultation here, instead of failing on a read-only cursor."""
        if "access_notice" in specification and not self.env.su:
            # The form's columns in one query: those Odoo prefetches (the log
            # and the computed fields read them) with the form's own, since
            # the signature, an image, is never prefetched.
            prefetched = {field.name for field in self._determine_fields_to_fetch()}
            self.fetch(prefetched | (specification.keys() & self._fields.keys()))
            self._log_form_consultation()
        return super().web_read(specification)

    # Odoo marks both read-only, and the web client's call follows the first mark
    # it finds up the classes: these record a consultation.
    web_read._readonly = False
    get_formview_action._readonly = False

    def _log_form_consultation(self):
        """The form is loading these dossiers. Opening them through
        action_open_logged() already recorded the consultation of a confidential
        one; a link, a typed address or a reload may not have: record it now.
        Those that need an approval were recorded when it was granted."""
        # A read-only request (another record's form naming this dossier's
        # document) reads a name, not the dossier: its own doors, read/write,
        # record the consultation.
        if self.env.cr.readonly:
            return
        # A dossier created in this transaction is being saved, not consulted.
        now = self.env.cr.now()
        confidential = self.filtered(
            lambda dossier: (
                dossier.confidentiality_level >= LOGGED_LEVEL
                and dossier.create_date != now
                and not dossier._needs_approval()
            )
        )
        if not confidential:
            return
        # sudo: users cannot read the access log; this only looks up their own
        # recent consultations of these dossiers.
        seen = set(
            self.env["dossier.access.log"]
            .sudo()
            .search_fetch(
                [
                    ("dossier_id", "in", confidential.ids),
                    ("user_id", "=", self.env.uid),
                    ("access_type", "=", "view"),
                    ("date", ">=", fields.Datetime.now() - CONSULTATION_SPAN),
                ],
                ["dossier_id"],
            )
            .dossier_id.ids
        )
        confidential.filtered(lambda dossier: dossier.id not in seen)._log_access(
            "view"
        )

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._log_access("export")
        self.env["dossier.alert"]._detect_export(self._name, len(self))
        return result

    def _action_of_dossier(self, xmlid, default_dossier=True):
        """The window action ``xmlid`` filtered on this dossier (and creating
        for it, when ``default_dossier``)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("dossier_id", "=", self.id)]
        action["context"] = {"default_dossier_id": self.id} if default_dossier else {}
        return action

    def action_view_access_log(self):
        return self._action_of_dossier(
            "partner_dossier.dossier_access_log_action", default_dossier=False
        )

    def action_view_documents(self):
        return self._action_of_dossier("partner_dossier.dossier_document_action")

    def action_view_loans(self):
        return self._action_of_dossier("partner_dossier.dossier_loan_action")

    def action_view_shares(self):
        return self._action_of_dossier("partner_dossier.dossier_share_action")

    def action_view_incidents(self):
        return self._action_of_dossier("partner_dossier.dossier_incident_action")

    def action_request_consultation(self):
        """The form of a new consultation request of this dossier."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request a Consultation"),
            "res_model": "dossier.consultation",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_dossier_id": self.id},
        }

    def action_request_loan(self):
        self.ensure_one()
        self.env["dossier.loan"]._check_can_borrow(self, self.env.user)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request a Loan"),
            "res_model": "dossier.loan",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_dossier_id": self.id},
        }

    def action_loan_checkout(self):
        """Check out the dossier's approved loan: what the archivist does after
        scanning the folder. The borrower signs for it: until they have, the
        loan's form opens, where they sign before its Check Out button."""
        self.ensure_one()
        loans = self.env["dossier.loan"].search(
            [("dossier_id", "=", self.id), ("state", "=", "approved")],
            order="date_due, id",
        )
        if not loans:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s has no approved loan to check out.",
                    dossier=self.display_name,
                )
            )
        if len(loans) > 1:
            action = self.action_view_loans()
            action["domain"] = [("id", "in", loans.ids)]
            action["name"] = self.env._("Approved Loans: choose one to check out")
            return action
        if loans.pending_signature:
            loans.action_checkout()
        return loans.action_view_loan()

    def action_loan_return(self):
        self.ensure_one()
        loan = self.env["dossier.loan"].search(
            [("dossier_id", "=", self.id), *OPEN_READING_LOAN_DOMAIN], limit=1
        )
        if not loan:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s is not out on loan: there is nothing to return.",
                    dossier=self.display_name,
                )
            )
        return loan.action_return()

    def _check_inventory_editable(self):
        """Staff collect documents until archiving; afterwards only archivists
        change the inventory, and a disposed dossier's inventory is frozen."""
        is_archivist = self.env.user.has_group(ARCHIVIST_GROUP)
        for dossier in self:
            if dossier.state in FROZEN_STATES:
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s was disposed of or transferred: its "
                        "inventory is kept as it was and cannot change.",
                        dossier=dossier.display_name,
                    )
                )
            if dossier.state not in STAFF_EDITABLE_STATES and not is_archivist:
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s is archived: only an archivist can add or "
                        "change its documents.",
                        dossier=dossier.display_name,
                    )
                )

    # ------------------------------------------------------------------ corrections

    def _check_correction_allowed(self, reason):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only dossier managers can shorten a retention period or remove "
                    "a document from a formally archived dossier."
                )
            )
        if not (reason or "").strip():
            raise UserError(
                self.env._("Write the reason for the correction: it stays on record.")
            )

    def _change_retention(self, policy, reason):
        """Change the retention policy, shorter included, with the reason kept in
        the dossier's history."""
        self._check_correction_allowed(reason)
        if not policy:
            raise UserError(self.env._("Choose the new retention policy."))
        for dossier in self:
            old = dossier.retention_policy_id
            dossier._procedure().retention_policy_id = policy
            dossier._message_log(
                body=self.env._(
                    "Retention changed from %(old)s to %(new)s by %(user)s. "
                    "Reason: %(reason)s",
                    old=old.display_name,
                    new=policy.display_name,
                    user=self.env.user.name,
                    reason=reason,
                )
            )

    def _remove_documents(self, documents, reason):
        """Remove documents from the dossier's inventory, with the reason kept in
        its history."""
        self.ensure_one()
        self._check_correction_allowed(reason)
        if not documents:
            raise UserError(self.env._("Choose the documents to remove."))
        if documents.dossier_id - self:
            raise UserError(
                self.env._(
                    "Only documents of dossier %(dossier)s can be removed here.",
                    dossier=self.display_name,
                )
            )
        self._message_log(
            body=self.env._(
                "Documents removed by %(user)s: %(documents)s. Reason: %(reason)s",
                user=self.env.user.name,
                documents=", ".join(documents.mapped("display_name")),
                reason=reason,
            )
        )
        documents._procedure().unlink()

    def _action_correction(self, correction_type):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct a Filed Dossier"),
            "res_model": "dossier.correction",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_dossier_id": self.id,
                "default_correction_type": correction_type,
            },
        }

    def action_change_retention(self):
        return self._action_correction("retention")

    def action_remove_documents(self):
        return self._action_correction("remove_documents")

    # ------------------------------------------------------------------ folder label

    def action_print_label(self):
        """Print the folder labels of the selected dossiers (archivists); making
        the PDF stamps them as printed, which clears their reprint."""
        return self.env.ref(LABEL_REPORT_ACTION).report_action(self)

    def _stamp_label_printed(self):
        """The folder labels of these dossiers were printed (see
        ir.actions.report._render_qweb_pdf): stamp them, with what each label
        shows, which clears their reprint. A disposed dossier keeps its record as
        it was."""
        for company, dossiers in self.grouped("company_id").items():
            dossiers._write_guarded(
                {"label_printed": True, "date_label_printed": archive_today(company)}
            )
        lang = self.env.lang or "en_US"
        # sudo: the write access to these dossiers was checked for all of them by
        # the stamp above; one write per dossier (each keeps its own values) then
        # costs no access query, and the flush writes them in one UPDATE.
        for dossier in self.sudo():
            dossier._write_guarded(
                {
                    "label_printed_values": {
                        "lang": lang,
                        "values": dossier.with_env(self.env)._label_values(),
                    }
                }
            )

    def _label_values(self):
        """What the label of this dossier prints now, in the environment's
        language: text as it appears, dates as ISO strings."""
        self.ensure_one()
        return {
            "company_id": self.company_id.name or "",
            "name": self.name or "",
            "barcode": self.barcode or "",
            "partner_id": self.partner_id.display_name or "",
            "category_id": self.category_id.display_name or "",
            "date_opened": fields.Date.to_string(self.date_opened) or "",
            "confidentiality": self.confidentiality
            if self.confidentiality in PRINTED_LEVELS
            else "",
        }

    def _label_change(self, fname, old, new):
        """One difference between the printed label and the dossier, for the
        reason: the field's label and both values, as a user reads them."""
        field = self._fields[fname]

        def shown(value):
            if not value:
                return "—"
            if field.type == "date":
                return format_date(self.env, value)
            if field.type == "selection":
                return dict(field._description_selection(self.env)).get(value, value)
            return value

        return f"{field._description_string(self.env)}: {shown(old)} → {shown(new)}"

    # ------------------------------------------------------------------ key reviews

    def action_mark_reviewed(self):
        """The custodian (or another archivist) has gone through the dossier: record
        who and when, in the chatter too, and answer the reminder."""
        if not self.env.user.has_group(ARCHIVIST_GROUP):
            raise UserError(
                self.env._("Only dossier archivists can record a dossier review.")
            )
        self._check_state(REVIEWED_STATES, self.env._("review"))
        now = fields.Datetime.now()
        self._procedure().write({"date_reviewed": now, "reviewer_id": self.env.uid})
        body = self.env._("Dossier reviewed by %(user)s.", user=self.env.user.name)
        # The messages come back as sudo from _message_log_batch, which wrote them;
        # only the procedure may mark them as reviews.
        self._procedure()._message_log_batch(
            dict.fromkeys(self.ids, body)
        ).subtype_id = self.env.ref(REVIEW_SUBTYPE)
        self.activity_feedback([REVIEW_ACTIVITY], feedback=self.env._("Reviewed."))
        return True

    # ------------------------------------------------------------------ contacts merge

    @api.model
    def _follow_partner_merge(self, src_partners, dst_partner):
        """Contacts › Merge (base.partner.merge.automatic.wizard) absorbs
        ``src_partners`` into ``dst_partner``: their dossiers go to the kept
        customer (its commercial entity, like every dossier) before the wizard
        repoints the rest in SQL. The dossier records stay as they are (loans,
        access log, chatter keep pointing to them); only their customer changes,
        which the chatter records and which puts their label to reprint.

        Refused when the kept customer would then have two dossiers that are not
        closed in one company: the database would refuse it too."""
        # sudo: a merge moves every dossier of the merged contacts, whatever the
        # merging user may read; the refusal below names only those they may read.
        dossiers = self.sudo().search(
            [
                (
                    "partner_id",
                    "in",
                    (src_partners | dst_partner.commercial_partner_id).ids,
                )
            ]
        )
        moving = dossiers.filtered(lambda dossier: dossier.partner_id in src_partners)
        if not moving:
            return moving
        target = dst_partner.commercial_partner_id
        active = dossiers.filtered(lambda dossier: dossier.state in ACTIVE_STATES)
        for company, open_dossiers in active.grouped("company_id").items():
            if len(open_dossiers) > 1:
                raise UserError(
                    self._merge_refusal(
                        src_partners | dst_partner, company, open_dossiers
                    )
                )
        moved_from = {dossier: dossier.partner_id.display_name for dossier in moving}
        # A procedure: the customer of a filed dossier changes only here, with
        # the line below in its chatter.
        moving._procedure().write({"partner_id": target.id})
        for dossier in moving:
            dossier._message_log(
                body=self.env._(
                    "Contacts merged: %(absorbed)s was merged into %(kept)s, "
                    "to whom this dossier now belongs.",
                    absorbed=moved_from[dossier],
                    kept=target.display_name,
                )
            )
        return moving.with_env(self.env)

    def _merge_refusal(self, partners, company, open_dossiers):
        readable = open_dossiers.with_env(self.env)._filtered_access("read")
        # A dossier the user may not read is not revealed, nor that it exists.
        if readable != open_dossiers:
            return self._not_possible()
        message = self.env._(
            "%(contacts)s cannot be merged: more than one of them has a dossier that "
            "is not closed in %(company)s, and a customer keeps one open dossier. "
            "Close one of these dossiers first, then merge the contacts.",
            contacts=", ".join(partners.mapped("display_name")),
            company=company.name,
        )
        return (
            message
            + " "
            + self.env._(
                "Dossiers: %(references)s.",
                references=", ".join(readable.mapped("name")),
            )
        )

    # ------------------------------------------------------------------ crons

    @api.model
    def _late_archiving_note(self):
        """The reminder, in the custodian's language and date format."""
        env = self.with_context(lang=self.custodian_id.lang).env
        return env._(
            "The contract was completed on %(date)s: archive this dossier formally "
            "(the deadline was %(deadline)s).",
            date=format_date(env, self.date_completed),
            deadline=format_date(env, self.archive_deadline),
        )

    def _cron_remind_late_archiving(self, batch_size=500):
        """Give each custodian one activity per late dossier and deadline.

        Safe to re-run: an activity already scheduled for the same dossier and
        deadline is not created again."""
        activity_type = self.env.ref("partner_dossier.mail_activity_dossier_late")
        domain = (
            Domain("state", "=", "temporary")
            & archive_today_domain(
                self.env, lambda today: Domain("archive_deadline", "<", today)
            )
            & Domain("custodian_id", "!=", False)
        )
        last_id = 0
        while True:
            dossiers = self.search(
                domain & Domain("id", ">", last_id), order="id", limit=batch_size
            )
            if not dossiers:
                break
            last_id = dossiers[-1].id
            reminded = {
                (activity.res_id, activity.date_deadline)
                for activity in self.env["mail.activity"].search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", dossiers.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ]
                )
            }
            model_id = self.env["ir.model"]._get_id(self._name)
            # One batch insert; the custodians see the activities in their menu
            # (no e-mail per activity).
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": dossier.id,
                        "activity_type_id": activity_type.id,
                        "date_deadline": dossier.archive_deadline,
                        "user_id": dossier.custodian_id.id,
                        "automated": True,
                        "note": dossier._late_archiving_note(),
                    }
                    for dossier in dossiers
                    if (dossier.id, dossier.archive_deadline) not in reminded
                ]
            )
            if not self.env["ir.cron"]._commit_progress(len(dossiers)):
                break

    def _review_note(self):
        """The reminder, in the custodian's language and date format."""
        env = self.with_context(lang=self.custodian_id.lang).env
        if self.date_reviewed:
            return env._(
                "This key customer's dossier was last reviewed on %(date)s: review "
                "it (at least once a month) and click Reviewed.",
                date=format_date(env, fields.Date.to_date(self.date_reviewed)),
            )
        return env._(
            "This key customer's dossier has not been reviewed since it was opened "
            "on %(date)s: review it (at least once a month) and click Reviewed.",
            date=format_date(env, self.date_opened),
        )

    def _cron_remind_key_reviews(self, batch_size=500):
        """Give the custodian an activity for each key customer's dossier not
        reviewed for a month. Safe to re-run: a dossier that has a review
        activity already gets no second one."""
        activity_type = self.env.ref(REVIEW_ACTIVITY)
        domain = (
            Domain("state", "in", REVIEWED_STATES)
            & Domain("customer_type", "=", "key")
            & self._review_due_domain()
            & Domain("custodian_id", "!=", False)
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        last_id = 0
        while True:
            dossiers = self.search(
                domain & Domain("id", ">", last_id), order="id", limit=batch_size
            )
            if not dossiers:
                break
            last_id = dossiers[-1].id
            reminded = set(
                self.env["mail.activity"]
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", dossiers.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ]
                )
                .mapped("res_id")
            )
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": dossier.id,
                        "activity_type_id": activity_type.id,
                        "date_deadline": dossier.review_due_date,
                        "user_id": dossier.custodian_id.id,
                        "automated": True,
                        "note": dossier._review_note(),
                    }
                    for dossier in dossiers
                    if dossier.id not in reminded
                ]
            )
            if not self.env["ir.cron"]._commit_progress(len(dossiers)):
                break
