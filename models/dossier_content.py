from odoo import api, fields, models
from odoo.tools import SQL


class DossierContent(models.Model):
    """The words of a dossier that are its content (its notes, the reasons of its
    legal hold and of its retention's extension), apart from its metadata (reference, customer, state, location,
    level), which are listed by clearance: held here, under the content rule
    (dossier.content.mixin). Read and written through the dossier's fields of the
    same names, by their procedures: nobody writes here directly."""

    _name = "dossier.content"
    _description = "Dossier Content"
    _inherit = ["dossier.content.mixin", "dossier.procedure.mixin"]

    _one_per_dossier = models.UniqueIndex(
        "(dossier_id)", "A dossier has one content record."
    )

    dossier_id = fields.Many2one(
        "dossier.dossier", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="dossier_id.company_id", store=True, index=True
    )
    notes = fields.Html(readonly=True)
    legal_hold_reason = fields.Text(readonly=True)
    retention_extension_reason = fields.Text(readonly=True)

    def _editable_fields(self):
        return {None: {}}

    def _procedure_fields(self):
        return {
            "dossier_id": self.env._("the dossier's own fields"),
            "notes": self.env._("the Notes of the dossier's form"),
            "legal_hold_reason": self.env._(
                "the Place on Legal Hold and Lift Legal Hold buttons"
            ),
            "retention_extension_reason": self.env._(
                "the Execute button of an approved disposal"
            ),
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)

    @api.depends_context("uid")
    def _compute_display_name(self):
        # What an error or a link may show: never the dossier's words.
        for content in self:
            content.display_name = self.env._("Dossier content")

    @api.model
    def _dossier_withheld_sql(self, alias, owners):
        return self._dossier_owned_by(
            SQL.identifier(alias, "dossier_id"), owners, "dossier.dossier"
        )
