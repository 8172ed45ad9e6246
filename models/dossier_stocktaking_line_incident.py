from odoo import fields, models
from odoo.exceptions import UserError


class DossierStocktakingLine(models.Model):
    """A dossier found missing at a finished stock-taking: *Record Incident*
    opens its loss incident (created once), for a manager to decide what the
    person responsible pays and for the restoration to be recorded."""

    _inherit = "dossier.stocktaking.line"

    incident_id = fields.Many2one("dossier.incident", compute="_compute_incident_id")

    def _compute_incident_id(self):
        # sudo: whether an incident exists; opening it follows its own rules.
        incidents = (
            self.env["dossier.incident"]
            .sudo()
            .search_fetch(
                [("stocktaking_id", "in", self.stocktaking_id.ids)],
                ["stocktaking_id", "dossier_id"],
            )
        )
        by_key = {(i.stocktaking_id.id, i.dossier_id.id): i for i in incidents}
        for line in self:
            incident = by_key.get((line.stocktaking_id.id, line.dossier_id.id))
            line.incident_id = incident.sudo(False) if incident else False

    def action_record_incident(self):
        self.stocktaking_id._check_archivist()
        wrong = self.filtered(
            lambda line: line.result != "missing" or line.stocktaking_id.state != "done"
        )
        if wrong:
            raise UserError(
                self.env._(
                    "An incident is recorded for a dossier found missing, once the "
                    "stock-taking is closed."
                )
            )
        new = self.filtered(lambda line: not line.incident_id)
        incidents = self.incident_id | self.env[
            "dossier.incident"
        ]._record_from_stocktaking(new)
        action = {
            "type": "ir.actions.act_window",
            "res_model": "dossier.incident",
            "name": self.env._("Loss and Damage"),
        }
        if len(incidents) == 1:
            return {**action, "view_mode": "form", "res_id": incidents.id}
        return {
            **action,
            "view_mode": "list,form",
            "domain": [("id", "in", incidents.ids)],
        }
