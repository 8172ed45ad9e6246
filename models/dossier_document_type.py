from odoo import fields, models


class DossierDocumentType(models.Model):
    _name = "dossier.document.type"
    _description = "Dossier Document Type"
    _order = "sequence, name"

    _code_unique = models.Constraint(
        "UNIQUE (code)", "Another document type already has this code."
    )

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    category_ids = fields.Many2many(
        "dossier.category",
        "dossier_category_required_type_rel",
        "type_id",
        "category_id",
        string="Required by Categories",
    )
