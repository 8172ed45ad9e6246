from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dossier_clearout_months = fields.Integer(
        related="company_id.dossier_clearout_months", readonly=False
    )
