from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import SIGNATURE
from .loan_common import LoanCase

LABEL = "partner_dossier.dossier_dossier_report_label"
# What a database error looks like to the user who receives it raw.
DATABASE_TEXTS = ("violates", "psycopg2", "duplicate key", "constraint", "unique")


@tagged("post_install", "-at_install")
class TestPartnerMerge(LoanCase):
    """Contacts › Merge, Odoo's own wizard, on customers with dossiers: the
    absorbed customer's dossier goes to the kept one (same record: loans, access
    log and history follow), or the merge is refused in a sentence when both
    have a dossier that is not closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Merging contacts is Contacts' "Creation" right; this archivist has it.
        cls.merger = new_test_user(
            cls.env,
            login="dossier_merger",
            groups="partner_dossier.group_dossier_archivist,base.group_partner_manager",
        )
        cls.merger.sudo().dossier_clearance = "confidential"
        # A contacts clerk who sees no dossier at all.
        cls.clerk = new_test_user(
            cls.env,
            login="contacts_clerk",
            groups="base.group_user,base.group_partner_manager",
        )

    def _merge(self, user, partners, kept):
        """Contacts › select the contacts › Action › Merge, keep ``kept``."""
        wizard_model = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
        )
        form = Form(wizard_model)
        self.assertEqual(form.state, "selection")
        form.dst_partner_id = kept
        wizard = form.save()
        wizard.action_merge()
        self.env.invalidate_all()

    def _history(self, dossier):
        return self.env["mail.message"].search(
            [("model", "=", "dossier.dossier"), ("res_id", "=", dossier.id)]
        )

    def test_the_absorbed_customers_dossier_goes_to_the_kept_one(self):
        absorbed = self.confidential.partner_id
        kept = self._new_customer("Confidential Holdings")
        dossier = self.confidential
        loan = self._approved(self.archivist, dossier, approver=self.manager)
        loan.with_user(self.manager).action_checkout(signature=SIGNATURE)
        self._return(loan, user=self.manager)
        dossier.with_user(self.archivist)._log_access("print")
        self.env["ir.actions.report"].with_user(self.archivist)._render_qweb_pdf(
            LABEL, dossier.ids
        )
        logs = self.env["dossier.access.log"].search([("dossier_id", "=", dossier.id)])
        self.assertTrue(logs)
        history = self._history(dossier)

        self._merge(self.merger, absorbed | kept, kept)

        self.assertFalse(absorbed.exists())
        self.assertEqual(dossier.partner_id, kept)
        self.assertEqual(dossier.state, "archived")
        self.assertEqual(loan.dossier_id, dossier)
        self.assertEqual(
            self.env["dossier.access.log"].search([("dossier_id", "=", dossier.id)]),
            logs,
        )
        self.assertLess(history, self._history(dossier))
        note = self._history(dossier) - history
        self.assertIn("Contacts merged: Confidential Co. was merged into", note.body)
        self.assertIn("Confidential Holdings", note.body)
        self.assertEqual(note.author_id, self.merger.partner_id)
        self.assertTrue(dossier.label_reprint)
        self.assertEqual(
            dossier.label_reprint_reason,
            "Customer: Confidential Co. → Confidential Holdings",
        )
        # The kept customer shows the dossier on its Dossier button.
        self.assertEqual(kept.with_user(self.archivist).dossier_id, dossier)

    def test_both_open_the_merge_is_refused_with_a_sentence(self):
        first, second = self.customer, self.public.partner_id
        # The clerk, who may read neither dossier, learns only that the merge is
        # not possible (issue 23: no existence oracle).
        neutral = self.env["dossier.dossier"]._not_possible()
        for user, sentence in (
            (self.merger, "cannot be merged"),
            (self.clerk, neutral),
        ):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError) as caught:
                    self._merge(user, first | second, second)
                message = str(caught.exception)
                self.assertIn(sentence, message)
                for text in DATABASE_TEXTS:
                    self.assertNotIn(text, message)
                self.assertTrue((first | second).exists())
                self.assertEqual(self.dossier.partner_id, first)
                self.assertEqual(self.public.partner_id, second)
        # The archivist is told why, and which dossiers; the clerk is not.
        with self.assertRaises(UserError) as caught:
            self._merge(self.merger, first | second, second)
        self.assertIn("Close one of these dossiers first", str(caught.exception))
        self.assertIn(self.dossier.name, str(caught.exception))
        self.assertIn(self.public.name, str(caught.exception))
        with self.assertRaises(UserError) as caught:
            self._merge(self.clerk, first | second, second)
        self.assertNotIn(self.dossier.name, str(caught.exception))
        self.assertNotIn(self.public.name, str(caught.exception))

    def test_a_secret_dossier_is_not_named_in_the_refusal(self):
        secret = self._new_dossier(
            partner=self._new_customer("Secret Co."), confidentiality="secret"
        )
        secret.action_open()
        with self.assertRaises(UserError) as caught:
            self._merge(self.merger, secret.partner_id | self.customer, self.customer)
        message = str(caught.exception)
        # Not possible, without why: the reason is a dossier the merger may not
        # read (issue 23, existence oracle).
        self.assertEqual(message, self.env["dossier.dossier"]._not_possible())
        self.assertNotIn(secret.name, message)
        self.assertNotIn("Secret Co.", message)
        self.assertEqual(secret.sudo().partner_id.name, "Secret Co.")

    def test_a_closed_dossier_joins_the_open_one(self):
        closed = self._archived_dossier(self._new_customer("Former Co."))
        closed.action_close()
        absorbed = closed.partner_id
        self._merge(self.merger, absorbed | self.customer, self.customer)
        self.assertEqual(closed.partner_id, self.customer)
        self.assertEqual(self.dossier.partner_id, self.customer)
        self.assertEqual(
            self.env["dossier.dossier"].search_count(
                [("partner_id", "=", self.customer.id), ("state", "=", "archived")]
            ),
            1,
        )
        self.assertEqual(self.customer.with_user(self.archivist).dossier_count, 2)

    def test_kept_contact_person_gives_the_dossier_to_its_company(self):
        """Kept: a contact person; the dossier goes to its commercial entity."""
        person = self.env["res.partner"].create({"name": "Zhang Min"})
        company = self._new_customer("Zhang Works")
        person.parent_id = company
        absorbed = self.public.partner_id
        self._merge(self.merger, absorbed | person, person)
        self.assertEqual(self.public.partner_id, company)

    def test_merging_contacts_without_dossiers_still_works(self):
        kept = self._new_customer("Plain Co.")
        absorbed = self._new_customer("Plain Company")
        employee = self.env["res.partner"].create(
            {"name": "Employee", "parent_id": absorbed.id}
        )
        for user in (self.merger, self.clerk):
            with self.subTest(user=user.login):
                self._merge(user, absorbed | kept, kept)
                self.assertFalse(absorbed.exists())
                self.assertEqual(employee.parent_id, kept)
                absorbed = self._new_customer("Plain Company Again")
                employee.parent_id = absorbed

    def test_a_disposed_dossier_follows_without_a_label(self):
        """The record of a disposed dossier is kept: it follows its customer,
        and its folder, gone from the cabinet, has no label to reprint."""
        disposed = self._archived_dossier(self._new_customer("Gone Co."))
        disposed.action_close()
        self.env["ir.actions.report"].with_user(self.archivist)._render_qweb_pdf(
            LABEL, disposed.ids
        )
        disposed.sudo()._procedure().write({"state": "disposed"})
        absorbed = disposed.partner_id
        self._merge(self.merger, absorbed | self.customer, self.customer)
        self.assertEqual(disposed.partner_id, self.customer)
        self.assertEqual(disposed.state, "disposed")
        self.assertFalse(disposed.label_reprint)
