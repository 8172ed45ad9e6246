from datetime import datetime, time, timedelta

from odoo import models
from odoo.fields import Domain
from odoo.tools import html2plaintext

from .dossier_document import CORRECTION_SUBTYPE


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
                _(
                    "Damaged: %(documents)s.",
                    documents=", ".join(damaged.mapped("name")),
                )
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
        """The changes made to the dossier once archived formally: its inventory
        corrections, and the notes of its history from the day after its
        archiving on (retention changes, removals, repairs): [(date, author,
        text)], oldest first."""
        self.ensure_one()
        if not self.date_archived:
            return []
        day_after = datetime.combine(self.date_archived + timedelta(days=1), time.min)
        messages = self.env["mail.message"].search(
            Domain("model", "=", self._name)
            & Domain("res_id", "=", self.id)
            & Domain("message_type", "in", ("comment", "notification"))
            & (
                Domain("subtype_id", "=", self.env.ref(CORRECTION_SUBTYPE).id)
                | Domain("date", ">=", day_after)
            ),
            order="date, id",
        )
        changes = []
        for message in messages:
            text = html2plaintext(message.body or "").strip()
            if text:
                changes.append((message.date, message.author_id.name or "", text))
        return changes
