from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .constraint_common import user_message
from .loan_common import LoanCase
from .retention_common import DossierRetentionCase


@tagged("post_install", "-at_install")
class TestLoanDuties(LoanCase):
    """Nobody decides on their own request, by the button or around it."""

    def test_requester_never_approves_own_loan(self):
        for loan_type in ("reading", "photocopy"):
            with self.subTest(loan_type=loan_type):
                loan = self._request(self.manager, self.public, loan_type=loan_type)
                with self.assertRaisesRegex(UserError, "you requested it"):
                    loan.with_user(self.manager).action_approve()
                with self.assertRaisesRegex(UserError, "you requested it"):
                    loan.with_user(self.manager).action_open_reject_wizard()
                with self.assertRaisesRegex(UserError, "Use the Approve, Reject"):
                    loan.with_user(self.manager).write({"state": "approved"})
                with self.assertRaisesRegex(UserError, "Use the Approve and Reject"):
                    loan.with_user(self.manager).write(
                        {"approver_id": self.manager_2.id}
                    )
                self.assertEqual(loan.state, "requested")
                loan.with_user(self.manager_2).action_approve()
                self.assertEqual(loan.approver_id, self.manager_2)


@tagged("post_install", "-at_install")
class TestDisposalDuties(DossierRetentionCase):
    """A disposal needs four people: the proposer, another manager who approves,
    and two witnesses who watch someone else execute it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archivist_2 = new_test_user(
            cls.env,
            login="sd_archivist_2",
            groups="partner_dossier.group_dossier_archivist",
            dossier_clearance="secret",
        )
        cls.due = cls._closed_dossier("Duty Customer")
        cls.due_2 = cls._closed_dossier("Second Duty Customer")

    def _proposal(self, user=None, dossier=None):
        return (
            self.env["dossier.disposal"]
            .with_user(user or self.archivist)
            .create(
                {
                    "method": "shredding",
                    "line_ids": [
                        Command.create({"dossier_id": (dossier or self.due).id})
                    ],
                }
            )
        )

    def _assert_not_database_text(self, error):
        text = str(error)
        for raw in ("violates", "psycopg2", "constraint", "CHECK ("):
            self.assertNotIn(raw, text)

    def test_proposer_does_not_approve(self):
        disposal = self._proposal(self.manager)
        with self.assertRaisesRegex(UserError, "another manager must approve"):
            disposal.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "Use the Approve button"):
            disposal.with_user(self.manager).write({"approver_id": self.manager.id})
        self.assertEqual(disposal.state, "proposed")
        disposal.with_user(self.manager_2).action_approve()
        self.assertEqual(disposal.approver_id, self.manager_2)

    def test_the_two_witnesses_are_two_people(self):
        disposal = self._proposal()
        form = Form(disposal.with_user(self.archivist))
        form.witness_1_id = self.witness_a
        form.witness_2_id = self.witness_a
        refusal = user_message(self.env, form.save)
        self.assertIn("two witnesses of a disposal must be two", refusal or "")
        self._assert_not_database_text(refusal)

    def test_approver_is_not_a_witness(self):
        disposal = self._proposal()
        disposal.with_user(self.manager).action_approve()
        form = Form(disposal.with_user(self.archivist))
        form.witness_1_id = self.manager
        refusal = user_message(self.env, form.save)
        self.assertIn("cannot also be one of its witnesses", refusal or "")
        self._assert_not_database_text(refusal)
        # ...and a manager named witness does not approve.
        other = self._proposal(dossier=self.due_2)
        other.write({"witness_1_id": self.manager_2.id})
        with self.assertRaisesRegex(UserError, "You are a witness"):
            other.with_user(self.manager_2).action_approve()

    def test_executor_is_not_a_witness(self):
        disposal = self._proposal()
        disposal.with_user(self.manager).action_approve()
        disposal.with_user(self.archivist).write(
            {"witness_1_id": self.archivist_2.id, "witness_2_id": self.witness_b.id}
        )
        with self.assertRaisesRegex(UserError, "watch someone else execute it"):
            disposal.with_user(self.archivist_2).action_done()
        self.assertEqual(disposal.state, "approved")
        disposal.with_user(self.archivist).action_done()
        self.assertEqual(
            (disposal.state, disposal.executor_id, self.due.state),
            ("done", self.archivist, "disposed"),
        )
        # Once executed, the executor cannot be named witness afterwards either.
        with self.assertRaises(UserError):
            disposal.with_user(self.archivist).write(
                {"witness_1_id": self.archivist.id}
            )
