import re
import shutil
import subprocess
import tempfile
from datetime import date

from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from .archive_code_common import ArchiveCodeCase

COVER = "partner_dossier.dossier_dossier_report_cover"


@tagged("post_install", "-at_install")
class TestDossierCover(ArchiveCodeCase):
    """The cover, inventory (卷内目录) and closing note (备考表) of a dossier, in
    the printer's language, from the form or in batch; a confidential one's print
    is logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"dossier_archive_code": True, "dossier_fonds_number": "Z001"}
        )
        with freeze_time("2026-04-20"):
            cls.filed = cls._temporary(
                "Magnolia Trading", confidentiality="confidential"
            )
            documents = cls.filed.document_ids.sorted("id")
            documents[0].write(
                {"document_date": date(2026, 2, 1), "pages": 12, "notes": "Signed"}
            )
            documents[1].write(
                {"document_date": date(2026, 1, 5), "pages": 3, "kind": "copy"}
            )
            documents[2].write({"document_date": False, "pages": 2})
            cls.filed.with_user(cls.archivist).action_archive_formally()
        # A correction after archiving: the closing note lists it.
        documents[2].with_user(cls.archivist).write({"pages": 4})
        cls.other = cls._archive("Camellia Ltd.")
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])

    def _text(self, dossiers, lang="en_US", user=None):
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(user or self.archivist)
            .with_context(lang=lang)
            ._render_qweb_html(COVER, dossiers.ids)
        )
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))

    def _logs(self, dossier):
        return self.env["dossier.access.log"].search_count(
            [("dossier_id", "=", dossier.id), ("access_type", "=", "print")]
        )

    def test_in_the_print_menu_of_dossiers(self):
        report = self.env.ref(COVER)
        self.assertEqual(report.binding_model_id.model, "dossier.dossier")
        self.assertEqual(report.report_type, "qweb-pdf")

    def test_cover_inventory_and_closing_note_in_english(self):
        text = self._text(self.filed)
        for expected in (
            "Dossier Cover",
            "Z001-2026-D30-KH-0001",
            "Magnolia Trading",
            self.filed.name,
            "Wholesale",
            "Confidential",
            self.filed.custodian_id.name,
            "Inventory",
            "Closing Note",
            "Pages in All",
        ):
            self.assertIn(expected, text)
        # Oldest first, undated last, with their pages, kind and remarks.
        inventory = text[text.index("Remarks") :]
        self.assertLess(
            inventory.index("Test Licence"), inventory.index("Test Contract")
        )
        self.assertLess(
            inventory.index("Test Contract"), inventory.index("Test Letter")
        )
        self.assertRegex(inventory, r"1 01/05/2026 Test Licence Test Licence 3 Copy")
        self.assertIn("Signed", inventory)
        note = text[text.index("Closing Note") :]
        self.assertIn("Pages in All 19", note)
        self.assertIn("3 documents, 2 originals and 1 copies.", note)
        self.assertIn(f"Checked By {self.archivist.name}", note)
        self.assertIn("04/20/2026", note)
        # The correction made after archiving is a later change.
        changes = note[note.index("Later Changes") :]
        self.assertIn("Test Letter: Pages changed from 2 to 4", changes)
        self.assertNotIn("Document added", changes, "before archiving")

    def test_cover_in_chinese(self):
        text = self._text(self.filed, lang="zh_CN")
        for expected in ("案卷封面", "档号", "卷内目录", "备考表", "页数", "复印件"):
            self.assertIn(expected, text)
        self.assertIn("Z001-2026-D30-KH-0001", text)
        self.assertNotIn("Closing Note", text)

    def test_batch_print_logs_the_confidential_one(self):
        self.assertEqual(self._logs(self.filed), 0)
        text = self._text(self.filed | self.other)
        self.assertIn("Magnolia Trading", text)
        self.assertIn("Camellia Ltd.", text)
        self.assertEqual(text.count("Dossier Cover"), 2)
        self.assertEqual(self._logs(self.filed), 1)
        self.assertEqual(self._logs(self.other), 0, "an internal dossier is not logged")


@tagged("post_install", "-at_install")
class TestDossierCoverPdf(ArchiveCodeCase, HttpCase):
    """The real PDF, printed by a Chinese-speaking archivist, read back with
    pdftotext (wkhtmltopdf fetches the stylesheet from the server: an HttpCase)."""

    def test_cover_pdf_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        archivist_zh = new_test_user(
            self.env,
            login="cover_archivist_zh",
            groups="partner_dossier.group_dossier_archivist",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        self.company.write(
            {"dossier_archive_code": True, "dossier_fonds_number": "Z001"}
        )
        with freeze_time("2026-06-01"):
            dossier = self._archive("Jasmine Co.")
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(archivist_zh)
            .with_context(force_report_rendering=True, lang="zh_CN")
            ._render_qweb_pdf(COVER, dossier.ids)
        )
        self.assertTrue(shutil.which("pdftotext"), "install poppler-utils")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", file.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        for expected in ("案卷封面", "卷内目录", "卷内备考表", "总页数", "检查人"):
            self.assertIn(expected, text)
        self.assertIn("Z001-2026-D30-KH-0001", text)
