from odoo import models


class DossierCopyBatch(models.Model):
    _name = "dossier.copy.batch"
    _inherit = ["dossier.procedure.mixin", "dossier.copy.batch"]

    def _procedure_fields(self):
        _ = self.env._
        returned = _("the Copies Returned button")
        verified = _("the Verify button")
        return {
            "state": _("the Copies Returned and Verify buttons"),
            "returned_to_id": returned,
            "date_returned": returned,
            "verified_by_id": verified,
            "date_verified": verified,
        }
