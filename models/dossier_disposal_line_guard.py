from odoo import api, models


class DossierDisposalLine(models.Model):
    _name = "dossier.disposal.line"
    _inherit = ["dossier.disposal.line", "dossier.procedure.mixin"]

    def _procedure_fields(self):
        return {
            "state": self.env._(
                "the Approve, Execute and Cancel buttons of the disposal"
            ),
        }

    @api.model_create_multi
    def create(self, vals_list):
        self._check_procedure_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_procedure_write(vals)
        return super().write(vals)
