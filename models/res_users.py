from odoo import api, fields, models
from odoo.exceptions import AccessError

from .dossier_dossier import CONFIDENTIALITY_LEVELS, CONFIDENTIALITY_SELECTION


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
