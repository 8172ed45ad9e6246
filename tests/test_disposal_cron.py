from odoo.tests import freeze_time

from .retention_common import DossierRetentionCase


class TestDisposalCron(DossierRetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.due = cls._closed_dossier("Due Co")
        cls.due_2 = cls._closed_dossier("Due Too Co")
        cls.held = cls._closed_dossier("Held Co")
        cls.held.with_user(cls.manager)._place_legal_hold("Audit", cls.today)
        cls.later = cls._closed_dossier("Later Co", closed="2025-06-30")

    def _run_cron(self):
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            env = self.env(cr=cr)
            env["dossier.disposal"]._cron_propose_disposals(batch_size=1)
        self.env.invalidate_all()

    def _open_disposals(self):
        return self.env["dossier.disposal"].search([("state", "=", "proposed")])

    def test_cron_proposes_due_dossiers_once(self):
        self._run_cron()
        disposal = self._open_disposals()
        self.assertEqual(len(disposal), 1, "batches of one dossier, one proposal")
        self.assertEqual(disposal.line_ids.dossier_id, self.due | self.due_2)
        self.assertEqual(disposal.disposal_type, "destroy")
        self.assertTrue(disposal.proposer_id._is_superuser())
        # The archivists are told.
        note = disposal.message_ids.filtered(
            lambda message: "due for disposal" in str(message.body)
        )
        self.assertTrue(note)
        self.assertIn(self.archivist.partner_id, note.partner_ids)
        self.assertNotIn(self.staff.partner_id, note.partner_ids)

        # Re-running proposes nothing twice.
        self._run_cron()
        self.assertEqual(self._open_disposals(), disposal)
        self.assertEqual(len(disposal.line_ids), 2)

        # Ten years later, the next dossier joins the proposal waiting.
        with freeze_time("2035-07-01"):
            self._run_cron()
        self.assertEqual(self._open_disposals(), disposal)
        self.assertEqual(
            disposal.line_ids.dossier_id, self.due | self.due_2 | self.later
        )
        self.assertNotIn(self.held, disposal.line_ids.dossier_id)

    def test_dossier_on_loan_is_skipped_and_the_job_ends(self):
        loan = self._lend(self.due_2)
        self._run_cron()
        disposal = self._open_disposals()
        self.assertEqual(disposal.line_ids.dossier_id, self.due)
        # Back from loan: proposed at the next run.
        self._give_back(loan)
        self._run_cron()
        self.assertEqual(disposal.line_ids.dossier_id, self.due | self.due_2)
