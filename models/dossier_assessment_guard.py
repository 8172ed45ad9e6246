from odoo import api, models


class DossierAssessment(models.Model):
    _name = "dossier.assessment"
    _inherit = ["dossier.assessment", "dossier.procedure.mixin"]

    def _procedure_fields(self):
        _ = self.env._
        review = _("the Confirm and Reset to Draft buttons")
        return {
            "state": review,
            "reviewer_id": review,
            "date_confirmed": review,
            "date_computed": _("the Recompute button"),
        }

    @api.model_create_multi
    def create(self, vals_list):
        self._check_procedure_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_procedure_write(vals)
        return super().write(vals)
