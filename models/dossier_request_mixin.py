from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import MANAGER_GROUP


class DossierRequestMixin(models.AbstractModel):
    """A request about a dossier that a manager other than its requester decides
    (a consultation, a share): who may decide, their activity, the checks before
    a decision. The model has ``dossier_id``, ``company_id``, ``requester_id``
    and ``state`` ("requested" until it is decided) and names its managers'
    activity in ``_request_activity``."""

    _name = "dossier.request.mixin"
    _description = "Dossier Request Decided by Another Manager"
    _request_activity = None

    # For the form: only the requester changes, cancels or withdraws the
    # request; only others decide on it.
    is_requester = fields.Boolean(compute="_compute_is_requester")

    @api.depends("requester_id")
    @api.depends_context("uid")
    def _compute_is_requester(self):
        for request in self:
            request.is_requester = request.requester_id == self.env.user

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

    def _ask_managers(self, note):
        """Each deciding manager's activity; ``note(request)`` says what it is
        about (its reference and purpose or recipient, never the content)."""
        for request in self:
            # sudo: the requester schedules the managers' activity on their own
            # request.
            for manager in request._deciding_managers():
                request.sudo().activity_schedule(
                    self._request_activity, user_id=manager.id, note=note(request)
                )

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
