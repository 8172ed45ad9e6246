from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.partner_dossier.const import FILED_STATES


class DossierDocument(models.Model):
    _inherit = "dossier.document"

    @api.ondelete(at_uninstall=False)
    def _unlink_filed_with_reason(self):
        if self._in_procedure():  # Remove Documents, with its manager and reason
            return
        # Who may edit the inventory at all is said first.
        self.dossier_id._check_inventory_editable()
        filed = self.filtered(
            lambda document: document.dossier_id.state in FILED_STATES
        )
        if filed:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s is archived formally: removing %(document)s "
                    "from its inventory needs a dossier manager and a written reason. "
                    "Use Remove Documents on the dossier.",
                    dossier=filed[0].dossier_id.display_name,
                    document=filed[0].display_name,
                )
            )
