"""Signed registers (登记签名, issue 24 part 4): the borrower signs the check-out,
the archivist the return check, copies taken out and brought back are signed
for, and a company may ask the opener of a dossier to sign its opening. The
signatures are recorded by those procedures only, never edited afterwards, and
print on the loan slip and the registers."""

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from .common import SIGNATURE, call_kw
from .loan_common import LoanCase

# What the registers' guard says of a field only a procedure writes.
RECORDED = "is recorded by its procedure"
# ... and of a field no plain write changes in that state.
GUARD = "is recorded by its procedure|cannot be changed"
PNG_DATA = "data:image/png;base64,"
# Another signature: writing the one a field holds changes nothing (a form may
# save what it shows), so a forgery tries another.
FORGED = (
    "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAdUlEQVR42uWVywpAIQgFm+j/f9kWgVyC"
    "KMrH4rpy5wh6BhEpGVVLUv12MEQPbtrp7JhrY7rq7+quBKzeyZuA7R87EXAeILYEXCSXCQEvkflCgElW"
    "XxBgK4lzApzstCXAW4srAsJ8PBG0MCvogoMgQYuDIM3HHd5UP/0ysyiiAAAAAElFTkSuQmCC"
)


class SignedCase(LoanCase):
    def _refused_signature_writes(self, record, fnames):
        """Every role, the administrator and the superuser included, is refused
        a write of each of ``fnames`` on ``record``; nothing changes."""
        admin = self.env.ref("base.user_admin")
        before = {fname: record[fname] for fname in fnames}
        for fname in fnames:
            for env in (
                self.env(user=self.archivist),
                self.env(user=self.manager),
                self.env(user=admin),
                self.env(su=True),
            ):
                with self.subTest(field=fname, user=env.user.login, su=env.su):
                    with self.assertRaisesRegex(UserError, GUARD):
                        record.with_env(env).write({fname: FORGED})
                    if before[fname]:
                        with self.assertRaisesRegex(UserError, GUARD):
                            record.with_env(env).write({fname: False})
        record.invalidate_recordset()
        self.assertEqual({fname: record[fname] for fname in fnames}, before)


