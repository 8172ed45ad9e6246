from odoo import models

# The models whose refusals are attempts on dossiers.
WATCHED_MODELS = ("dossier.dossier", "dossier.document")


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """Every refusal of the record rules ends here, whatever the door
        (form, list, JSON-RPC, a consultation or loan request): a dossier above
        the user's clearance or of another company counts as an attempt."""
        if operation == "read" and records._name in WATCHED_MODELS and not self.env.su:
            # sudo: the dossiers of the refused records, which the user cannot
            # read, only to name them in the log.
            dossiers = records.sudo()
            if records._name == "dossier.document":
                dossiers = dossiers.dossier_id
            self.env["dossier.access.log"]._refused_later(dossiers)
        return super()._make_access_error(operation, records)
