from odoo import models


class DossierIncident(models.Model):
    _name = "dossier.incident"
    _inherit = ["dossier.procedure.mixin", "dossier.incident"]

    def _procedure_fields(self):
        _ = self.env._
        report = _("the incident's creation: it records who reported it and when")
        decide = _("the Decide Amount button")
        restore = _("the Restored button")
        return {
            "state": _("the Decide Amount, Restored and Close buttons"),
            "reporter_id": report,
            "date_reported": report,
            "decider_id": decide,
            "date_decided": decide,
            "restorer_id": restore,
            "date_restored": restore,
            "date_closed": _("the Close button"),
            "stocktaking_id": _("the Record Incident button of a stock-taking's line"),
        }
