from datetime import date, datetime

from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import SIGNATURE
from .constraint_common import DATABASE_TEXTS, user_message
from .loan_common import LoanCase


@tagged("post_install", "-at_install")
class TestLoanDueTime(LoanCase):
    """A loan is due at the archive's closing time (18:00) of the day it is lent,
    in the company's time zone; lent after closing, at the end of that day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.brussels = new_test_user(
            cls.env,
            login="due_brussels",
            groups="partner_dossier.group_dossier_user",
            tz="Europe/Brussels",
        )

    def _form(self, user):
        form = Form(self.env["dossier.loan"].with_user(user))
        form.dossier_id = self.dossier
        form.purpose = "Audit of the signed contract"
        return form

    def _check(self, user, company_tz, now, wanted, due):
        self.company.partner_id.tz = company_tz
        with freeze_time(now):
            form = self._form(user)
            self.assertEqual(form.date_wanted, wanted, f"today for {user.tz}")
            self.assertEqual(form.date_due, due)
            loan = form.save()
            self.assertEqual((loan.date_wanted, loan.date_due), (wanted, due))
            self.assertGreater(loan.date_due, loan.date_requested)
        return loan

    def test_shanghai_day(self):
        cases = [
            # (UTC now, wanted, due in UTC): Shanghai is UTC+8.
            ("2026-03-02 01:00:00", date(2026, 3, 2), datetime(2026, 3, 2, 10, 0)),
            # 17:59 local: before closing.
            ("2026-03-02 09:59:00", date(2026, 3, 2), datetime(2026, 3, 2, 10, 0)),
            # 20:00 local: after closing, due at the end of the same day.
            ("2026-03-02 12:00:00", date(2026, 3, 2), datetime(2026, 3, 2, 15, 59, 59)),
            # 23:59 local.
            ("2026-03-02 15:59:00", date(2026, 3, 2), datetime(2026, 3, 2, 15, 59, 59)),
            # 00:00:30 local, still the 2nd in UTC: already the 3rd here.
            ("2026-03-02 16:00:30", date(2026, 3, 3), datetime(2026, 3, 3, 10, 0)),
        ]
        for now, wanted, due in cases:
            with self.subTest(now=now):
                self._check(self.staff, "Asia/Shanghai", now, wanted, due)

    def test_a_new_closing_time_leaves_the_registered_loans(self):
        """Issue 23: the closing time is that of the day a loan is registered;
        changing the setting moves no loan's due time (none becomes overdue)."""
        loan = self._check(
            self.staff,
            "Asia/Shanghai",
            "2026-03-02 01:00:00",
            date(2026, 3, 2),
            datetime(2026, 3, 2, 10, 0),
        )
        self.company.dossier_loan_due_hour = 12.0
        self.env.invalidate_all()
        self.assertEqual(loan.date_due, datetime(2026, 3, 2, 10, 0))
        with freeze_time("2026-03-02 01:00:00"):
            self.assertEqual(
                self._form(self.staff).date_due,
                datetime(2026, 3, 2, 4, 0),
                "a new loan",
            )

    def test_brussels_day(self):
        cases = [
            # Brussels is UTC+1 in March (before the 29th).
            ("2026-03-02 16:30:00", date(2026, 3, 2), datetime(2026, 3, 2, 17, 0)),
            ("2026-03-02 17:30:00", date(2026, 3, 2), datetime(2026, 3, 2, 22, 59, 59)),
            ("2026-03-02 22:59:00", date(2026, 3, 2), datetime(2026, 3, 2, 22, 59, 59)),
            # 00:30 local on the 3rd, still the 2nd in UTC.
            ("2026-03-02 23:30:00", date(2026, 3, 3), datetime(2026, 3, 3, 17, 0)),
        ]
        for now, wanted, due in cases:
            with self.subTest(now=now):
                self._check(self.brussels, "Europe/Brussels", now, wanted, due)

    def test_company_time_zone_rules_the_closing_time(self):
        """A Shanghai user borrows from a Brussels archive: wanted today in
        Shanghai, due when the Brussels room closes."""
        self._check(
            self.staff,
            "Europe/Brussels",
            "2026-03-02 12:00:00",  # 20:00 in Shanghai, 13:00 in Brussels
            date(2026, 3, 2),
            datetime(2026, 3, 2, 17, 0),
        )

    def test_never_due_before_the_checkout(self):
        self.company.partner_id.tz = "Europe/Brussels"
        with freeze_time("2026-03-02 09:00:00"):
            late = self._approved(self.brussels)
            same_day = self._approved(self.brussels, self.confidential.browse())
        self.assertEqual(late.date_due, datetime(2026, 3, 2, 17, 0))
        # Checked out two days later, in the morning: due that day at closing.
        with freeze_time("2026-03-04 08:00:00"):
            late.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertEqual(late.date_due, datetime(2026, 3, 4, 17, 0))
        self._return(late)
        # Checked out on the day wanted, after closing: due at the end of it.
        self.assertEqual(same_day.date_due, datetime(2026, 3, 2, 17, 0))
        with freeze_time("2026-03-02 18:30:00"):
            same_day.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertEqual(same_day.date_due, datetime(2026, 3, 2, 22, 59, 59))

    def test_wanted_day_in_the_past_is_a_sentence(self):
        self.company.partner_id.tz = "Asia/Shanghai"
        with freeze_time("2026-03-02 01:00:00"):
            form = self._form(self.staff)
            form.date_wanted = date(2026, 3, 1)
            refusal = user_message(self.env, form.save)
        self.assertIn("cannot be due before it was requested", refusal or "")
        for text in DATABASE_TEXTS:
            self.assertNotIn(text, refusal)
