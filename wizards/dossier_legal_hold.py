from odoo import fields, models

from ..tools.dossier_timezone import archive_today


class DossierLegalHold(models.TransientModel):
    _name = "dossier.legal.hold"
    _description = "Place Dossiers on Legal Hold"

    def _default_dossier_ids(self):
        if self.env.context.get("active_model") != "dossier.dossier":
            return False
        return self.env["dossier.dossier"].browse(self.env.context.get("active_ids"))

    dossier_ids = fields.Many2many(
        "dossier.dossier",
        required=True,
        default=lambda self: self._default_dossier_ids(),
    )
    reason = fields.Text(
        required=True,
        help="The dispute, investigation or order the dossiers must be kept for.",
    )
    date = fields.Date(
        string="On Hold Since",
        required=True,
        default=lambda self: archive_today(self.env.company),
    )

    def action_confirm(self):
        self.ensure_one()
        self.dossier_ids._place_legal_hold(self.reason, self.date)
        return {"type": "ir.actions.act_window_close"}
