from odoo import models


class DossierAssessment(models.Model):
    _name = "dossier.assessment"
    _inherit = ["dossier.procedure.mixin", "dossier.assessment"]

    def _procedure_fields(self):
        _ = self.env._
        review = _("the Confirm and Reset to Draft buttons")
        return {
            "state": review,
            "reviewer_id": review,
            "date_confirmed": review,
            "date_computed": _("the Recompute button"),
        }
