from odoo import models


class DossierDisposalLine(models.Model):
    _name = "dossier.disposal.line"
    _inherit = ["dossier.procedure.mixin", "dossier.disposal.line"]

    def _procedure_fields(self):
        return {
            "state": self.env._(
                "the Approve, Execute and Cancel buttons of the disposal"
            ),
        }
