from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SIGNATURE
from .loan_common import LoanCase


@tagged("post_install", "-at_install")
class TestLoanReturn(LoanCase):
    def _repair_activities(self, dossier):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "dossier.dossier"),
                ("res_id", "=", dossier.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("partner_dossier.mail_activity_document_repair").id,
                ),
            ]
        )

    def test_complete_return_closes_the_loan(self):
        loan = self._checked_out()
        action = loan.with_user(self.archivist).action_return()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.archivist)
            .with_context(**action["context"])
            .create({"signature": SIGNATURE})
        )
        self.assertEqual(wizard.line_ids.document_id, self.documents)
        # Nothing is pre-selected: one click must not record a complete return.
        self.assertEqual(set(wizard.line_ids.mapped("status")), {False})
        with self.assertRaisesRegex(UserError, "whether it is present, missing"):
            wizard.action_confirm()
        self.assertEqual(loan.state, "out")
        wizard.line_ids[0].status = "present"
        with self.assertRaisesRegex(UserError, self.documents[1].name):
            wizard.action_confirm()
        # An explicit decision for the rest.
        action = wizard.action_all_present()
        self.assertEqual((action["res_id"], action["target"]), (wizard.id, "new"))
        self.assertEqual(set(wizard.line_ids.mapped("status")), {"present"})
        wizard.action_confirm()
        self.assertEqual(loan.state, "returned")
        self.assertFalse(loan.missing_document_ids | loan.damaged_document_ids)
        self.assertIn("Return check", loan.message_ids[0].body)
        with self.assertRaisesRegex(
            UserError, "is Returned: there is nothing to return"
        ):
            loan.with_user(self.archivist).action_return()

    def test_partial_return_keeps_the_loan_open_with_what_is_missing(self):
        contract, licence, letter = self.documents
        loan = self._checked_out()
        self._return(loan, statuses={licence: "missing"})
        self.assertEqual(loan.state, "partial")
        self.assertEqual(loan.missing_document_ids, licence)
        self.assertFalse(loan.date_returned)
        self.assertIn("Missing", loan.message_ids[0].body)
        self.env.invalidate_all()
        self.assertTrue(self.dossier.on_loan, "still out while a document is missing")
        # Still one open loan of the originals: the next reader waits.
        other = self._approved(self.staff_2)
        with self.assertRaisesRegex(UserError, "already out on loan"):
            other.with_user(self.archivist).action_checkout(signature=SIGNATURE)

        # The next check lists only what is still out.
        wizard = (
            self.env["dossier.loan.return"]
            .with_user(self.archivist)
            .create({"loan_id": loan.id, "signature": SIGNATURE})
        )
        self.assertEqual(wizard.line_ids.document_id, licence)
        wizard.action_all_present()
        wizard.action_confirm()
        self.assertEqual(loan.state, "returned")
        self.assertTrue(loan.date_returned)
        self.env.invalidate_all()
        self.assertFalse(self.dossier.on_loan)

    def test_damaged_document_goes_to_repair(self):
        contract, licence, letter = self.documents
        loan = self._checked_out()
        self._return(
            loan,
            user=self.archivist_2,
            statuses={letter: ("damaged", "Torn corner, page 2")},
        )
        self.assertEqual(loan.state, "returned", "a damaged document is back")
        self.assertEqual(loan.damaged_document_ids, letter)
        self.assertEqual(letter.condition, "repair")
        self.assertIn(loan.name, letter.repair_note)
        self.assertIn("Torn corner, page 2", letter.repair_note)
        activity = self._repair_activities(self.dossier)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.archivist_2)
        self.assertEqual(letter.repair_activity_id, activity)
        self.assertEqual(contract.condition, "good")

        # Documents under repair are not lent with the whole dossier, nor one by one.
        next_loan = self._checked_out(self.staff_2)
        self.assertEqual(next_loan.lent_document_ids, contract | licence)
        self._return(next_loan)
        with self.assertRaisesRegex(UserError, "is under repair and cannot be lent"):
            self._checked_out(document_scope="some", document_ids=[(6, 0, letter.ids)])

        # Only an archivist closes the repair; that closes the note and the activity.
        with self.assertRaisesRegex(UserError, "Mark Repaired button"):
            letter.with_user(self.staff).write({"condition": "good"})
        self.assertEqual(letter.condition, "repair")
        letter.with_user(self.archivist_2).action_mark_repaired()
        self.assertEqual(letter.condition, "good")
        self.assertFalse(letter.repair_note)
        self.assertFalse(self._repair_activities(self.dossier), "the repair is done")
        done = self.dossier.message_ids.filtered(
            lambda message: "Torn corner, page 2" in (message.body or "")
        )
        self.assertTrue(done, "the repair note stays in the dossier's history")
        with self.assertRaisesRegex(UserError, "is not under repair"):
            letter.with_user(self.archivist).action_mark_repaired()

    def test_each_document_ticked_exactly_once(self):
        contract, licence, letter = self.documents
        loan = self._checked_out().with_user(self.archivist)
        snapshot = self._snapshot(loan)
        with self.assertRaisesRegex(UserError, "tick each document still out"):
            loan._register_return(present=contract, missing=licence, damaged=licence)
        with self.assertRaisesRegex(UserError, "tick each document still out"):
            loan._register_return(present=contract, missing=licence, damaged=contract)
        self.assertEqual(self._snapshot(loan), snapshot)

    def test_only_archivists_check_returns(self):
        loan = self._checked_out()
        with self.assertRaises(AccessError):
            loan.with_user(self.staff).action_return()
        with self.assertRaises(AccessError):
            self.env["dossier.loan.return"].with_user(self.staff).create(
                {"loan_id": loan.id}
            )
        self.assertEqual(loan.state, "out")

    def test_photocopy_has_no_return_check(self):
        loan = self._approved(loan_type="photocopy", approver=self.manager)
        self.env["dossier.copy.batch"].with_user(self.archivist).create(
            {"loan_id": loan.id, "taken_out": True, "pending_signature": SIGNATURE}
        )
        loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        with self.assertRaisesRegex(UserError, "the originals never left"):
            loan.with_user(self.archivist).action_return()
