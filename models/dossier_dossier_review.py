from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

REVIEW_ACTIVITY = "partner_dossier.mail_activity_dossier_review"
REVIEW_SUBTYPE = "partner_dossier.mt_dossier_reviewed"
# The dossiers of key customers are reviewed at least once a month
# (重要客户每月至少一次档案更新).
REVIEW_INTERVAL = relativedelta(months=1)
# A dossier is reviewed while its customer relationship runs.
REVIEWED_STATES = ("temporary", "archived")


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
    """Key customers' dossiers are reviewed monthly.

    A key customer is the dossier's customer type *Key Account*: the type is set
    per dossier (so per company) by the archivist and already drives the
    follow-up visits; a second flag on the partner would say the same thing
    twice and could disagree with it."""

    _inherit = "dossier.dossier"

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
    @api.depends_context("tz")
    def _compute_is_review_due(self):
        today = fields.Date.context_today(self)
        for dossier in self:
            dossier.is_review_due = bool(
                dossier.review_due_date and dossier.review_due_date <= today
            )

    def _search_is_review_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        due = [("review_due_date", "<=", fields.Date.context_today(self))]
        if (operator == "=") == value:
            return due
        return ["!", *due]

    def action_mark_reviewed(self):
        """The custodian (or another archivist) has gone through the dossier: record
        who and when, in the chatter too, and answer the reminder."""
        if not self.env.user.has_group("partner_dossier.group_dossier_archivist"):
            raise UserError(
                self.env._("Only dossier archivists can record a dossier review.")
            )
        self._check_state(REVIEWED_STATES, self.env._("review"))
        now = fields.Datetime.now()
        self._procedure().write({"date_reviewed": now, "reviewer_id": self.env.uid})
        body = self.env._("Dossier reviewed by %(user)s.", user=self.env.user.name)
        # The messages come back as sudo from _message_log_batch, which wrote them.
        self._message_log_batch(
            dict.fromkeys(self.ids, body)
        ).subtype_id = self.env.ref(REVIEW_SUBTYPE)
        self.activity_feedback([REVIEW_ACTIVITY], feedback=self.env._("Reviewed."))
        return True

    # ------------------------------------------------------------------ cron

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
        domain = [
            ("state", "in", REVIEWED_STATES),
            ("customer_type", "=", "key"),
            ("review_due_date", "<=", fields.Date.context_today(self)),
            ("custodian_id", "!=", False),
        ]
        model_id = self.env["ir.model"]._get_id(self._name)
        last_id = 0
        while True:
            dossiers = self.search(
                [*domain, ("id", ">", last_id)], order="id", limit=batch_size
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
