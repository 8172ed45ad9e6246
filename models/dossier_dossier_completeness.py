from odoo import api, fields, models


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    # Stored: the dossier pivot and graph aggregate it (a share, so an average).
    completeness = fields.Float(
        compute="_compute_completeness", store=True, aggregator="avg"
    )

    @api.depends("document_ids.document_type_id", "category_id.required_type_ids")
    def _compute_completeness(self):
        for dossier in self:
            required = dossier.category_id.required_type_ids
            missing = required - dossier.document_ids.document_type_id
            dossier.completeness = (
                100.0 * (len(required) - len(missing)) / len(required)
                if required
                else 100.0
            )
