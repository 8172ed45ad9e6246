from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.dossier_loan import LOAN_MAX_DAYS
from ..tools.dossier_timezone import archive_today
from .common import SIGNATURE
from .loan_common import LoanCase


@tagged("post_install", "-at_install")
class TestBendLoans(LoanCase):
    """Issue 23, the lending side: each way of bending the loan and copy
    registers, tried by the role that would try it, is refused with a sentence
    and leaves the register as it was."""

    def _photocopy(self):
        loan = self._approved(self.staff, loan_type="photocopy", approver=self.manager)
        batch = (
            self.env["dossier.copy.batch"]
            .with_user(self.archivist)
            .create(
                {
                    "loan_id": loan.id,
                    "copies": 2,
                    "taken_out": True,
                    "pending_signature": SIGNATURE,
                }
            )
        )
        return loan, batch

    def _load(self, user, model, record, fname, value):
        """An import updating ``record`` (the .id column), as the import screen
        does; returns its messages."""
        result = (
            self.env[model]
            .with_user(user)
            .load([".id", fname], [[str(record.id), value]])
        )
        self.assertFalse(result["ids"], "the import went through")
        return " ".join(message["message"] for message in result["messages"])

    def test_loan_number_cannot_be_rewritten_by_write_or_import(self):
        loan = self._request(self.staff)
        number = loan.name
        self.assertTrue(number)
        for user in (self.staff, self.archivist, self.manager):
            with self.assertRaisesRegex(UserError, "“Loan Number” cannot be changed"):
                loan.with_user(user).write({"name": "L-FORGED"})
            self.assertIn(
                "“Loan Number” cannot be changed",
                self._load(user, "dossier.loan", loan, "name", "L-FORGED"),
            )
        with self.assertRaisesRegex(UserError, "“Loan Number” cannot be changed"):
            self._request(self.staff, name="L-CHOSEN")
        loan.invalidate_recordset()
        self.assertEqual(loan.name, number)

    def test_copy_batch_number_cannot_be_rewritten_by_write_or_import(self):
        _loan, batch = self._photocopy()
        number = batch.name
        for user in (self.archivist, self.manager):
            with self.assertRaisesRegex(
                UserError, "“Copy Batch Number” cannot be changed"
            ):
                batch.with_user(user).write({"name": "C-FORGED"})
            self.assertIn(
                "“Copy Batch Number” cannot be changed",
                self._load(user, "dossier.copy.batch", batch, "name", "C-FORGED"),
            )
        batch.invalidate_recordset()
        self.assertEqual(batch.name, number)

    def test_loan_customer_cannot_be_rewritten(self):
        """The customer is the dossier's: writing it on the loan would rename the
        customer of the dossier itself."""
        loan = self._checked_out(self.staff)
        other = self._new_customer("Another Customer Co.")
        for user in (self.archivist, self.manager):
            with self.assertRaisesRegex(UserError, "“Customer” cannot be changed"):
                loan.with_user(user).write({"partner_id": other.id})
        self.env.invalidate_all()
        self.assertEqual(
            (loan.partner_id, self.dossier.partner_id), (self.customer,) * 2
        )

    def test_returned_loan_due_date_cannot_be_rewritten(self):
        loan = self._checked_out(self.staff)
        self._return(loan)
        due = loan.date_due
        for user in (self.archivist, self.manager):
            with self.assertRaisesRegex(
                UserError, "“Due” cannot be changed while it is Returned"
            ):
                loan.with_user(user).write({"date_due": due + timedelta(days=2)})
        loan.invalidate_recordset()
        self.assertEqual(loan.date_due, due)

    def test_borrower_due_date_400_days_ahead_does_not_survive(self):
        """The rule: a requester may ask for a due date up to LOAN_MAX_DAYS after
        the day wanted; archivists extend an open loan up to LOAN_MAX_DAYS after
        its check-out; the check-out counts the days from the day it is lent."""
        far = fields.Datetime.now() + timedelta(days=400)
        Loan = self.env["dossier.loan"]
        before = Loan.search_count([])
        with (
            self.assertRaisesRegex(ValidationError, "a loan lasts at most 30 days"),
            self.env.cr.savepoint(),
        ):
            self._request(self.staff, date_due=far)
        self.assertEqual(Loan.search_count([]), before)
        loan = self._request(self.staff)
        due = loan.date_due
        with (
            self.assertRaisesRegex(ValidationError, "a loan lasts at most 30 days"),
            self.env.cr.savepoint(),
        ):
            loan.with_user(self.staff).write({"date_due": far})
        # Approved, the date is no longer the borrower's to move.
        loan.with_user(self.archivist).action_approve()
        with self.assertRaisesRegex(UserError, "“Due” cannot be changed while it is"):
            loan.with_user(self.staff).write({"date_due": due + timedelta(days=1)})
        loan.invalidate_recordset()
        self.assertEqual(loan.date_due, due)

        # Wanted in 200 days, due then: lent today, due within 30 days of today.
        wanted = archive_today(self.company) + timedelta(200)
        early = self._approved(self.staff_2, self.public, date_wanted=wanted)
        # (Due at the closing time of that day: compared with a margin, whatever
        # the time of day the test runs at.)
        self.assertGreater(early.date_due, fields.Datetime.now() + timedelta(days=150))
        early.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertLessEqual(
            early.date_due,
            fields.Datetime.now() + timedelta(days=LOAN_MAX_DAYS + 1),
        )
        with (
            self.assertRaisesRegex(ValidationError, "a loan lasts at most 30 days"),
            self.env.cr.savepoint(),
        ):
            early.with_user(self.archivist).write({"date_due": far})
        # Within the length, an archivist extends it.
        extended = fields.Datetime.now() + timedelta(days=10)
        early.with_user(self.archivist).write({"date_due": extended})
        self.assertEqual(early.date_due, extended.replace(microsecond=0))

    def test_copy_batch_cannot_be_untaken_reset_or_moved(self):
        loan, batch = self._photocopy()
        self.assertEqual(batch.state, "out")
        with self.assertRaisesRegex(
            UserError, "“Taken Out of the Building” cannot be changed while it is"
        ):
            batch.with_user(self.archivist).write({"taken_out": False})
        self.assertEqual(batch.state, "out")
        other, _other_batch = self._photocopy()
        with self.assertRaisesRegex(UserError, "“Loan” cannot be changed"):
            batch.with_user(self.manager).write({"loan_id": other.id})
        # What it takes from its loan, or computes, is not written either.
        for fname, value in (
            ("dossier_id", self.confidential.id),
            ("company_id", self.env["res.company"].create({"name": "Co. B"}).id),
            ("total_pages", 99),
        ):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                batch.with_user(self.archivist).write({fname: value})
        batch.with_user(self.archivist).write({"copies_returned": 2})
        batch.with_user(self.archivist).action_return_copies(signature=SIGNATURE)
        batch.with_user(self.archivist_2).action_verify()
        self.assertEqual(batch.state, "verified")
        with self.assertRaisesRegex(
            UserError, "“Copies Returned” cannot be changed while it is Verified"
        ):
            batch.with_user(self.archivist).write({"copies_returned": 0})
        self.env.invalidate_all()
        self.assertEqual(
            (batch.loan_id, batch.copies_returned, batch.taken_out), (loan, 2, True)
        )
        self.assertEqual(
            (batch.dossier_id, batch.company_id, batch.total_pages),
            (self.dossier, self.company, 2 * batch.pages),
        )

    def test_force_unlink_does_not_delete_a_returned_loan(self):
        loan = self._checked_out(self.staff)
        self._return(loan)
        with self.assertRaisesRegex(UserError, "stays in the loan register"):
            loan.with_user(self.staff).with_context(_force_unlink=True).unlink()
        self.assertTrue(loan.exists())

    def test_due_date_change_leaves_its_tracking_line(self):
        loan = self._checked_out(self.staff)
        self.env.flush_all()
        self.env.cr.precommit.run()
        extended = loan.date_due + timedelta(days=3)
        loan.with_user(self.archivist).with_context(
            tracking_disable=True, mail_notrack=True
        ).write({"date_due": extended})
        self.env.flush_all()
        self.env.cr.precommit.run()
        loan.invalidate_recordset(["message_ids"])
        tracked = loan.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "date_due"
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.new_value_datetime, extended)


