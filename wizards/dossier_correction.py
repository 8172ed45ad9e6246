from odoo import fields, models


class DossierCorrection(models.TransientModel):
    _name = "dossier.correction"
    _description = "Correction of a Filed Dossier"

    dossier_id = fields.Many2one("dossier.dossier", required=True, readonly=True)
    correction_type = fields.Selection(
        [
            ("retention", "Change Retention"),
            ("remove_documents", "Remove Documents"),
        ],
        required=True,
        readonly=True,
    )
    retention_policy_id = fields.Many2one(
        "dossier.retention.policy", string="New Retention Policy"
    )
    document_ids = fields.Many2many(
        "dossier.document",
        string="Documents to Remove",
        domain="[('dossier_id', '=', dossier_id)]",
    )
    reason = fields.Text(
        required=True,
        help="Why the filed dossier is corrected: kept in its history for auditors.",
    )

    def action_confirm(self):
        self.ensure_one()
        if self.correction_type == "retention":
            self.dossier_id._change_retention(self.retention_policy_id, self.reason)
        else:
            self.dossier_id._remove_documents(self.document_ids, self.reason)
        return {"type": "ir.actions.act_window_close"}
