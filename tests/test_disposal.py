from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .constraint_common import user_message
from .retention_common import DossierRetentionCase

DOSSIER_FIELDS = ["state", "disposal_id", "date_disposed", "retention_until"]
DISPOSAL_FIELDS = ["state", "approver_id", "date_approved", "executor_id", "date_done"]


# post_install: while the registry is being loaded (at_install tests under Odoo's
# runner) the procedure guard trusts every write (module data), so the refusals
# asserted here only happen once it is ready.
@tagged("post_install", "-at_install")
class TestDisposal(DossierRetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.due = cls._closed_dossier("Old Customer")
        cls.documents = cls._add_documents(cls.due)
        cls.env["ir.attachment"].create(
            {
                "name": "letter.txt",
                "raw": b"scanned letter",
                "res_model": "dossier.dossier",
                "res_id": cls.due.id,
            }
        )
        cls.history = cls.due.message_post(body="Checked by the archivist.")
        cls.due_2 = cls._closed_dossier("Older Customer")

    # ------------------------------------------------------------------ helpers

    def _propose(self, user=None, date=None):
        wizard = (
            self.env["dossier.disposal.propose"]
            .with_user(user or self.archivist)
            .create({"date": date or self.today})
        )
        action = wizard.action_propose()
        return self.env["dossier.disposal"].browse(
            action.get("res_id") or action["domain"][0][2]
        )

    def _proposal(self, dossiers, **vals):
        """A proposal by the archivist, with method and witnesses."""
        disposal = (
            self.env["dossier.disposal"]
            .with_user(self.archivist)
            .create(
                {
                    "method": "shredding",
                    "witness_1_id": self.witness_a.id,
                    "witness_2_id": self.witness_b.id,
                    "line_ids": [
                        Command.create({"dossier_id": dossier.id})
                        for dossier in dossiers
                    ],
                    **vals,
                }
            )
        )
        return disposal

    def _assert_refused(self, exception, call, records, fnames):
        before = self._snapshot(records, fnames)
        with self.assertRaisesExactly(exception) as caught:
            call()
        self.assertEqual(self._snapshot(records, fnames), before, "nothing changed")
        return caught.exception

    # ------------------------------------------------------------------ the flow

    def test_whole_destruction_flow_per_role(self):
        # Staff cannot see nor start disposals.
        with self.assertRaises(AccessError):
            self.env["dossier.disposal.propose"].with_user(self.staff).create({})
        with self.assertRaises(AccessError):
            self.env["dossier.disposal"].with_user(self.staff).search([])

        # The archivist proposes: every due dossier, for today.
        disposal = self._propose()
        self.assertEqual(len(disposal), 1)
        self.assertEqual(disposal.state, "proposed")
        self.assertEqual(disposal.disposal_type, "destroy")
        self.assertEqual(disposal.proposer_id, self.archivist)
        self.assertTrue(disposal.name.startswith("DSP/"))
        self.assertEqual(disposal.line_ids.dossier_id, self.due | self.due_2)

        # ... edits the list and prepares the destruction.
        as_archivist = disposal.with_user(self.archivist)
        line_2 = disposal.line_ids.filtered(lambda line: line.dossier_id == self.due_2)
        as_archivist.write(
            {
                "line_ids": [Command.unlink(line_2.id)],
                "method": "shredding",
                "witness_1_id": self.witness_a.id,
                "witness_2_id": self.witness_b.id,
            }
        )
        self.assertEqual(disposal.line_ids.dossier_id, self.due)

        # The archivist cannot approve; another manager does.
        self._assert_refused(
            AccessError, as_archivist.action_approve, disposal, DISPOSAL_FIELDS
        )
        disposal.with_user(self.manager).action_approve()
        self.assertEqual(disposal.state, "approved")
        self.assertEqual(disposal.approver_id, self.manager)
        self.assertEqual(disposal.date_approved, self.today)

        # Approved: the list is frozen.
        with self.assertRaisesExactly(UserError):
            as_archivist.write(
                {"line_ids": [Command.create({"dossier_id": self.due_2.id})]}
            )
        with self.assertRaisesExactly(UserError):
            line = disposal.line_ids.with_user(self.archivist)
            line.unlink()
        self.assertEqual(disposal.line_ids.dossier_id, self.due)

        # Staff cannot execute; the archivist does, with the witnesses present.
        with self.assertRaises(AccessError):
            disposal.with_user(self.staff).action_done()
        as_archivist.action_done()
        self.assertEqual(disposal.state, "done")
        self.assertEqual(disposal.executor_id, self.archivist)
        self.assertEqual(disposal.date_done, self.today)

        # The dossier is disposed of, stamped, keeps inventory and history...
        dossier = self.due
        self.assertEqual(dossier.state, "disposed")
        self.assertEqual(dossier.disposal_id, disposal)
        self.assertEqual(dossier.date_disposed, self.today)
        self.assertEqual(dossier.document_ids, self.documents)
        self.assertEqual(
            sorted(dossier.document_ids.mapped("name")),
            ["Old Customer contract 1", "Old Customer contract 2"],
        )
        self.assertIn(self.history, dossier.message_ids)
        self.assertTrue(
            dossier.message_ids.filtered(
                lambda message: (
                    disposal.name in str(message.body)
                    and "3 scanned files removed" in str(message.body)
                )
            )
        )
        # ... and loses its files.
        self.assertFalse(self._attachments_of(dossier))
        self.assertFalse(
            any(dossier.document_ids.with_context(bin_size=True).mapped("scan"))
        )
        # The dossier left out stays as it was.
        self.assertEqual(self.due_2.state, "closed")
        self.assertTrue(self.due_2.is_due_for_disposal)

    def test_transfer(self):
        transfer_policy = self.policy_10.copy({"disposal_action": "transfer"})
        self.due.retention_policy_id = transfer_policy
        disposal = self._propose().filtered(lambda d: d.disposal_type == "transfer")
        self.assertEqual(disposal.line_ids.dossier_id, self.due)
        disposal.with_user(self.archivist).write(
            {"witness_1_id": self.witness_a.id, "witness_2_id": self.witness_b.id}
        )
        with self.assertRaisesExactly(UserError):
            disposal.with_user(self.manager).action_approve()  # no receiving archive
        self.assertEqual(disposal.state, "proposed")
        disposal.with_user(self.archivist).transfer_to = "Provincial Archives"
        disposal.with_user(self.manager).action_approve()
        disposal.with_user(self.archivist).action_done()
        self.assertEqual(self.due.state, "transferred")
        self.assertEqual(self.due.disposal_id, disposal)
        self.assertEqual(self.due.document_ids, self.documents)
        self.assertFalse(self._attachments_of(self.due))
        with self.assertRaisesExactly(UserError):
            self.due.with_user(self.archivist).notes = "Edited after transfer"

    def test_review_extends_retention_with_a_reason(self):
        review_policy = self.policy_10.copy({"disposal_action": "review"})
        self.due.retention_policy_id = review_policy
        disposal = self._propose().filtered(lambda d: d.disposal_type == "review")
        self.assertEqual(disposal.line_ids.dossier_id, self.due)
        with self.assertRaisesExactly(UserError):
            disposal.with_user(self.manager).action_approve()  # no years, no reason
        disposal.with_user(self.archivist).write(
            {"review_years": 5, "review_reason": "Warranty claims still possible"}
        )
        disposal.with_user(self.manager).action_approve()
        disposal.with_user(self.archivist).action_done()
        until = self.today + relativedelta(years=5)
        self.assertEqual(self.due.state, "closed")
        self.assertFalse(self.due.disposal_id)
        self.assertEqual(self.due.retention_extended_until, until)
        self.assertEqual(
            self.due.retention_extension_reason, "Warranty claims still possible"
        )
        self.assertEqual(self.due.retention_until, until)
        self.assertFalse(self.due.is_due_for_disposal)
        self.assertTrue(self._attachments_of(self.due), "a review removes nothing")

    # ------------------------------------------------------------------ refusals

    def _approval_refused(self, disposal, message):
        error = self._assert_refused(
            UserError,
            disposal.with_user(self.manager).action_approve,
            [disposal, disposal.line_ids.dossier_id],
            ["state"],
        )
        self.assertIn(message, str(error))
        self.assertFalse(disposal.approver_id)

    def test_held_dossier_refused(self):
        disposal = self._proposal(self.due)
        self.due.with_user(self.manager)._place_legal_hold("Litigation", self.today)
        self._approval_refused(disposal, "on legal hold")

    def test_held_after_approval_refused_at_execution(self):
        disposal = self._proposal(self.due)
        disposal.with_user(self.manager).action_approve()
        self.due.with_user(self.manager)._place_legal_hold("Litigation", self.today)
        error = self._assert_refused(
            UserError,
            disposal.with_user(self.archivist).action_done,
            [disposal, self.due],
            ["state"],
        )
        self.assertIn("on legal hold", str(error))
        self.assertEqual(disposal.state, "approved")
        self.assertTrue(self._attachments_of(self.due))

    def test_open_dossier_refused(self):
        self.due.with_user(self.manager).action_reopen()
        disposal = self._proposal(self.due)
        self._approval_refused(disposal, "it is Archived, not closed")

    def test_dossier_on_loan_refused(self):
        disposal = self._proposal(self.due)
        self._lend(self.due)
        self._approval_refused(disposal, "out on loan")
        wizard = (
            self.env["dossier.disposal.propose"]
            .with_user(self.archivist)
            .create({"date": self.today})
        )
        self.assertNotIn(self.due, wizard.dossier_ids)
        self.assertIn(self.due_2, wizard.dossier_ids)

    def test_retention_not_ended_refused(self):
        recent = self._closed_dossier("Recent", closed=self.today)
        disposal = self._proposal(recent)
        self._approval_refused(disposal, "its retention runs until")
        permanent = self._closed_dossier(
            "Forever", retention_policy_id=self.policy_permanent.id
        )
        disposal = self._proposal(permanent)
        self._approval_refused(disposal, "its retention does not end")

    def test_disposal_date_before_retention_end_refused(self):
        disposal = self._proposal(self.due, date="2005-01-01")
        self._approval_refused(disposal, "its retention runs until 01/15/2010")

    def test_own_proposal_refused(self):
        disposal = self._propose(user=self.manager)
        disposal.with_user(self.manager).method = "pulping"
        self.assertEqual(disposal.proposer_id, self.manager)
        self._approval_refused(disposal, "another manager must approve it")
        disposal.with_user(self.manager_2).action_approve()
        self.assertEqual(disposal.approver_id, self.manager_2)

    def test_proposer_cannot_be_forged(self):
        Disposal = self.env["dossier.disposal"].with_user(self.manager)
        lines = [Command.create({"dossier_id": self.due.id})]
        with self.assertRaisesRegex(UserError, "whoever proposes is the proposer"):
            Disposal.create({"proposer_id": self.manager_2.id, "line_ids": lines})
        disposal = Disposal.create({"line_ids": lines})
        self.assertEqual(disposal.proposer_id, self.manager)
        for fname, value in (
            ("proposer_id", self.manager_2.id),
            ("state", "approved"),
            ("approver_id", self.manager_2.id),
        ):
            self._assert_refused(
                UserError,
                lambda fname=fname, value=value: disposal.with_user(self.manager).write(
                    {fname: value}
                ),
                disposal,
                DISPOSAL_FIELDS + ["proposer_id"],
            )

    def _assert_constraint(self, disposal, vals, message):
        before = self._snapshot(disposal, ["witness_1_id", "witness_2_id"])
        # The CHECK constraint says the rule; Odoo answers with its message.
        refusal = user_message(
            self.env, lambda: disposal.with_user(self.archivist).write(vals)
        )
        self.assertIn(message, refusal or "")
        self.assertEqual(
            self._snapshot(disposal, ["witness_1_id", "witness_2_id"]), before
        )

    def test_same_witness_twice_refused(self):
        disposal = self._proposal(self.due)
        self._assert_constraint(
            disposal,
            {"witness_2_id": self.witness_a.id},
            "two witnesses of a disposal must be two different people",
        )

    def test_approver_as_witness_refused(self):
        disposal = self._proposal(self.due)
        disposal.with_user(self.manager).action_approve()
        self._assert_constraint(
            disposal,
            {"witness_1_id": self.manager.id},
            "cannot also be one of its witnesses",
        )
        # A manager named witness cannot approve either.
        other = self._proposal(self.due_2, witness_1_id=self.manager_2.id)
        error = self._assert_refused(
            UserError,
            other.with_user(self.manager_2).action_approve,
            other,
            DISPOSAL_FIELDS,
        )
        self.assertIn("You are a witness", str(error))

    def test_execution_needs_two_witnesses(self):
        disposal = self._proposal(self.due, witness_2_id=False)
        disposal.with_user(self.manager).action_approve()
        error = self._assert_refused(
            UserError,
            disposal.with_user(self.archivist).action_done,
            [disposal, self.due],
            ["state"],
        )
        self.assertIn("two witnesses", str(error))
        self.assertTrue(self._attachments_of(self.due))

    def test_dossier_in_one_disposal_under_way_only(self):
        self._proposal(self.due)
        refusal = user_message(self.env, lambda: self._proposal(self.due))
        self.assertIn("already in a disposal under way", refusal or "")
        wizard = (
            self.env["dossier.disposal.propose"]
            .with_user(self.archivist)
            .create({"date": self.today})
        )
        self.assertNotIn(self.due, wizard.dossier_ids)

    def test_nothing_due_is_a_clear_message(self):
        with self.assertRaisesExactly(UserError) as caught:
            self._propose(date="2001-01-01")
        self.assertIn("No dossier is due for disposal", str(caught.exception))

    def test_disposal_cannot_be_deleted_by_anyone(self):
        disposal = self._proposal(self.due)
        admin = self.env.ref("base.user_admin")
        for user in (self.archivist, self.manager, admin):
            with self.assertRaises(AccessError):
                disposal.with_user(user).unlink()
        with self.assertRaisesExactly(UserError):
            disposal.sudo().unlink()
        disposal.with_user(self.manager).action_cancel()
        with self.assertRaisesExactly(UserError):
            disposal.sudo().unlink()
        self.assertTrue(disposal.exists())
        self.assertEqual(disposal.state, "cancelled")
        with self.assertRaisesExactly(UserError):
            disposal.line_ids.sudo().unlink()
        self.assertEqual(disposal.line_ids.dossier_id, self.due)

    def test_disposed_dossier_cannot_be_edited(self):
        disposal = self._proposal(self.due)
        disposal.with_user(self.manager).action_approve()
        disposal.with_user(self.archivist).action_done()
        admin = self.env.ref("base.user_admin")
        fnames = ["notes", "confidentiality", "location_id", "state"]
        for user in (self.archivist, self.manager, admin):
            as_user = self.due.with_user(user)
            self._assert_refused(
                UserError,
                lambda as_user=as_user: as_user.write({"notes": "x"}),
                self.due,
                fnames,
            )
            self._assert_refused(UserError, as_user.action_reopen, self.due, fnames)
            self._assert_refused(
                AccessError if user == self.archivist else UserError,
                lambda as_user=as_user: as_user._place_legal_hold("x", self.today),
                self.due,
                fnames + ["legal_hold"],
            )
            document = self.documents[0].with_user(user)
            self._assert_refused(
                UserError,
                lambda document=document: document.write({"name": "Renamed"}),
                self.documents,
                ["name", "pages"],
            )
            self._assert_refused(
                UserError,
                lambda document=document: document.unlink(),
                self.documents,
                ["name"],
            )
        with self.assertRaisesExactly(UserError):
            disposal.with_user(self.manager).write({"notes": "Rewritten"})
        with self.assertRaisesExactly(UserError):
            disposal.with_user(self.manager).action_cancel()
        # Following and discussing the dossier is still possible.
        self.due.with_user(self.manager).message_post(body="Certificate filed.")

    def test_dossier_cannot_be_disposed_by_a_plain_write(self):
        for user in (self.archivist, self.manager):
            self._assert_refused(
                UserError,
                lambda user=user: self.due.with_user(user).write({"state": "disposed"}),
                self.due,
                DOSSIER_FIELDS,
            )
        disposal = self._proposal(self.due_2)
        self._assert_refused(
            UserError,
            lambda: self.due.with_user(self.manager).write(
                {"disposal_id": disposal.id}
            ),
            self.due,
            DOSSIER_FIELDS,
        )

    def test_executor_needs_clearance_for_every_dossier(self):
        secret = self._closed_dossier("Secret Customer", confidentiality="secret")
        low_archivist = self.archivist.copy({"login": "rt_low_archivist"})
        low_archivist.sudo().dossier_clearance = "internal"
        disposal = self._proposal(self.due | secret)
        disposal.with_user(self.manager).action_approve()
        error = self._assert_refused(
            AccessError,
            disposal.with_user(low_archivist).action_done,
            [disposal, self.due | secret],
            ["state"],
        )
        self.assertIn("above your clearance", str(error))
