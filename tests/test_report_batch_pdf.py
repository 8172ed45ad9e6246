import io
import json
import shutil
import subprocess
import tempfile
import unittest

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import OdooPdfFileReader

from ..tools.dossier_wkhtmltopdf import one_document_page
from .common import SIGNATURE
from .loan_common import LoanCase

LABEL = "partner_dossier.dossier_dossier_report_label"
COVER = "partner_dossier.dossier_dossier_report_cover"
SLIP = "partner_dossier.dossier_loan_report_slip"


@tagged("post_install", "-at_install")
class TestBatchPdf(LoanCase, HttpCase):
    """Three records printed in one request make one PDF with every record, each
    on its own pages, with the wkhtmltopdf of the machine (Debian's is built
    without patched Qt, and converts one document per run).

    Real PDFs, not the HTML Odoo renders in tests: ``force_report_rendering``
    (as in test_report_chinese_pdf). wkhtmltopdf fetches the stylesheet from the
    running server, so this is an HttpCase. Where Odoo would skip the test
    (``SkipTest`` on a print of several documents), it fails.

    The archivist reads Chinese: Debian's wkhtmltopdf draws the text set in the
    reports' web font (Lato) as outlines, which pdftotext cannot read back,
    while the Chinese font (a system font) is embedded as text, the Latin
    references included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        cls.archivist.lang = "zh_CN"
        cls.dossiers = cls.dossier | cls.confidential
        cls.dossiers |= cls._archived_dossier(cls._new_customer("Third Co."))
        cls.loans = cls.env["dossier.loan"]
        for dossier in cls.dossiers:
            loan = (
                cls.env["dossier.loan"]
                .with_user(cls.manager)
                .create({"dossier_id": dossier.id, "purpose": "Batch print"})
            )
            loan.with_user(cls.manager_2).action_approve()
            loan.with_user(cls.archivist).action_checkout(signature=SIGNATURE)
            cls.loans |= loan

    def _pdf(self, report, records):
        try:
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_user(self.archivist)
                .with_context(force_report_rendering=True, lang="zh_CN")
                ._render_qweb_pdf(report, records.ids)
            )
        except unittest.SkipTest as skip:
            self.fail(f"the PDF was not made: {skip}")
        self.assertEqual(report_type, "pdf")
        return pdf

    def _pages(self, pdf):
        """The text of each page, read back by poppler's pdftotext."""
        self.assertTrue(
            shutil.which("pdftotext"),
            "pdftotext reads the PDF back: install Debian's poppler-utils",
        )
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-layout", file.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        pages = text.split("\f")
        # pdftotext ends every page with a form feed, the last one included.
        self.assertEqual(pages[-1].strip(), "")
        pages = pages[:-1]
        self.assertEqual(len(pages), OdooPdfFileReader(io.BytesIO(pdf)).numPages)
        return pages

    def _assert_in_order(self, pages, references, pages_per_record):
        self.assertEqual(len(pages), pages_per_record * len(references), pages)
        for position, reference in enumerate(references):
            first = pages[position * pages_per_record]
            self.assertIn(reference, first, f"page {position * pages_per_record + 1}")
            for other in references:
                if other != reference:
                    self.assertNotIn(other, first)

    def test_three_labels(self):
        pages = self._pages(self._pdf(LABEL, self.dossiers))
        self._assert_in_order(pages, self.dossiers.mapped("name"), 1)
        self.assertTrue(all(self.dossiers.mapped("label_printed")))

    def test_three_covers(self):
        pages = self._pages(self._pdf(COVER, self.dossiers))
        # Cover, inventory (卷内目录) and closing note (备考表) of each dossier.
        self._assert_in_order(pages, self.dossiers.mapped("name"), 3)
        for position in range(0, 9, 3):
            self.assertIn("案卷封面", pages[position])

    def test_three_loan_slips(self):
        pages = self._pages(self._pdf(SLIP, self.loans))
        self._assert_in_order(pages, self.loans.mapped("name"), 1)
        for page, loan in zip(pages, self.loans, strict=True):
            self.assertIn(loan.dossier_id.name, page)

    def test_three_covers_saved_as_attachments(self):
        """A report kept as an attachment per record (attachment_use): each
        record's PDF is its own three pages, saved on its record, and printed
        again from the attachments."""
        self.env.ref(COVER).write(
            {"attachment": "'Cover %s.pdf' % object.name", "attachment_use": True}
        )
        pages = self._pages(self._pdf(COVER, self.dossiers))
        self._assert_in_order(pages, self.dossiers.mapped("name"), 3)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "dossier.dossier"), ("res_id", "in", self.dossiers.ids)]
        )
        self.assertEqual(
            sorted(attachments.mapped("name")),
            sorted(f"Cover {name}.pdf" for name in self.dossiers.mapped("name")),
        )
        for attachment in attachments:
            name = self.dossiers.browse(attachment.res_id).name
            self._assert_in_order(self._pages(attachment.raw), [name], 3)
        self.assertEqual(self._pages(self._pdf(COVER, self.dossiers)), pages)

    def test_three_covers_through_the_print_menu_route(self):
        """What the web client asks for when an archivist prints three dossiers
        from the list."""
        self.authenticate(self.archivist.login, self.archivist.login)
        ids = ",".join(str(record_id) for record_id in self.dossiers.ids)
        context = json.dumps({"force_report_rendering": True})
        response = self.url_open(
            f"/report/pdf/partner_dossier.report_dossier_cover/{ids}?context={context}",
            timeout=300,
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        pages = self._pages(response.content)
        self._assert_in_order(pages, self.dossiers.mapped("name"), 3)


class TestOneDocumentPage(unittest.TestCase):
    def test_keeps_the_block_of_one_document(self):
        page = (
            "<!DOCTYPE html><html><head></head><body>"
            '<div id="minimal_layout_report_headers">'
            '<div class="header">A</div><div class="header">B</div>'
            '<div class="header">C</div></div></body></html>'
        )
        second = one_document_page(page, 1)
        self.assertIn(">B<", second)
        self.assertNotIn(">A<", second)
        self.assertNotIn(">C<", second)
        self.assertTrue(second.startswith("<!DOCTYPE html>"))
