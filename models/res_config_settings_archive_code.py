from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dossier_archive_code = fields.Boolean(
        related="company_id.dossier_archive_code", readonly=False
    )
    dossier_fonds_number = fields.Char(
        related="company_id.dossier_fonds_number", readonly=False
    )
    dossier_code_fonds = fields.Boolean(
        related="company_id.dossier_code_fonds", readonly=False
    )
    dossier_code_year = fields.Boolean(
        related="company_id.dossier_code_year", readonly=False
    )
    dossier_code_retention = fields.Boolean(
        related="company_id.dossier_code_retention", readonly=False
    )
    dossier_code_category = fields.Boolean(
        related="company_id.dossier_code_category", readonly=False
    )
    dossier_code_separator = fields.Selection(
        related="company_id.dossier_code_separator", readonly=False
    )
    dossier_code_digits = fields.Integer(
        related="company_id.dossier_code_digits", readonly=False
    )
