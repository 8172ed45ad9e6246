from odoo import models


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self.env["dossier.alert"]._detect_export(self._name, len(self))
        return result
