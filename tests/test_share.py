import base64
import hashlib
import io
import logging
from datetime import timedelta

from PIL import Image, ImageDraw
from psycopg2 import IntegrityError
from reportlab.pdfgen import canvas

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfFileReader

from ..tools.dossier_timezone import archive_today
from .common import DossierCase, call_kw, grant_consultation, new_dossier_user
from .test_tours import TourCase

RECIPIENT = "Lotus Law Firm 莲花律师事务所"


def scanned_pdf(pages):
    """A scanned document as a PDF of ``pages`` pages, each saying its number."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page in range(1, pages + 1):
        pdf.drawString(72, 720, f"Signed contract page {page} of {pages}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scanned_image():
    image = Image.new("RGB", (620, 877), "white")
    ImageDraw.Draw(image).rectangle((60, 60, 560, 200), outline="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_pages_text(data):
    """The text of each page of a PDF, as a search in it reads it."""
    # wkhtmltopdf's words come back separated by tabs and line breaks.
    return [
        " ".join(page.extract_text().split())
        for page in PdfFileReader(io.BytesIO(data), strict=False).pages
    ]


class ShareCase(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_2 = new_dossier_user(
            cls.env, "share_manager_2", "manager", "internal"
        )
        cls.recipient = cls.env["res.partner"].create(
            {"name": RECIPIENT, "is_company": True}
        )
        cls.dossier = cls._new_dossier()
        cls.contract, cls.licence = cls._add_documents(
            cls.dossier, cls.type_contract | cls.type_licence
        )
        cls.pdf_scan = scanned_pdf(2)
        cls.image_scan = scanned_image()
        cls.contract.write(
            {"scan": base64.b64encode(cls.pdf_scan), "scan_filename": "contract.pdf"}
        )
        cls.licence.write(
            {"scan": base64.b64encode(cls.image_scan), "scan_filename": "licence.png"}
        )

    def _request(self, user, dossier=None, documents=None, **values):
        dossier = dossier or self.dossier
        documents = documents or (self.contract | self.licence)
        return (
            self.env["dossier.share"]
            .with_user(user)
            .create(
                {
                    "dossier_id": dossier.id,
                    "recipient_id": self.recipient.id,
                    "purpose": "Loan application 2026-117",
                    "document_ids": [fields.Command.set(documents.ids)],
                    "date_end": fields.Date.today() + timedelta(days=14),
                    **values,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestShare(ShareCase):
    """A share request, decided by another manager; the watermarked PDF; the
    register; the recall."""

    def test_request_approval_and_watermarked_pdf(self):
        share = self._request(self.staff)
        self.assertEqual(share.state, "requested")
        self.assertTrue(share.name.startswith("SHARE/"))
        self.assertIn(self.manager, share.activity_ids.user_id)
        with self.assertRaises(AccessError):
            share.with_user(self.staff).action_approve()
        share.with_user(self.manager).action_approve()
        self.assertEqual((share.state, share.approver_id), ("approved", self.manager))
        self.assertFalse(share.activity_ids)

        pdf = share.pdf_attachment_id.sudo().raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(share.pdf_checksum, hashlib.sha256(pdf).hexdigest())
        self.assertEqual(
            share.source_checksum,
            hashlib.sha256(self.pdf_scan + self.image_scan).hexdigest(),
        )
        pages = pdf_pages_text(pdf)
        # The cover sheet, the scanned PDF's two pages, the image's page.
        self.assertGreaterEqual(len(pages), 4)
        for number, text in enumerate(pages, 1):
            self.assertIn(share.name, text, f"page {number}")
            self.assertIn(RECIPIENT, text, f"page {number}")
            self.assertIn("仅供 Loan application 2026-117 使用", text)
            self.assertIn("For Loan application 2026-117 only", text)
            self.assertIn(share.source_checksum[:16], text)
        self.assertIn("Signed contract page 1 of 2", pages[-3])
        self.assertIn("Signed contract page 2 of 2", pages[-2])
        self.assertNotIn("Signed contract", pages[-1])
        self.assertIn(self.contract.name, pages[0])

        log = self.env["dossier.access.log"].search([("share_id", "=", share.id)])
        self.assertEqual(
            (log.access_type, log.user_id, log.approver_id),
            ("share", self.staff, self.manager),
        )
        self.assertTrue(
            self.dossier.message_ids.filtered(
                lambda message: (
                    share.name in str(message.body) and RECIPIENT in str(message.body)
                )
            )
        )
        self.assertEqual(self.dossier.share_count, 1)
        # The PDF is the approval's: it cannot be replaced by hand.
        with self.assertRaises(UserError):
            share.with_user(self.manager).write({"pdf_checksum": "0" * 64})

    def test_requester_cannot_approve_own(self):
        share = self._request(self.manager)
        self.assertNotIn(self.manager, share.activity_ids.user_id)
        with self.assertRaisesRegex(UserError, "another manager must"):
            share.with_user(self.manager).action_approve()
        self.assertEqual(share.state, "requested")
        # The database says it too, whatever the code does.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            share._procedure().write(
                {"state": "approved", "approver_id": self.manager.id}
            )
            share.flush_recordset()

    def test_refusal_needs_a_reason(self):
        share = self._request(self.staff)
        with self.assertRaisesRegex(UserError, "Give the reason"):
            share.with_user(self.manager).action_refuse()
        share.with_user(self.manager).refuse_reason = "The bank needs a copy only."
        share.with_user(self.manager).action_refuse()
        self.assertEqual((share.state, share.approver_id), ("refused", self.manager))
        self.assertFalse(share.pdf_attachment_id)
        self.assertFalse(
            self.env["dossier.access.log"].search([("share_id", "=", share.id)])
        )

    def test_recipient_inside_the_company_refused(self):
        colleague = self.env["res.partner"].create(
            {"name": "Our accountant", "parent_id": self.company.partner_id.id}
        )
        for inside in (self.company.partner_id, self.manager.partner_id, colleague):
            with self.assertRaisesRegex(UserError, "must be outside"):
                self._request(self.staff, recipient_id=inside.id)
        share = self._request(self.staff)
        with self.assertRaisesRegex(UserError, "must be outside"):
            share.with_user(self.staff).recipient_id = self.staff.partner_id

    def test_documents_of_the_dossier_only(self):
        other = self._new_dossier()
        stranger = self._add_documents(other, self.type_letter)
        with self.assertRaisesRegex(UserError, "must belong to its dossier"):
            self._request(self.staff, documents=stranger)
        with self.assertRaisesRegex(UserError, "list the documents"):
            self._request(self.staff, document_ids=[])

    def test_ends_after_it_starts(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._request(self.staff, date_end=archive_today(self.env.company))
                self.env.flush_all()

    def test_overdue_reminded_once_then_recalled(self):
        share = self._request(self.staff)
        share.with_user(self.manager).action_approve()
        self.assertFalse(share.is_overdue)
        with freeze_time(fields.Date.today() + timedelta(days=20)):
            share.invalidate_recordset(["is_overdue"])
            self.assertTrue(share.is_overdue)
            Share = self.env["dossier.share"]
            self.assertEqual(Share.search([("is_overdue", "=", True)]), share)
            self._run_cron_method("dossier.share", "_cron_remind_recall")
            recall_type = self.env.ref("partner_dossier.mail_activity_share_recall")
            activities = share.activity_ids.filtered(
                lambda activity: activity.activity_type_id == recall_type
            )
            self.assertIn(self.staff, activities.user_id)
            self.assertIn(self.manager_2, activities.user_id)
            # Once: a second run schedules nothing more.
            self._run_cron_method("dossier.share", "_cron_remind_recall")
            self.assertEqual(len(share.activity_ids), len(activities))

            with self.assertRaises(AccessError):
                share.with_user(self.outsider).action_recall()
            share.with_user(self.staff).action_recall()
            self.assertTrue(share.recalled)
            self.assertEqual(share.recalled_by_id, self.staff)
            share.invalidate_recordset(["is_overdue"])
            self.assertFalse(share.is_overdue)
            self.assertFalse(share.activity_ids)
            with self.assertRaisesRegex(UserError, "already been recalled"):
                share.with_user(self.manager).action_recall()
        logs = self.env["dossier.access.log"].search([("share_id", "=", share.id)])
        self.assertEqual(sorted(logs.mapped("access_type")), ["share", "share_recall"])
        self.assertTrue(
            self.dossier.message_ids.filtered(
                lambda message: "recalled" in str(message.body)
            )
        )

    def test_register_report(self):
        share = self._request(self.staff)
        share.with_user(self.manager).action_approve()
        refused = self._request(self.staff)
        refused.with_user(self.manager).refuse_reason = "No."
        refused.with_user(self.manager).action_refuse()
        pdf, _format = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "partner_dossier.report_share_register", (share | refused).ids
            )
        )
        text = "\n".join(pdf_pages_text(pdf))
        self.assertIn(share.name, text)
        self.assertIn(refused.name, text)
        self.assertIn("Share Register", text)

    def test_refusal_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        self.staff.lang = "zh_CN"
        # The web client sends its user's language in the context of each call.
        self.env = self.env(context=dict(self.env.context, lang="zh_CN"))
        with self.assertRaisesRegex(UserError, "接收方必须是"):
            self._request(self.staff, recipient_id=self.company.partner_id.id)


@tagged("post_install", "-at_install")
class TestShareSecret(ShareCase):
    """A secret dossier is shared under the consultation rules as well."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader = new_dossier_user(cls.env, "share_reader", "user", "secret")
        cls.boss = new_dossier_user(cls.env, "share_boss", "manager", "secret")
        cls.boss_2 = new_dossier_user(cls.env, "share_boss_2", "manager", "secret")
        cls.dossier.confidentiality = "secret"

    def test_consultation_needed_by_requester_and_approver(self):
        with self.assertRaisesRegex(UserError, "approved consultation") as refusal:
            self._request(self.reader)
        # The refusal names no document of the dossier the requester may not read.
        for document in self.contract | self.licence:
            self.assertNotIn(document.name, str(refusal.exception))
        # A consultation of the contract alone does not cover the licence.
        # Listed for the reader (who cannot list the secret documents yet).
        self.env["dossier.consultation"]._procedure_create(
            [
                {
                    "dossier_id": self.dossier.id,
                    "requester_id": self.reader.id,
                    "purpose": "The bank's review of the contract",
                    "scope": "documents",
                    "document_ids": [fields.Command.set(self.contract.ids)],
                }
            ]
        ).with_user(self.boss).action_approve()
        with self.assertRaisesRegex(UserError, "approved consultation"):
            self._request(self.reader)
        share = self._request(self.reader, documents=self.contract)
        self.assertIn(self.boss, share.activity_ids.user_id)
        # Not cleared: the internal manager cannot decide.
        with self.assertRaises(AccessError):
            share.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "your own approved consultation"):
            share.with_user(self.boss_2).action_approve()
        self.assertEqual(share.state, "requested")
        grant_consultation(self.boss_2, self.dossier, self.boss)
        share.with_user(self.boss_2).action_approve()
        self.assertEqual(share.state, "approved")
        self.assertTrue(share.pdf_checksum)

    def test_pdf_under_the_content_rule(self):
        grant_consultation(self.reader, self.dossier, self.boss)
        grant_consultation(self.boss_2, self.dossier, self.boss)
        share = self._request(self.reader)
        share.with_user(self.boss_2).action_approve()
        attachment = share.pdf_attachment_id
        # The manager cleared for the dossier, without a consultation, does not
        # read the share's file: it is the dossier's content.
        with self.assertRaises(AccessError):
            attachment.with_user(self.boss).check_access("read")
        attachment.with_user(self.boss_2).check_access("read")


