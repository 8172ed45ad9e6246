from datetime import datetime, time

from odoo import models
from odoo.tools import html2plaintext


class DossierDossier(models.Model):
    """What the cover and inventory PDF (案卷封面, 卷内目录, 卷内备考表 of
    GB/T 9705-2008) reads from a dossier."""

    _inherit = "dossier.dossier"

    def _cover_documents(self):
        """The inventory in filing order: oldest first, undated last."""
        self.ensure_one()
        return self.document_ids.sorted(
            lambda document: (
                not document.document_date,
                document.document_date or datetime.min.date(),
                document.sequence,
                document.id,
            )
        )

    def _cover_pages(self):
        self.ensure_one()
        return sum(self.document_ids.mapped("pages"))

    def _cover_condition(self):
        """The state of the file, as the closing note says it."""
        self.ensure_one()
        _ = self.env._
        documents = self.document_ids
        lines = [
            _(
                "%(documents)s documents, %(originals)s originals and %(copies)s "
                "copies.",
                documents=len(documents),
                originals=len(documents.filtered(lambda d: d.kind == "original")),
                copies=len(documents.filtered(lambda d: d.kind == "copy")),
            )
        ]
        damaged = documents.filtered(lambda d: d.condition == "damaged")
        repair = documents.filtered(lambda d: d.condition == "repair")
        if damaged:
            lines.append(
                _("Damaged: %(documents)s.", documents=", ".join(damaged.mapped("name")))
            )
        if repair:
            lines.append(
                _(
                    "Under repair: %(documents)s.",
                    documents=", ".join(repair.mapped("name")),
                )
            )
        if self.missing_document_type_ids:
            lines.append(
                _(
                    "Missing: %(types)s.",
                    types=", ".join(self.missing_document_type_ids.mapped("name")),
                )
            )
        if not (damaged or repair or self.missing_document_type_ids):
            lines.append(_("Complete and in good condition."))
        return lines

    def _cover_later_changes(self):
        """The notes of the dossier's history written since it was archived
        formally (inventory corrections, removals, retention changes): [(date,
        author, text)], oldest first."""
        self.ensure_one()
        if not self.date_archived:
            return []
        messages = self.env["mail.message"].search(
            [
                ("model", "=", self._name),
                ("res_id", "=", self.id),
                ("message_type", "in", ("comment", "notification")),
                ("date", ">=", datetime.combine(self.date_archived, time.min)),
            ],
            order="date, id",
        )
        changes = []
        for message in messages:
            text = html2plaintext(message.body or "").strip()
            if text:
                changes.append((message.date, message.author_id.name or "", text))
        return changes
