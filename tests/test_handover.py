from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SIGNATURE, DossierCase, new_dossier_user


@tagged("post_install", "-at_install")
class TestHandover(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaver = new_dossier_user(
            cls.env, "dossier_leaver", "archivist", "internal"
        )
        cls.successor = new_dossier_user(
            cls.env, "dossier_successor", "archivist", "internal"
        )
        cls.held = cls.env["dossier.dossier"]
        for _index in range(3):
            dossier = cls._new_dossier(
                custodian_id=cls.leaver.id, location_id=cls.box.id
            )
            dossier.action_open()
            cls._add_documents(dossier, cls.type_contract | cls.type_licence)
            dossier.action_archive_formally()
            cls.held |= dossier
        cls.other = cls._new_dossier(custodian_id=cls.archivist.id)

    def _wizard(self, user=None, **vals):
        return (
            self.env["dossier.handover"]
            .with_user(user or self.manager)
            .create(
                {"user_id": self.leaver.id, "successor_id": self.successor.id, **vals}
            )
        )

    def _borrow(self, dossier, borrower):
        loan = (
            self.env["dossier.loan"]
            .with_user(borrower)
            .create({"dossier_id": dossier.id, "purpose": "Work before leaving"})
        )
        loan.with_user(self.manager).action_approve()
        return loan

    def test_hand_over_moves_custodianships_and_posts(self):
        pending = self._borrow(self.held[0], self.leaver)
        wizard = self._wizard()
        self.assertEqual(wizard.dossier_ids, self.held)
        self.assertEqual(wizard.pending_loan_ids, pending)
        action = wizard.action_hand_over()
        self.assertEqual(self.held.custodian_id, self.successor)
        self.assertEqual(self.other.custodian_id, self.archivist, "others untouched")
        self.assertEqual(pending.state, "cancelled")
        for dossier in self.held:
            self.assertIn(f"to {self.successor.name}", dossier.message_ids[0].body)
        self.assertEqual(
            action["report_name"], "partner_dossier.report_dossier_handover"
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("partner_dossier.dossier_handover_report", wizard.ids)[0]
            .decode()
        )
        for dossier in self.held:
            self.assertIn(dossier.name, html)
        self.assertIn("Successor", html)

    def test_refusals_change_nothing(self):
        loan = self._borrow(self.held[0], self.leaver)
        loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        with self.assertRaisesRegex(
            UserError, "holds loan .+ out: it must be returned"
        ):
            self._wizard().action_hand_over()
        with self.assertRaisesRegex(UserError, "to themselves"):
            self._wizard(successor_id=self.leaver.id).action_hand_over()
        self.successor.active = False
        with self.assertRaisesRegex(UserError, "no longer active"):
            self._wizard().action_hand_over()
        self.successor.active = True
        self.held[1].confidentiality = "secret"
        with self.assertRaisesRegex(UserError, "clearance is too low for dossier "):
            self._wizard().action_hand_over()
        self.held[1].confidentiality = "internal"
        with self.assertRaisesRegex(UserError, "no access to dossiers"):
            self._wizard(successor_id=self.outsider.id).action_hand_over()
        for user in (self.archivist, self.staff):
            with self.assertRaises(AccessError):
                self._wizard(user=user).action_hand_over()
        self.assertEqual(self.held.custodian_id, self.leaver)
        self.assertEqual(loan.state, "out")

    def test_deactivation_gate_refuses_then_allows(self):
        loan = self._borrow(self.held[0], self.leaver)
        loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        with self.assertRaisesRegex(
            UserError, "custodian of 3 dossiers and has one loan out"
        ):
            self.leaver.action_archive()
        self.assertTrue(self.leaver.active)
        wizard = (
            self.env["dossier.loan.return"]
            .with_user(self.archivist)
            .with_context(default_loan_id=loan.id)
            .create({"signature": SIGNATURE})
        )
        wizard.action_all_present()
        wizard.action_confirm()
        self._wizard().action_hand_over()
        self.leaver.action_archive()
        self.assertFalse(self.leaver.active)
        # Users who hold nothing are archived as before.
        plain = new_dossier_user(self.env, "dossier_plain", "user", "internal")
        plain.action_archive()
        self.assertFalse(plain.active)

    def test_gate_costs_constant_queries(self):
        users = self.env["res.users"]
        for index in range(20):
            users |= new_dossier_user(self.env, f"gate_{index}", "user", "internal")
        counts = []
        for batch in (users[:1], users):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            batch._check_no_dossier_holdings()
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 2)
