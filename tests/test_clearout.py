import re
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged

from .archive_code_common import ArchiveCodeCase

INDEX = "partner_dossier.dossier_clearout_report_index"


@tagged("post_install", "-at_install")
class TestClearout(ArchiveCodeCase):
    """Once a year, the dossiers of customers without contract or activity for 24
    months (the default) are proposed for closing; a manager confirms; the index
    of the closed dossiers is printed per location."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"dossier_archive_code": True, "dossier_fonds_number": "Z001"}
        )
        cls.other_box = cls.env["dossier.location"].create(
            {"name": "Box 2", "location_type": "box", "parent_id": cls.shelf.id}
        )
        # Archived now (November 2026); the job runs in January 2029.
        cls.stale = cls._archive("Gone Co.")
        cls.stale_secret = cls._archive(
            "Gone Too Co.", location_id=cls.other_box.id, confidentiality="confidential"
        )
        cls.contract = cls._archive("Contract Co.")
        # Completed after it was filed: a date only a procedure writes then.
        cls.contract._procedure().date_completed = date(2027, 6, 30)
        cls.documented = cls._archive("Document Co.")
        cls._add_documents(cls.documented, cls.type_letter).document_date = date(
            2027, 9, 1
        )
        cls.lent = cls._archive("Reader Co.")
        cls.still_out = cls._archive("Out Co.")
        cls.temporary = cls._temporary("Temporary Co.")

    def _run_cron(self, when="2029-01-02", batch_size=1000):
        with freeze_time(when):
            self._run_cron_method(
                "dossier.clearout", "_cron_propose_clearouts", batch_size=batch_size
            )
        return self.env["dossier.clearout"].search([], order="id")

    def _lend_and_return(self, dossier, when):
        with freeze_time(when):
            loan = self._checked_out(self.staff, dossier)
            self._return(loan)
        return loan

    def test_job_proposes_the_ended_customers_once(self):
        self._lend_and_return(self.lent, "2027-03-01")
        with freeze_time("2026-12-01"):
            self._request(self.staff, self.still_out)
        # Batches of one dossier: still one proposal for the whole company.
        clearout = self._run_cron(batch_size=1)
        self.assertEqual(len(clearout), 1)
        self.assertEqual(clearout.state, "proposed")
        self.assertEqual(clearout.date_inactive_since, date(2027, 1, 2))
        proposed = clearout.line_ids.dossier_id
        self.assertIn(self.stale, proposed)
        self.assertIn(self.stale_secret, proposed)
        for kept in (
            self.contract,  # contract completed within 24 months
            self.documented,  # a document dated within 24 months
            self.lent,  # a loan requested within 24 months
            self.still_out,  # a loan request under way
            self.temporary,  # not archived
        ):
            self.assertNotIn(kept, proposed, kept.partner_id.name)
        line = clearout.line_ids.filtered(lambda line: line.dossier_id == self.stale)
        self.assertEqual(line.last_activity, self.stale.date_archived)
        # The managers are asked to confirm.
        self.assertIn(self.manager, clearout.activity_ids.user_id)
        self.assertNotIn(self.archivist, clearout.activity_ids.user_id)
        # Re-run in the same year: nothing proposed twice.
        self.assertEqual(self._run_cron("2029-03-01"), clearout)

    def test_a_note_is_activity_an_office_change_is_not(self):
        noted = self._archive("Noted Co.")
        handed = self._archive("Handed Over Co.")
        with freeze_time("2028-03-01"):
            noted.with_user(self.manager).message_post(
                body="The customer called about the renewal.",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            handed.custodian_id = self.manager
            self.env.flush_all()
            self.env.cr.precommit.run()
        # The record's last write is the transaction's time, which freeze_time
        # does not move: set it as a label print in 2028 would have.
        self.env.cr.execute(
            "UPDATE dossier_dossier SET write_date = '2028-03-01' WHERE id = %s",
            [handed.id],
        )
        handed.invalidate_recordset()
        proposed = self._run_cron().line_ids.dossier_id
        self.assertNotIn(noted, proposed)
        self.assertIn(handed, proposed)

    def test_no_clearout_when_the_setting_is_zero(self):
        self._set_scheme(dossier_clearout_months=0)
        self.assertFalse(self._run_cron())
        self._set_scheme(dossier_clearout_months=48)
        self.assertFalse(self._run_cron(), "nobody is inactive for 48 months yet")

    def test_a_new_number_of_months_leaves_the_proposal(self):
        """Issue 23: a proposal keeps the list it was made with; a new number of
        months counts for the next proposal only, and only a manager's
        confirmation closes a dossier."""
        clearout = self._run_cron()
        lines = clearout.line_ids.mapped(
            lambda line: (line.dossier_id, line.last_activity)
        )
        since = clearout.date_inactive_since
        self._set_scheme(dossier_clearout_months=1)
        self.env.invalidate_all()
        self.assertEqual(
            clearout.line_ids.mapped(
                lambda line: (line.dossier_id, line.last_activity)
            ),
            lines,
        )
        self.assertEqual(clearout.date_inactive_since, since)
        self.assertEqual(clearout.state, "proposed")
        self.assertEqual(self.stale.state, "archived")
        self.assertEqual(self._run_cron("2029-03-01"), clearout, "one a year")

    def test_manager_confirms_and_dossiers_close(self):
        clearout = self._run_cron()
        with self.assertRaises(AccessError):
            clearout.with_user(self.archivist).action_confirm()
        with self.assertRaisesRegex(UserError, "Confirm and Cancel buttons"):
            clearout.with_user(self.manager).write({"state": "confirmed"})
        # The manager keeps one customer open: off the list before confirming.
        with Form(clearout.with_user(self.manager)) as form:
            index = next(
                i
                for i, line in enumerate(clearout.line_ids)
                if line.dossier_id == self.stale_secret
            )
            form.line_ids.remove(index)
        with freeze_time("2029-01-10"):
            clearout.with_user(self.manager).action_confirm()
        self.assertEqual(clearout.state, "confirmed")
        self.assertEqual(clearout.confirmed_by_id, self.manager)
        self.assertEqual(clearout.date_confirmed, date(2029, 1, 10))
        self.assertEqual(self.stale.state, "closed")
        self.assertEqual(self.stale.date_closed, date(2029, 1, 10))
        self.assertEqual(self.stale_secret.state, "archived")
        with self.assertRaisesRegex(UserError, "no longer a proposal"):
            clearout.with_user(self.manager).action_confirm()
        with self.assertRaisesRegex(UserError, "keeps its list"):
            clearout.line_ids[:1].with_user(self.manager).unlink()

    def test_index_printed_per_location(self):
        clearout = self._run_cron()
        clearout.with_user(self.manager).action_confirm()
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(INDEX, clearout.ids)
        )
        html = html.decode()
        self.assertEqual(html.count("o_dossier_clearout_index"), 2, "two boxes")
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        box_1 = text[text.index("Box 1") : text.index("Box 2")]
        box_2 = text[text.index("Box 2") :]
        self.assertIn(self.stale.archive_code, box_1)
        self.assertIn("Gone Co.", box_1)
        self.assertNotIn("Gone Too Co.", box_1)
        self.assertIn("Gone Too Co.", box_2)
        self.assertRegex(box_2, r"Dossiers in this location\s*:\s*1 ")
        # The confidential dossier listed is logged like any print.
        self.assertTrue(
            self.env["dossier.access.log"].search(
                [
                    ("dossier_id", "=", self.stale_secret.id),
                    ("access_type", "=", "print"),
                    ("user_id", "=", self.manager.id),
                ]
            )
        )

    def test_each_company_its_own_clearout(self):
        branch = self.env["res.company"].create({"name": "Clear-out Branch"})
        self.manager.write({"company_ids": [(4, branch.id)]})
        branch_dossier = self._new_dossier(
            partner=self._new_customer("Branch Customer"), company_id=branch.id
        )
        branch_dossier.action_open()
        self._add_documents(branch_dossier, self.type_contract | self.type_licence)
        branch_dossier.location_id = self.env["dossier.location"].create(
            {"name": "Branch Cabinet", "company_id": branch.id}
        )
        branch_dossier.action_archive_formally()
        clearouts = self._run_cron()
        self.assertEqual(clearouts.company_id, self.company | branch)
        own = clearouts.filtered(lambda clearout: clearout.company_id == branch)
        self.assertEqual(own.line_ids.dossier_id, branch_dossier)
        # The archivist works in the main company only: the branch's is not his.
        self.assertEqual(
            self.env["dossier.clearout"].with_user(self.archivist).search([]),
            clearouts - own,
        )

    def test_views_and_access(self):
        clearout = self._run_cron()
        views = (
            self.env["dossier.clearout"]
            .with_user(self.manager)
            .get_views([(False, "list"), (False, "form"), (False, "search")])
        )
        self.assertIn("action_confirm", views["views"]["form"]["arch"])
        self.assertTrue(clearout.with_user(self.archivist).line_ids)
        with self.assertRaises(AccessError):
            clearout.with_user(self.staff).read(["state"])
