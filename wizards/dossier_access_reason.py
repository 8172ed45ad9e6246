from odoo import fields, models
from odoo.exceptions import UserError


class DossierAccessReason(models.TransientModel):
    _name = "dossier.access.reason"
    _description = "Reason for Consulting a Secret Dossier"

    dossier_id = fields.Many2one(
        "dossier.dossier", required=True, readonly=True, ondelete="cascade"
    )
    reason = fields.Text(required=True)

    def _action_ask(self, dossier):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Why Do You Consult %(dossier)s?", dossier=dossier.name),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_dossier_id": dossier.id},
        }

    def action_confirm(self):
        self.ensure_one()
        if not self.reason.strip():
            raise UserError(self.env._("Say why you consult this dossier."))
        self.dossier_id._log_access("view", reason=self.reason.strip())
        return self.dossier_id._form_action()
