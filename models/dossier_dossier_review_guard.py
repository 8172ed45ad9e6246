from odoo import models


class DossierDossier(models.Model):
    # The mixin is already first in the class order (dossier_dossier_guard.py).
    _inherit = "dossier.dossier"

    def _procedure_fields(self):
        reviewed = self.env._("the Reviewed button")
        return {
            **super()._procedure_fields(),
            "date_reviewed": reviewed,
            "reviewer_id": reviewed,
        }
