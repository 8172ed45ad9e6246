from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from ..const import FROZEN_STATES, OPEN_LOAN_STATES
from ..tools.dossier_timezone import archive_today

PENDING_LOAN_STATES = ("requested", "approved")


class DossierHandover(models.TransientModel):
    _name = "dossier.handover"
    _description = "Hand-over of a Leaving Employee's Dossiers"

    user_id = fields.Many2one(
        "res.users",
        string="Leaving Employee",
        required=True,
        domain="[('share', '=', False)]",
    )
    successor_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False), ('id', '!=', user_id)]",
        help="Becomes the custodian of every dossier the leaving employee keeps.",
    )
    # Frozen (disposed, transferred) dossiers keep their record as it was,
    # custodian included: they are not handed over.
    dossier_ids = fields.Many2many(
        "dossier.dossier",
        string="Dossiers Handed Over",
        compute="_compute_holdings",
        store=True,
    )
    loan_out_ids = fields.Many2many(
        "dossier.loan",
        "dossier_handover_loan_out_rel",
        string="Loans Still Out",
        compute="_compute_holdings",
        store=True,
    )
    pending_loan_ids = fields.Many2many(
        "dossier.loan",
        "dossier_handover_loan_pending_rel",
        string="Pending Requests",
        compute="_compute_holdings",
        store=True,
        help="Requested or approved, not checked out: cancelled by the hand-over, "
        "as the employee leaves.",
    )
    date_done = fields.Datetime(string="Handed Over On", readonly=True)

    @api.depends("user_id")
    def _compute_holdings(self):
        # sudo: the hand-over covers every dossier and loan of the leaver, also
        # those above the manager's own view (managers see all, but rules of a
        # company not selected would hide some).
        Dossier = self.env["dossier.dossier"].sudo()
        Loan = self.env["dossier.loan"].sudo()
        for wizard in self:
            user = wizard.user_id
            wizard.dossier_ids = (
                Dossier.search(
                    [("custodian_id", "=", user.id), ("state", "not in", FROZEN_STATES)]
                )
                if user
                else Dossier
            )
            loans = (
                Loan.search(
                    [
                        ("borrower_id", "=", user.id),
                        ("state", "in", (*OPEN_LOAN_STATES, *PENDING_LOAN_STATES)),
                    ]
                )
                if user
                else Loan
            )
            wizard.loan_out_ids = loans.filtered(
                lambda loan: loan.state in OPEN_LOAN_STATES
            )
            wizard.pending_loan_ids = loans - wizard.loan_out_ids

    def _check_can_hand_over(self):
        if not self.env.user.has_group("partner_dossier.group_dossier_manager"):
            raise AccessError(
                self.env._(
                    "Only dossier managers hand over a leaving employee's dossiers."
                )
            )
        if not self.successor_id:
            raise UserError(
                self.env._("Choose the successor who takes the dossiers over.")
            )
        if self.successor_id == self.user_id:
            raise UserError(
                self.env._(
                    "%(user)s cannot hand over to themselves.", user=self.user_id.name
                )
            )
        if not self.successor_id.active:
            raise UserError(
                self.env._(
                    "%(user)s is no longer active: choose an active successor.",
                    user=self.successor_id.name,
                )
            )
        if not self.successor_id.has_group("partner_dossier.group_dossier_user"):
            raise UserError(
                self.env._(
                    "%(user)s has no access to dossiers: give them a dossier role first.",
                    user=self.successor_id.name,
                )
            )
        successor = self.successor_id
        if not successor.has_group("partner_dossier.group_dossier_manager"):
            above = self.dossier_ids.filtered(
                lambda dossier: (
                    dossier.confidentiality_level > successor.dossier_clearance_level
                )
            )
            if above:
                if len(above) == 1:
                    message = self.env._(
                        "%(user)s's clearance is too low for dossier %(dossier)s: "
                        "raise it first or choose another successor.",
                        user=successor.name,
                        dossier=above.name,
                    )
                else:
                    message = self.env._(
                        "%(user)s's clearance is too low for %(count)s of these "
                        "dossiers (e.g. %(dossier)s): raise it first or choose "
                        "another successor.",
                        user=successor.name,
                        count=len(above),
                        dossier=above[0].name,
                    )
                raise UserError(message)
        if self.loan_out_ids:
            if len(self.loan_out_ids) == 1:
                message = self.env._(
                    "%(user)s still holds loan %(loans)s out: it must be returned "
                    "before the hand-over.",
                    user=self.user_id.name,
                    loans=self.loan_out_ids.name,
                )
            else:
                message = self.env._(
                    "%(user)s still holds %(count)s loans out (%(loans)s): they must "
                    "be returned before the hand-over.",
                    user=self.user_id.name,
                    count=len(self.loan_out_ids),
                    loans=", ".join(self.loan_out_ids.mapped("name")),
                )
            raise UserError(message)

    def action_hand_over(self):
        self.ensure_one()
        self._check_can_hand_over()
        dossiers = self.dossier_ids
        # sudo: see _compute_holdings; the manager's right was checked above.
        dossiers.sudo().write({"custodian_id": self.successor_id.id})
        self.pending_loan_ids.sudo()._procedure().write({"state": "cancelled"})
        body = Markup("%s") % self.env._(
            "Handed over by %(leaver)s to %(successor)s (hand-over of %(date)s, by "
            "%(manager)s).",
            leaver=self.user_id.name,
            successor=self.successor_id.name,
            date=format_date(self.env, archive_today(self.env.company)),
            manager=self.env.user.name,
        )
        dossiers._message_log_batch(dict.fromkeys(dossiers.ids, body))
        self.date_done = fields.Datetime.now()
        # The list keeps what was handed over, printed for signature.
        return self.env.ref("partner_dossier.dossier_handover_report").report_action(
            self
        )
