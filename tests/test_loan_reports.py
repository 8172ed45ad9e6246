from datetime import datetime

from odoo.tests import freeze_time, tagged

from .common import SIGNATURE
from .loan_common import LoanCase


@tagged("post_install", "-at_install")
class TestLoanReports(LoanCase):
    def _html(self, xmlid, records, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.archivist)
        html, report_type = Report._render_qweb_html(xmlid, records.ids)
        self.assertEqual(report_type, "html")
        return html.decode()

    def test_reports_are_in_the_print_menu(self):
        for xmlid, model in (
            ("partner_dossier.dossier_loan_report_slip", "dossier.loan"),
            ("partner_dossier.dossier_loan_report_register", "dossier.loan"),
            (
                "partner_dossier.dossier_copy_batch_report_register",
                "dossier.copy.batch",
            ),
        ):
            report = self.env.ref(xmlid)
            self.assertEqual(report.report_type, "qweb-pdf")
            self.assertEqual(report.binding_model_id.model, model)

    @freeze_time("2026-03-02 01:00:00")
    def test_loan_slip(self):
        loan = self._checked_out(self.staff)
        html = self._html("partner_dossier.dossier_loan_report_slip", loan)
        self.assertIn("Loan Slip", html)
        self.assertIn(loan.name, html)
        self.assertIn(self.dossier.name, html)
        self.assertIn(self.staff.name, html)
        self.assertIn("Check the signed contract before the renewal", html)
        for document in self.documents:
            self.assertIn(document.name, html)
        self.assertIn("Borrower (received)", html)
        # The due time is the archive's closing time, its zone named (issue 25).
        self.assertIn("<strong>Due: </strong><span>3/2/26, 6:00", html)
        self.assertIn("6:00 PM (Asia/Shanghai)</span>", html)
        # The borrower prints the slip of their own loan too.
        html = self._html("partner_dossier.dossier_loan_report_slip", loan, self.staff)
        self.assertIn(loan.name, html)

    def test_loan_register_for_a_period(self):
        with freeze_time("2026-03-02 01:00:00"):
            first = self._checked_out(self.staff)
            self._return(first, statuses={self.documents[1]: "missing"})
        with freeze_time("2026-03-20 01:00:00"):
            second = self._approved(self.staff_2, dossier=self.public)
        self.env.flush_all()
        loans = self.env["dossier.loan"].search(
            [
                ("date_requested", ">=", datetime(2026, 3, 1)),
                ("date_requested", "<", datetime(2026, 4, 1)),
            ]
        )
        self.assertEqual(loans, first | second)
        html = self._html("partner_dossier.dossier_loan_report_register", loans)
        self.assertIn("Loan Register", html)
        self.assertIn("03/02/2026", html)
        self.assertIn("03/20/2026", html)
        self.assertLess(html.index(first.name), html.index(second.name), "oldest first")
        self.assertRegex(html, rf"Missing: </span>\s*{self.documents[1].name}")

    def test_loan_register_tells_out_returned_missing_and_damaged_apart(self):
        contract, licence, letter = self.documents
        out = self._checked_out(self.staff)
        html = self._html("partner_dossier.dossier_loan_report_register", out)
        # Merely checked out: every document is out, none is missing.
        self.assertRegex(html, rf"Out: </span>[^<]*{contract.name}")
        self.assertNotIn("Missing: ", html)
        self.assertNotIn("Returned: ", html)
        self._return(out, statuses={licence: "missing", letter: ("damaged", "Torn")})
        html = self._html("partner_dossier.dossier_loan_report_register", out)
        self.assertNotIn("Out: ", html)
        self.assertRegex(html, rf"Returned: </span>\s*{contract.name}\s*</div>")
        self.assertRegex(html, rf"Missing: </span>\s*{licence.name}\s*</div>")
        self.assertRegex(html, rf"Damaged: </span>\s*{letter.name}\s*</div>")
        # The status column does not wrap letter by letter.
        self.assertRegex(html, r'<td class="o_loan_register_status text-nowrap">')
        self.assertRegex(html, r'<th class="o_loan_register_status text-nowrap">')

    def test_copy_register(self):
        loan = self._approved(self.staff, loan_type="photocopy", approver=self.manager)
        batch = (
            self.env["dossier.copy.batch"]
            .with_user(self.archivist)
            .create(
                {
                    "loan_id": loan.id,
                    "copies": 3,
                    "pages": 2,
                    "taken_out": True,
                    "pending_signature": SIGNATURE,
                    "destination": "Notary office",
                    "document_ids": [(6, 0, self.documents[0].ids)],
                }
            )
        )
        html = self._html("partner_dossier.dossier_copy_batch_report_register", batch)
        self.assertIn("Copy Register", html)
        for text in (batch.name, loan.name, "Notary office", self.documents[0].name):
            self.assertIn(text, html)
        self.assertIn(
            ">6<", html.replace(" ", "").replace("\n", ""), "3 copies x 2 pages"
        )
