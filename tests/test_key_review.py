from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import new_dossier_user
from .stats_common import StatsCase, at

REVIEW_ACTIVITY = "partner_dossier.mail_activity_dossier_review"


@tagged("post_install", "-at_install")
class TestKeyReview(StatsCase):
    """Key customers' dossiers are reviewed at least once a month: the Reviewed
    button, the custodian's reminder, the assessment and the statistics."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carol = new_dossier_user(cls.env, "review_carol", "archivist", "internal")
        mine = {"custodian_id": cls.carol.id}
        with at("2026-01-05"):
            cls.key = cls._open(cls._dossier("Key Co.", customer_type="key", **mine))
            cls.plain = cls._open(cls._dossier("Plain Co.", **mine))
        with at("2026-02-20"):
            cls.new_key = cls._open(
                cls._dossier("New Key Co.", customer_type="key", **mine)
            )

    def _activities(self, dossiers):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "dossier.dossier"),
                ("res_id", "in", dossiers.ids),
                ("activity_type_id", "=", self.env.ref(REVIEW_ACTIVITY).id),
            ]
        )

    def test_key_customer_is_the_dossier_customer_type(self):
        form = Form(self.env["dossier.dossier"].with_user(self.archivist))
        form.partner_id = self._new_customer("Form Key Co.")
        form.customer_type = "key"
        dossier = form.save()
        dossier.with_user(self.archivist).action_open()
        self.assertEqual(
            dossier.review_due_date, dossier.date_opened + relativedelta(months=1)
        )
        self.assertFalse(self.plain.review_due_date, "not a key customer")

    def test_reviewed_button_records_who_and_when(self):
        with at("2026-02-10"):
            self.key.with_user(self.carol).action_mark_reviewed()
        self.assertEqual(self.key.reviewer_id, self.carol)
        self.assertEqual(self.key.date_reviewed.date(), date(2026, 2, 10))
        self.assertEqual(self.key.review_due_date, date(2026, 3, 10))
        note = self.key.message_ids[:1]
        self.assertEqual(
            note.subtype_id, self.env.ref("partner_dossier.mt_dossier_reviewed")
        )
        self.assertIn("reviewed by", note.body)
        with self.assertRaisesRegex(UserError, "Only dossier archivists"):
            self.key.with_user(self.staff).action_mark_reviewed()
        with self.assertRaisesRegex(UserError, "the Reviewed button"):
            self.key.with_user(self.manager).write({"reviewer_id": self.manager.id})
        self.assertEqual(self.key.reviewer_id, self.carol)

    def test_daily_reminder_once_per_overdue_dossier(self):
        with at("2026-02-04"):
            self._run_cron_method("dossier.dossier", "_cron_remind_key_reviews")
        self.assertFalse(self._activities(self.key), "a month has not passed yet")
        with at("2026-02-05"):
            self._run_cron_method("dossier.dossier", "_cron_remind_key_reviews")
            self._run_cron_method("dossier.dossier", "_cron_remind_key_reviews")
        activity = self._activities(self.key | self.plain | self.new_key)
        self.assertEqual(len(activity), 1, "the key dossier only, and only once")
        self.assertEqual(activity.res_id, self.key.id)
        self.assertEqual(activity.user_id, self.carol)
        self.assertEqual(activity.date_deadline, date(2026, 2, 5))
        self.assertIn("not been reviewed since it was opened", activity.note)
        with at("2026-02-06"):
            self.key.with_user(self.carol).action_mark_reviewed()
        self.assertFalse(self._activities(self.key), "the review answers it")
        with at("2026-03-05"):
            self._run_cron_method("dossier.dossier", "_cron_remind_key_reviews")
        self.assertFalse(self._activities(self.key), "reviewed on 02-06: due 03-06")
        with at("2026-03-06"):
            self._run_cron_method("dossier.dossier", "_cron_remind_key_reviews")
        self.assertEqual(len(self._activities(self.key)), 1)
        self.assertIn("last reviewed on", self._activities(self.key).note)

    def test_closed_dossier_needs_no_review(self):
        self._archive(self.key)
        self.key.with_user(self.archivist).action_close()
        self.assertFalse(self.key.review_due_date)
        with self.assertRaisesRegex(UserError, "Cannot review"):
            self.key.with_user(self.carol).action_mark_reviewed()

    def test_overdue_reviews_lower_timeliness(self):
        # At the end of March: Key Co. (opened in January) was reviewed on
        # 03-10, New Key Co. (opened 02-20) never: one of two reviews overdue.
        with at("2026-03-10"):
            self.key.with_user(self.carol).action_mark_reviewed()
        with at("2026-04-10"):
            assessment = (
                self.env["dossier.assessment"]
                .with_user(self.manager)
                .create(
                    {
                        "custodian_id": self.carol.id,
                        "date_from": "2026-03-01",
                        "date_to": "2026-03-31",
                    }
                )
            )
        self.assertEqual(
            (assessment.key_review_due_count, assessment.key_review_overdue_count),
            (2, 1),
        )
        self.assertEqual(assessment.archiving_due_count, 0, "stored counts unchanged")
        self.assertEqual(assessment.timeliness_score, 50.0)
        with at("2026-04-10"):
            self.new_key.with_user(self.carol).action_mark_reviewed()
            assessment.action_compute()
        self.assertEqual(
            assessment.key_review_overdue_count,
            1,
            "a later review does not rewrite March",
        )

    def test_monthly_statistics_count_overdue_reviews(self):
        with at("2026-03-10"):
            self.key.with_user(self.carol).action_mark_reviewed()
        with at("2026-04-02"):
            report = (
                self.env["dossier.monthly.report"]
                .with_user(self.manager)
                .create({"year": 2026, "month": "3"})
            )
            stats = report._get_statistics()
            html = str(report.summary_html)
        self.assertEqual(stats["key_reviews"], {"due": 2, "overdue": 1})
        self.assertIn("Not reviewed during the month", html)
        with at("2026-04-02"):
            february = (
                self.env["dossier.monthly.report"]
                .with_user(self.manager)
                .create({"year": 2026, "month": "2"})
            )
            # End of February: Key Co. (opened 01-05) not reviewed in February;
            # New Key Co. opened less than a month before.
            self.assertEqual(
                february._get_statistics()["key_reviews"], {"due": 1, "overdue": 1}
            )
