from odoo import api, fields, models

from ..const import MANAGER_GROUP, MAX_CODE_LENGTH
from ..tools.dossier_input import check_bounds


class DossierDocumentType(models.Model):
    _name = "dossier.document.type"
    _description = "Dossier Document Type"
    _inherit = ["dossier.procedure.mixin"]
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

    def _editable_fields(self):
        return {
            None: {
                MANAGER_GROUP: {
                    "name",
                    "code",
                    "sequence",
                    "active",
                    "description",
                    "category_ids",
                }
            }
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        check_bounds(self, vals_list, lengths={"code": MAX_CODE_LENGTH})
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        check_bounds(self, [vals], lengths={"code": MAX_CODE_LENGTH})
        return super().write(vals)
