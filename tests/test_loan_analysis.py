from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .loan_common import LoanCase

OPERATIONS = ("read", "write", "create", "unlink")


@tagged("post_install", "-at_install")
class TestLoanAnalysis(LoanCase):
    def test_access_matrix(self):
        everything = set(OPERATIONS)
        matrix = {
            "dossier.loan": {
                self.staff: everything,
                self.archivist: everything,
                self.manager: everything,
                self.outsider: set(),
            },
            "dossier.copy.batch": {
                self.staff: {"read"},
                self.archivist: {"read", "write", "create"},
                self.manager: {"read", "write", "create"},
                self.outsider: set(),
            },
            "dossier.loan.report": {
                self.staff: set(),
                self.archivist: set(),
                self.manager: {"read"},
                self.outsider: set(),
            },
            "dossier.loan.return": {
                self.staff: set(),
                self.archivist: everything,
                self.manager: everything,
            },
            "dossier.loan.reject": {
                self.staff: set(),
                self.archivist: everything,
                self.manager: everything,
            },
        }
        for model, rights in matrix.items():
            for user, allowed in rights.items():
                Model = self.env[model].with_user(user)
                for operation in OPERATIONS:
                    with self.subTest(
                        model=model, user=user.login, operation=operation
                    ):
                        self.assertEqual(
                            Model.has_access(operation), operation in allowed
                        )

    def test_loan_analysis_for_managers(self):
        with freeze_time("2026-02-10 01:00:00"):
            late = self._checked_out(self.staff)
        with freeze_time("2026-02-11 01:00:00"):
            self._return(late)
        with freeze_time("2026-03-02 01:00:00"):
            on_time = self._checked_out(self.staff_2)
            self._return(on_time)
            still_out = self._checked_out(self.staff, dossier=self.public)
            copy = self._approved(
                self.staff, loan_type="photocopy", approver=self.manager
            )
            self.env["dossier.copy.batch"].with_user(self.archivist).create(
                {"loan_id": copy.id, "copies": 4, "pages": 3}
            )
        loans = late | on_time | still_out | copy
        self.env.flush_all()  # the analysis reads the tables, as after a request
        with freeze_time("2026-03-03 01:00:00"):
            Report = self.env["dossier.loan.report"].with_user(self.manager)
            domain = [("loan_id", "in", loans.ids)]
            by_overdue = dict(Report._read_group(domain, ["overdue"], ["__count"]))
            self.assertEqual(
                by_overdue, {True: 2, False: 2}, "returned late, still out"
            )
            by_month = {
                month.month: count
                for month, count in Report._read_group(
                    domain, ["date_requested:month"], ["__count"]
                )
            }
            self.assertEqual(by_month, {2: 1, 3: 3})
            by_type = dict(Report._read_group(domain, ["loan_type"], ["copies:sum"]))
            self.assertEqual(by_type, {"reading": 0, "photocopy": 4})
            by_borrower = dict(Report._read_group(domain, ["borrower_id"], ["__count"]))
            self.assertEqual(by_borrower, {self.staff: 3, self.staff_2: 1})
            by_state = dict(Report._read_group(domain, ["state"], ["__count"]))
            self.assertEqual(by_state, {"returned": 2, "out": 1, "approved": 1})
            pages = Report._read_group(domain, [], ["copy_pages:sum"])[0][0]
            self.assertEqual(pages, 12)
        self.assertEqual(
            Report.search(domain, order="date_requested").mapped("date_requested")[0],
            datetime(2026, 2, 10, 1, 0),
        )
        with self.assertRaises(AccessError):
            self.env["dossier.loan.report"].with_user(self.archivist).search([])
        menu = self.env.ref("partner_dossier.dossier_loan_report_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.archivist)._visible_menu_ids())

    def test_contact_on_loan_costs_one_query_for_the_page(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Loan customer {i:02d}", "is_company": True} for i in range(30)]
        )
        dossiers = self.env["dossier.dossier"].create(
            [{"partner_id": partner.id} for partner in partners]
        )
        dossiers.action_open()
        for dossier in dossiers[:3]:
            self._checked_out(self.staff, dossier=dossier)

        def count(records, fnames):
            records = records.with_user(self.staff_2)
            self.env.invalidate_all()
            records.fetch(["commercial_partner_id"])
            before = self.cr.sql_log_count
            records.read(fnames)
            return self.cr.sql_log_count - before

        count(partners, ["dossier_state", "dossier_on_loan"])  # warm the caches
        state_only = count(partners, ["dossier_state"])
        small = count(partners[:5], ["dossier_state", "dossier_on_loan"])
        large = count(partners, ["dossier_state", "dossier_on_loan"])
        self.assertEqual(small, large, "whatever the size of the page")
        self.assertEqual(large - state_only, 1, "one query for the whole page")
        on_loan = partners.with_user(self.staff_2).filtered("dossier_on_loan")
        self.assertEqual(on_loan, partners[:3])

    def test_contact_smart_button_and_overdue_filter(self):
        view = (
            self.env["res.partner"]
            .with_user(self.staff)
            .get_view(self.env.ref("base.view_partner_form").id, "form")
        )
        self.assertIn("On Loan", view["arch"])
        self.assertIn("action_request_dossier_loan", view["arch"])
        with freeze_time("2026-03-02 01:00:00"):
            self._checked_out(self.staff)
        with freeze_time("2026-03-02 14:00:00"):
            overdue = (
                self.env["res.partner"]
                .with_user(self.archivist)
                .search(
                    [
                        (
                            "commercial_partner_id.dossier_ids.loan_ids",
                            "any",
                            [("is_overdue", "=", True)],
                        )
                    ]
                )
            )
        self.assertIn(self.customer, overdue)
        self.assertIn(self.contact_person, overdue)
