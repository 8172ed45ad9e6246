from odoo import api, models


class DossierDisposal(models.Model):
    _name = "dossier.disposal"
    _inherit = ["dossier.disposal", "dossier.procedure.mixin"]

    def _procedure_fields(self):
        _ = self.env._
        approval = _("the Approve button")
        execution = _("the Execute button")
        return {
            "state": _("the Propose, Approve, Execute and Cancel buttons"),
            "proposer_id": _("the Propose button: whoever proposes is the proposer"),
            "approver_id": approval,
            "date_approved": approval,
            "executor_id": execution,
            "date_done": execution,
        }

    @api.model_create_multi
    def create(self, vals_list):
        self._check_procedure_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_procedure_write(vals)
        return super().write(vals)
