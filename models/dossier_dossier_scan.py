from odoo import fields, models


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    # A folder label is scanned by its barcode or read by its reference: both
    # are looked up by an index (a stock-taking's scan).
    name = fields.Char(index="btree_not_null")
