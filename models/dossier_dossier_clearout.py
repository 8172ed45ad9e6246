from odoo import models


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    def _last_activity_dates(self):
        """{dossier id: date of its last activity} (see dossier.clearout)."""
        # sudo: the clear-out weighs every document and loan of the dossier,
        # whoever may see them.
        documents = {
            dossier.id: (created, dated)
            for dossier, created, dated in self.env["dossier.document"]
            .sudo()
            ._read_group(
                [("dossier_id", "in", self.ids)],
                ["dossier_id"],
                ["create_date:max", "document_date:max"],
            )
        }
        loans = {
            dossier.id: requested
            for dossier, requested in self.env["dossier.loan"]
            .sudo()
            ._read_group(
                [("dossier_id", "in", self.ids)], ["dossier_id"], ["date_requested:max"]
            )
        }
        result = {}
        for dossier in self:
            created, dated = documents.get(dossier.id, (False, False))
            moments = [
                dossier.date_completed,
                dossier.date_archived,
                dossier.write_date and dossier.write_date.date(),
                created and created.date(),
                dated,
                loans.get(dossier.id) and loans[dossier.id].date(),
            ]
            result[dossier.id] = max(
                (moment for moment in moments if moment),
                default=dossier.create_date.date(),
            )
        return result
