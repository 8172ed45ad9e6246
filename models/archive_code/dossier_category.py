from odoo import fields, models


class DossierCategory(models.Model):
    _inherit = "dossier.category"

    code = fields.Char(
        help="The category or organisation code in archive codes (档号), e.g. KH.",
    )
