import shutil
import subprocess
import tempfile
from datetime import date

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .loan_common import LoanCase
from .retention_common import DossierRetentionCase

STATISTICS = "partner_dossier.dossier_monthly_report_pdf"
LOAN_REGISTER = "partner_dossier.dossier_loan_report_register"
DISPOSAL = "partner_dossier.dossier_disposal_report_certificate"
MISSING_TOOL = (
    "%s is needed to read the PDF back: install Debian's poppler-utils "
    "(apt-get install poppler-utils)."
)


class ChinesePdfMixin:
    """Reads a PDF back with poppler's tools."""

    def _pdf_text_and_fonts(self, pdf):
        for tool in ("pdftotext", "pdffonts"):
            self.assertTrue(shutil.which(tool), MISSING_TOOL % tool)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", file.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
            fonts = subprocess.run(
                ["pdffonts", file.name], capture_output=True, check=True, text=True
            ).stdout
        return text, fonts

    def _assert_real_chinese(self, text, fonts):
        self.assertNotIn("\u2f49", text, "a Kangxi radical instead of 月 (U+6708)")
        self.assertIn(
            "WenQuanYiZenHei",
            fonts,
            "the Chinese font is not embedded: install Debian's fonts-wqy-zenhei "
            "(apt-get install fonts-wqy-zenhei)",
        )

    @classmethod
    def _load_chinese(cls):
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])


@tagged("post_install", "-at_install")
class TestChinesePdf(ChinesePdfMixin, LoanCase, HttpCase):
    """A Chinese PDF carries real Chinese text in a Simplified-Chinese font.

    wkhtmltopdf fetches the report's stylesheet from the running server, so this is
    an HttpCase; it renders a real PDF (not the HTML the other report tests read)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.manager_zh = new_test_user(
            cls.env,
            login="pdf_manager_zh",
            groups="partner_dossier.group_dossier_manager",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )

    def test_statistics_pdf_in_chinese(self):
        report = (
            self.env["dossier.monthly.report"]
            .with_user(self.manager_zh)
            .create({"year": 2026, "month": "10"})
        )
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.manager_zh)
            .with_context(force_report_rendering=True, lang="zh_CN")
            ._render_qweb_pdf(STATISTICS, report.ids)
        )
        text, fonts = self._pdf_text_and_fonts(pdf)
        self._assert_real_chinese(text, fonts)
        month = date(2026, 10, 1)
        self.assertIn(f"{month.year}年{month.month}月", text)
        self.assertIn("客户档案统计", text)
        self.assertIn("本月内", text)

    def test_loan_register_pdf_in_chinese(self):
        loan = self._checked_out(self.staff)
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.archivist)
            .with_context(force_report_rendering=True, lang="zh_CN")
            ._render_qweb_pdf(LOAN_REGISTER, loan.ids)
        )
        text, fonts = self._pdf_text_and_fonts(pdf)
        self._assert_real_chinese(text, fonts)
        self.assertIn("借阅登记簿", text)
        self.assertIn("借阅人", text)
        # The page is marked as Chinese, so its Latin text (the loan's number) is
        # set in the Chinese font too, and can be searched in the PDF.
        self.assertIn(loan.name, text)


@tagged("post_install", "-at_install")
class TestChineseDisposalPdf(ChinesePdfMixin, DossierRetentionCase, HttpCase):
    """The destruction inventory (销毁清册) printed by a manager reading Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chinese()
        cls.manager.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})

    def test_destruction_inventory_pdf_in_chinese(self):
        dossier = self._closed_dossier("Destroyed Co")
        disposal = (
            self.env["dossier.disposal"]
            .with_user(self.archivist)
            .create(
                {
                    "method": "shredding",
                    "witness_1_id": self.witness_a.id,
                    "witness_2_id": self.witness_b.id,
                    "line_ids": [Command.create({"dossier_id": dossier.id})],
                }
            )
        )
        disposal.with_user(self.manager).action_approve()
        disposal.with_user(self.archivist).action_done()
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(DISPOSAL, disposal.ids)
        )
        text, fonts = self._pdf_text_and_fonts(pdf)
        self._assert_real_chinese(text, fonts)
        done = disposal.date_done
        # The certificate's date written in full, as a Chinese certificate does.
        self.assertIn(f"{done.year}年{done.month}月{done.day}日", text)
        for word in ("销毁清册", "监销人", "粉碎"):
            self.assertIn(word, text)
        self.assertIn(disposal.name, text)
        self.assertIn(dossier.name, text)
