from odoo import models


class DossierRetentionPolicy(models.Model):
    _inherit = "dossier.retention.policy"

    def _archive_code_mark(self):
        """The retention code of DA/T 22-2015: Y (永久, permanent), D30 (30年),
        D10 (10年); other terms by their number of years."""
        self.ensure_one()
        return "Y" if self.permanent else f"D{self.years}"
