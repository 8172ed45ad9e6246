from odoo import fields, models


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    incident_count = fields.Integer(
        string="Loss and Damage", compute="_compute_incident_count"
    )

    def _compute_incident_count(self):
        # One query for the whole page; the record rules say which incidents
        # each user counts (staff: their own).
        counts = dict(
            self.env["dossier.incident"]._read_group(
                [("dossier_id", "in", self.ids)], ["dossier_id"], ["__count"]
            )
        )
        for dossier in self:
            dossier.incident_count = counts.get(dossier, 0)

    def action_view_incidents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_incident_action"
        )
        action["domain"] = [("dossier_id", "=", self.id)]
        action["context"] = {"default_dossier_id": self.id}
        return action