@tagged("post_install", "-at_install")
class TestShareRpc(ShareCase, HttpCase):
    """What the procedures record is refused to a client's plain write."""

    def test_plain_user_cannot_write_the_procedure_fields(self):
        share = self._request(self.staff)
        other = self.env["ir.attachment"].create(
            {"name": "forged.pdf", "raw": b"%PDF-1.4 forged"}
        )
        self.authenticate(self.staff.login, self.staff.login)
        for vals in (
            {"state": "approved"},
            {"approver_id": self.manager.id},
            {"pdf_checksum": "0" * 64},
            {"pdf_attachment_id": other.id},
            {"recalled": True},
        ):
            with self.subTest(vals=vals):
                response = call_kw(self, "dossier.share", "write", [share.ids, vals])
                self.assertIn("error", response)
        response = call_kw(
            self,
            "dossier.share",
            "create",
            [
                {
                    "dossier_id": self.dossier.id,
                    "recipient_id": self.recipient.id,
                    "purpose": "Forged",
                    "document_ids": [[6, 0, self.contract.ids]],
                    "date_end": str(fields.Date.today() + timedelta(days=3)),
                    "state": "approved",
                }
            ],
        )
        self.assertIn("error", response)
        response = call_kw(self, "dossier.share", "action_approve", [share.ids])
        self.assertIn("error", response)
        share.invalidate_recordset()
        self.assertEqual(
            (share.state, share.approver_id, share.pdf_checksum),
            ("requested", self.env["res.users"], False),
        )


