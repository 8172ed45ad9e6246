from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dossier_stocktaking_months = fields.Integer(
        related="company_id.dossier_stocktaking_months", readonly=False
    )
