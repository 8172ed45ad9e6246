from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import new_dossier_user
from .stats_common import StatsCase, at

SCORECARD = "partner_dossier.dossier_assessment_report_scorecard"
LABEL = "partner_dossier.dossier_dossier_report_label"
COUNTS = (
    "dossier_count",
    "complete_count",
    "tidy_count",
    "archived_count",
    "corrected_count",
    "archiving_due_count",
    "archiving_on_time_count",
    "overdue_disposal_count",
    "loan_due_count",
    "loan_on_time_count",
    "return_check_count",
    "return_clean_count",
    "overdue_loan_count",
    "unexplained_access_count",
)
SCORES = (
    "completeness_score",
    "timeliness_score",
    "accuracy_score",
    "tidiness_score",
    "security_score",
    "overall_score",
)


@tagged("post_install", "-at_install")
class TestAssessment(StatsCase):
    """Alice's March 2026, built with the real actions; Bob has one dossier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls.archivist
        cls.bob = new_dossier_user(cls.env, "assess_bob", "archivist", "confidential")
        policy_10 = cls.env.ref("partner_dossier.retention_policy_10_years")
        mine = {"custodian_id": cls.alice.id}
        old = {**mine, "retention_policy_id": policy_10.id}
        # Closed long ago under a 10-year policy: kept past retention since 2024.
        with at("2014-01-10"):
            cls.a4 = cls._open(cls._dossier("A4", **old))
            cls.a6 = cls._open(cls._dossier("A6", **old))
            cls.a7 = cls._open(
                cls._dossier("A7", confidentiality="confidential", **old)
            )
        with at("2014-01-20"):
            for dossier in cls.a4 | cls.a6 | cls.a7:
                cls._archive(dossier)
        with at("2014-02-01"):
            (cls.a4 | cls.a6 | cls.a7).with_user(cls.alice).action_close()
        cls.a7.with_user(cls.manager)._place_legal_hold("Court case", date(2025, 1, 1))
        with at("2026-02-01"):
            cls.a1 = cls._open(cls._dossier("A1", **mine))
            cls.a1.date_completed = date(2026, 2, 3)
        with at("2026-02-10"):
            cls._archive(cls.a1)
        with at("2026-02-11"):
            cls.env["ir.actions.report"].with_user(cls.alice)._render_qweb_pdf(
                LABEL, (cls.a1 | cls.a4).ids
            )
        with at("2026-02-12"):
            # A correction, but before the period.
            cls._add_documents(cls.a1, cls.type_letter)
        with at("2026-02-15"):
            cls.le = cls._lend(cls.a1)  # due and returned before the period
        with at("2026-02-15", "06:00:00"):
            cls._give_back(cls.le)
        with at("2026-02-27"):
            cls.b1 = cls._open(
                cls._dossier(
                    "B1", custodian_id=cls.bob.id, confidentiality="confidential"
                )
            )
            cls.b1.with_user(cls.alice)._log_access("view")  # before the period
        with at("2026-03-01"):
            cls.a2 = cls._open(cls._dossier("A2", **mine))
        with at("2026-03-02"):
            cls.a3 = cls._open(cls._dossier("A3", location_id=False, **mine))
            cls.a3_contract = cls._add_documents(cls.a3, cls.type_contract)
        with at("2026-03-03"):
            cls.la = cls._lend(cls.a1)
        with at("2026-03-03", "06:00:00"):
            cls._give_back(cls.la)  # on time, nothing wrong
        with at("2026-03-05"):
            cls.a2.date_completed = date(2026, 3, 5)  # to archive by 03-10
        with at("2026-03-09"):
            cls._archive(cls.a2)  # on time
        with at("2026-03-10"):
            cls.a3.date_completed = date(2026, 3, 10)  # to archive by 03-15: never
            cls.lb = cls._lend(cls.a1)
        with at("2026-03-11"):
            licence = cls.lb.lent_document_ids.filtered(
                lambda document: document.document_type_id == cls.type_licence
            )
            cls._give_back(cls.lb, damaged=licence)  # late, and damaged
        with at("2026-03-12"):
            cls.b1.with_user(cls.alice)._log_access("view")  # Bob's, no reason
            cls.a7.with_user(cls.alice)._log_access("view")  # her own
        with at("2026-03-14"):
            cls.a7.with_user(cls.bob)._log_access("view")  # Alice's, for Bob
        with at("2026-03-15"):
            cls.env["dossier.document"].with_user(cls.alice).create(
                {
                    "dossier_id": cls.a2.id,
                    "document_type_id": cls.type_letter.id,
                    "name": "Forgotten letter",
                }
            )
        with at("2026-03-16"):
            # The inventory of a temporary dossier is still being collected.
            cls.a3_contract.with_user(cls.alice).name = "Signed contract"
        with at("2026-03-20"):
            cls.lc = cls._lend(cls.a2)  # never returned
        with at("2026-03-25"):
            cls.pd = cls._lend(cls.a1, "photocopy", copies=(1, 2, False))  # on time
        with at("2026-03-31", "03:00:00"):
            # Out over the end of March, due in April: not in March's figures.
            cls.lg = cls._lend(cls.a1, date_wanted=date(2026, 4, 1))
        with at("2026-04-05"):
            # The disposal flow has its own tests; only its date matters here.
            cls.a6._write_guarded(
                {"state": "disposed", "date_disposed": date(2026, 4, 5)}
            )

    def _assess(self, custodians=None, user=None, **values):
        custodians = custodians or self.alice
        return (
            self.env["dossier.assessment"]
            .with_user(user or self.manager)
            .create(
                [
                    {
                        "custodian_id": custodian.id,
                        "date_from": "2026-03-01",
                        "date_to": "2026-03-31",
                        **values,
                    }
                    for custodian in custodians
                ]
            )
        )

    def _counts(self, assessment):
        return {fname: assessment[fname] for fname in COUNTS}

    def test_history_as_built(self):
        self.assertEqual((self.a1 | self.a4).mapped("label_printed"), [True, True])
        self.assertEqual(self.a1.date_label_printed, date(2026, 2, 11))
        self.assertFalse(self.a2.label_printed)
        self.assertEqual(self.a4.retention_until, date(2024, 2, 1))
        self.assertTrue(self.a7.legal_hold)
        self.assertEqual(
            self.lb.damaged_document_ids.document_type_id, self.type_licence
        )
        self.assertEqual(self.lc.state, "out")
        self.assertEqual(self.pd.state, "returned")
        correction = self.env.ref("partner_dossier.mt_dossier_inventory_correction")
        corrected = self.env["mail.message"].search(
            [("subtype_id", "=", correction.id), ("model", "=", "dossier.dossier")]
        )
        self.assertEqual(
            sorted(corrected.mapped("res_id")),
            sorted([self.a1.id, self.a2.id]),
            "added after archiving; not the repair, not the temporary dossier",
        )

    @at("2026-04-10")
    def test_scores_of_a_constructed_month(self):
        assessment = self._assess()
        assessment.invalidate_recordset()
        self.assertEqual(
            self._counts(assessment),
            {
                "dossier_count": 5,  # A1 A2 A3 A4 A7 (A6 disposed of)
                "complete_count": 4,  # A3 lacks its licence
                "tidy_count": 2,  # A1 A4; A2 A7 unlabelled, A3 nowhere
                "archived_count": 4,  # A1 A2 A4 A7
                "corrected_count": 1,  # A2 (A1's correction was in February)
                "archiving_due_count": 2,  # A2 by 03-10, A3 by 03-15
                "archiving_on_time_count": 1,  # A2
                "overdue_disposal_count": 2,  # A4, A6 (disposed of in April)
                "loan_due_count": 4,  # La Lb Lc Pd
                "loan_on_time_count": 2,  # La Pd
                "return_check_count": 2,  # La Lb
                "return_clean_count": 1,  # La
                "overdue_loan_count": 1,  # Lc
                "unexplained_access_count": 1,  # B1 on 03-12
            },
        )
        self.assertEqual(
            {fname: assessment[fname] for fname in SCORES},
            {
                "completeness_score": 80.0,  # 4 / 5
                "timeliness_score": 50.0,  # (1 + 2) / (2 + 4)
                "accuracy_score": 66.7,  # (1 + 4 - 1) / (2 + 4)
                "tidiness_score": 40.0,  # 2 / 5
                "security_score": 60.0,  # 100 - 4 x 10
                "overall_score": 59.3,  # (80 + 50 + 66.67 + 40 + 60) / 5
            },
        )
        self.assertEqual(assessment.security_incident_count, 4)
        self.assertEqual(assessment.suggested_grade, "d")
        self.assertEqual(assessment.date_computed.date(), date(2026, 4, 10))

    @at("2026-04-10")
    def test_bob_and_someone_without_dossiers(self):
        bob, staff = self._assess(self.bob | self.staff)
        self.assertEqual(bob.dossier_count, 1)
        self.assertEqual(bob.unexplained_access_count, 1, "A7 is Alice's")
        # Completeness and tidiness 0; nothing due: timeliness and accuracy are
        # not measured; security 90.
        self.assertEqual(
            [bob[fname] for fname in SCORES], [0.0, 100.0, 100.0, 0.0, 90.0, 30.0]
        )
        self.assertEqual(staff.dossier_count, 0)
        self.assertEqual([staff[fname] for fname in SCORES], [100.0] * 6)
        self.assertIn("holds no dossiers", staff.message_ids[:1].body)
        self.assertNotIn(
            "holds no dossiers", "".join(bob.message_ids.mapped("body") or [""])
        )

    @at("2026-04-10")
    def test_recompute_follows_the_records(self):
        assessment = self._assess()
        self.env["ir.actions.report"].with_user(self.alice)._render_qweb_pdf(
            LABEL, self.a2.ids
        )
        self.assertEqual(assessment.tidy_count, 2, "scores are kept until recomputed")
        assessment.with_user(self.manager).action_compute()
        self.assertEqual(assessment.tidy_count, 3)
        assessment.with_user(self.manager).date_from = "2026-02-01"
        self.assertEqual(assessment.archiving_due_count, 3, "and the period changed")

    @at("2026-04-10")
    def test_review_and_confirmation(self):
        assessment = self._assess().with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Give the final grade"):
            assessment.action_confirm()
        self.assertEqual(assessment.state, "draft")
        assessment.write({"grade": "c", "comment": "<p>Label your folders.</p>"})
        assessment.action_confirm()
        self.assertEqual(assessment.state, "confirmed")
        self.assertEqual(assessment.reviewer_id, self.manager)
        self.assertEqual(assessment.date_confirmed, date(2026, 4, 10))
        for vals in ({"grade": "a"}, {"date_to": "2026-03-15"}):
            with self.assertRaisesRegex(
                UserError, "cannot be changed while it is Conf"
            ):
                assessment.write(vals)
        with self.assertRaisesRegex(UserError, "Cannot recompute"):
            assessment.action_compute()
        with self.assertRaisesRegex(UserError, "confirmed and is kept"):
            assessment.unlink()
        self.assertEqual((assessment.grade, assessment.state), ("c", "confirmed"))
        assessment.action_reset_to_draft()
        self.assertEqual(assessment.state, "draft")
        self.assertFalse(assessment.reviewer_id)

    @at("2026-04-10")
    def test_scores_cannot_be_typed_in(self):
        assessment = self._assess().with_user(self.manager)
        with self.assertRaisesRegex(UserError, "“Overall” cannot be changed"):
            assessment.write({"overall_score": 100.0})
        with self.assertRaisesRegex(UserError, "Confirm and Reset to Draft buttons"):
            assessment.write({"state": "confirmed"})
        self.assertEqual((assessment.overall_score, assessment.state), (59.3, "draft"))

    @at("2026-04-10")
    def test_period_ending_before_it_starts_refused(self):
        Assessment = self.env["dossier.assessment"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "cannot end"):
            self._assess(date_from="2026-03-31", date_to="2026-03-01")
        self.assertFalse(Assessment.search([]), "nothing was created")
        assessment = self._assess()
        with self.assertRaisesRegex(ValidationError, "cannot end"):
            assessment.write({"date_to": "2026-02-28"})
        self.assertEqual(assessment.date_to, date(2026, 3, 31))

    @at("2026-04-10")
    def test_cost_is_constant_per_batch(self):
        others = [
            new_dossier_user(self.env, f"assess_custodian_{i}", "archivist", "internal")
            for i in range(4)
        ]
        with at("2026-03-05"):
            for user in others:
                dossier = self._open(self._dossier(user.login, custodian_id=user.id))
                self._lend(dossier)

        def cost(assessments):
            # Warm the caches (rules, xml ids); the first run also flushes what
            # the history left pending.
            for _run in range(2):
                assessments._compute_scores()
                self.env.flush_all()
                self.env.invalidate_all()
            before = self.cr.sql_log_count
            assessments._compute_scores()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        two = self._assess(self.alice | self.bob)
        six = self._assess(
            self.alice | self.bob | self.env["res.users"].concat(*others)
        )
        two_queries, six_queries = cost(two), cost(six)
        self.assertEqual(
            two_queries, six_queries, "2 or 6 custodians: the same queries"
        )
        # Reading the assessments, their company (the archive's time zone), the
        # correction subtype (3); the dossiers, the loans, the access log (3); the
        # key customers' reviews, the incidents on their dossiers and those they
        # caused (3); the stock-taking results (1). The scores did not change: no
        # UPDATE (else one for the whole batch).
        self.assertEqual(six_queries, 10)
        with at("2026-04-11"), self.assertQueryCount(11):
            # A new computation date: all six change, in one UPDATE.
            self.env.invalidate_all()
            six._compute_scores()
            self.env.flush_all()
        self.assertEqual(six.mapped("date_computed")[0].day, 11)
        self.assertEqual(six[2:].mapped("overdue_loan_count"), [1, 1, 1, 1])
        self.assertEqual(six[:2].mapped("overall_score"), two.mapped("overall_score"))

    @at("2026-04-10")
    def test_list_and_pivot(self):
        self._assess(self.alice | self.bob)
        Assessment = self.env["dossier.assessment"].with_user(self.manager)
        by_custodian = dict(
            Assessment._read_group([], ["custodian_id"], ["overall_score:avg"])
        )
        self.assertEqual(by_custodian, {self.alice: 59.3, self.bob: 30.0})
        for view_type in ("list", "form", "pivot", "graph", "search"):
            Assessment.get_views([(False, view_type)])

    @at("2026-04-10")
    def test_scorecard(self):
        assessment = self._assess()
        assessment.with_user(self.manager).write({"grade": "c"})
        html, _report_type = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(SCORECARD, assessment.ids)
        )
        html = html.decode()
        self.assertIn(self.alice.name, html)
        self.assertIn("59.3", html)
        self.assertIn("66.7", html)
        self.assertIn("Draft: not confirmed", html)

    @at("2026-04-10")
    def test_scorecard_prints_in_the_readers_language(self):
        """A manager reading English prints a Chinese custodian's scorecard in
        English, and a manager reading Chinese the same scorecard in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        self.alice.lang = "zh_CN"
        self.manager.lang = "en_US"
        manager_zh = new_dossier_user(
            self.env, "assess_manager_zh", "manager", "internal"
        )
        manager_zh.lang = "zh_CN"
        assessment = self._assess()

        def printed_by(user):
            html, _report_type = (
                self.env["ir.actions.report"]
                .with_user(user)
                ._render_qweb_html(SCORECARD, assessment.ids)
            )
            return html.decode()

        english = printed_by(self.manager)
        self.assertIn("Custodian Scorecard:", english)
        self.assertNotIn("保管人考核评分表", english)
        self.assertIn("保管人考核评分表", printed_by(manager_zh))

    @at("2026-04-10")
    def test_access_per_role(self):
        assessment = self._assess()
        menu = self.env.ref("partner_dossier.dossier_assessment_menu")
        menus = self.env["ir.ui.menu"]
        for user in (self.staff, self.alice, self.outsider):
            with self.subTest(user=user.login):
                # Refused by the access rights, or before them by the
                # register's list of what a manager may set.
                with self.assertRaises(UserError):
                    self._assess(user=user)
                with self.assertRaises(AccessError):
                    assessment.with_user(user).read(["overall_score"])
                self.assertNotIn(menu.id, menus.with_user(user)._visible_menu_ids())
        self.assertIn(menu.id, menus.with_user(self.manager)._visible_menu_ids())
        self.assertEqual(len(self.env["dossier.assessment"].search([])), 1)

    def test_label_printed_when_the_pdf_is_made(self):
        dossier = self._open(self._dossier("Label Co"))
        Report = self.env["ir.actions.report"].with_user(self.alice)
        html, _type = Report._render_qweb_html(LABEL, dossier.ids)
        self.assertIn(dossier.name, html.decode())
        self.assertFalse(dossier.label_printed, "a preview prints nothing")
        Report._render_qweb_pdf(LABEL, dossier.ids)
        self.assertTrue(dossier.label_printed)
        report = self.env.ref(LABEL)
        self.assertIn(
            self.env.ref("partner_dossier.group_dossier_archivist"), report.group_ids
        )