@tagged("post_install", "-at_install")
class TestBendKeyLog(LoanCase):
    """A backup key use tells the key manager; the archivist who logged it
    cannot take that back."""

    def test_key_manager_in_another_company_is_told(self):
        other = self.env["res.company"].create({"name": "Key Holding Co."})
        manager = self._loan_user("key_manager_elsewhere", "manager", "internal")
        manager.write({"company_id": other.id, "company_ids": [(6, 0, other.ids)]})
        manager.partner_id.company_id = other
        self.cabinet.key_manager_id = manager
        self.env.invalidate_all()
        log = (
            self.env["dossier.key.log"]
            .with_user(self.archivist)
            .create({"location_id": self.cabinet.id, "reason": "Holder abroad"})
        )
        self.assertEqual(log.sudo().activity_ids.user_id, manager)

    def test_archivist_cannot_take_back_the_manager_activity(self):
        self.cabinet.key_manager_id = self.manager
        log = (
            self.env["dossier.key.log"]
            .with_user(self.archivist)
            .create({"location_id": self.cabinet.id, "reason": "Holder on leave"})
        )
        activity = log.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        mine = activity.with_user(self.archivist)
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            mine.unlink()
        with self.assertRaisesRegex(UserError, "only they can mark it done"):
            mine.action_feedback(feedback="Nothing happened")
        with self.assertRaisesRegex(UserError, "only they can mark it done"):
            mine.write({"user_id": self.archivist.id})
        # Its inbox notification is out of the archivist's reach as well.
        message = self.env["mail.message"].search(
            [("model", "=", "dossier.key.log"), ("res_id", "=", log.id)]
        )
        notification = message.notification_ids
        self.assertEqual(notification.res_partner_id, self.manager.partner_id)
        with self.assertRaises(AccessError):
            notification.with_user(self.archivist).unlink()
        # Refused by the history (append-only) before Odoo's access check.
        with self.assertRaises(UserError):
            message.with_user(self.archivist).unlink()
        self.assertTrue(activity.exists() and notification.exists())
        self.assertEqual((activity.user_id, activity.active), (self.manager, True))
        # The manager marks it done.
        activity.with_user(self.manager).action_feedback(feedback="Key back")
        self.assertFalse(log.activity_ids)
