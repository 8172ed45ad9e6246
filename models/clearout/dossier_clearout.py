from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from ...const import LOAN_UNDER_WAY_STATES, MANAGER_GROUP
from ...tools.dossier_timezone import archive_today

CLEAROUT_STATES = [
    ("proposed", "Proposed"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
]


class DossierClearout(models.Model):
    """The yearly clear-out of ended customers (每年整理一次退租客户档案): the job
    proposes closing the archived dossiers of customers without contract or
    activity for the company's number of months; a manager confirms the list,
    and the dossiers are closed through their Close Dossier procedure.

    A dossier's last activity is the latest of: its contract completion date, its
    formal archiving, the last note or message a person wrote on it (not its
    tracked changes or the jobs' notes: the office's own work), the last document
    added to or dated in its inventory, and the last loan requested."""

    _name = "dossier.clearout"
    _description = "Yearly Clear-out of Ended Customers"
    _inherit = ["mail.thread", "mail.activity.mixin", "dossier.procedure.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(
        string="Proposed On",
        required=True,
        readonly=True,
        default=lambda self: archive_today(self.env.company),
    )
    date_inactive_since = fields.Date(
        string="No Activity Since",
        readonly=True,
        help="Dossiers whose last activity is older than this date are proposed.",
    )
    state = fields.Selection(
        CLEAROUT_STATES,
        default="proposed",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    confirmed_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )
    date_confirmed = fields.Date(
        string="Confirmed On", readonly=True, copy=False, tracking=True
    )
    line_ids = fields.One2many(
        "dossier.clearout.line", "clearout_id", string="Dossiers to Close"
    )
    line_count = fields.Integer(compute="_compute_line_count")

    @api.depends("date")
    def _compute_name(self):
        for clearout in self:
            clearout.name = self.env._(
                "Clear-out %(year)s", year=clearout.date.year if clearout.date else ""
            )

    @api.depends("line_ids")
    def _compute_line_count(self):
        for clearout in self:
            clearout.line_count = len(clearout.line_ids)

    # ------------------------------------------------------------------ CRUD

    def _procedure_fields(self):
        confirmation = self.env._("the Confirm button")
        return {
            "state": self.env._("the Confirm and Cancel buttons"),
            "confirmed_by_id": confirmation,
            "date_confirmed": confirmation,
        }

    def _editable_fields(self):
        """What a plain write may change: a manager takes dossiers off the list of
        a proposal; the job proposes it, the buttons confirm or cancel it."""
        return {"proposed": {MANAGER_GROUP: {"line_ids"}}}

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)

    # ------------------------------------------------------------------ actions

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only dossier managers can confirm or cancel a clear-out.")
            )

    def _check_proposed(self):
        done = self.filtered(lambda clearout: clearout.state != "proposed")
        if done:
            raise UserError(
                self.env._(
                    "%(clearout)s is no longer a proposal: it was confirmed or "
                    "cancelled.",
                    clearout=done[0].display_name,
                )
            )

    def action_confirm(self):
        """Close the listed dossiers that are still archived, through their own
        Close Dossier procedure."""
        self._check_manager()
        self._check_proposed()
        for clearout in self:
            dossiers = clearout.line_ids.dossier_id.filtered(
                lambda dossier: dossier.state == "archived"
            )
            dossiers.action_close()
            clearout._procedure().write(
                {
                    "state": "confirmed",
                    "confirmed_by_id": self.env.uid,
                    "date_confirmed": archive_today(clearout.company_id),
                }
            )
            clearout.message_post(
                body=self.env._(
                    "%(count)s dossiers closed by the clear-out.", count=len(dossiers)
                )
            )
        return True

    def action_cancel(self):
        self._check_manager()
        self._check_proposed()
        self._procedure().write({"state": "cancelled"})
        return True

    def action_print_index(self):
        return self.env.ref(
            "partner_dossier.dossier_clearout_report_index"
        ).report_action(self)

    def _index_by_location(self):
        """The closed dossiers of the clear-out, by location (one page per box):
        [(location, dossiers)], locations in their order, dossiers by code."""
        self.ensure_one()
        dossiers = self.line_ids.dossier_id.filtered(
            lambda dossier: dossier.state == "closed"
        )
        groups = dossiers.grouped("location_id")
        return [
            (
                location,
                groups[location].sorted(
                    lambda dossier: (dossier.archive_code or "", dossier.name or "")
                ),
            )
            for location in sorted(
                groups, key=lambda location: location.complete_name or ""
            )
        ]

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_propose_clearouts(self, batch_size=1000):
        """Once a year: one proposal per company that sets a number of months,
        safe to re-run (a company's proposal of the year is made once)."""
        companies = self.env["res.company"].search(
            [("dossier_clearout_months", ">", 0)]
        )
        for company in companies:
            today = archive_today(company)
            exists = self.search_count(
                [
                    ("company_id", "=", company.id),
                    ("state", "!=", "cancelled"),
                    ("date", ">=", today.replace(month=1, day=1)),
                    ("date", "<=", today.replace(month=12, day=31)),
                ],
                limit=1,
            )
            if not exists:
                self._propose(company, today, batch_size=batch_size)
            if not self.env["ir.cron"]._commit_progress(1):
                break

    @api.model
    def _propose(self, company, today, batch_size=1000):
        """Read the company's archived dossiers in batches of ``batch_size``, keep
        the inactive ones, and propose them in one clear-out."""
        since = today - relativedelta(months=company.dossier_clearout_months)
        domain = [
            ("company_id", "=", company.id),
            ("state", "=", "archived"),
            ("loan_ids", "not any", [("state", "in", LOAN_UNDER_WAY_STATES)]),
        ]
        Dossier = self.env["dossier.dossier"]
        stale = {}
        last_id = 0
        while dossiers := Dossier.search(
            [*domain, ("id", ">", last_id)], order="id", limit=batch_size
        ):
            last_id = dossiers[-1].id
            last = dossiers._last_activity_dates()
            stale.update(
                (dossier_id, day) for dossier_id, day in last.items() if day < since
            )
            dossiers.invalidate_recordset()
        if not stale:
            return self.browse()
        clearout = self._procedure_create(
            {
                "company_id": company.id,
                "date": today,
                "date_inactive_since": since,
                "line_ids": [
                    Command.create({"dossier_id": dossier_id, "last_activity": day})
                    for dossier_id, day in stale.items()
                ],
            }
        )
        clearout._notify_managers()
        return clearout

    def _notify_managers(self):
        managers = self.env.ref(MANAGER_GROUP).all_user_ids.filtered(
            lambda user: self.company_id in user.company_ids and not user.share
        )
        for manager in managers:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.with_context(lang=manager.lang).env._(
                    "Confirm the yearly clear-out"
                ),
            )
