from odoo import fields, models


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    # The counter looks a dossier up by the reference an archivist types when a
    # label cannot be read (dossier.counter._find_dossier).
    name = fields.Char(index=True)
