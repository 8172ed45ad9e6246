from odoo import api, fields, models
from odoo.exceptions import UserError


class DossierClearoutLine(models.Model):
    _name = "dossier.clearout.line"
    _description = "Dossier Proposed in a Clear-out"
    _inherit = ["dossier.procedure.mixin"]
    _order = "clearout_id, location_id, id"
    _check_company_auto = True

    clearout_id = fields.Many2one(
        "dossier.clearout", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="clearout_id.company_id", store=True, index=True
    )
    dossier_id = fields.Many2one(
        "dossier.dossier",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(related="dossier_id.partner_id")
    archive_code = fields.Char(related="dossier_id.archive_code")
    location_id = fields.Many2one(related="dossier_id.location_id", store=True)
    dossier_state = fields.Selection(
        related="dossier_id.state", string="Dossier Status"
    )
    last_activity = fields.Date(
        readonly=True,
        help="The latest of the contract completion, the formal archiving, the last "
        "change of the dossier, its last document and its last loan request.",
    )

    def _editable_fields(self):
        """Nothing: the yearly job lists the dossiers and their last activity; a
        manager only takes a line off the list of a proposal."""
        return {None: {}}

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_proposed(self):
        if any(line.clearout_id.state != "proposed" for line in self):
            raise UserError(
                self.env._(
                    "A confirmed or cancelled clear-out keeps its list: dossiers are "
                    "taken off the list only while it is proposed."
                )
            )
