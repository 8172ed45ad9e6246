from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dossier_incident_amount_min = fields.Float(
        related="company_id.dossier_incident_amount_min", readonly=False
    )
    dossier_incident_amount_max = fields.Float(
        related="company_id.dossier_incident_amount_max", readonly=False
    )
    dossier_incident_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Incident Currency"
    )
