from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import (
    CONFIDENTIALITY_LEVELS,
    CONFIDENTIALITY_SELECTION,
    FROZEN_STATES,
    OPEN_LOAN_STATES,
)


class ResUsers(models.Model):
    _inherit = "res.users"

    dossier_clearance = fields.Selection(
        CONFIDENTIALITY_SELECTION,
        default="internal",
        required=True,
        help="The most confidential dossiers this user may see. "
        "Dossier managers see every dossier.",
    )
    # Read by the record rules, which compare it with dossier.confidentiality_level.
    dossier_clearance_level = fields.Integer(compute="_compute_dossier_clearance_level")

    @api.depends("dossier_clearance")
    def _compute_dossier_clearance_level(self):
        for user in self:
            user.dossier_clearance_level = CONFIDENTIALITY_LEVELS[
                user.dossier_clearance
            ]

    def write(self, vals):
        if vals.get("active") is False:
            self._check_no_dossier_holdings()
        if "dossier_clearance" not in vals:
            return super().write(vals)
        if not self.env.su:
            if not self.env.user.has_group("partner_dossier.group_dossier_manager"):
                raise AccessError(
                    self.env._("Only dossier managers can change clearances.")
                )
            if self.env.user in self:
                raise AccessError(
                    self.env._("You cannot change your own dossier clearance.")
                )
        clearance = vals.pop("dossier_clearance")
        # sudo: a dossier manager is usually not a user administrator; this lets them
        # set the clearance, and only the clearance, of other users.
        super(ResUsers, self.sudo()).write({"dossier_clearance": clearance})
        # Record rules compare with the clearance and are cached per user.
        self.env.registry.clear_cache()
        return super().write(vals) if vals else True

    def _check_dossier_staff(self, company, role):
        """Refuse, at the moment a procedure decides, a witness, executor or person
        responsible (``role``, as the user reads it) who is not an active internal
        user of ``company``: the field's domain only filters what the form offers."""
        # sudo: whether a user is active, internal and of the company is checked
        # whoever decides; a user of another company may be unreadable to them.
        for user in self.sudo():
            if not user.active or user.share or company not in user.company_ids:
                raise UserError(
                    self.env._(
                        "%(user)s cannot be %(role)s: only an active internal user "
                        "of %(company)s can.",
                        user=user.name,
                        role=role,
                        company=company.name,
                    )
                )

    def _check_no_dossier_holdings(self):
        """A leaving employee hands everything over first: archiving a user who is
        still custodian of dossiers or has loans out is refused. One aggregate per
        model for the whole batch of users."""
        # sudo: the gate counts every dossier and loan, whoever deactivates.
        dossiers = dict(
            self.env["dossier.dossier"]
            .sudo()
            ._read_group(
                [("custodian_id", "in", self.ids), ("state", "not in", FROZEN_STATES)],
                ["custodian_id"],
                ["__count"],
            )
        )
        loans = dict(
            self.env["dossier.loan"]
            .sudo()
            ._read_group(
                [("borrower_id", "in", self.ids), ("state", "in", OPEN_LOAN_STATES)],
                ["borrower_id"],
                ["__count"],
            )
        )
        for user in self:
            if dossiers.get(user) or loans.get(user):
                raise UserError(
                    self._holdings_message(
                        user, dossiers.get(user, 0), loans.get(user, 0)
                    )
                )

    def _holdings_message(self, user, dossiers, loans):
        """Why ``user`` cannot be archived yet, each count in good English (one
        dossier, 2 dossiers) and in a sentence a translator can render whole."""
        if dossiers == 1:
            held = self.env._("one dossier")
        else:
            held = self.env._("%(count)s dossiers", count=dossiers)
        if loans == 1:
            out = self.env._("one loan out")
        else:
            out = self.env._("%(count)s loans out", count=loans)
        if not loans:
            return self.env._(
                "%(user)s is still custodian of %(dossiers)s. Use Dossiers › "
                "Configuration › Hand-over of a Leaver before archiving them.",
                user=user.name,
                dossiers=held,
            )
        if not dossiers:
            return self.env._(
                "%(user)s still has %(loans)s. Return the loans before archiving them.",
                user=user.name,
                loans=out,
            )
        return self.env._(
            "%(user)s is still custodian of %(dossiers)s and has %(loans)s. Return "
            "the loans, then use Dossiers › Configuration › Hand-over of a Leaver "
            "before archiving them.",
            user=user.name,
            dossiers=held,
            loans=out,
        )