@tagged("post_install", "-at_install")
class TestSignedLoans(SignedCase):
    def test_check_out_refused_without_the_borrowers_signature(self):
        loan = self._approved(self.staff)
        before = self._snapshot(loan)
        with self.assertRaisesRegex(
            UserError, "signs on the screen for what is handed over"
        ):
            loan.with_user(self.archivist).action_checkout()
        self.assertEqual(self._snapshot(loan), before)
        self.assertFalse(loan.checkout_signature)

    def test_borrower_signs_on_the_form_before_check_out(self):
        loan = self._approved(self.staff)
        # The signature widget writes the draft signature when the form saves,
        # then the Check Out button records it.
        with Form(loan.with_user(self.archivist)) as form:
            form.pending_signature = SIGNATURE
        self.assertTrue(loan.pending_signature)
        loan.with_user(self.archivist).action_checkout()
        self.assertEqual(loan.state, "out")
        self.assertTrue(loan.checkout_signature)
        self.assertFalse(loan.pending_signature, "the draft is cleared")

    def test_one_signature_is_one_borrowers(self):
        other = self._archived_dossier(self._new_customer("Signed Co."))
        mine = self._approved(self.staff) | self._approved(self.staff, dossier=other)
        theirs = self._approved(self.staff_2, dossier=self.public)
        with self.assertRaisesRegex(UserError, "one borrower's"):
            (mine | theirs).with_user(self.archivist).action_checkout(
                signature=SIGNATURE
            )
        self.assertEqual(set((mine | theirs).mapped("state")), {"approved"})
        mine.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertEqual(set(mine.mapped("state")), {"out"})
        self.assertTrue(all(mine.mapped("checkout_signature")))

    def test_only_archivists_take_the_borrowers_signature(self):
        loan = self._approved(self.staff)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            loan.with_user(self.staff).write({"pending_signature": SIGNATURE})
        self.assertFalse(loan.pending_signature)

    def test_return_check_signed_by_the_archivist(self):
        loan = self._checked_out(self.staff)
        wizard = (
            self.env["dossier.loan.return"]
            .with_user(self.archivist_2)
            .create({"loan_id": loan.id})
        )
        self.assertEqual(wizard.checker_id, self.archivist_2)
        wizard.action_all_present()
        before = self._snapshot(loan)
        with self.assertRaisesRegex(UserError, "sign the return check"):
            wizard.action_confirm()
        self.assertEqual(self._snapshot(loan), before)
        self.assertFalse(loan.return_signature)
        wizard.signature = SIGNATURE
        wizard.action_confirm()
        self.assertEqual(loan.state, "returned")
        self.assertEqual(loan.return_user_id, self.archivist_2)
        self.assertTrue(loan.return_signature)
        # The chatter keeps each check's signature (a partial return's next
        # check replaces the loan's).
        note = loan.message_ids.filtered(lambda m: "Return check" in str(m.body))
        self.assertEqual(len(note), 1)
        self.assertEqual(note.attachment_ids.mimetype, "image/png")
        self.assertTrue(note.attachment_ids.datas)

    def test_signatures_are_never_edited(self):
        loan = self._checked_out(self.staff)
        self._return(loan)
        self._refused_signature_writes(
            loan, ["checkout_signature", "return_signature", "pending_signature"]
        )
        # Nor on a loan still out, nor before the check-out.
        other = self._archived_dossier(self._new_customer("Signed Co."))
        out = self._checked_out(self.staff_2, dossier=other)
        self._refused_signature_writes(out, ["checkout_signature", "pending_signature"])
        approved = self._approved(self.staff, dossier=self.public)
        self._refused_signature_writes(
            approved, ["checkout_signature", "return_signature"]
        )

    def test_a_cancelled_loan_keeps_no_draft_signature(self):
        loan = self._approved(self.staff)
        loan.with_user(self.archivist).pending_signature = SIGNATURE
        loan.with_user(self.archivist).action_cancel()
        self.assertFalse(loan.pending_signature)

    def test_signatures_print_on_the_slip_and_the_register(self):
        loan = self._checked_out(self.staff)
        Report = self.env["ir.actions.report"].with_user(self.archivist)
        slip = Report._render_qweb_html(
            "partner_dossier.dossier_loan_report_slip", loan.ids
        )[0].decode()
        self.assertIn(f'src="{PNG_DATA}', slip)
        self.assertIn(f"{PNG_DATA}{loan.checkout_signature.decode()}", slip)
        self.assertNotIn("Return checker's signature", slip, "not returned yet")
        self._return(loan)
        slip = Report._render_qweb_html(
            "partner_dossier.dossier_loan_report_slip", loan.ids
        )[0].decode()
        self.assertIn(f"{PNG_DATA}{loan.return_signature.decode()}", slip)
        register = Report._render_qweb_html(
            "partner_dossier.dossier_loan_report_register", loan.ids
        )[0].decode()
        self.assertIn(f"{PNG_DATA}{loan.checkout_signature.decode()}", register)
        self.assertIn(f"{PNG_DATA}{loan.return_signature.decode()}", register)

    def test_counter_takes_the_signatures(self):
        Counter = self.env["dossier.counter"].with_user(self.archivist)
        loan = self._approved(self.staff)
        with self.assertRaisesRegex(UserError, "signs on the screen"):
            Counter.check_out(loan.id)
        self.assertEqual(loan.state, "approved")
        Counter.check_out(loan.id, SIGNATURE)
        self.assertTrue(loan.checkout_signature)
        statuses = {str(document.id): "present" for document in loan.lent_document_ids}
        with self.assertRaisesRegex(UserError, "sign the return check"):
            Counter.check_return(loan.id, statuses)
        self.assertEqual(loan.state, "out")
        Counter.check_return(loan.id, statuses, SIGNATURE)
        self.assertEqual(loan.state, "returned")
        self.assertTrue(loan.return_signature)

    def test_refusal_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        loan = self._approved(self.staff)
        # The archivist's web client sends their language with every call.
        with self.assertRaisesRegex(UserError, "借出前.*须在屏幕上签收"):
            loan.with_user(self.archivist).with_context(lang="zh_CN").action_checkout()
        self.assertEqual(loan.state, "approved")


