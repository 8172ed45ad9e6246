from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import CONFIDENTIALITY_SELECTION, MANAGER_GROUP, USER_GROUP

REQUEST_STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]


class DossierRequestMixin(models.AbstractModel):
    """A request about a dossier that a manager other than its requester decides
    (a consultation, a share): what is asked, by whom, the decision, who may
    decide, their activity, the checks before a decision.

    The model is a register: it inherits dossier.procedure.mixin too, and this
    mixin first of its parents, so that the create and write here run first, as
    a register's own must (before mail.thread's), and ``_editable_fields`` here
    replaces the procedure mixin's empty one. It names its managers' activity in
    ``_request_activity``, what the requester asks for (theirs to change until
    it is decided, no one else's) in ``_request_fields``, and checks a request
    in ``_check_asked`` and ``_check_request``."""

    _name = "dossier.request.mixin"
    _description = "Dossier Request Decided by Another Manager"
    _request_activity = None
    _request_fields = frozenset()

    name = fields.Char(string="Reference", readonly=True, copy=False)
    dossier_id = fields.Many2one(
        "dossier.dossier",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    # The dossier's: a request is made in the company of the dossier it names.
    company_id = fields.Many2one(
        related="dossier_id.company_id", store=True, index=True
    )
    confidentiality = fields.Selection(
        CONFIDENTIALITY_SELECTION,
        readonly=True,
        help="The dossier's confidentiality when the request was made.",
    )
    requester_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        index=True,
    )
    purpose = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        REQUEST_STATES,
        required=True,
        default="requested",
        readonly=True,
        tracking=True,
    )
    approver_id = fields.Many2one("res.users", readonly=True)
    date_decided = fields.Datetime(string="Decided On", readonly=True)
    refuse_reason = fields.Text(string="Reason for the Refusal", tracking=True)
    # For the form: only the requester changes, cancels or withdraws the
    # request; only others decide on it.
    is_requester = fields.Boolean(compute="_compute_is_requester")

    @api.depends("requester_id")
    @api.depends_context("uid")
    def _compute_is_requester(self):
        for request in self:
            request.is_requester = request.requester_id == self.env.user

    # ------------------------------------------------------------ the register

    def _editable_fields(self):
        return {
            "requested": {
                USER_GROUP: set(self._request_fields),
                MANAGER_GROUP: {"refuse_reason"},
            },
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        for vals in vals_list:
            dossier = self.env["dossier.dossier"].browse(vals.get("dossier_id"))
            # The request is about a dossier its requester may list.
            dossier.check_access("read")
            vals["confidentiality"] = dossier.confidentiality
            self._check_asked(vals)
            # sudo: requesters may not read sequences.
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code(self._name)
        requests = super().create(vals_list)
        for request in requests:
            request._check_request()
        requests.filtered(lambda request: request.state == "requested")._ask_managers()
        return requests

    def write(self, vals):
        self = self._register_write(vals)
        asked = self._request_fields.intersection(vals)
        if asked and not self._in_procedure():
            others = self.filtered(
                lambda request: request.requester_id != self.env.user
            )
            if not all(
                others._procedure_write_ok(fname, vals[fname]) for fname in asked
            ):
                raise UserError(
                    self.env._(
                        "%(request)s: only its requester changes the request.",
                        request=others[0].name,
                    )
                )
            for request in self:
                request._check_asked(vals)
        result = super().write(vals)
        if asked:
            for request in self:
                request._check_request()
        return result

    def _check_asked(self, vals):
        """Check what ``vals`` asks for before it is written (``self``: the
        request it changes, none on create), in a sentence rather than by the
        error of writing it."""

    def _check_request(self):
        """Check what the written request asks for (one request)."""

    @api.ondelete(at_uninstall=False)
    def _unlink_only_requests(self):
        kept = self.filtered(lambda request: request.state != "requested")
        if kept:
            raise UserError(
                self.env._(
                    "%(request)s has been decided or cancelled and is kept in its "
                    "register.",
                    request=kept[0].name,
                )
            )

    # ------------------------------------------------------------ actions

    def action_refuse(self):
        self._check_can_decide()
        if any(not (request.refuse_reason or "").strip() for request in self):
            raise UserError(
                self.env._(
                    "Give the reason for the refusal: the requester will read it."
                )
            )
        self._procedure().write(
            {
                "state": "refused",
                "approver_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        self._close_activities()
        return True

    def action_cancel(self):
        if any(request.requester_id != self.env.user for request in self):
            raise AccessError(self.env._("You can only cancel your own requests."))
        self._check_state("requested", self.env._("cancel"))
        self._procedure().write({"state": "cancelled"})
        self._close_activities()
        return True

    # ------------------------------------------------------------ the decision

    def _deciding_managers(self):
        """The managers who may decide on this request: cleared for the dossier,
        of its company, other than the requester."""
        self.ensure_one()
        managers = self.env.ref(MANAGER_GROUP).sudo().all_user_ids
        # sudo: the dossier's level is compared, not shown.
        level = self.dossier_id.sudo().confidentiality_level
        return managers.filtered(
            lambda user: (
                user != self.requester_id
                and user.dossier_clearance_level >= level
                and self.company_id in user.company_ids
            )
        )

    def _ask_managers(self):
        """Each deciding manager's activity, its note from ``_activity_note``."""
        for request in self:
            # sudo: the requester schedules the managers' activity on their own
            # request.
            for manager in request._deciding_managers():
                request.sudo().activity_schedule(
                    self._request_activity,
                    user_id=manager.id,
                    note=request._activity_note(),
                )

    def _activity_note(self):
        """What the managers' activity says the request is about: never the
        dossier's content."""
        return self.purpose

    def _close_activities(self):
        # sudo: the decision closes every manager's activity, not only the
        # decider's own.
        self.sudo().activity_unlink([self._request_activity])

    def _check_can_decide(self):
        user = self.env.user
        if not user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only dossier managers decide on requests."))
        for request in self:
            if request.state != "requested":
                raise UserError(
                    self.env._(
                        "%(request)s has already been decided.", request=request.name
                    )
                )
            if request.requester_id == user:
                raise UserError(
                    self.env._(
                        "You cannot decide on your own request %(request)s: another "
                        "manager must.",
                        request=request.name,
                    )
                )
            request._check_cleared(user)

    def _check_cleared(self, user):
        # sudo: the dossier's level is compared, not shown.
        if user.dossier_clearance_level < self.dossier_id.sudo().confidentiality_level:
            raise AccessError(
                self.env._(
                    "Your clearance does not cover the dossier of %(request)s.",
                    request=self.name,
                )
            )
