from odoo import api, fields, models


class DossierDisposalLine(models.Model):
    _name = "dossier.disposal.line"
    _description = "Dossier Disposal Line"
    _inherit = ["dossier.procedure.mixin"]
    _order = "disposal_id, sequence, id"
    _rec_name = "dossier_id"
    _check_company_auto = True

    _one_disposal_under_way = models.UniqueIndex(
        "(dossier_id) WHERE state IN ('proposed', 'approved')",
        "This dossier is already in a disposal under way: execute or cancel that "
        "one first.",
    )

    disposal_id = fields.Many2one(
        "dossier.disposal", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    dossier_id = fields.Many2one(
        "dossier.dossier",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('state', '=', 'closed')]",
    )
    state = fields.Selection(related="disposal_id.state", store=True)
    company_id = fields.Many2one(
        related="disposal_id.company_id", store=True, index=True
    )
    # What the inventory of a disposal shows of each dossier, even to archivists
    # below the dossier's clearance: references and dates, not the content.
    partner_id = fields.Many2one(related="dossier_id.partner_id")
    category_id = fields.Many2one(related="dossier_id.category_id")
    date_closed = fields.Date(related="dossier_id.date_closed")
    retention_policy_id = fields.Many2one(related="dossier_id.retention_policy_id")
    retention_until = fields.Date(related="dossier_id.retention_until")
    legal_hold = fields.Boolean(related="dossier_id.legal_hold")
    document_count = fields.Integer(related="dossier_id.document_count")

    def _procedure_fields(self):
        return {
            "state": self.env._(
                "the Approve, Execute and Cancel buttons of the disposal"
            ),
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        if not self.env.su:
            disposal_ids = {vals.get("disposal_id") for vals in vals_list}
            self.env["dossier.disposal"].browse(disposal_ids)._check_list_editable()
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        if not self.env.su:
            self.disposal_id._check_list_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_proposed(self):
        self.disposal_id._check_list_editable()
