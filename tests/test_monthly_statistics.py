from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import SIGNATURE
from .stats_common import StatsCase, at

REPORT = "partner_dossier.dossier_monthly_report_pdf"
DOSSIER_COLUMNS = (
    "opened",
    "archived",
    "closed",
    "disposed",
    "archived_late",
    "late_at_end",
    "stock_temporary",
    "stock_archived",
    "stock_closed",
    "stock",
)
LOAN_COLUMNS = (
    "requested",
    "approved",
    "rejected",
    "checked_out",
    "returned",
    "returned_late",
    "out_at_end",
    "overdue_at_end",
)


@tagged("post_install", "-at_install")
class TestMonthlyStatistics(StatsCase):
    """March 2026 in Shanghai (UTC+8), built day by day with the real actions.
    Loans are due at 18:00 in Shanghai (10:00 UTC) on the day wanted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        retail = cls.retail
        with at("2026-01-05"):
            cls.d3 = cls._open(cls._dossier("D3"))
        with at("2026-01-20"):
            cls._archive(cls.d3)
        with at("2026-02-01"):
            cls.d5 = cls._open(cls._dossier("D5", retail))
        with at("2026-02-05"):
            cls._archive(cls.d5)
        with at("2026-02-10"):
            cls.d1 = cls._open(cls._dossier("D1"))
            cls.d5.with_user(cls.archivist).action_close()
        with at("2026-02-15"):
            cls.d8 = cls._open(cls._dossier("D8"))
        with at("2026-02-20"):
            cls._archive(cls.d8)
            cls.d1.date_completed = date(2026, 2, 20)  # to archive by 02-25
            cls.p4 = cls._lend(cls.d8, "photocopy", copies=(1, 1, True))
        with at("2026-02-25"):
            cls.l1 = cls._lend(cls.d8)
        with at("2026-03-02"):
            cls._give_back(cls.l1)  # late
            cls.d11 = cls._open(cls._dossier("D11", retail))
        with at("2026-03-03"):
            cls._archive(cls.d1)  # late
            cls._copies_back(cls.p4.copy_batch_ids, verify=False)
        with at("2026-03-05"):
            cls.d2 = cls._open(cls._dossier("D2"))
            cls.l2 = cls._lend(cls.d8)
        with at("2026-03-05", "06:00:00"):
            cls._give_back(cls.l2)  # on time
        with at("2026-03-10"):
            cls.d2.date_completed = date(2026, 3, 10)  # to archive by 03-15
            # Copies kept in-house: the loan is over once checked out.
            cls.p2 = cls._lend(cls.d8, "photocopy", copies=(2, 5, False))
        with at("2026-03-12"):
            cls.d3.with_user(cls.archivist).action_close()
        with at("2026-03-15"):
            cls.d12 = cls._open(cls._dossier("D12", False))
        with at("2026-03-18"):
            # The disposal flow has its own tests; only its date matters here.
            cls.d5._write_guarded(
                {"state": "disposed", "date_disposed": date(2026, 3, 18)}
            )
        with at("2026-03-20"):
            cls.d4 = cls._open(cls._dossier("D4", retail))
            cls.l3 = cls._lend(cls.d1)  # never returned
            cls.d11.date_completed = date(2026, 3, 20)  # to archive by 03-25
        with at("2026-03-21"):
            cls.d4.date_completed = date(2026, 3, 21)  # to archive by 03-26
        with at("2026-03-25"):
            cls._archive(cls.d4)  # on time
            cls.l4 = cls._approve(cls._request(cls.d8, date_wanted=date(2026, 4, 1)))
        with at("2026-03-26"):
            cls.p1 = cls._lend(cls.d4, "photocopy", copies=(3, 2, True))
        with at("2026-03-27"):
            cls._copies_back(cls.p1.copy_batch_ids)  # the loan closes, late
        with at("2026-03-28"):
            cls.d7 = cls._open(cls._dossier("D7", retail))
            cls.l5 = cls._request(cls.d4)
            cls.l5.with_user(cls.archivist).action_reject("Not needed")
        with at("2026-03-29"):
            cls.l6 = cls._approve(cls._request(cls.d4))
        with at("2026-03-30"):
            cls.l6.with_user(cls.staff).action_cancel()
            cls.p3 = cls._lend(cls.d1, "photocopy", copies=(4, 1, True))  # never back
        with at("2026-03-31", "03:00:00"):
            # Due April 1st.
            cls.l4.with_user(cls.archivist).action_checkout(signature=SIGNATURE)
        with at("2026-03-31", "15:00:00"):  # 23:00 in Shanghai: still March
            cls.l8 = cls._request(cls.d4)
        with at("2026-03-31", "17:00:00"):  # 01:00 on April 1st in Shanghai
            cls.l7 = cls._request(cls.d4)
        with at("2026-04-02"):
            cls._give_back(cls.l4)
            cls.p4.copy_batch_ids.with_user(cls.archivist).action_verify()
            cls.d6 = cls._open(cls._dossier("D6", retail))
            cls._archive(cls.d11)
        with at("2026-04-03"):
            cls._archive(cls.d7)
        with at("2026-04-05"):
            cls.d8.with_user(cls.archivist).action_close()
        cls.d9 = cls._dossier("D9")  # a draft: never counted

    def _report(self, month=3, year=2026, user=None):
        return (
            self.env["dossier.monthly.report"]
            .with_user(user or self.manager)
            .create({"year": year, "month": str(month)})
        )

    def _statistics(self, month=3, year=2026):
        return self._report(month, year)._get_statistics()

    def test_history_as_built(self):
        """The current states differ from those at the end of March: the
        statistics must not read them."""
        self.assertEqual(self.d7.state, "archived")
        self.assertEqual(self.d8.state, "closed")
        self.assertEqual(self.d11.state, "archived")
        self.assertEqual(self.d5.state, "disposed")
        self.assertEqual(
            (self.l1 | self.l2 | self.l4 | self.p1 | self.p2 | self.p4).mapped("state"),
            ["returned"] * 6,
        )
        self.assertEqual((self.l3 | self.p3).mapped("state"), ["out", "out"])

    @at("2026-04-10")
    def test_dossiers_by_category(self):
        stats = self._statistics()
        rows = {
            row["category"].name or None: tuple(row[c] for c in DOSSIER_COLUMNS)
            for row in stats["dossier_rows"]
        }
        #                 opened arch. closed disp. a.late late  temp arch clos stock
        expected = {
            # D2 | D1 | D3 | - | D1 | D2 || D2 | D1, D8 | D3
            "Wholesale": (1, 1, 1, 0, 1, 1, 1, 2, 1, 4),
            # D11, D4, D7 | D4 | - | D5 | - | D11 || D11, D7 | D4 | -
            "Retail": (3, 1, 0, 1, 0, 1, 2, 1, 0, 3),
            # D12
            None: (1, 0, 0, 0, 0, 0, 1, 0, 0, 1),
        }
        self.assertEqual(rows, expected)
        self.assertEqual(
            [row["category"].name for row in stats["dossier_rows"]],
            ["Retail", "Wholesale", False],
            "categories by name, dossiers without one last",
        )
        total = tuple(stats["dossier_total"][c] for c in DOSSIER_COLUMNS)
        self.assertEqual(total, (5, 2, 1, 1, 1, 2, 4, 3, 1, 8))

    @at("2026-04-10")
    def test_loans_by_type(self):
        stats = self._statistics()
        rows = {
            row["loan_type"]: tuple(row[c] for c in LOAN_COLUMNS)
            for row in stats["loan_rows"]
        }
        #  requested approved rejected out returned late out@end overdue@end
        self.assertEqual(
            rows,
            {
                # L2 L3 L4 L5 L6 L8 | L2 L3 L4 L6 | L5 | L2 L3 L4 | L1 L2 | L1
                # | L3 L4 | L3
                "reading": (6, 4, 1, 3, 2, 1, 2, 1),
                # P1 P2 P3 | P1 P2 P3 | - | P1 P2 P3 | P1 P2 | P1 | P3 P4 | P3 P4
                "photocopy": (3, 3, 0, 3, 2, 1, 2, 2),
            },
        )
        total = tuple(stats["loan_total"][c] for c in LOAN_COLUMNS)
        self.assertEqual(total, (9, 7, 1, 6, 4, 2, 4, 3))

    @at("2026-04-10")
    def test_copies(self):
        copies = self._statistics()["copies"]
        self.assertEqual(
            copies,
            {
                "batches": 3,  # P1, P2, P3 (P4's was made in February)
                "copies": 9,  # 3 + 2 + 4
                "pages": 20,  # 3 x 2 + 2 x 5 + 4 x 1
                "taken_out": 7,  # P1 3 + P3 4
                "verified": 3,  # P1 (P4's verified in April)
                "out_at_end": 5,  # P3 4 + P4 1
            },
        )

    @at("2026-04-10")
    def test_loans_still_out_at_month_end(self):
        loans = self._statistics()["loans_out"]
        self.assertEqual(loans, self.p4 | self.l3 | self.p3 | self.l4)
        self.assertEqual(
            loans.ids,
            [self.p4.id, self.l3.id, self.p3.id, self.l4.id],
            "first due first",
        )

    @at("2026-05-10")
    def test_other_months(self):
        april = self._statistics(month=4)
        self.assertEqual(april["dossier_total"]["opened"], 1)  # D6
        self.assertEqual(april["dossier_total"]["archived"], 2)  # D11, D7
        self.assertEqual(april["dossier_total"]["closed"], 1)  # D8
        self.assertEqual(april["loan_total"]["requested"], 1)  # L7
        self.assertEqual(april["loan_total"]["returned"], 2)  # L4, P4
        self.assertEqual(april["loans_out"], self.l3 | self.p3)
        february = self._statistics(month=2)
        self.assertEqual(february["dossier_total"]["opened"], 3)  # D5, D1, D8
        self.assertEqual(february["dossier_total"]["stock"], 4)  # D3, D5 | D1 | D8
        self.assertEqual(february["loans_out"], self.p4 | self.l1)
        january = self._statistics(month=1)
        self.assertEqual(january["dossier_total"]["stock_archived"], 1)  # D3
        self.assertFalse(january["loans_out"])

    @at("2026-04-10")
    def test_other_company_not_counted(self):
        other = self.env["res.company"].create({"name": "Other Co."})
        self.manager.company_ids |= other
        dossier = self.env["dossier.dossier"].create(
            {"partner_id": self._new_customer("Elsewhere").id, "company_id": other.id}
        )
        with at("2026-03-10"):
            dossier.action_open()
        self.assertEqual(self._statistics()["dossier_total"]["opened"], 5)
        report = (
            self.env["dossier.monthly.report"]
            .with_user(self.manager)
            .create({"year": 2026, "month": "3", "company_id": other.id})
        )
        stats = report._get_statistics()
        self.assertEqual(stats["dossier_total"]["opened"], 1)
        self.assertEqual(stats["loan_total"]["requested"], 0)

    @at("2026-04-10")
    def test_cost_does_not_grow_with_the_loans(self):
        def lend_in(month, count):
            with at(f"2026-{month:02d}-10"):
                dossiers = self.env["dossier.dossier"].create(
                    [
                        {
                            "partner_id": self._new_customer(f"Bulk {month} {i}").id,
                            "category_id": self.retail.id,
                            "location_id": self.box.id,
                        }
                        for i in range(count)
                    ]
                )
                dossiers.with_user(self.archivist).action_open()
                loans = (
                    self.env["dossier.loan"]
                    .with_user(self.staff)
                    .create(
                        [
                            {"dossier_id": dossier.id, "purpose": "Bulk"}
                            for dossier in dossiers
                        ]
                    )
                )
                loans.with_user(self.archivist).action_approve()
                loans.with_user(self.archivist).action_checkout(signature=SIGNATURE)

        def queries(month):
            """Queries of the statistics, and of the whole PDF (as HTML)."""
            report = self._report(month)
            # Warm the caches (rules, xml ids, views); the first run also flushes
            # what the history left pending.
            for _run in range(2):
                self.env.invalidate_all()
                report._get_statistics()
                Report._render_qweb_html(REPORT, report.ids)
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            stats = report._get_statistics()
            statistics = self.cr.sql_log_count - before
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            Report._render_qweb_html(REPORT, report.ids)
            return statistics, self.cr.sql_log_count - before, stats

        Report = self.env["ir.actions.report"].with_user(self.manager)
        lend_in(5, 5)
        lend_in(6, 45)
        with at("2026-07-10"):
            may_queries, may_pdf, may = queries(5)
            june_queries, june_pdf, june = queries(6)
        self.assertEqual(len(may["loans_out"]), 5 + 2)  # and L3, P3
        self.assertEqual(len(june["loans_out"]), 50 + 2)
        self.assertEqual(june["loan_total"]["checked_out"], 45)
        self.assertEqual(may_queries, june_queries, "5 or 50 loans: the same queries")
        self.assertEqual(may_pdf, june_pdf, "and the same to print them")
        # Reading the wizard, its user and company (4); the dossiers and their
        # categories (2), the loans (1), the copies (1); the loans out and their
        # dossiers (2); the key customers' reviews (1), the incidents by type (1)
        # and the list of those found (1); the dossiers missing at month end (1);
        # the alerts by rule (1).
        self.assertEqual(june_queries, 15)

    @at("2026-04-10")
    def test_pdf_and_form_show_the_figures(self):
        report = self._report()
        html, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(REPORT, report.ids)
        )
        self.assertEqual(report_type, "html")
        html = html.decode()
        self.assertIn("March 2026", html)
        self.assertIn("No category", html)
        for loan in self.p4 | self.l3 | self.p3 | self.l4:
            self.assertIn(loan.name, html)
            self.assertIn(loan.dossier_id.name, html)
        self.assertIn(self.box.complete_name, html)
        self.assertNotIn(self.l1.name, html, "returned before month end")
        self.assertIn(self.l3.name, report.summary_html)
        self.assertIn("Late at month end", report.summary_html)
        action = report.action_print()
        self.assertEqual(
            action["report_name"], "partner_dossier.report_monthly_statistics"
        )

    @at("2026-04-10")
    def test_form_defaults_to_last_month(self):
        form = Form(self.env["dossier.monthly.report"].with_user(self.manager))
        self.assertEqual((form.year, form.month), (2026, "3"))
        self.assertEqual(form.date_from, date(2026, 3, 1))
        self.assertEqual(form.date_to, date(2026, 3, 31))
        self.assertIn(self.l3.name, form.summary_html)
        form.month = "5"
        self.assertIn("May 2026 is in the future", form.summary_html)
        self.assertNotIn(self.l3.name, form.summary_html)

    @at("2026-04-10")
    def test_month_not_over_refused(self):
        Report = self.env["dossier.monthly.report"].with_user(self.manager)
        before = Report.search_count([])
        with self.assertRaisesRegex(ValidationError, "May 2026 is in the future"):
            self._report(month=5)
        with self.assertRaisesRegex(ValidationError, "April 2026 is not over yet"):
            self._report(month=4)
        with self.assertRaisesRegex(ValidationError, "is in the future"):
            self._report(month=1, year=2027)
        self.assertEqual(Report.search_count([]), before, "nothing was created")

    @at("2026-04-10")
    def test_access_per_role(self):
        menu = self.env.ref("partner_dossier.dossier_monthly_report_menu")
        menus = self.env["ir.ui.menu"]
        for user in (self.staff, self.archivist, self.outsider):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._report(user=user)
                self.assertNotIn(menu.id, menus.with_user(user)._visible_menu_ids())
                self.assertFalse(
                    self.env["dossier.monthly.report"]
                    .with_user(user)
                    .has_access("read")
                )
        self.assertIn(menu.id, menus.with_user(self.manager)._visible_menu_ids())
        self.assertTrue(self._report()._get_statistics()["loans_out"])

    @at("2026-04-10")
    def test_pivot_actions(self):
        report = self._report()
        action = report.action_view_loans_out()
        self.assertEqual(
            self.env["dossier.loan"].with_user(self.manager).search(action["domain"]),
            self.p4 | self.l3 | self.p3 | self.l4,
        )
        action = report.action_view_loan_analysis()
        analysed = (
            self.env["dossier.loan.report"]
            .with_user(self.manager)
            .search(action["domain"])
        )
        self.assertEqual(len(analysed), 9)
        action = report.action_view_dossier_analysis()
        self.assertEqual(
            self.env["dossier.dossier"]
            .with_user(self.manager)
            .search_count(action["domain"]),
            5,
        )
