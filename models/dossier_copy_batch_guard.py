from odoo import api, models


class DossierCopyBatch(models.Model):
    _name = "dossier.copy.batch"
    _inherit = ["dossier.copy.batch", "dossier.procedure.mixin"]

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

    @api.model_create_multi
    def create(self, vals_list):
        self._check_procedure_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_procedure_write(vals)
        return super().write(vals)
