import base64
import hashlib
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import LazyTranslate
from odoo.tools.pdf import merge_pdf

from ..const import MANAGER_GROUP
from ..tools.dossier_share_pdf import image_to_pdf, is_pdf, watermark_pdf
from ..tools.dossier_timezone import archive_today, archive_today_domain

_lt = LazyTranslate(__name__)

SHARE_FORMS = [
    ("pdf", "PDF"),
    ("paper", "Printed Copies"),
]
RECALL_ACTIVITY = "partner_dossier.mail_activity_share_recall"
COVER_REPORT = "partner_dossier.report_share_cover"
# The purpose as the watermark prints it: one line of the page.
WATERMARK_PURPOSE_LENGTH = 60
# The checksum as printed: enough to tell two files apart on paper.
SHORT_CHECKSUM = 16


class DossierShare(models.Model):
    """Documents of a dossier shared outside the company (共享): requested with
    the recipient, the purpose, the documents, the form and an end date;
    approved or refused by a manager who is not the requester. The approval
    produces one watermarked PDF for the recipient; past its end the share is
    recalled."""

    _name = "dossier.share"
    _description = "Dossier Share"
    # The request mixin first: its create and write run before mail.thread's.
    _inherit = [
        "dossier.request.mixin",
        "dossier.content.thread",
        "mail.activity.mixin",
        "dossier.procedure.mixin",
    ]
    _dossier_neutral_name = _lt("A dossier share")
    _order = "date_start desc, id desc"
    _request_activity = "partner_dossier.mail_activity_share_approve"
    _request_fields = frozenset(
        {"dossier_id", "recipient_id", "purpose", "document_ids", "form", "date_end"}
    )

    _ends_after_start = models.Constraint(
        "CHECK (date_end > date_start)",
        "A share must end after the day it starts.",
    )
    # Four eyes, said by the database.
    _not_self_approved = models.Constraint(
        "CHECK (state <> 'approved' OR approver_id <> requester_id)",
        "A share is approved by a manager other than its requester.",
    )

    name = fields.Char(string="Share Number")
    recipient_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        help="The person or organisation outside the company who receives the "
        "documents.",
    )
    purpose = fields.Text(string="Purpose of Sharing")
    document_ids = fields.Many2many(
        "dossier.document",
        "dossier_share_document_rel",
        "share_id",
        "document_id",
        string="Documents",
        domain="[('dossier_id', '=', dossier_id)]",
        help="Only the documents listed are shared, not the whole dossier.",
    )
    document_count = fields.Integer(
        string="Documents Shared", compute="_compute_document_count"
    )
    form = fields.Selection(
        SHARE_FORMS,
        required=True,
        default="pdf",
        tracking=True,
        help="How the recipient receives the documents: the watermarked PDF, or "
        "copies printed from it.",
    )
    date_start = fields.Date(
        string="From",
        required=True,
        default=lambda self: archive_today(self.env.company),
    )
    date_end = fields.Date(
        string="Until",
        required=True,
        tracking=True,
        help="The day the recipient must have returned or destroyed the documents.",
    )
    source_checksum = fields.Char(
        string="Documents' SHA-256",
        readonly=True,
        help="SHA-256 of the shared scans, in their order on the PDF; its start is "
        "printed on every page.",
    )
    pdf_checksum = fields.Char(
        string="PDF's SHA-256",
        readonly=True,
        help="SHA-256 of the PDF given to the recipient.",
    )
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="Shared PDF", readonly=True, copy=False
    )
    recalled = fields.Boolean(readonly=True, tracking=True, copy=False)
    date_recalled = fields.Datetime(string="Recalled On", readonly=True, copy=False)
    recalled_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    recall_reminded = fields.Boolean(readonly=True, copy=False)
    is_overdue = fields.Boolean(
        string="To Recall",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Approved, past its end date and not recalled yet.",
    )

    @api.depends("document_ids")
    def _compute_document_count(self):
        # sudo: how many documents were shared is no content, whoever reads it.
        for share in self:
            share.document_count = len(share.sudo().document_ids)

    @api.depends("state", "date_end", "recalled")
    def _compute_is_overdue(self):
        for share in self:
            share.is_overdue = (
                share.state == "approved"
                and not share.recalled
                and share.date_end < archive_today(share.company_id)
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        overdue = Domain(
            [("state", "=", "approved"), ("recalled", "=", False)]
        ) & archive_today_domain(self.env, lambda today: Domain("date_end", "<", today))
        return overdue if (operator == "=") == bool(value) else ~overdue

    # ------------------------------------------------------------ the register

    def _procedure_fields(self):
        decision = self.env._("the Approve or Refuse buttons")
        recall = self.env._("the Recalled button")
        return {
            "state": decision,
            "approver_id": decision,
            "date_decided": decision,
            "source_checksum": decision,
            "pdf_checksum": decision,
            "pdf_attachment_id": decision,
            "recalled": recall,
            "date_recalled": recall,
            "recalled_by_id": recall,
            "recall_reminded": self.env._("the daily reminder of the shares to recall"),
            "requester_id": self.env._("the share request"),
        }

    def _activity_note(self):
        return self.env._("Share with %(recipient)s", recipient=self.recipient_id.name)

    # ------------------------------------------------------------ checks

    def _check_asked(self, vals):
        """The documents the share lists once ``vals`` is written, shared only
        under the requester's consultation."""
        if "document_ids" in vals:
            self._check_consultation_of(
                self.sudo().document_ids | self._listed_documents(vals),
                self.env.user,
            )

    def _check_request(self):
        """What is shared, with whom: some documents of the dossier, with a
        contact outside the company."""
        self.ensure_one()
        # sudo: whether documents are listed is checked whoever lists them.
        if not self.sudo().document_ids:
            raise UserError(
                self.env._(
                    "Share %(share)s: list the documents to share.", share=self.name
                )
            )
        # sudo: where a listed document is filed is checked whoever lists it.
        if self.sudo().document_ids.dossier_id != self.dossier_id:
            raise UserError(
                self.env._(
                    "Share %(share)s: the documents must belong to its dossier.",
                    share=self.name,
                )
            )
        if self._recipient_is_inside():
            raise UserError(
                self.env._(
                    "Share %(share)s: the recipient must be outside %(company)s. "
                    "The company's own contacts and its users read the dossier "
                    "through the office, not through a share.",
                    share=self.name,
                    company=self.company_id.name,
                )
            )

    def _recipient_is_inside(self):
        # sudo: the company's partner and its users' partners are compared, not
        # shown.
        recipient = self.sudo().recipient_id.commercial_partner_id
        company = self.sudo().company_id
        inside = company.partner_id.commercial_partner_id
        return recipient == inside or bool(
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("share", "=", False),
                    ("company_ids", "in", company.ids),
                    ("partner_id.commercial_partner_id", "=", recipient.id),
                ],
                limit=1,
            )
        )

    @api.model
    def _listed_documents(self, vals):
        """The documents ``vals`` lists (its set and link commands), before they
        are written: whether they may be shared is said in a sentence, not by
        the access error of writing them."""
        ids = []
        for command in vals.get("document_ids") or ():
            if command[0] == Command.SET:
                ids = list(command[2])
            elif command[0] == Command.LINK:
                ids.append(command[1])
        return self.env["dossier.document"].browse(ids)

    @api.model
    def _consultation_covers(self, documents, user):
        """Whether ``user`` may share ``documents``: they read each of them now,
        under the content rule (dossier.content.mixin): for a dossier whose
        content is read under an approved consultation, under theirs, valid
        now, covering every shared document."""
        return all(documents.with_user(user).mapped("dossier_content_readable"))

    @api.model
    def _check_consultation_of(self, documents, user):
        if not self._consultation_covers(documents, user):
            raise UserError(
                self.env._(
                    "This dossier's documents are shared only under your own "
                    "approved consultation of them, valid now. Request a "
                    "consultation first."
                )
            )

    def _check_consultation(self, user):
        """The requester's consultation still covers the shared documents."""
        self.ensure_one()
        if self._consultation_covers(self.sudo().document_ids, user):
            return
        raise UserError(
            self.env._(
                "Share %(share)s: its requester has no approved consultation of "
                "the shared documents valid now; it cannot be approved until they "
                "have one.",
                share=self.name,
            )
        )

    # ------------------------------------------------------------ actions

    def action_approve(self):
        """The approval: the consultation rules met by the requester and the
        approver, the PDF made, the share logged and told in the dossier's
        chatter."""
        self._check_can_decide()
        for share in self:
            share._check_request()
            share._check_consultation(share.requester_id)
            share._check_approver_consultation()
            share._procedure().write(
                {
                    "state": "approved",
                    "approver_id": self.env.uid,
                    "date_decided": fields.Datetime.now(),
                }
            )
            share._make_pdf()
            share._record("share")
        self._close_activities()
        return True

    def _check_approver_consultation(self):
        """The approver reads what they approve: under their own consultation,
        as the requester."""
        if not self._consultation_covers(self.sudo().document_ids, self.env.user):
            raise UserError(
                self.env._(
                    "Share %(share)s: approving it needs your own approved "
                    "consultation of the shared documents, valid now. Request a "
                    "consultation first.",
                    share=self.name,
                )
            )

    def action_recall(self):
        """The recipient has returned or destroyed the documents: recorded by
        the requester or a manager."""
        user = self.env.user
        if not user.has_group(MANAGER_GROUP) and any(
            share.requester_id != user for share in self
        ):
            raise AccessError(
                self.env._(
                    "Only the requester of a share or a dossier manager records "
                    "its recall."
                )
            )
        self._check_state("approved", self.env._("recall"))
        if self.filtered("recalled"):
            raise UserError(
                self.env._(
                    "Share %(share)s has already been recalled.",
                    share=self.filtered("recalled")[0].name,
                )
            )
        self._procedure().write(
            {
                "recalled": True,
                "date_recalled": fields.Datetime.now(),
                "recalled_by_id": user.id,
            }
        )
        for share in self:
            share._record("share_recall")
        # sudo: the recall closes every reminder to recall it.
        self.sudo().activity_unlink([RECALL_ACTIVITY])
        return True

    def action_download_pdf(self):
        self.ensure_one()
        if not self.pdf_attachment_id:
            raise UserError(
                self.env._("Share %(share)s has no PDF yet.", share=self.name)
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.pdf_attachment_id.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------ the PDF

    def _make_pdf(self):
        """One PDF for the recipient: the cover sheet, then every shared scan
        (images as pages), every page watermarked; kept as a file of the share,
        under the content rule of its dossier."""
        self.ensure_one()
        # Read as the approver, under their consultation: the rules decide.
        documents = self.document_ids.sorted(
            lambda document: (document.sequence, document.id)
        )
        scans = []
        for document in documents:
            data = document.scan and document.with_context(bin_size=False).scan
            if not data:
                raise UserError(
                    self.env._(
                        "Share %(share)s: document “%(document)s” has no scan to "
                        "share. Attach its scan, or leave it out of the share.",
                        share=self.name,
                        document=document.name,
                    )
                )
            raw = base64.b64decode(data)
            pdf = raw if is_pdf(raw) else image_to_pdf(raw)
            if pdf is None:
                raise UserError(
                    self.env._(
                        "Share %(share)s: the scan of document “%(document)s” is "
                        "neither a PDF nor an image.",
                        share=self.name,
                        document=document.name,
                    )
                )
            scans.append((raw, pdf))
        digest = hashlib.sha256()
        for raw, _pdf in scans:
            digest.update(raw)
        self._procedure().write({"source_checksum": digest.hexdigest()})
        # A PDF whatever the server's mode: Odoo answers HTML while it runs tests.
        cover, _format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(COVER_REPORT, self.ids)
        )
        merged = merge_pdf([cover, *(pdf for _raw, pdf in scans)])
        shared = watermark_pdf(merged, *self._watermark_texts())
        # sudo: the file is attached by the approval, never by hand; reading it
        # is under the content rule of the share's dossier.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self.name.replace('/', '-')}.pdf",
                    "raw": shared,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        checksum = hashlib.sha256(shared).hexdigest()
        self._procedure().write(
            {"pdf_attachment_id": attachment.id, "pdf_checksum": checksum}
        )
        self._message_log(
            body=self.env._(
                "The PDF for %(recipient)s, SHA-256 %(checksum)s.",
                recipient=self.recipient_id.name,
                checksum=checksum,
            ),
            attachment_ids=attachment.ids,
        )

    def _watermark_texts(self):
        """(lines, diagonal) of the watermark, in the approver's language, with
        the Chinese rule's own words."""
        purpose = " ".join(self.purpose.split())
        if len(purpose) > WATERMARK_PURPOSE_LENGTH:
            purpose = purpose[: WATERMARK_PURPOSE_LENGTH - 1] + "…"
        recipient = self.recipient_id.name
        date = fields.Date.to_string(archive_today(self.company_id))
        lines = [
            [self.name, "  ", recipient, f"  {date}"],
            [f"仅供 {purpose} 使用", f"  / For {purpose} only"],
            [
                f"{self.name}  {date}  SHA-256 {self.source_checksum[:SHORT_CHECKSUM]}",
                "  ",
                recipient,
            ],
        ]
        return lines, f"{self.name} {recipient}"

    # ------------------------------------------------------------ history

    def _record(self, access_type):
        """The access log's line and the dossier's message of an approval or a
        recall."""
        self.ensure_one()
        recall = access_type == "share_recall"
        date = self.date_recalled if recall else self.date_decided
        # sudo: no one writes the audit trail directly (see dossier.access.log).
        self.env["dossier.access.log"].sudo()._procedure_create(
            [
                {
                    "dossier_id": self.dossier_id.id,
                    "company_id": self.company_id.id,
                    "confidentiality": self.dossier_id.sudo().confidentiality,
                    "user_id": (
                        self.recalled_by_id if recall else self.requester_id
                    ).id,
                    "date": date,
                    "access_type": access_type,
                    "reason": self.purpose,
                    "share_id": self.id,
                    "approver_id": self.approver_id.id,
                    "date_start": fields.Datetime.to_datetime(self.date_start),
                    "date_end": fields.Datetime.to_datetime(self.date_end)
                    + timedelta(days=1),
                }
            ]
        )
        if recall:
            body = self.env._(
                "Share %(share)s recalled from %(recipient)s by %(user)s.",
                share=self.name,
                recipient=self.recipient_id.name,
                user=self.recalled_by_id.name,
            )
        else:
            count = len(self.sudo().document_ids)
            if count == 1:
                documents = self.env._("one document")
            else:
                documents = self.env._("%(count)s documents", count=count)
            body = self.env._(
                "Share %(share)s approved by %(approver)s: %(documents)s to "
                "%(recipient)s (%(form)s) until %(end)s. Purpose: %(purpose)s",
                share=self.name,
                approver=self.approver_id.name,
                documents=documents,
                recipient=self.recipient_id.name,
                form=dict(self._fields["form"]._description_selection(self.env))[
                    self.form
                ],
                end=fields.Date.to_string(self.date_end),
                purpose=self.purpose,
            )
        # sudo: the share's procedure writes into the dossier's history.
        self.dossier_id.sudo()._message_log(body=Markup("<p>%s</p>") % body)

    # ------------------------------------------------------------ recall

    @api.model
    def _cron_remind_recall(self, batch_size=200):
        """Daily: each share past its end date, not recalled, gets one activity
        for its requester and for the managers who may decide on it."""
        domain = Domain("is_overdue", "=", True) & Domain("recall_reminded", "=", False)
        while True:
            shares = self.search(domain, order="id", limit=batch_size)
            if not shares:
                break
            for share in shares:
                for user in share.requester_id | share._deciding_managers():
                    share.activity_schedule(
                        RECALL_ACTIVITY,
                        user_id=user.id,
                        note=self.with_context(lang=user.lang).env._(
                            "Share %(share)s ended on %(end)s: recall the documents "
                            "from %(recipient)s, then press Recalled.",
                            share=share.name,
                            end=fields.Date.to_string(share.date_end),
                            recipient=share.recipient_id.name,
                        ),
                    )
            shares._procedure().write({"recall_reminded": True})
            if not self.env["ir.cron"]._commit_progress(len(shares)):
                break
