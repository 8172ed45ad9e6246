from odoo import api, fields, models

from ..const import ARCHIVIST_GROUP


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

    def _editable_fields(self):
        """What a plain write may change: the list of a proposal (its dossiers,
        their order, the proposal a line is in); a line of an approved, executed
        or cancelled disposal is kept as it was."""
        return {
            "proposed": {ARCHIVIST_GROUP: {"sequence", "dossier_id", "disposal_id"}},
        }

    def _initial_state(self):
        # The state is the disposal's: a line is created in a proposal (create
        # refuses any other), so it is checked against a proposal's list.
        return "proposed"

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        disposals = self.env["dossier.disposal"].browse(
            {vals.get("disposal_id") for vals in vals_list}
        )
        # The superuser too: only a procedure fills a disposal that is no proposal.
        if not self._in_procedure():
            disposals._check_list_editable()
        lines = super().create(vals_list)
        lines.disposal_id._record_list_editor()
        return lines

    def write(self, vals):
        self = self._register_write(vals)
        moved = vals.keys() & {"dossier_id", "disposal_id"}
        target = self.env["dossier.disposal"].browse(vals.get("disposal_id"))
        if moved and not self._in_procedure():
            # A line moves only into a proposal (the list above checks the one it
            # leaves).
            target._check_list_editable()
        before = self.disposal_id
        result = super().write(vals)
        if moved:
            (before | target)._record_list_editor()
        return result

    def unlink(self):
        disposals = self.disposal_id
        result = super().unlink()
        # A line goes with its disposal only when the addon is uninstalled.
        disposals.exists()._record_list_editor()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_proposed(self):
        self.disposal_id._check_list_editable()
