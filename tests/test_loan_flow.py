from datetime import date, datetime

from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged, warmup
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import SIGNATURE
from .constraint_common import user_message
from .loan_common import LoanCase

# Locked by test_query_counts: a query per document or per loan fails it. A request
# locks and updates its gapless number (one query more than a sequence's nextval); a
# return writes the archivist's explicit decisions on the check lines, and files the
# check's signature with its chatter note (two queries: the file and its link).
# The signatures themselves are columns of the loan's row: no query of their own.
# A check-out links the documents lent, which Odoo checks the archivist may read
# (the content rule: one query for them all).
REQUEST_QUERIES = 14
APPROVE_QUERIES = 9
CHECKOUT_QUERIES = 19
RETURN_QUERIES = 20


@tagged("post_install", "-at_install")
class TestLoanFlow(LoanCase):
    def test_reading_loan_flow_per_role(self):
        loan = self._request(self.staff)
        self.assertEqual(loan.state, "requested")
        self.assertRegex(loan.name, r"^LOAN/\d{4}/\d{5}$")
        self.assertEqual(
            (loan.requester_id, loan.borrower_id), (self.staff, self.staff)
        )
        self.assertEqual(loan.with_user(self.staff).partner_id, self.customer)

        loan.with_user(self.archivist).action_approve()
        self.assertEqual(loan.state, "approved")
        self.assertEqual(loan.approver_id, self.archivist)
        self.assertTrue(loan.date_decided)
        self.assertFalse(self.dossier.on_loan, "approved is not out yet")

        loan.with_user(self.archivist_2).action_checkout(signature=SIGNATURE)
        self.assertEqual(loan.state, "out")
        self.assertEqual(loan.checkout_user_id, self.archivist_2)
        self.assertTrue(loan.date_checkout)
        self.assertEqual(loan.lent_document_ids, self.documents, "the whole dossier")
        self.assertEqual(loan.missing_document_ids, self.documents)
        self.env.invalidate_all()
        # Everyone who sees the dossier sees that it is out, not only the borrower.
        self.assertTrue(self.dossier.with_user(self.staff_2).on_loan)
        self.assertTrue(self.customer.with_user(self.staff_2).dossier_on_loan)
        self.assertTrue(self.contact_person.with_user(self.staff_2).dossier_on_loan)
        self.assertIn(
            self.dossier,
            self.env["dossier.dossier"]
            .with_user(self.staff_2)
            .search([("on_loan", "=", True)]),
        )

        self._return(loan, user=self.archivist_2)
        self.assertEqual(loan.state, "returned")
        self.assertEqual(loan.return_user_id, self.archivist_2)
        self.assertTrue(loan.date_returned)
        self.assertFalse(loan.missing_document_ids)
        self.env.invalidate_all()
        self.assertFalse(self.dossier.on_loan)
        self.assertFalse(self.customer.with_user(self.staff_2).dossier_on_loan)

    def test_some_documents_only(self):
        contract = self.documents[0]
        loan = self._checked_out(
            document_scope="some", document_ids=[(6, 0, contract.ids)]
        )
        self.assertEqual(loan.lent_document_ids, contract)
        other = self._new_dossier()
        other.action_open()
        stranger = self._add_documents(other, self.type_letter)
        with self.assertRaisesRegex(Exception, "only documents of dossier"):
            self._request(document_scope="some", document_ids=[(6, 0, stranger.ids)])
        with self.assertRaisesRegex(Exception, "choose the documents to lend"):
            self._request(document_scope="some")

    @freeze_time("2026-03-02 01:00:00")
    def test_due_defaults_to_the_closing_time_of_the_wanted_day_in_the_archive(self):
        form = Form(self.env["dossier.loan"].with_user(self.staff))
        form.dossier_id = self.dossier
        form.purpose = "Audit of the signed contract"
        self.assertEqual(form.date_wanted, date(2026, 3, 2), "09:00 in Shanghai")
        self.assertEqual(
            form.date_due, datetime(2026, 3, 2, 10, 0), "18:00 in Shanghai"
        )
        form.date_wanted = date(2026, 3, 4)
        self.assertEqual(form.date_due, datetime(2026, 3, 4, 10, 0))
        loan = form.save()
        self.assertEqual(loan.date_due, datetime(2026, 3, 4, 10, 0))
        with freeze_time("2026-03-02 11:00:00"):
            form = Form(self.env["dossier.loan"].with_user(self.staff))
            self.assertEqual(form.date_wanted, date(2026, 3, 2), "19:00: still today")
            self.assertEqual(
                form.date_due, datetime(2026, 3, 2, 15, 59, 59), "end of the day"
            )

        self.company.dossier_loan_due_hour = 17.5
        paris = new_test_user(
            self.env,
            login="loan_paris",
            groups="partner_dossier.group_dossier_user",
            tz="Europe/Paris",
        )
        loan = self._request(paris, date_wanted=date(2026, 3, 2))
        self.assertEqual(
            loan.date_due,
            datetime(2026, 3, 2, 9, 30),
            "17:30 in the Shanghai archive, for a borrower in Paris too",
        )

    def test_who_decides(self):
        loan = self._request(self.staff)
        snapshot = self._snapshot(loan)
        with self.assertRaises(AccessError):
            loan.with_user(self.staff).action_approve()
        with self.assertRaises(AccessError):
            loan.with_user(self.staff_2).action_approve()
        self.assertEqual(self._snapshot(loan), snapshot)

        # Nobody decides on a request they made or a loan they borrow.
        for user in (self.archivist, self.manager):
            own = self._request(user)
            with self.assertRaisesRegex(
                UserError, "you requested it or you are its borrower"
            ):
                own.with_user(user).action_approve()
            with self.assertRaisesRegex(
                UserError, "you requested it or you are its borrower"
            ):
                own.with_user(user).action_reject("No")
            self.assertEqual(own.state, "requested")
        registered = self._request(self.archivist, borrower_id=self.staff.id)
        self.assertEqual(registered.requester_id, self.archivist)
        with self.assertRaisesRegex(UserError, "you requested it"):
            registered.with_user(self.archivist).action_approve()
        registered.with_user(self.archivist_2).action_approve()
        self.assertEqual(registered.state, "approved")

        # Confidential and secret dossiers: managers only.
        archivist_3 = self._loan_user("loan_archivist_3", "archivist", "secret")
        confidential = self._request(self.archivist, self.confidential)
        snapshot = self._snapshot(confidential)
        with self.assertRaisesRegex(UserError, "only a dossier manager can decide"):
            confidential.with_user(archivist_3).action_approve()
        self.assertEqual(self._snapshot(confidential), snapshot)
        confidential.with_user(self.manager).action_approve()
        self.assertEqual(confidential.approver_id, self.manager)

        # Every photocopy: managers only.
        copy = self._request(self.staff, loan_type="photocopy", copies_requested=2)
        snapshot = self._snapshot(copy)
        with self.assertRaisesRegex(UserError, "only a dossier manager can decide"):
            copy.with_user(self.archivist).action_approve()
        self.assertEqual(self._snapshot(copy), snapshot)
        copy.with_user(self.manager).action_approve()
        self.assertEqual(copy.state, "approved")

        public = self._request(self.staff, self.public)
        public.with_user(self.archivist_2).action_approve()
        self.assertEqual(public.state, "approved")
        with self.assertRaisesRegex(UserError, "only a requested loan"):
            public.with_user(self.archivist).action_approve()

    def test_rejection_told_in_the_requesters_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        self.staff.lang = "zh_CN"
        self.archivist.lang = "en_US"
        loan = self._request(self.staff)
        loan.with_user(self.archivist).action_reject("Ask for a copy.")
        note = loan.message_ids.filtered("partner_ids")
        self.assertEqual(note.partner_ids, self.staff.partner_id)
        self.assertIn("申请已驳回：Ask for a copy.", str(note.body))

    def test_reject_needs_a_reason(self):
        loan = self._request(self.staff)
        with self.assertRaisesRegex(UserError, "Give the reason"):
            loan.with_user(self.archivist).action_reject("   ")
        self.assertEqual(loan.state, "requested")
        action = loan.with_user(self.archivist).action_open_reject_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.archivist)
            .with_context(**action["context"])
            .create({"reason": "The purpose needs a copy, not the originals."})
        )
        wizard.action_confirm()
        self.assertEqual(loan.state, "rejected")
        self.assertEqual(
            loan.reject_reason, "The purpose needs a copy, not the originals."
        )
        self.assertEqual(loan.approver_id, self.archivist)
        self.assertIn("needs a copy", loan.message_ids[0].body)
        self.assertIn(self.staff.partner_id, loan.message_ids[0].partner_ids)
        with self.assertRaisesRegex(UserError, "only an approved loan"):
            loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)

    def test_no_loan_of_a_draft_closed_or_disposed_dossier(self):
        draft = self._new_dossier()
        closed = self._archived_dossier(self._new_customer("Closed Co."))
        closed.action_close()
        disposed = self._archived_dossier(self._new_customer("Gone Co."))
        disposed.action_close()
        disposed._procedure().write({"state": "disposed"})
        Loan = self.env["dossier.loan"]
        before = Loan.search_count([])
        for dossier, label in (
            (draft, "Draft"),
            (closed, "Closed"),
            (disposed, "Disposed"),
        ):
            with (
                self.subTest(state=label),
                self.assertRaisesRegex(
                    UserError, f"is {label}: only temporary and archived dossiers"
                ),
            ):
                self._request(self.staff, dossier)
            with self.assertRaisesRegex(UserError, f"is {label}"):
                dossier.with_user(self.staff).action_request_loan()
        self.assertEqual(Loan.search_count([]), before)

        # Closed after the approval: it cannot leave the cabinet any more.
        loan = self._approved()
        self.dossier.action_close()
        snapshot = self._snapshot(loan)
        with self.assertRaisesRegex(
            UserError, "is Closed: only temporary and archived"
        ):
            loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertEqual(self._snapshot(loan), snapshot)

    def test_one_open_loan_of_the_originals_per_dossier(self):
        first = self._approved(self.staff)
        second = self._approved(self.staff_2)
        first.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        snapshot = self._snapshot(second)
        with self.assertRaisesRegex(UserError, f"already out on loan {first.name}"):
            second.with_user(self.archivist_2).action_checkout(signature=SIGNATURE)
        self.assertEqual(self._snapshot(second), snapshot)
        with self.assertRaisesRegex(UserError, "already checked out"):
            first.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        open_loans = [
            ("dossier_id", "=", self.dossier.id),
            ("state", "in", ("out", "partial")),
        ]
        self.assertEqual(self.env["dossier.loan"].search_count(open_loans), 1)

        # The database holds the rule even when the check above is bypassed.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            second.sudo()._procedure().write({"state": "out"})
            second.flush_recordset()
        self.assertIn(
            "already out on loan",
            self.env["dossier.loan"]._sql_error_to_message(caught.exception),
        )
        self.env.invalidate_all()
        self.assertEqual(self.env["dossier.loan"].search_count(open_loans), 1)

        # Photocopies leave the originals in: they do not hold the dossier.
        copy = self._approved(
            self.staff_2, loan_type="photocopy", approver=self.manager
        )
        self.env["dossier.copy.batch"].with_user(self.archivist).create(
            {
                "loan_id": copy.id,
                "copies": 1,
                "taken_out": True,
                "pending_signature": SIGNATURE,
            }
        )
        copy.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertEqual(copy.state, "out")

        # Back in the cabinet: the next reader can have it.
        self._return(first)
        second.with_user(self.archivist_2).action_checkout(signature=SIGNATURE)
        self.assertEqual(second.state, "out")

    def test_return_before_checkout_is_refused(self):
        loan = self._approved()
        with self.assertRaisesRegex(UserError, "has not been checked out"):
            loan.with_user(self.archivist).action_return()
        with self.assertRaisesRegex(UserError, "is not out on loan"):
            self.dossier.with_user(self.archivist).action_loan_return()
        with self.assertRaisesRegex(UserError, "nothing to return"):
            self._return(loan)
        self.assertEqual(loan.state, "approved")
        self.assertFalse(loan.return_user_id)

    @freeze_time("2026-03-02 12:00:00")
    def test_due_before_request_is_refused(self):
        Loan = self.env["dossier.loan"]
        before = Loan.search_count([])
        # 20:00 in Shanghai: yesterday's end of day is before the request.
        # The database's CHECK refuses it; Odoo says its sentence.
        refusal = user_message(
            self.env, lambda: self._request(date_wanted=date(2026, 3, 1))
        )
        self.assertIn("cannot be due before it was requested", refusal or "")
        self.assertEqual(Loan.search_count([]), before)

        loan = self._request(date_wanted=date(2026, 3, 3))
        refusal = user_message(
            self.env,
            lambda: loan.with_user(self.staff).write(
                {"date_due": datetime(2026, 3, 2, 11, 0)}
            ),
        )
        self.assertIn("cannot be due before it was requested", refusal or "")
        loan.invalidate_recordset()
        self.assertEqual(loan.date_due, datetime(2026, 3, 3, 10, 0))

    def test_fewer_than_one_copy_is_refused(self):
        Loan = self.env["dossier.loan"]
        before = Loan.search_count([])
        refusal = user_message(
            self.env,
            lambda: self._request(loan_type="photocopy", copies_requested=0),
        )
        self.assertIn("At least one copy", refusal or "")
        self.assertEqual(Loan.search_count([]), before)

    def test_staff_see_and_change_only_their_own_loans(self):
        mine = self._request(self.staff)
        theirs = self._request(self.staff_2)
        Loan = self.env["dossier.loan"].with_user(self.staff)
        self.assertEqual(Loan.search([("id", "in", (mine | theirs).ids)]), mine)
        self.assertEqual(self.dossier.with_user(self.staff).loan_count, 1)
        with self.assertRaises(AccessError):
            theirs.with_user(self.staff).read(["purpose"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.staff).write({"purpose": "Mine now"})
        with self.assertRaises(AccessError):
            theirs.with_user(self.staff).action_cancel()
        theirs.invalidate_recordset()
        self.assertEqual(
            (theirs.state, theirs.purpose),
            ("requested", "Check the signed contract before the renewal"),
        )

        # Their own request can change until it is decided; the register never.
        mine.with_user(self.staff).write({"purpose": "Renewal audit"})
        with self.assertRaisesRegex(UserError, "Use the Approve, Reject"):
            mine.with_user(self.staff).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "for someone else"):
            mine.with_user(self.staff).write({"borrower_id": self.staff_2.id})
        with self.assertRaisesRegex(UserError, "for someone else"):
            self._request(self.staff, borrower_id=self.staff_2.id)
        mine.with_user(self.archivist).action_approve()
        with self.assertRaisesRegex(
            UserError, "“Purpose” cannot be changed while it is Approved"
        ):
            mine.with_user(self.staff).write({"purpose": "Something else"})
        mine.invalidate_recordset()
        self.assertEqual((mine.state, mine.purpose), ("approved", "Renewal audit"))

        # Archivists see every loan of the dossiers their clearance covers.
        confidential = self._request(self.archivist, self.confidential)
        self.assertEqual(
            self.env["dossier.loan"]
            .with_user(self.archivist_2)
            .search([("id", "in", (mine | theirs | confidential).ids)]),
            mine | theirs,
        )
        with self.assertRaises(AccessError):
            confidential.with_user(self.archivist_2).read(["state"])
        self.assertEqual(confidential.with_user(self.manager).state, "requested")

    def test_no_loan_above_the_borrower_clearance(self):
        Loan = self.env["dossier.loan"]
        before = Loan.search_count([])
        # The borrower cannot read the dossier: the refusal does not describe it.
        with self.assertRaisesRegex(UserError, "This dossier cannot be lent to you"):
            self._request(self.staff, self.confidential)
        with self.assertRaisesRegex(
            UserError,
            "may not borrow dossier .*: it is Confidential and their clearance is Internal",
        ):
            self._request(self.archivist, self.confidential, borrower_id=self.staff.id)
        self.assertEqual(Loan.search_count([]), before)

        # The clearance was lowered after the request: no approval.
        loan = self._request(self.archivist, self.confidential)
        self.archivist.sudo().dossier_clearance = "internal"
        snapshot = self._snapshot(loan)
        with self.assertRaisesRegex(UserError, "may not borrow dossier"):
            loan.with_user(self.manager).action_approve()
        self.assertEqual(self._snapshot(loan), snapshot)

    def test_cancel_and_delete(self):
        loan = self._request(self.staff)
        loan.with_user(self.staff).action_cancel()
        self.assertEqual(loan.state, "cancelled")
        with self.assertRaisesRegex(UserError, "stays in the loan register"):
            loan.with_user(self.staff).unlink()
        out = self._checked_out(self.staff_2)
        with self.assertRaisesRegex(UserError, "only a loan that was not checked out"):
            out.with_user(self.staff_2).action_cancel()
        self.assertEqual(out.state, "out")
        mistake = self._request(self.staff)
        mistake.with_user(self.staff).unlink()
        self.assertFalse(mistake.exists())

    def _search_view_domain(self, model, field_name, value):
        arch = self.env[model].get_view(view_type="search")["arch"]
        node = etree.fromstring(arch).xpath(f"//field[@name='{field_name}']")[0]
        return safe_eval(node.get("filter_domain"), {"self": value})

    def test_find_by_scan_and_act_from_the_dossier(self):
        loan = self._approved(self.staff)
        barcode = self.dossier.barcode
        Loan = self.env["dossier.loan"].with_user(self.archivist)
        self.assertEqual(
            Loan.search(self._search_view_domain("dossier.loan", "name", barcode)), loan
        )
        self.assertIn(
            loan.id, [loan_id for loan_id, _name in Loan.name_search(barcode)]
        )
        Dossier = self.env["dossier.dossier"].with_user(self.archivist)
        self.assertEqual(
            Dossier.search(
                self._search_view_domain("dossier.dossier", "name", barcode)
            ),
            self.dossier,
        )

        dossier = self.dossier.with_user(self.archivist)
        # Not signed yet: the loan's form opens, for the borrower to sign.
        action = dossier.action_loan_checkout()
        self.assertEqual(loan.state, "approved")
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("dossier.loan", loan.id)
        )
        loan.with_user(self.archivist).pending_signature = SIGNATURE
        action = dossier.action_loan_checkout()
        self.assertEqual(loan.state, "out")
        self.assertTrue(loan.checkout_signature)
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("dossier.loan", loan.id)
        )
        action = dossier.action_loan_return()
        self.assertEqual(action["res_model"], "dossier.loan.return")
        self.assertEqual(action["context"]["default_loan_id"], loan.id)
        self._return(loan)
        with self.assertRaisesRegex(UserError, "no approved loan to check out"):
            dossier.action_loan_checkout()
        first, second = self._approved(self.staff), self._approved(self.staff_2)
        action = dossier.action_loan_checkout()
        self.assertEqual(action["domain"], [("id", "in", (first | second).ids)])
        self.assertEqual((first.state, second.state), ("approved", "approved"))

    def test_request_from_the_dossier_or_the_contact(self):
        action = self.contact_person.with_user(self.staff).action_request_dossier_loan()
        self.assertEqual(action["res_model"], "dossier.loan")
        self.assertEqual(action["context"]["default_dossier_id"], self.dossier.id)
        action = self.dossier.with_user(self.staff).action_request_loan()
        self.assertEqual(action["context"]["default_dossier_id"], self.dossier.id)
        action = self.dossier.with_user(self.staff).action_view_loans()
        self.assertEqual(action["domain"], [("dossier_id", "=", self.dossier.id)])
        with self.assertRaisesRegex(UserError, "has no dossier"):
            self._new_customer("No File Ltd").with_user(
                self.staff
            ).action_request_dossier_loan()

    @warmup
    def test_query_counts(self):
        """Request, approval, check-out and return of one loan cost a fixed number of
        queries (chatter tracking included), whatever the dossier holds."""
        self._add_documents(self.dossier, self.type_letter | self.type_contract)
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        values = {
            "dossier_id": self.dossier.id,
            "purpose": "Check the signed contract before the renewal",
        }
        self.env.invalidate_all()
        with self.assertQueryCount(REQUEST_QUERIES):
            loan = env["dossier.loan"].with_user(self.staff).create(values)
        self.env.invalidate_all()
        with self.assertQueryCount(APPROVE_QUERIES):
            loan.with_user(self.archivist).action_approve()
        self.env.invalidate_all()
        with self.assertQueryCount(CHECKOUT_QUERIES):
            loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.env.invalidate_all()
        with self.assertQueryCount(RETURN_QUERIES):
            wizard = (
                env["dossier.loan.return"]
                .with_user(self.archivist)
                .create({"loan_id": loan.id, "signature": SIGNATURE})
            )
            wizard.action_all_present()
            wizard.action_confirm()
        self.assertEqual(loan.state, "returned")
        self.assertEqual(len(loan.lent_document_ids), 5)
