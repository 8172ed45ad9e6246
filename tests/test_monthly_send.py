from datetime import date

import psycopg2.errors

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import new_dossier_user
from .constraint_common import user_message
from .stats_common import StatsCase, at


@tagged("post_install", "-at_install")
class TestMonthlySend(StatsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.dossier_monthly_report_day = 3
        with at("2026-03-10"):
            cls.dossier = cls._open(cls._dossier("Monthly Co", cls.retail))
            cls.loan = cls._lend(cls.dossier)  # still out at the end of March

    def _sends(self):
        return self.env["dossier.monthly.send"].search(
            [("company_id", "=", self.company.id)], order="month"
        )

    def _run_job(self):
        self._run_cron_method("dossier.monthly.send", "_cron_send_monthly_reports")

    def _posted(self, send):
        return send.message_ids.filtered(
            lambda message: message.message_type == "comment"
        )

    def test_job_is_scheduled_daily(self):
        cron = self.env.ref("partner_dossier.ir_cron_dossier_monthly_report")
        self.assertEqual(cron.code, "model._cron_send_monthly_reports()")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertTrue(cron.active)

    def test_sent_once_on_the_company_day(self):
        with at("2026-04-02"):
            self._run_job()
        self.assertFalse(self._sends(), "the company sends on the 3rd")
        with at("2026-04-03"):
            self._run_job()
            self._run_job()
        with at("2026-04-04"):
            self._run_job()
        send = self._sends()
        self.assertEqual(len(send), 1, "once, however often the job runs")
        self.assertEqual(send.month, date(2026, 3, 1))
        self.assertEqual(send.month_label, "March 2026")
        managers = self.env["dossier.monthly.send"]._managers(self.company)
        self.assertIn(self.manager, managers)
        self.assertNotIn(self.archivist, managers)
        self.assertNotIn(self.env.ref("base.user_root"), managers)
        self.assertEqual(send.recipient_ids, managers.partner_id)

        message = self._posted(send)
        self.assertEqual(len(message), 1, "one message")
        self.assertEqual(message.attachment_ids, send.attachment_id)
        self.assertEqual(message.partner_ids, managers.partner_id)
        self.assertEqual(message.notification_ids.res_partner_id, managers.partner_id)
        self.assertIn("March 2026", message.subject)
        self.assertIn("out at month end: 1", message.body)
        # Tests render reports as HTML: the attachment holds the statistics.
        content = send.attachment_id.raw.decode()
        self.assertIn(self.loan.name, content)
        self.assertIn("Loans still out at month end", content)

        with at("2026-05-03"):
            self._run_job()
        self.assertEqual(
            self._sends().mapped("month"), [date(2026, 3, 1), date(2026, 4, 1)]
        )

    def test_day_setting_respected(self):
        self.company.dossier_monthly_report_day = 1
        with at("2026-04-01"):
            self._run_job()
        self.assertEqual(len(self._sends()), 1)
        self.company.dossier_monthly_report_day = 5
        with at("2026-05-04"):
            self._run_job()
        self.assertEqual(len(self._sends()), 1, "not before the 5th")
        with at("2026-05-06"):
            self._run_job()
        self.assertEqual(len(self._sends()), 2, "a day missed is caught up")

        def set_day():
            self.company.dossier_monthly_report_day = 6

        refusal = user_message(self.env, set_day)
        self.assertIn("between the 1st and the 5th", refusal or "")

    def test_second_send_refused(self):
        with at("2026-04-02"):
            report = (
                self.env["dossier.monthly.report"]
                .with_user(self.manager)
                .create({"year": 2026, "month": "3"})
            )
            action = report.action_send()
        send = self._sends()
        self.assertEqual(action["res_id"], send.id)
        self.assertEqual(send.sender_id, self.manager)
        self.assertEqual(len(self._posted(send)), 1)
        with at("2026-04-03"):
            with self.assertRaisesRegex(UserError, "already sent to the managers"):
                report.action_send()
            self._run_job()
        self.assertEqual(self._sends(), send, "the job does not send it again")
        self.assertEqual(len(self._posted(send)), 1)
        self.assertEqual(
            len(
                self.env["ir.attachment"].search(
                    [("res_model", "=", send._name), ("res_id", "=", send.id)]
                )
            ),
            1,
        )

    def test_month_not_over_not_sent(self):
        with at("2026-04-20"), self.assertRaisesRegex(ValidationError, "not over yet"):
            self.env["dossier.monthly.send"].with_user(self.manager)._send_month(
                self.company, date(2026, 4, 1)
            )
        self.assertFalse(self._sends())

    def test_the_database_holds_once_a_month(self):
        with at("2026-04-03"):
            self._run_job()
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
        ):
            self.env["dossier.monthly.send"].sudo()._procedure_create(
                {"company_id": self.company.id, "month": date(2026, 3, 1)}
            )

    def test_access_per_role(self):
        with at("2026-04-03"):
            self._run_job()
        send = self._sends()
        for user in (self.staff, self.archivist):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                send.with_user(user).read(["month"])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                send.attachment_id.with_user(user).read(["raw"])
        self.assertEqual(send.with_user(self.manager).month, date(2026, 3, 1))
        self.assertTrue(send.attachment_id.with_user(self.manager).raw)
        with self.assertRaisesRegex(UserError, "Send to Managers button"):
            send.with_user(self.manager).write({"month": date(2026, 2, 1)})
        with self.assertRaises(AccessError):
            send.with_user(self.manager).unlink()
        send.with_user(self.manager).message_post(body="Seen, thanks.")
        self.assertEqual(send.month, date(2026, 3, 1))

    def test_views_and_setting(self):
        for model, view_types in {
            "dossier.monthly.send": ("form", "list", "search"),
            "dossier.monthly.report": ("form",),
        }.items():
            views = (
                self.env[model]
                .with_user(self.manager)
                .get_views([(False, view_type) for view_type in view_types])
            )
            self.assertEqual(set(views["views"]), set(view_types))
        settings = self.env["res.config.settings"].create(
            {"dossier_monthly_report_day": 4}
        )
        settings.execute()
        self.assertEqual(self.company.dossier_monthly_report_day, 4)
        arch = settings.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="dossier_monthly_report_day"', arch)

    def test_each_manager_reads_the_statistics_in_their_language(self):
        """One run of the job: a manager reading Chinese and one reading English
        each receive the message and the PDF in their own language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        self.company.partner_id.lang = "en_US"
        manager_zh = new_dossier_user(
            self.env, "send_manager_zh", "manager", "internal"
        )
        manager_zh.lang = "zh_CN"
        self.manager.lang = "en_US"
        with at("2026-04-03"):
            self._run_job()
        send = self._sends()
        managers = send._managers(self.company)
        self.assertIn(manager_zh, managers)
        self.assertEqual(send.recipient_ids, managers.partner_id)

        messages = self._posted(send)
        self.assertEqual(len(messages), 2, "one message per language")
        chinese = messages.filtered(lambda message: "2026年3月" in message.subject)
        english = messages - chinese
        self.assertEqual(chinese.partner_ids, manager_zh.partner_id)
        self.assertEqual(english.partner_ids, (managers - manager_zh).partner_id)
        self.assertIn("March 2026", english.subject)
        self.assertIn("申请借阅", chinese.body)
        self.assertIn("Loans requested", english.body)
        self.assertEqual(
            send.attachment_id, english.attachment_ids, "the company's language first"
        )
        # Tests render reports as HTML: each attachment in its reader's language.
        self.assertIn("客户档案统计", chinese.attachment_ids.raw.decode())
        self.assertIn(
            "Loans still out at month end", english.attachment_ids.raw.decode()
        )
        self.assertNotIn("客户档案统计", english.attachment_ids.raw.decode())
