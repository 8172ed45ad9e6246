from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import SIGNATURE
from .constraint_common import user_message
from .loan_common import LoanCase


@tagged("post_install", "-at_install")
class TestLoanCopies(LoanCase):
    def _photocopy(self, **values):
        return self._approved(
            self.staff, loan_type="photocopy", approver=self.manager, **values
        )

    def _batch(self, loan, user=None, **values):
        return (
            self.env["dossier.copy.batch"]
            .with_user(user or self.archivist)
            .create({"loan_id": loan.id, **values})
        )

    def test_copy_notes_count_in_good_english(self):
        contract, licence, _letter = self.documents
        self.env["dossier.document"].browse(contract.id).pages = 4
        loan = self._photocopy(copies_requested=3)
        self._batch(loan, copies=1, document_ids=[(6, 0, licence.ids)])
        self._batch(loan, copies=2, document_ids=[(6, 0, contract.ids)])
        notes = "".join(str(message.body) for message in loan.message_ids)
        self.assertIn("One copy of one page made by", notes)
        self.assertIn("2 copies of 4 pages made by", notes)
        self.assertNotIn("1 copies", notes)
        self.assertNotIn("1 pages", notes)

    def test_copies_taken_out_come_back_and_are_verified(self):
        contract, licence, _letter = self.documents
        self.env["dossier.document"].browse(contract.id).pages = 4
        loan = self._photocopy(
            copies_requested=2,
            document_scope="some",
            document_ids=[(6, 0, (contract | licence).ids)],
        )
        action = loan.with_user(self.archivist).action_register_copies()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.archivist)
            .with_context(**action["context"])
        )
        form.document_ids.add(contract)
        self.assertEqual(form.pages, 4, "pages of the documents copied")
        form.copies = 2
        form.made_by_id = self.staff
        form.taken_out = True
        form.pending_signature = SIGNATURE
        form.destination = "Tax bureau"
        out = form.save()
        self.assertRegex(out.name, r"^COPY/\d{4}/\d{5}$")
        self.assertEqual((out.state, out.total_pages), ("out", 8))
        self.assertEqual(out.made_by_id, self.staff)
        kept = self._batch(loan, copies=1, document_ids=[(6, 0, licence.ids)])
        self.assertEqual((kept.state, kept.pages), ("kept", 1))

        loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertEqual(loan.state, "out")
        self.assertEqual(loan.checkout_user_id, self.archivist)
        self.assertFalse(loan.lent_document_ids, "the originals stay in")
        self.assertFalse(self.dossier.on_loan)
        self.assertEqual((loan.copies_made, loan.copies_outstanding), (3, 2))
        # The borrower sees the register of their own loan, read-only.
        self.assertEqual(loan.with_user(self.staff).copy_batch_ids, out | kept)
        with self.assertRaises(AccessError):
            out.with_user(self.staff).write({"copies_returned": 2})

        with self.assertRaisesRegex(UserError, "enter how many copies came back"):
            out.with_user(self.archivist).action_return_copies(signature=SIGNATURE)
        with self.assertRaisesRegex(UserError, "has not been returned"):
            out.with_user(self.archivist).action_verify()
        out.with_user(self.archivist_2).write({"copies_returned": 1})
        out.with_user(self.archivist_2).action_return_copies(signature=SIGNATURE)
        self.assertEqual(
            (out.state, out.returned_to_id), ("returned", self.archivist_2)
        )
        with self.assertRaisesRegex(UserError, "only 1 of the 2 copies came back"):
            out.with_user(self.archivist).action_verify()
        self.assertEqual(out.state, "returned")
        self.assertEqual(loan.state, "out", "open while a copy is missing")

        out.with_user(self.archivist).copies_returned = 2
        out.with_user(self.archivist).action_verify()
        self.assertEqual((out.state, out.verified_by_id), ("verified", self.archivist))
        self.assertEqual(loan.state, "returned", "everything is back: the loan closes")
        self.assertEqual(loan.copies_outstanding, 0)
        with self.assertRaisesRegex(
            UserError, "“Copies” cannot be changed while it is Verified"
        ):
            out.with_user(self.archivist).write({"copies": 5})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            out.sudo().unlink()

    def test_copies_kept_in_the_building_close_the_loan_at_hand_over(self):
        loan = self._photocopy()
        with self.assertRaisesRegex(UserError, "register the copies made"):
            loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertEqual(loan.state, "approved")
        self._batch(loan, copies=3)
        loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertEqual(loan.state, "returned")
        self.assertTrue(loan.date_returned)

    def test_copy_register_refusals(self):
        loan = self._photocopy()
        Batch = self.env["dossier.copy.batch"]
        before = Batch.search_count([])
        refusal = user_message(self.env, lambda: self._batch(loan, copies=0))
        self.assertIn("at least one copy", refusal or "")
        with self.assertRaises(AccessError):
            self._batch(loan, user=self.staff)
        reading = self._approved()
        with self.assertRaisesRegex(UserError, "approved photocopy loan"):
            self._batch(reading)
        requested = self._request(loan_type="photocopy")
        with self.assertRaisesRegex(UserError, "approved photocopy loan"):
            self._batch(requested)
        self.assertEqual(Batch.search_count([]), before)
        kept = self._batch(loan)
        with self.assertRaisesRegex(UserError, "was not taken out"):
            kept.action_return_copies(signature=SIGNATURE)
