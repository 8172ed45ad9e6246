import contextlib
import json

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.partner_dossier.const import MANAGER_GROUP

from .common import DossierCase, call_kw, new_dossier_user

# Wednesday 4 March 2026 in Shanghai (UTC+8): the office is open 08:00-18:00.
WEDNESDAY = "2026-03-04"
SATURDAY = "2026-03-07"


def at(day, utc_time):
    return freeze_time(f"{day} {utc_time}")


class AlarmCase(DossierCase):
    """A company in Shanghai with small thresholds: an alert above 3 dossiers
    consulted or 2 refusals within 10 minutes, above 5 records exported, and
    outside 08:00-18:00 on weekdays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.company.write(
            {
                "dossier_alarm_consult_count": 3,
                "dossier_alarm_window": 10,
                "dossier_alarm_refused_count": 2,
                "dossier_alarm_export_count": 5,
                "dossier_alarm_office_hours": True,
                "dossier_office_hour_start": 8.0,
                "dossier_office_hour_end": 18.0,
                "dossier_office_weekends": True,
            }
        )
        cls.reader = new_dossier_user(cls.env, "alarm_reader", "user", "secret")
        cls.reader.group_ids += cls.env.ref("base.group_allow_export")
        cls.boss = new_dossier_user(cls.env, "alarm_boss", "manager", "secret")
        cls.boss2 = new_dossier_user(cls.env, "alarm_boss2", "manager", "secret")
        # Who is told: every dossier manager of the company (the administrator
        # and the common fixtures' manager included).
        cls.managers = cls.env.ref(MANAGER_GROUP).all_user_ids.filtered(
            lambda user: cls.company in user.company_ids and not user.share
        )
        cls.managers.notification_type = "email"
        cls.confidential = [
            cls._new_dossier(
                partner=cls._new_customer(f"Jade Secrets {i} Ltd"),
                confidentiality="confidential",
                notes=f"<p>Private remark {i}</p>",
            )
            for i in range(6)
        ]
        cls.secret = cls._new_dossier(
            partner=cls._new_customer("Hidden Pearl Ltd"), confidentiality="secret"
        )
        # Made yesterday: a dossier created in the running transaction is being
        # saved by its author, not consulted (see _check_consultation).
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE dossier_dossier SET create_date = create_date - interval '1 day'"
        )
        cls.env.invalidate_all()

    def _alerts(self, rule=None, user=None):
        domain = [("user_id", "=", (user or self.reader).id)]
        if rule:
            domain.append(("rule", "=", rule))
        return self.env["dossier.alert"].search(domain)

    def _consult(self, dossier, user=None):
        """Open the dossier as the list and the Dossier button do."""
        dossier.with_user(user or self.reader).with_context(
            mail_notify_force_send=False
        ).action_open_logged()

    def _grant(self, dossier, user=None):
        """A secret dossier: requested, approved by a manager (logged once)."""
        consultation = (
            self.env["dossier.consultation"]
            .with_user(user or self.reader)
            .create({"dossier_id": dossier.id, "purpose": "Audit of the contract"})
        )
        consultation.with_user(self.boss).with_context(
            mail_notify_force_send=False
        ).action_approve()


@tagged("post_install", "-at_install")
class TestAlarm(AlarmCase):
    # ------------------------------------------------------------ (a) volume

    def test_more_than_n_consultations_raise_one_alert(self):
        with at(WEDNESDAY, "02:00:00"):  # 10:00 in Shanghai
            for dossier in self.confidential[:3]:
                self._consult(dossier)
            self.assertFalse(self._alerts(), "3 dossiers is the threshold, not above")
        with at(WEDNESDAY, "02:05:00"):
            self._grant(self.secret)
        alert = self._alerts()
        self.assertEqual(alert.rule, "volume")
        self.assertEqual((alert.count, alert.threshold, alert.state), (4, 3, "open"))
        self.assertEqual(alert.dossier_ids, self.secret.union(*self.confidential[:3]))
        # Reading on updates the open alert: one alert, not one per consultation.
        with at(WEDNESDAY, "02:06:00"):
            self._consult(self.confidential[3])
            self._consult(self.confidential[4])
        self.assertEqual(self._alerts(), alert)
        self.assertEqual((alert.count, alert.occurrences), (6, 3))
        # Each manager was told once: an activity and a notification in Odoo.
        self.assertGreaterEqual(len(self.managers), 4)
        self.assertEqual(alert.activity_ids.user_id, self.managers)
        # What a commit sends on the bus (as the request that raised it would).
        self.env.cr.precommit.run()
        notices = self.env["bus.bus"].search(
            [
                ("message", "like", alert.name),
                ("message", "like", "simple_notification"),
            ]
        )
        self.assertEqual(len(notices), len(self.managers))
        self.assertIn(self.reader.name, notices[0].message)
        self.assertNotIn("Jade Secrets", "".join(notices.mapped("message")))

    def test_consultations_outside_the_window_do_not_add_up(self):
        with at(WEDNESDAY, "02:00:00"):
            for dossier in self.confidential[:3]:
                self._consult(dossier)
        with at(WEDNESDAY, "02:10:01"):  # the first three are 10 minutes old
            self._consult(self.confidential[3])
            self._consult(self.confidential[4])
        self.assertFalse(self._alerts("volume"))
        with at(WEDNESDAY, "02:11:00"):
            self._consult(self.confidential[5])
            self._consult(self.confidential[0])
        self.assertEqual(self._alerts("volume").count, 4)

    def test_acknowledged_alert_then_a_new_breach_raises_a_new_one(self):
        with at(WEDNESDAY, "02:00:00"):
            for dossier in self.confidential[:4]:
                self._consult(dossier)
        first = self._alerts("volume")
        first.with_user(self.boss).ack_note = "Asked Li: a customer audit."
        first.with_user(self.boss).action_acknowledge()
        self.assertEqual(
            (first.state, first.ack_user_id, first.activity_ids),
            ("acknowledged", self.boss, self.env["mail.activity"]),
        )
        with at(WEDNESDAY, "02:01:00"):
            self._consult(self.confidential[4])
        self.assertEqual(len(self._alerts("volume")), 2)

    def test_detection_costs_a_constant_number_of_queries(self):
        """A consultation below the threshold costs the same queries with the
        alarm rules as without them but one (the user's window, one indexed
        count), whatever the size of the log."""
        Log = self.env["dossier.access.log"].sudo()
        dossier = self.confidential[0].with_user(self.reader)

        def consult_queries():
            """The fewest queries of three consultations, each on a cold
            cache (the first ones also warm the ORM's own caches)."""
            counts = []
            for _run in range(3):
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                dossier.action_open_logged()
                counts.append(self.cr.sql_log_count - before)
            return min(counts)

        with at(WEDNESDAY, "02:00:00"):
            self.company.dossier_alarm_consult_count = 0
            self.company.dossier_alarm_office_hours = False
            without_rules = consult_queries()
        with at(WEDNESDAY, "03:00:00"):
            self.company.dossier_alarm_consult_count = 3
            self.company.dossier_alarm_office_hours = True
            with_rules = consult_queries()
        self.assertEqual(with_rules, without_rules + 1)
        # A long history (older than the window) changes nothing.
        with at(WEDNESDAY, "03:30:00"):
            Log._procedure_create(
                [
                    {
                        "dossier_id": self.confidential[i % 6].id,
                        "company_id": self.company.id,
                        "user_id": self.reader.id,
                        "date": "2026-01-05 02:00:00",
                        "access_type": "view",
                    }
                    for i in range(2000)
                ]
            )
        with at(WEDNESDAY, "04:00:00"):
            dossier.action_open_logged()  # the ORM's caches, as above
            self.env.invalidate_all()
            with self.assertQueryCount(with_rules):
                dossier.action_open_logged()
        self.assertFalse(self._alerts("volume"))

    # ------------------------------------------------------------ (b) office hours

    def test_consultation_outside_office_hours(self):
        with at(WEDNESDAY, "09:59:59"):  # 17:59:59 in Shanghai: still open
            self._consult(self.confidential[0])
        with at(WEDNESDAY, "00:00:00"):  # 08:00 in Shanghai: open
            self._consult(self.confidential[1])
        self.assertFalse(self._alerts("off_hours"))
        with at(WEDNESDAY, "10:00:00"):  # 18:00 in Shanghai: closed
            self._consult(self.confidential[2])
        alert = self._alerts("off_hours")
        self.assertEqual((alert.count, alert.dossier_ids), (1, self.confidential[2]))
        with at(SATURDAY, "02:00:00"):  # 10:00 on a Saturday
            self._consult(self.confidential[3])
        self.assertEqual((alert.count, alert.occurrences), (2, 2))

    def test_office_hours_off_or_weekends_open(self):
        self.company.dossier_office_weekends = False
        with at(SATURDAY, "02:00:00"):
            self._consult(self.confidential[0])
        self.company.dossier_alarm_office_hours = False
        with at(SATURDAY, "15:00:00"):  # 23:00
            self._consult(self.confidential[1])
        self.assertFalse(self._alerts("off_hours"))

    def test_office_hours_settings_checked(self):
        with self.assertRaises(ValidationError):
            self.company.dossier_office_hour_start = 19.0
        with self.assertRaises(ValidationError):
            self.company.dossier_alarm_window = 0

    # ------------------------------------------------------------ (c) exports

    def test_large_export(self):
        partners = self.env["res.partner"].search([], limit=6)
        self.assertEqual(len(partners), 6)
        partners[:5].with_user(self.reader).export_data(["name"])
        self.assertFalse(self._alerts("export"))
        partners.with_user(self.reader).export_data(["name"])
        alert = self._alerts("export")
        self.assertEqual(
            (alert.count, alert.export_model, alert.threshold), (6, "res.partner", 5)
        )
        dossiers = self.env["dossier.dossier"].browse(
            [dossier.id for dossier in self.confidential]
        )
        dossiers.with_user(self.reader).export_data(["name"])
        self.assertEqual((alert.count, alert.occurrences), (12, 2))

    # ------------------------------------------------------------ acknowledging

    def test_manager_acknowledges_with_a_note(self):
        with at(WEDNESDAY, "12:00:00"):
            self._consult(self.confidential[0])
        alert = self._alerts("off_hours").with_user(self.boss)
        with self.assertRaisesRegex(UserError, "Write in the note"):
            alert.action_acknowledge()
        with self.assertRaisesRegex(UserError, "recorded by its procedure"):
            alert.count = 0
        alert.ack_note = "Overtime agreed for the quarterly close."
        alert.action_acknowledge()
        self.assertEqual(alert.state, "acknowledged")
        with self.assertRaises(UserError):
            alert.ack_note = "Changed afterwards"
        with self.assertRaises(UserError):
            alert.action_acknowledge()
        with self.assertRaises(UserError):
            alert.unlink()

    def test_non_managers_neither_see_nor_acknowledge(self):
        with at(WEDNESDAY, "12:00:00"):
            self._consult(self.confidential[0])
        alert = self._alerts("off_hours")
        archivist = new_dossier_user(self.env, "alarm_archivist", "archivist", "secret")
        for user in (self.reader, archivist):
            with self.assertRaises(AccessError):
                self.env["dossier.alert"].with_user(user).search([])
            with self.assertRaises(AccessError):
                alert.with_user(user).read(["count"])
            with self.assertRaises(AccessError):
                alert.with_user(user).action_acknowledge()
        self.assertEqual(alert.state, "open")

    def test_managers_of_another_company_do_not_see_it(self):
        other = self.env["res.company"].create({"name": "Other Dossier Co"})
        foreign = new_dossier_user(self.env, "alarm_foreign", "manager", "secret")
        foreign.write({"company_ids": [(6, 0, other.ids)], "company_id": other.id})
        with at(WEDNESDAY, "12:00:00"):
            self._consult(self.confidential[0])
        alert = self._alerts("off_hours")
        self.assertNotIn(foreign, alert.activity_ids.user_id)
        self.assertFalse(
            self.env["dossier.alert"].with_user(foreign).search([("id", "=", alert.id)])
        )

    # ------------------------------------------------------------ e-mails

    def test_no_dossier_content_in_any_email(self):
        with at(WEDNESDAY, "12:00:00"):  # 20:00: off hours and volume
            for dossier in self.confidential[:4]:
                self._consult(dossier)
            self._grant(self.secret)
        alerts = self._alerts()
        self.assertEqual(set(alerts.mapped("rule")), {"volume", "off_hours"})
        mails = self.env["mail.mail"].search(
            [("model", "=", "dossier.alert"), ("res_id", "in", alerts.ids)]
        )
        # One activity e-mail per alert and manager.
        self.assertEqual(len(mails), 2 * len(self.managers))
        self.assertIn(self.reader.name, " ".join(mails.mapped("body_html")))
        words = [
            "Jade Secrets",
            "Hidden Pearl",
            "Private remark",
            "Audit of the contract",
            *(dossier.name for dossier in [*self.confidential, self.secret]),
        ]
        for mail in mails:
            for word in words:
                self.assertNotIn(word, mail.body_html or "")
                self.assertNotIn(word, mail.subject or "")

    # ------------------------------------------------------------ statistics

    def test_monthly_statistics_count_alerts_per_rule(self):
        with at(WEDNESDAY, "12:00:00"):
            for dossier in self.confidential[:4]:
                self._consult(dossier)
        with at("2026-03-20", "02:00:00"):
            self.env["res.partner"].search([], limit=6).with_user(
                self.reader
            ).export_data(["name"])
        with at("2026-04-02", "02:00:00"):
            off_hours = self._alerts("off_hours").with_user(self.boss)
            off_hours.ack_note = "Seen"
            off_hours.action_acknowledge()
        with at("2026-04-10", "02:00:00"):
            report = (
                self.env["dossier.monthly.report"]
                .with_user(self.boss)
                .create({"year": 2026, "month": "3"})
            )
            stats = report._get_statistics()
            html = report.summary_html
        rows = {row["label"]: row for row in stats["alert_rows"]}
        self.assertEqual(
            {label: row["raised"] for label, row in rows.items()},
            {
                "Many Consultations": 1,
                "Outside Office Hours": 1,
                "Large Export": 1,
                "Refused Attempts": 0,
            },
        )
        self.assertEqual(stats["alert_total"]["open_at_end"], 3)
        self.assertEqual(stats["alert_total"]["acknowledged"], 0)
        self.assertIn("Alarms", html)
        self.assertNotIn("Jade Secrets", html)


@tagged("post_install", "-at_install")
class TestAlarmRefused(AlarmCase, HttpCase):
    """Refused attempts are written after the refusal's transaction, through
    the doors a client uses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.low = new_dossier_user(cls.env, "alarm_lowuser", "user", "internal")
        cls.other = cls.env["res.company"].create({"name": "Other Office Co"})
        cls.foreign = cls.env["dossier.dossier"].create(
            {
                "partner_id": cls._new_customer("Foreign Ltd").id,
                "company_id": cls.other.id,
            }
        )

    def _web_read(self, dossier):
        return call_kw(
            self,
            "dossier.dossier",
            "web_read",
            [[dossier.id]],
            {"specification": {"name": {}}},
        )

    def test_repeated_refusals_raise_an_alert(self):
        self.authenticate("alarm_lowuser", "alarm_lowuser")
        self.assertIn("error", self._web_read(self.secret))
        self.assertIn("error", self._web_read(self.confidential[0]))
        self.env.invalidate_all()
        refused = self.env["dossier.access.log"].search(
            [("user_id", "=", self.low.id), ("access_type", "=", "refused")]
        )
        self.assertEqual(refused.dossier_id, self.secret | self.confidential[0])
        self.assertFalse(self._alerts("refused", self.low), "2 is the threshold")
        # Another company's dossier, and a consultation request above the
        # clearance: refused too.
        self.assertIn("error", self._web_read(self.foreign))
        response = call_kw(
            self,
            "dossier.consultation",
            "create",
            [[{"dossier_id": self.secret.id, "purpose": "Curious"}]],
        )
        self.assertIn("error", response)
        self.env.invalidate_all()
        alert = self._alerts("refused", self.low)
        self.assertEqual((alert.count, alert.threshold), (4, 2))
        self.assertEqual(alert.company_id, self.low.company_id)
        # The alert's dossiers show each manager what they may see.
        self.assertEqual(
            alert.with_user(self.boss).dossier_ids,
            self.secret | self.confidential[0],
        )
        # No consultation was created by the refused request.
        self.assertFalse(
            self.env["dossier.consultation"].search(
                [("requester_id", "=", self.low.id)]
            )
        )

    def test_readable_dossiers_are_not_refusals(self):
        self.authenticate("alarm_lowuser", "alarm_lowuser")
        internal = self._new_dossier(confidentiality="internal")
        self.assertNotIn("error", self._web_read(internal))
        self.env.invalidate_all()
        self.assertFalse(
            self.env["dossier.access.log"].search(
                [("user_id", "=", self.low.id), ("access_type", "=", "refused")]
            )
        )

    def test_a_refusal_the_request_survives_is_not_an_attempt(self):
        """Code that catches the refusal (as the ORM does when it prefetches
        records around the one read) goes on and commits: nothing is
        recorded. The same refusal reaching the caller is."""
        with self.registry.cursor() as cr:
            secret = self.secret.with_env(self.env(cr=cr, user=self.low))
            with contextlib.suppress(AccessError):
                secret.check_access("read")
        with contextlib.suppress(AccessError), self.registry.cursor() as cr:
            self.secret.with_env(self.env(cr=cr, user=self.low)).check_access("read")
        self.env.invalidate_all()
        refused = self.env["dossier.access.log"].search(
            [("user_id", "=", self.low.id), ("access_type", "=", "refused")]
        )
        self.assertEqual(len(refused), 1)

    def test_non_manager_cannot_reach_alerts_by_json_rpc(self):
        with at(WEDNESDAY, "12:00:00"):
            self._consult(self.confidential[0])
        alert = self._alerts("off_hours")
        self.authenticate("alarm_reader", "alarm_reader")
        response = call_kw(
            self, "dossier.alert", "search_read", [[]], {"fields": ["count"]}
        )
        self.assertIn("error", response)
        response = call_kw(self, "dossier.alert", "action_acknowledge", [[alert.id]])
        self.assertIn("error", response)
        self.authenticate("alarm_boss", "alarm_boss")
        response = call_kw(
            self, "dossier.alert", "search_read", [[]], {"fields": ["count", "rule"]}
        )
        self.assertEqual(
            response["result"], [{"id": alert.id, "count": 1, "rule": "off_hours"}]
        )


@tagged("post_install", "-at_install")
class TestAlarmChinese(AlarmCase):
    """A manager who works in Chinese is told of an alert, and refused, in
    Chinese (the words of i18n/GLOSSARY.md: 报警, 确认); a manager in English, in
    English; no dossier content either way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        cls.boss.lang = "zh_CN"
        cls.boss2.lang = "en_US"

    def _off_hours_alert(self):
        with at(WEDNESDAY, "12:00:00"):  # 20:00 in Shanghai
            self._consult(self.confidential[0])
        return self._alerts("off_hours")

    def _assert_no_dossier_content(self, text):
        for word in ("Jade Secrets", "Private remark", self.confidential[0].name):
            self.assertNotIn(word, text)

    def test_manager_told_in_chinese(self):
        alert = self._off_hours_alert()
        self.assertTrue(alert)
        chinese = f"{self.reader.name} 在办公时间以外查阅了秘密或机密档案。"
        english = (
            f"{self.reader.name} consulted a confidential or secret dossier outside "
            "office hours."
        )
        # The activity: its summary and its note in each manager's language.
        mine = alert.activity_ids.filtered(lambda act: act.user_id == self.boss)
        theirs = alert.activity_ids.filtered(lambda act: act.user_id == self.boss2)
        self.assertEqual(mine.summary, "有一条档案报警等待您确认")
        self.assertIn(chinese, str(mine.note))
        self.assertEqual(theirs.summary, "A dossier alert awaits your acknowledgement")
        self.assertIn(english, str(theirs.note))
        self.assertEqual(
            mine.activity_type_id.with_context(lang="zh_CN").name, "确认档案报警"
        )
        # The activity's e-mail to the manager, in Chinese, without the dossier.
        mails = self.env["mail.mail"].search(
            [("model", "=", "dossier.alert"), ("res_id", "=", alert.id)]
        )
        mail = mails.filtered(lambda m: self.boss.partner_id in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn("有一条档案报警等待您确认", mail.subject)
        self.assertIn(f"{alert.name}：办公时间外", mail.body_html)
        self.assertEqual(mine.res_name, f"{alert.name}：办公时间外")
        self.assertEqual(theirs.res_name, f"{alert.name}: Outside Office Hours")
        self._assert_no_dossier_content(mail.subject + mail.body_html)
        # The notification in Odoo, at once.
        self.env.cr.precommit.run()
        notices = self.env["bus.bus"].search(
            [
                ("message", "like", alert.name),
                ("message", "like", "simple_notification"),
            ]
        )
        payloads = [json.loads(notice.message)["payload"] for notice in notices]
        by_title = {payload["title"]: payload["message"] for payload in payloads}
        self.assertEqual(by_title[f"档案报警 {alert.name}"], chinese)
        self.assertEqual(by_title[f"Dossier alert {alert.name}"], english)
        self._assert_no_dossier_content(json.dumps(payloads, ensure_ascii=False))

    def test_acknowledgement_refused_in_chinese(self):
        alert = self._off_hours_alert()
        boss = alert.with_user(self.boss).with_context(lang=self.boss.lang)
        with self.assertRaises(UserError) as chinese:
            boss.action_acknowledge()
        self.assertEqual(
            str(chinese.exception),
            "确认报警前，请在说明中写明您查明的情况和采取的措施。",
        )
        with self.assertRaisesRegex(UserError, "^Write in the note what you found"):
            alert.with_user(self.boss2).with_context(lang="en_US").action_acknowledge()
        # What the detection records is not written by hand.
        with self.assertRaisesRegex(
            UserError, "^档案报警：“.+”由其办理流程记录，不能直接写入。"
        ):
            boss.count = 0
        # A user is refused in their language too, and told nothing of the alert.
        with self.assertRaises(AccessError) as refused:
            alert.with_user(self.reader).with_context(lang="zh_CN").action_acknowledge()
        self.assertEqual(str(refused.exception), "只有档案管理员可以确认报警。")
        self._assert_no_dossier_content(str(refused.exception))
        alert.invalidate_recordset()
        self.assertEqual((alert.state, alert.count), ("open", 1))
        # With the note, the Chinese-speaking manager acknowledges it.
        boss.ack_note = "加班处理季度结账，已核实。"
        boss.action_acknowledge()
        self.assertEqual((alert.state, alert.ack_user_id), ("acknowledged", self.boss))