@tagged("post_install", "-at_install")
class TestSignedCopies(SignedCase):
    def _photocopy(self):
        return self._approved(self.staff, loan_type="photocopy", approver=self.manager)

    def test_copies_taken_out_signed_by_the_borrower(self):
        loan = self._photocopy()
        Batch = self.env["dossier.copy.batch"].with_user(self.archivist)
        with self.assertRaisesRegex(UserError, "signed for by the borrower"):
            Batch.create({"loan_id": loan.id, "copies": 2, "taken_out": True})
        self.assertFalse(loan.copy_batch_ids)
        out = Batch.create(
            {
                "loan_id": loan.id,
                "copies": 2,
                "taken_out": True,
                "pending_signature": SIGNATURE,
            }
        )
        self.assertEqual(out.state, "out")
        self.assertTrue(out.out_signature)
        self.assertFalse(out.pending_signature)
        # Kept in the building first, then taken out: signed then.
        kept = Batch.create({"loan_id": loan.id, "copies": 1})
        with self.assertRaisesRegex(UserError, "signed for by the borrower"):
            kept.write({"taken_out": True})
        self.assertEqual(kept.state, "kept")
        kept.write({"taken_out": True, "pending_signature": SIGNATURE})
        self.assertEqual(kept.state, "out")
        self.assertTrue(kept.out_signature)

    def test_copies_brought_back_signed_by_the_archivist(self):
        loan = self._photocopy()
        batch = (
            self.env["dossier.copy.batch"]
            .with_user(self.archivist)
            .create(
                {
                    "loan_id": loan.id,
                    "copies": 1,
                    "taken_out": True,
                    "pending_signature": SIGNATURE,
                }
            )
        )
        loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        batch = batch.with_user(self.archivist_2)
        batch.copies_returned = 1
        with self.assertRaisesRegex(UserError, "sign on the screen for the copies"):
            batch.action_return_copies()
        self.assertEqual(batch.state, "out")
        # Signed on the batch's form, then its Copies Returned button.
        with Form(batch) as form:
            form.pending_signature = SIGNATURE
        batch.action_return_copies()
        self.assertEqual(
            (batch.state, batch.returned_to_id), ("returned", self.archivist_2)
        )
        self.assertTrue(batch.return_signature)
        self.assertFalse(batch.pending_signature)
        self._refused_signature_writes(
            batch, ["out_signature", "return_signature", "pending_signature"]
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.archivist)
            ._render_qweb_html(
                "partner_dossier.dossier_copy_batch_report_register", batch.ids
            )[0]
            .decode()
        )
        self.assertIn(f"{PNG_DATA}{batch.out_signature.decode()}", html)
        self.assertIn(f"{PNG_DATA}{batch.return_signature.decode()}", html)


@tagged("post_install", "-at_install")
class TestSignedOpening(SignedCase):
    def test_opening_records_who_opened_it(self):
        dossier = self._new_dossier().with_user(self.archivist)
        dossier.action_open()
        self.assertEqual(dossier.opened_by_id, self.archivist)
        self.assertTrue(dossier.date_opened)
        self.assertFalse(dossier.opening_signature, "not asked by the company")

    def test_company_asks_for_a_signed_opening(self):
        self.company.dossier_opening_signature = True
        dossier = self._new_dossier().with_user(self.archivist)
        with self.assertRaisesRegex(UserError, "sign its opening"):
            dossier.action_open()
        self.assertEqual(dossier.state, "draft")
        self.assertFalse(dossier.opened_by_id)
        with Form(dossier) as form:
            form.pending_signature = SIGNATURE
        dossier.action_open()
        self.assertEqual(
            (dossier.state, dossier.opened_by_id), ("temporary", self.archivist)
        )
        self.assertTrue(dossier.opening_signature)
        self.assertFalse(dossier.pending_signature)
        self._refused_signature_writes(
            dossier, ["opening_signature", "pending_signature"]
        )
        with self.assertRaisesRegex(UserError, RECORDED):
            dossier.with_user(self.manager).write({"opened_by_id": self.manager.id})

    def test_setting_on_the_settings_screen(self):
        # The Settings screen is the administrator's.
        admin = self.env.ref("base.user_admin")
        settings = Form(self.env["res.config.settings"].with_user(admin))
        settings.dossier_opening_signature = True
        settings.save().execute()
        self.assertTrue(self.company.dossier_opening_signature)


@tagged("post_install", "-at_install")
class TestSignaturesOverRpc(LoanCase, HttpCase):
    """Through the door the web client uses."""

    def test_check_out_signed_over_json_rpc_and_never_rewritten(self):
        loan = self._approved(self.staff)
        self.authenticate(self.archivist.login, self.archivist.login)
        body = call_kw(self, "dossier.loan", "action_checkout", [loan.ids])
        self.assertIn("signs on the screen", body["error"]["data"]["message"])
        # What is not an image is refused with a sentence too.
        body = call_kw(
            self, "dossier.loan", "action_checkout", [loan.ids], {"signature": [1]}
        )
        self.assertIn("A signature is an image", body["error"]["data"]["message"])
        self.assertEqual(loan.state, "approved")
        body = call_kw(
            self,
            "dossier.loan",
            "action_checkout",
            [loan.ids],
            {"signature": SIGNATURE},
        )
        self.assertNotIn("error", body)
        loan.invalidate_recordset()
        self.assertEqual(loan.state, "out")
        signed = loan.checkout_signature
        self.assertTrue(signed)
        for login in (self.archivist.login, self.manager.login, "admin"):
            self.authenticate(login, login)
            for fname in ("checkout_signature", "pending_signature"):
                body = call_kw(
                    self,
                    "dossier.loan",
                    "write",
                    [loan.ids, {fname: FORGED}],
                    {"context": {"dossier_procedure": True}},
                )
                with self.subTest(login=login, field=fname):
                    self.assertIn("error", body)
                    self.assertRegex(body["error"]["data"]["message"], GUARD)
        loan.invalidate_recordset()
        self.assertEqual(loan.checkout_signature, signed)
