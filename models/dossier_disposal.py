from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import LazyTranslate
from odoo.tools.misc import format_date

from ..const import ARCHIVIST_GROUP, MANAGER_GROUP, STAFF_USER_DOMAIN
from ..tools.dossier_languages import company_lang, post_note_per_lang
from ..tools.dossier_timezone import archive_today
from .dossier_retention_policy import DISPOSAL_ACTIONS

_lt = LazyTranslate(__name__)

DISPOSAL_STATES = [
    ("proposed", "Proposed"),
    ("approved", "Approved"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# A dossier is in at most one disposal in these states (see dossier.disposal.line).
OPEN_DISPOSAL_STATES = ("proposed", "approved")
DESTRUCTION_METHODS = [
    ("shredding", "Shredding"),
    ("pulping", "Pulping"),
    ("incineration", "Incineration"),
    ("other", "Other"),
]


class DossierDisposal(models.Model):
    """Separation of duties in a disposal: the witnesses (监销人) watch two other
    people, the approver and the executor, and are two different people. Neither
    the proposer nor whoever changed the list of dossiers last approves (see
    action_approve)."""

    _name = "dossier.disposal"
    _description = "Dossier Disposal"
    _inherit = [
        "dossier.content.thread",
        "mail.activity.mixin",
        "dossier.procedure.mixin",
    ]
    _dossier_content_path = "line_ids.dossier_id"
    _dossier_neutral_name = _lt("A disposal")
    _order = "date desc, id desc"
    _check_company_auto = True

    _witnesses_differ = models.Constraint(
        "CHECK (witness_1_id IS NULL OR witness_2_id IS NULL "
        "OR witness_1_id != witness_2_id)",
        "The two witnesses of a disposal must be two different people.",
    )
    _approver_not_witness = models.Constraint(
        "CHECK (approver_id IS NULL OR (approver_id IS DISTINCT FROM witness_1_id "
        "AND approver_id IS DISTINCT FROM witness_2_id))",
        "The manager who approves a disposal cannot also be one of its witnesses.",
    )

    name = fields.Char(string="Disposal Number", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        DISPOSAL_STATES,
        default="proposed",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    disposal_type = fields.Selection(
        DISPOSAL_ACTIONS,
        string="Action",
        default="destroy",
        required=True,
        tracking=True,
        help="Destroy the dossiers, transfer them to another archive, or review "
        "them and extend their retention.",
    )
    date = fields.Date(
        string="Planned Date",
        required=True,
        default=lambda self: archive_today(self.env.company),
        tracking=True,
        help="The retention of every dossier must have ended before this date.",
    )
    method = fields.Selection(
        DESTRUCTION_METHODS, string="Destruction Method", tracking=True
    )
    transfer_to = fields.Char(
        string="Transferred To",
        tracking=True,
        help="The archive or institution that receives the dossiers.",
    )
    review_years = fields.Integer(
        string="Extend by (Years)",
        tracking=True,
        help="A review keeps the dossiers this many more years, counted from the "
        "day it is executed.",
    )
    review_reason = fields.Text(tracking=True)
    proposer_id = fields.Many2one(
        "res.users",
        string="Proposed By",
        readonly=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    approver_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False, tracking=True
    )
    date_approved = fields.Date(string="Approved On", readonly=True, copy=False)
    witness_1_id = fields.Many2one(
        "res.users",
        string="First Witness",
        copy=False,
        tracking=True,
        domain=STAFF_USER_DOMAIN,
    )
    witness_2_id = fields.Many2one(
        "res.users",
        string="Second Witness",
        copy=False,
        tracking=True,
        domain=STAFF_USER_DOMAIN,
    )
    list_editor_id = fields.Many2one(
        "res.users",
        string="List Last Changed By",
        readonly=True,
        copy=False,
        help="Whoever added or removed a dossier last (the scheduled job for the "
        "dossiers it proposes): they do not approve the list.",
    )
    executor_id = fields.Many2one(
        "res.users", string="Executed By", readonly=True, copy=False, tracking=True
    )
    date_done = fields.Date(string="Executed On", readonly=True, copy=False)
    line_ids = fields.One2many(
        "dossier.disposal.line", "disposal_id", string="Dossiers", copy=False
    )
    dossier_count = fields.Integer(compute="_compute_dossier_count")
    notes = fields.Html()

    @api.depends("line_ids")
    def _compute_dossier_count(self):
        for disposal in self:
            disposal.dossier_count = len(disposal.line_ids)

    # The two witnesses differ and the approver is not one of them: the CHECK
    # constraints above.
    @api.constrains("witness_1_id", "witness_2_id", "executor_id")
    def _check_executor_not_witness(self):
        for disposal in self:
            witnesses = disposal.witness_1_id | disposal.witness_2_id
            if disposal.executor_id in witnesses:
                raise ValidationError(
                    self.env._(
                        "Whoever executes a disposal cannot also be one of its "
                        "witnesses: the witnesses watch someone else do it."
                    )
                )

    def _procedure_fields(self):
        approval = self.env._("the Approve button")
        execution = self.env._("the Execute button")
        return {
            "state": self.env._("the Propose, Approve, Execute and Cancel buttons"),
            "proposer_id": self.env._(
                "the Propose button: whoever proposes is the proposer"
            ),
            "approver_id": approval,
            "list_editor_id": self.env._(
                "the list of dossiers: whoever changes it is recorded"
            ),
            "date_approved": approval,
            "executor_id": execution,
            "date_done": execution,
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        for vals in vals_list:
            # Whoever creates the proposal is its proposer: the approval depends
            # on it, so it is not taken from the client.
            if not self.env.su:
                vals["proposer_id"] = self.env.uid
            company = self.env["res.company"].browse(vals.get("company_id"))
            # sudo: archivists propose disposals but may not read sequences.
            vals["name"] = (
                self.env["ir.sequence"]
                .sudo()
                .with_company(company or self.env.company)
                .next_by_code("dossier.disposal")
            )
        return super().create(vals_list)

    def _editable_fields(self):
        """What a plain write may change (a form, an import, any RPC call), by the
        disposal's state: everything else is set by the Propose, Approve, Execute
        and Cancel buttons. Once approved, only the witnesses and the notes."""
        return {
            "proposed": {
                ARCHIVIST_GROUP: {
                    "date",
                    "disposal_type",
                    "method",
                    "transfer_to",
                    "review_years",
                    "review_reason",
                    "witness_1_id",
                    "witness_2_id",
                    "line_ids",
                    "notes",
                }
            },
            "approved": {ARCHIVIST_GROUP: {"witness_1_id", "witness_2_id", "notes"}},
        }

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)

    def _check_list_editable(self):
        states = dict(self._fields["state"]._description_selection(self.env))
        for disposal in self:
            if disposal.state != "proposed":
                raise UserError(
                    self.env._(
                        "Disposal %(disposal)s is %(state)s: its list of dossiers "
                        "cannot change any more.",
                        disposal=disposal.display_name,
                        state=states[disposal.state],
                    )
                )

    def _record_list_editor(self):
        """Whoever adds, moves or removes a dossier of these proposals is their
        list's last editor (see action_approve)."""
        self._procedure().write({"list_editor_id": self.env.uid})

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A disposal is kept for the record and cannot be deleted: cancel it "
                "instead."
            )
        )

    # ------------------------------------------------------------------ actions

    def _check_group(self, xmlid, message):
        if not self.env.user.has_group(xmlid):
            raise AccessError(message)

    def _check_ready(self, date):
        """Everything the disposal needs to go ahead on ``date``, or a UserError
        that lists what is missing."""
        self.ensure_one()
        if not self.line_ids:
            raise UserError(
                self.env._(
                    "Disposal %(disposal)s has no dossiers.",
                    disposal=self.display_name,
                )
            )
        if self.disposal_type == "destroy" and not self.method:
            raise UserError(
                self.env._(
                    "Choose how the dossiers of disposal %(disposal)s are destroyed.",
                    disposal=self.display_name,
                )
            )
        if self.disposal_type == "transfer" and not self.transfer_to:
            raise UserError(
                self.env._(
                    "Say which archive receives the dossiers of disposal %(disposal)s.",
                    disposal=self.display_name,
                )
            )
        if self.disposal_type == "review" and (
            self.review_years <= 0 or not (self.review_reason or "").strip()
        ):
            raise UserError(
                self.env._(
                    "Give the number of years the dossiers of disposal %(disposal)s "
                    "are kept longer, and the reason.",
                    disposal=self.display_name,
                )
            )
        problems = self.line_ids.dossier_id._disposal_problems(date)
        if problems:
            raise UserError(
                self.env._(
                    "Disposal %(disposal)s cannot go ahead on %(date)s:\n%(problems)s",
                    disposal=self.display_name,
                    date=format_date(self.env, date),
                    problems="\n".join(
                        f"- {dossier.display_name}: {problem}"
                        for dossier, problem in problems.items()
                    ),
                )
            )

    def action_approve(self):
        self._check_group(
            MANAGER_GROUP,
            self.env._("Only dossier managers can approve a disposal."),
        )
        self._check_state(("proposed",), self.env._("approve"))
        for disposal in self:
            if disposal.proposer_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You proposed disposal %(disposal)s: another manager must "
                        "approve it.",
                        disposal=disposal.display_name,
                    )
                )
            if disposal.list_editor_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You changed the list of disposal %(disposal)s last: another "
                        "manager must approve it.",
                        disposal=disposal.display_name,
                    )
                )
            if self.env.user in disposal.witness_1_id | disposal.witness_2_id:
                raise UserError(
                    self.env._(
                        "You are a witness of disposal %(disposal)s: another "
                        "manager must approve it.",
                        disposal=disposal.display_name,
                    )
                )
            disposal._check_witnesses_staff()
            disposal._check_ready(disposal.date)
        for company, disposals in self.grouped("company_id").items():
            disposals._procedure().write(
                {
                    "state": "approved",
                    "approver_id": self.env.uid,
                    "date_approved": archive_today(company),
                }
            )
        return True

    def action_done(self):
        """Carry out the approved disposal, in front of its witnesses, who watch
        someone else press Execute."""
        for disposal in self:
            if self.env.user in disposal.witness_1_id | disposal.witness_2_id:
                raise UserError(
                    self.env._(
                        "You are a witness of disposal %(disposal)s: the witnesses "
                        "watch someone else execute it. Another archivist or manager "
                        "must press Execute.",
                        disposal=disposal.display_name,
                    )
                )
        self._check_group(
            ARCHIVIST_GROUP,
            self.env._("Only archivists and dossier managers can execute a disposal."),
        )
        self._check_state(("approved",), self.env._("execute"))
        for disposal in self:
            today = archive_today(disposal.company_id)
            disposal._check_witnesses()
            disposal._check_witnesses_staff()
            self.env.user._check_dossier_staff(
                disposal.company_id,
                self.env._(
                    "the executor of disposal %(disposal)s",
                    disposal=disposal.display_name,
                ),
            )
            dossiers = disposal.line_ids.dossier_id
            hidden = dossiers - dossiers._filtered_access("write")
            if hidden:
                raise AccessError(
                    self.env._(
                        "Disposal %(disposal)s includes dossiers above your "
                        "clearance: someone cleared for them must execute it.",
                        disposal=disposal.display_name,
                    )
                )
            disposal._check_ready(today)
            if disposal.disposal_type == "review":
                dossiers._review_retention(disposal)
            else:
                dossiers._dispose(disposal)
            disposal._procedure().write(
                {"state": "done", "executor_id": self.env.uid, "date_done": today}
            )
        return True

    def _check_witnesses(self):
        self.ensure_one()
        if self.disposal_type == "review":
            return
        if not (self.witness_1_id and self.witness_2_id):
            raise UserError(
                self.env._(
                    "Record the two witnesses of disposal %(disposal)s before "
                    "executing it.",
                    disposal=self.display_name,
                )
            )

    def _check_witnesses_staff(self):
        """The witnesses are, when the disposal is approved and when it is
        executed, active internal users of its company."""
        self.ensure_one()
        for witness in self.witness_1_id | self.witness_2_id:
            witness._check_dossier_staff(
                self.company_id,
                self.env._(
                    "a witness of disposal %(disposal)s", disposal=self.display_name
                ),
            )

    def action_cancel(self):
        self._check_group(
            ARCHIVIST_GROUP,
            self.env._("Only archivists and dossier managers can cancel a disposal."),
        )
        self._check_state(OPEN_DISPOSAL_STATES, self.env._("cancel"))
        self._procedure().write({"state": "cancelled"})
        return True

    def action_view_dossiers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_dossier_action"
        )
        action["domain"] = [("id", "in", self.line_ids.dossier_id.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------ proposals

    @api.model
    def _propose(self, dossiers, date=None, add_to_open=False):
        """Put ``dossiers`` into proposals, one per company and action of their
        retention policy. With ``add_to_open``, into the proposal of that
        company and action already waiting, if any (the scheduled job). A
        procedure: its callers (the wizard, the job) pass only dossiers due on
        ``date`` (by default, the archive's today of their company); the
        company and the list are set here, not typed."""
        groups = defaultdict(lambda: self.env["dossier.dossier"])
        for dossier in dossiers:
            key = (dossier.company_id, dossier.retention_policy_id.disposal_action)
            groups[key] |= dossier
        disposals = self.browse()
        for (company, disposal_type), group in groups.items():
            day = date or archive_today(company)
            lines = [Command.create({"dossier_id": dossier.id}) for dossier in group]
            disposal = add_to_open and self.search(
                [
                    ("state", "=", "proposed"),
                    ("company_id", "=", company.id),
                    ("disposal_type", "=", disposal_type),
                ],
                order="id desc",
                limit=1,
            )
            if disposal:
                disposal._procedure().write(
                    {"line_ids": lines, "date": max(disposal.date, day)}
                )
            else:
                disposal = self._procedure_create(
                    {
                        "company_id": company.id,
                        "disposal_type": disposal_type,
                        "date": day,
                        "line_ids": lines,
                    }
                )
            disposal._notify_archivists(len(group))
            disposals |= disposal
        return disposals

    def _notify_archivists(self, count):
        self.ensure_one()
        archivists = self.env.ref(ARCHIVIST_GROUP).all_user_ids
        archivists = archivists.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        )
        post_note_per_lang(
            self,
            archivists.partner_id,
            lambda env: (
                env._(
                    "One dossier is due for disposal and was added to this proposal: "
                    "check it and submit the proposal for approval."
                )
                if count == 1
                else env._(
                    "%(count)s dossiers are due for disposal and were added to this "
                    "proposal: check the list and submit it for approval.",
                    count=count,
                )
            ),
            lang=company_lang(self.env, self.company_id),
        )

    @api.model
    def _cron_propose_disposals(self, batch_size=500):
        """Propose every dossier whose retention has ended to the archivists.

        Safe to re-run and to run on several workers: a dossier already in a
        proposal under way is not taken again (and a unique index forbids it).
        Each batch leaves the search once proposed, so the loop walks the
        partial index _due_for_disposal_search in order and never scans the
        table; only the dossiers out on loan are remembered, to skip them."""
        dossier_model = self.env["dossier.dossier"]
        disposable = dossier_model._disposable_domain()
        on_loan = []
        while True:
            dossiers = dossier_model.search(
                disposable & Domain("id", "not in", on_loan),
                order="retention_until, id",
                limit=batch_size,
            )
            if not dossiers:
                break
            free = dossiers._without_open_loans()
            on_loan += (dossiers - free).ids
            self._propose(free, add_to_open=True)
            if not self.env["ir.cron"]._commit_progress(len(dossiers)):
                break
