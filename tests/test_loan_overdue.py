from datetime import date, datetime

from odoo.tests import freeze_time, tagged

from .loan_common import LoanCase

# 2026-03-02 in Shanghai: requested at 09:00, due at 18:00 (10:00 UTC); the
# end-of-day cron runs at 22:00 (14:00 UTC).
MORNING = "2026-03-02 01:00:00"
EVENING = "2026-03-02 14:00:00"
NEXT_EVENING = "2026-03-03 14:00:00"
THIRD_EVENING = "2026-03-04 14:00:00"


@tagged("post_install", "-at_install")
class TestLoanOverdue(LoanCase):
    def _activities(self, loan, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "dossier.loan"),
                ("res_id", "=", loan.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def _reminders(self, loan):
        return self._activities(loan, "partner_dossier.mail_activity_loan_overdue")

    def _escalations(self, loan):
        return self._activities(loan, "partner_dossier.mail_activity_loan_escalation")

    def _run_cron(self):
        self._run_cron_method("dossier.loan", "_cron_remind_overdue")

    def test_cron_is_scheduled_daily(self):
        cron = self.env.ref("partner_dossier.ir_cron_dossier_loan_overdue")
        self.assertEqual(cron.code, "model._cron_remind_overdue()")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertTrue(cron.active)

    def test_reminder_then_escalation_idempotent(self):
        with freeze_time(MORNING):
            loan = self._checked_out(self.staff)
            on_time = self._checked_out(self.staff_2, dossier=self.public)
            on_time.sudo().date_due = datetime(2026, 3, 5, 10, 0)
            self.assertEqual(loan.date_due, datetime(2026, 3, 2, 10, 0))
            self.assertFalse(loan.is_overdue)
            self._run_cron()
            self.assertEqual(loan.reminder_count, 0, "not due yet")

        with freeze_time(EVENING):
            self.assertTrue(loan.is_overdue)
            self.assertEqual(
                self.env["dossier.loan"].search([("is_overdue", "=", True)]), loan
            )
            self._run_cron()
            self.assertEqual(loan.reminder_count, 1)
            self.assertEqual(loan.last_reminder_date, date(2026, 3, 2))
            reminders = self._reminders(loan)
            self.assertEqual(reminders.user_id, self.staff | self.archivist_2)
            self.assertEqual(
                set(reminders.mapped("summary")),
                {f"Reminder 1: return loan {loan.name}"},
            )
            self.assertFalse(self._escalations(loan), "managers are told the next day")
            self.assertEqual(on_time.reminder_count, 0)
            # The borrower sees the reminder on their own loan.
            self.assertEqual(
                loan.with_user(self.staff).activity_ids.user_id & self.staff, self.staff
            )

            self._run_cron()
            self.env.invalidate_all()
            self.assertEqual(loan.reminder_count, 1, "once a day")
            self.assertEqual(len(self._reminders(loan)), 2)

        with freeze_time(NEXT_EVENING):
            self._run_cron()
            self.assertEqual(loan.reminder_count, 2)
            escalations = self._escalations(loan)
            self.assertTrue(self.manager | self.manager_2 <= escalations.user_id)
            self.assertEqual(
                set(escalations.mapped("summary")),
                {f"Reminder 2: return loan {loan.name}"},
            )
            self.assertEqual(
                len(self._reminders(loan)), 2, "no second activity while one is open"
            )
            self._run_cron()
            self.env.invalidate_all()
            self.assertEqual(loan.reminder_count, 2)
            self.assertEqual(len(self._escalations(loan)), len(escalations))

        # A reminder marked done comes back while the loan is still out.
        self._reminders(loan).filtered(lambda a: a.user_id == self.staff).action_done()
        with freeze_time(THIRD_EVENING):
            self._run_cron()
            self.assertEqual(loan.reminder_count, 3)
            self.assertIn(self.staff, self._reminders(loan).user_id)

            # Returned: the reminders go, and none comes again.
            self._return(loan)
            self.assertFalse(self._reminders(loan) | self._escalations(loan))
            self.assertFalse(loan.is_overdue)
        with freeze_time("2026-03-05 14:00:00"):
            self._run_cron()
            self.assertEqual(loan.reminder_count, 3)
            self.assertFalse(self._reminders(loan) | self._escalations(loan))

    def test_no_reminder_for_a_loan_returned_late_or_partially_returned(self):
        with freeze_time(MORNING):
            returned = self._checked_out(self.staff)
        with freeze_time("2026-03-02 12:00:00"):
            self._return(returned)
            self.assertEqual(returned.state, "returned")
        with freeze_time(MORNING):
            partial = self._checked_out(self.staff)
            self._return(partial, statuses={self.documents[0]: "missing"})
            self.assertEqual(partial.state, "partial")
        with freeze_time(EVENING):
            self._run_cron()
            self.assertEqual(returned.reminder_count, 0)
            self.assertFalse(self._reminders(returned))
            self.assertEqual(partial.reminder_count, 1, "still out: reminded")

    def test_reminders_in_each_recipients_language(self):
        """One run of the job: the borrower reads Chinese, the custodian English,
        each with the due time in their own date format."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        self.staff.lang = "zh_CN"
        self.archivist_2.lang = "en_US"
        with freeze_time(MORNING):
            loan = self._checked_out(self.staff)
        with freeze_time(EVENING):
            self._run_cron()
        reminders = self._reminders(loan)
        chinese = reminders.filtered(lambda activity: activity.user_id == self.staff)
        english = reminders - chinese
        self.assertEqual(english.user_id, self.archivist_2)
        self.assertEqual(chinese.summary, f"第 1 次催还提醒：请归还借阅 {loan.name}")
        # The due time is the archive's, named: the room closes at 18:00 there.
        self.assertIn("应于 2026/3/2 18:00（Asia/Shanghai）", str(chinese.note))
        self.assertEqual(english.summary, f"Reminder 1: return loan {loan.name}")
        self.assertIn("was due back on 3/2/26, 6:00", str(english.note))
        self.assertIn("PM (Asia/Shanghai)", str(english.note))

    def test_chatter_note_in_the_office_language(self):
        """The note in the loan's history is read by everyone: it is in the
        company's language, not in the language of the job's user."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        self.company.partner_id.lang = "zh_CN"
        self.assertEqual(self.env.ref("base.user_root").lang, "en_US")
        with freeze_time(MORNING):
            loan = self._checked_out(self.staff)
        with freeze_time(EVENING):
            self._run_cron()
        self.assertIn(
            f"第 1 次催还提醒：请归还借阅 {loan.name}",
            "".join(str(message.body) for message in loan.message_ids),
        )
