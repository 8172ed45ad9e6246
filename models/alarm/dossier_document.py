from odoo import models


class DossierDocument(models.Model):
    _inherit = "dossier.document"

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self.env["dossier.alert"]._detect_export(self._name, len(self))
        return result