@tagged("post_install", "-at_install")
class TestShareTour(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_dossier_user(cls.env, "tour_share_clerk", "user", "internal")
        cls.boss = new_dossier_user(cls.env, "tour_share_boss", "manager", "internal")
        # OdooBot's welcome chat, opened at a new user's first page, is marked
        # fetched while the approval makes its PDF: the tour would end during
        # that call and fail on its lost connection.
        if "odoobot_state" in cls.boss._fields:
            (cls.clerk | cls.boss).odoobot_state = "disabled"
        customer = cls.env["res.partner"].create(
            {"name": "Lotus Share Trading", "is_company": True}
        )
        cls.env["res.partner"].create({"name": "Peony Bank", "is_company": True})
        cls.dossier = cls.env["dossier.dossier"].create({"partner_id": customer.id})
        cls.document = cls.env["dossier.document"].create(
            {
                "dossier_id": cls.dossier.id,
                "document_type_id": cls.env.ref(
                    "partner_dossier.document_type_contract"
                ).id,
                "name": "Signed supply contract",
                "scan": base64.b64encode(scanned_pdf(1)),
                "scan_filename": "contract.pdf",
            }
        )

    def test_request_approval_pdf(self):
        with self.assertNoLogs("odoo.sql_db", level=logging.ERROR):
            self.start_tour(
                "/odoo/action-partner_dossier.dossier_share_action",
                "partner_dossier_share_request_tour",
                login="tour_share_clerk",
            )
            share = self.env["dossier.share"].search(
                [("dossier_id", "=", self.dossier.id)]
            )
            self.assertEqual(
                (share.state, share.requester_id), ("requested", self.clerk)
            )
            self.start_tour(
                "/odoo/action-partner_dossier.dossier_share_action",
                "partner_dossier_share_approve_tour",
                login="tour_share_boss",
            )
        share.invalidate_recordset()
        self.assertEqual((share.state, share.approver_id), ("approved", self.boss))
        self.assertTrue(share.pdf_attachment_id)
