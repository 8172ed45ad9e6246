from odoo import models


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    def _procedure_fields(self):
        # What the printed label showed is stamped when it is printed; whether it
        # is to reprint follows from it (computed, never written).
        printed = self.env._("Print › Folder Label")
        return {
            **super()._procedure_fields(),
            "label_printed_values": printed,
            "label_reprint": printed,
            "label_reprint_reason": printed,
        }
