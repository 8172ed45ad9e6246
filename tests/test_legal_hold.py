from odoo.exceptions import AccessError, UserError

from .retention_common import DossierRetentionCase

HOLD_FIELDS = ["legal_hold", "legal_hold_reason", "legal_hold_date", "retention_until"]


class TestLegalHold(DossierRetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dossier = cls._closed_dossier("Litigant")

    def _hold_wizard(self, user, dossiers, reason="Litigation 2026-07"):
        return (
            self.env["dossier.legal.hold"]
            .with_user(user)
            .with_context(active_model="dossier.dossier", active_ids=dossiers.ids)
            .create({"reason": reason})
        )

    def _commit_tracking(self):
        """Tracking messages are written when the transaction commits, and
        changes to records created in the same transaction are not tracked."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_manager_places_and_lifts_a_hold_tracked(self):
        self._commit_tracking()
        dossier = self.dossier.with_context(tracking_disable=False)
        wizard = self._hold_wizard(self.manager, dossier)
        self.assertEqual(wizard.dossier_ids, dossier)
        wizard.action_confirm()
        self.assertTrue(dossier.legal_hold)
        self.assertEqual(dossier.legal_hold_reason, "Litigation 2026-07")
        self.assertEqual(dossier.legal_hold_date, self.today)
        self.assertFalse(dossier.is_due_for_disposal)

        dossier.with_user(self.manager).with_context(
            tracking_disable=False
        ).action_lift_legal_hold()
        self.assertFalse(dossier.legal_hold)
        self.assertTrue(dossier.is_due_for_disposal)
        self._commit_tracking()
        lifted = dossier.message_ids.tracking_value_ids.filtered(
            lambda value: (
                value.field_id.name == "legal_hold"
                and value.old_value_integer == 1
                and value.new_value_integer == 0
            )
        )
        self.assertEqual(len(lifted), 1, "lifting the hold is in the history")
        self.assertEqual(lifted.mail_message_id.author_id, self.manager.partner_id)
        reason = dossier.message_ids.tracking_value_ids.filtered(
            lambda value: (
                value.field_id.name == "legal_hold_reason"
                and value.old_value_text == "Litigation 2026-07"
            )
        )
        self.assertTrue(reason, "the lifted hold's reason stays in the history")

    def test_archivist_cannot_place_or_lift(self):
        before = self._snapshot(self.dossier, HOLD_FIELDS)
        with self.assertRaises(AccessError):
            self._hold_wizard(self.archivist, self.dossier)
        with self.assertRaises(AccessError):
            self.dossier.with_user(self.archivist)._place_legal_hold("x", self.today)
        with self.assertRaises(AccessError):
            self.dossier.with_user(self.archivist).action_place_legal_hold()
        self.assertEqual(self._snapshot(self.dossier, HOLD_FIELDS), before)

        self.dossier.with_user(self.manager)._place_legal_hold("Audit", self.today)
        before = self._snapshot(self.dossier, HOLD_FIELDS)
        with self.assertRaises(AccessError):
            self.dossier.with_user(self.archivist).action_lift_legal_hold()
        self.assertEqual(self._snapshot(self.dossier, HOLD_FIELDS), before)

    def test_hold_fields_cannot_be_written_directly(self):
        before = self._snapshot(self.dossier, HOLD_FIELDS)
        for user in (self.archivist, self.manager):
            with self.assertRaisesExactly(UserError):
                self.dossier.with_user(user).write({"legal_hold": True})
        self.dossier.with_user(self.manager)._place_legal_hold("Audit", self.today)
        held = self._snapshot(self.dossier, HOLD_FIELDS)
        with self.assertRaisesExactly(UserError):
            self.dossier.with_user(self.manager).write({"legal_hold": False})
        self.assertEqual(self._snapshot(self.dossier, HOLD_FIELDS), held)
        self.assertNotEqual(held, before)

    def test_hold_needs_a_reason_and_is_not_placed_twice(self):
        with self.assertRaisesExactly(UserError):
            self.dossier.with_user(self.manager)._place_legal_hold("  ", self.today)
        self.assertFalse(self.dossier.legal_hold)
        self.dossier.with_user(self.manager)._place_legal_hold("Audit", self.today)
        with self.assertRaisesExactly(UserError):
            self.dossier.with_user(self.manager)._place_legal_hold("Again", self.today)
        self.assertEqual(self.dossier.legal_hold_reason, "Audit")

    def test_held_dossier_is_never_proposed(self):
        other = self._closed_dossier("Free")
        self.dossier.with_user(self.manager)._place_legal_hold("Audit", self.today)
        wizard = (
            self.env["dossier.disposal.propose"]
            .with_user(self.archivist)
            .create({"date": self.today})
        )
        self.assertIn(other, wizard.dossier_ids)
        self.assertNotIn(self.dossier, wizard.dossier_ids)
