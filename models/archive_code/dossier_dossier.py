from datetime import datetime, time, timedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import html2plaintext

from ...const import CORRECTION_SUBTYPE
from ...tools.dossier_timezone import archive_today

ARCHIVE_CODE_SEQUENCE = "dossier.archive.code"


class DossierDossier(models.Model):
    """The archive code (档号) given at formal archiving, after the company's scheme
    (DA/T 22-2015: fonds number, year, retention code, category code, item number).
    The reference stays the dossier's internal number; a code once given never
    changes, whatever later happens to the scheme.

    And what the cover and inventory PDF (案卷封面, 卷内目录, 卷内备考表 of
    GB/T 9705-2008) reads from a dossier."""

    _inherit = "dossier.dossier"
    _rec_names_search = ["name", "barcode", "archive_code", "partner_id"]

    _archive_code_unique = models.UniqueIndex(
        "(archive_code, company_id) WHERE archive_code IS NOT NULL",
        "Another dossier of this company already has this archive code.",
    )

    archive_code = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The archive code (档号) given when the dossier was archived formally, "
        "after the company's scheme in the settings.",
    )
    archived_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="Who checked the inventory and archived the dossier formally.",
    )

    def _procedure_fields(self):
        return {
            **super()._procedure_fields(),
            "archive_code": self.env._("the Archive Formally button"),
            "archived_by_id": self.env._("the Archive Formally button"),
        }

    def action_archive_formally(self):
        # Said before anything is archived: a missing part of the code is a
        # setting to complete, not an archiving half done.
        for dossier in self:
            if dossier.company_id.dossier_archive_code and not dossier.archive_code:
                dossier._archive_code_prefix()
        result = super().action_archive_formally()
        self._procedure().write({"archived_by_id": self.env.uid})
        for dossier in self.sorted("id"):
            if dossier.company_id.dossier_archive_code and not dossier.archive_code:
                dossier._procedure().archive_code = dossier._next_archive_code()
        return result

    def _archive_code_prefix(self):
        """The parts of the archive code before the item number, after the
        company's scheme as it is now."""
        self.ensure_one()
        company = self.company_id
        parts = []
        if company.dossier_code_fonds:
            if not company.dossier_fonds_number:
                raise UserError(
                    self.env._(
                        "Archive codes start with the fonds number: enter it in the "
                        "settings (Customer Dossiers › Archive Codes)."
                    )
                )
            parts.append(company.dossier_fonds_number.strip())
        if company.dossier_code_year:
            archived = self.date_archived or archive_today(company)
            parts.append(str(archived.year))
        if company.dossier_code_retention:
            parts.append(self.retention_policy_id._archive_code_mark())
        if company.dossier_code_category:
            if not self.category_id.code:
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s cannot be given its archive code: its "
                        "category has no code. Choose a category with a code, or give "
                        "the category one.",
                        dossier=self.display_name,
                    )
                )
            parts.append(self.category_id.code.strip())
        return parts

    def _next_archive_code(self):
        """The next free code: its item number counts within the company and the
        parts before it (so from 1 each year when the year is one of them), on a
        sequence without gaps."""
        self.ensure_one()
        company = self.company_id
        separator = company.dossier_code_separator
        parts = self._archive_code_prefix()
        prefix = separator.join(parts)
        code = f"{ARCHIVE_CODE_SEQUENCE}:{prefix}"
        # sudo: archivists archive dossiers but may not read or create sequences.
        sequences = self.env["ir.sequence"].sudo()
        sequence = sequences.search(
            [("code", "=", code), ("company_id", "=", company.id)], limit=1
        )
        if not sequence:
            sequence = sequences.create(
                {
                    "name": self.env._("Archive codes %(prefix)s", prefix=prefix),
                    "code": code,
                    "company_id": company.id,
                    "implementation": "no_gap",
                    "padding": company.dossier_code_digits,
                }
            )
        elif sequence.padding != company.dossier_code_digits:
            sequence.padding = company.dossier_code_digits
        return separator.join([*parts, sequence.next_by_id()])

    # ------------------------------------------------------------------ cover

    def _cover_documents(self):
        """The inventory in filing order: oldest first, undated last."""
        self.ensure_one()
        # sudo: the folder's inventory sheet lists every document by date, type
        # and pages; its title and remarks print under the content rule
        # (display_name, dossier_content_readable).
        return self.sudo().document_ids.sorted(
            lambda document: (
                not document.document_date,
                document.document_date or datetime.min.date(),
                document.sequence,
                document.id,
            )
        )

    def _cover_pages(self):
        self.ensure_one()
        return sum(self._cover_documents().mapped("pages"))

    def _cover_condition(self):
        """The state of the file, as the closing note says it."""
        self.ensure_one()
        documents = self._cover_documents()
        lines = [
            self.env._(
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
                self.env._(
                    "Damaged: %(documents)s.",
                    documents=", ".join(damaged.mapped("name")),
                )
            )
        if repair:
            lines.append(
                self.env._(
                    "Under repair: %(documents)s.",
                    documents=", ".join(repair.mapped("name")),
                )
            )
        if self.missing_document_type_ids:
            lines.append(
                self.env._(
                    "Missing: %(types)s.",
                    types=", ".join(self.missing_document_type_ids.mapped("name")),
                )
            )
        if not (damaged or repair or self.missing_document_type_ids):
            lines.append(self.env._("Complete and in good condition."))
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
