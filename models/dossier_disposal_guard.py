from odoo import models


class DossierDisposal(models.Model):
    _name = "dossier.disposal"
    _inherit = ["dossier.procedure.mixin", "dossier.disposal"]

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
