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
        # The notes and messages people wrote on the dossier (a call, a visit, a
        # complaint); not its tracked changes or the jobs' notes, which are the
        # office's own work (a new custodian, a label printed), not the
        # customer's.
        # sudo: the clear-out weighs every message, whoever may read them.
        written = dict(
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", "dossier.dossier"),
                    ("res_id", "in", self.ids),
                    ("message_type", "in", ("comment", "email")),
                    ("author_id", "!=", self.env.ref("base.partner_root").id),
                ],
                ["res_id"],
                ["date:max"],
            )
        )
        result = {}
        for dossier in self:
            created, dated = documents.get(dossier.id, (False, False))
            moments = [
                dossier.date_completed,
                dossier.date_archived,
                written.get(dossier.id) and written[dossier.id].date(),
                created and created.date(),
                dated,
                loans.get(dossier.id) and loans[dossier.id].date(),
            ]
            result[dossier.id] = max(
                (moment for moment in moments if moment),
                default=dossier.create_date.date(),
            )
        return result
