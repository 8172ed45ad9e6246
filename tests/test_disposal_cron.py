from odoo.tests import freeze_time

from .common import new_dossier_user
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

    def test_archivists_told_in_their_language(self):
        """One run of the job: an archivist reading Chinese and one reading
        English are each told in their language, in a note addressed to them."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        archivist_zh = new_dossier_user(
            self.env, "rt_archivist_zh", "archivist", "secret"
        )
        archivist_zh.lang = "zh_CN"
        self.archivist.lang = "en_US"
        self._run_cron()
        notes = self._open_disposals().message_ids.filtered("partner_ids")
        chinese = notes.filtered(
            lambda message: archivist_zh.partner_id in message.partner_ids
        )
        english = notes - chinese
        self.assertTrue(chinese)
        self.assertTrue(english)
        for note in chinese:
            self.assertIn("已到销毁期限", str(note.body))
            self.assertEqual(note.partner_ids, archivist_zh.partner_id)
        for note in english:
            self.assertIn("due for disposal", str(note.body))
            self.assertIn(self.archivist.partner_id, note.partner_ids)
            self.assertNotIn(archivist_zh.partner_id, note.partner_ids)
