from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import call_kw, new_dossier_user
from .constraint_common import DATABASE_TEXTS
from .loan_common import LoanCase


@tagged("post_install", "-at_install")
class TestBendDossier(LoanCase, HttpCase):
    """Issue 23, the dossier side: what a client sends over JSON-RPC (any field,
    any context) cannot bend a dossier, its documents or the settings that move
    them. Each case is refused with a sentence, or leaves its trace."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secret_archivist = new_dossier_user(
            cls.env, "bend_secret_archivist", "archivist", "secret"
        )
        cls.secret_manager = new_dossier_user(
            cls.env, "bend_secret_manager", "manager", "secret"
        )
        cls.secret = cls._archived_dossier(
            cls._new_customer("Bend Secret Co."), confidentiality="secret"
        )
        cls.other = cls._archived_dossier(cls._new_customer("Bend Other Co."))

    # ------------------------------------------------------------------ helpers

    def _rpc(self, user, model, method, *args, **kwargs):
        """(result, error message) of ``model.method(*args, **kwargs)`` called by
        ``user`` as the web client calls it; one of them is None."""
        self.authenticate(user.login, user.login)
        body = call_kw(self, model, method, args, kwargs)
        self.env.invalidate_all()
        if "error" in body:
            message = body["error"]["data"]["message"]
            for text in DATABASE_TEXTS:
                self.assertNotIn(text, message, "a raw database error")
            return None, message
        return body["result"], None

    def _refused(self, user, model, method, *args, **kwargs):
        result, error = self._rpc(user, model, method, *args, **kwargs)
        self.assertIsNone(result, f"{method} {args} went through for {user.login}")
        return error

    def _write_refused(self, user, record, vals, sentence, **kwargs):
        before = {fname: record[fname] for fname in vals}
        error = self._refused(user, record._name, "write", record.ids, vals, **kwargs)
        self.assertIn(sentence, error)
        self.assertEqual({fname: record[fname] for fname in vals}, before)
        return error

    def _tracked(self, dossier, fname):
        """The tracking lines of ``fname`` in the dossier's chatter."""
        return (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", dossier._name),
                    ("mail_message_id.res_id", "=", dossier.id),
                    ("field_id.name", "=", fname),
                ]
            )
        )

    # ------------------------------------------------------------------ computed

    def test_confidentiality_level_cannot_be_lowered_on_a_secret_dossier(self):
        self.assertEqual(self.secret.confidentiality_level, 3)
        for user in (self.secret_archivist, self.secret_manager):
            with self.subTest(user=user.login):
                self._write_refused(
                    user,
                    self.secret,
                    {"confidentiality_level": 1},
                    "cannot be changed",
                )
        # Staff read dossiers only.
        self.assertIn(
            "not allowed",
            self._refused(
                self.staff,
                "dossier.dossier",
                "write",
                self.public.ids,
                {"confidentiality_level": 0},
            ),
        )

    def test_review_due_date_cannot_be_postponed(self):
        key = self._new_dossier(
            partner=self._new_customer("Bend Key Co."), customer_type="key"
        )
        key.action_open()
        due = key.review_due_date
        self.assertTrue(due)
        self._write_refused(
            self.manager, key, {"review_due_date": "2099-12-31"}, "cannot be changed"
        )
        self.assertEqual(key.review_due_date, due)

    def test_completeness_cannot_be_faked(self):
        incomplete = self._new_dossier(partner=self._new_customer("Bend Half Co."))
        self._add_documents(incomplete, self.type_contract)
        self.assertEqual(incomplete.completeness, 50.0)
        self._write_refused(
            self.archivist, incomplete, {"completeness": 100.0}, "cannot be changed"
        )

    def test_reference_cannot_be_given_twice(self):
        self._write_refused(
            self.archivist, self.other, {"name": self.dossier.name}, "cannot be changed"
        )
        error = self._refused(
            self.manager,
            "dossier.dossier",
            "create",
            [
                {
                    "partner_id": self._new_customer("Bend Twin Co.").id,
                    "name": self.dossier.name,
                    "barcode": "BEND-TWIN",
                }
            ],
        )
        self.assertIn("cannot be changed", error)
        self.assertEqual(
            self.env["dossier.dossier"].search_count(
                [("name", "=", self.dossier.name)]
            ),
            1,
        )

    # ------------------------------------------------------------------ documents

    def test_documents_do_not_leave_an_archived_dossier(self):
        document = self.documents[0]
        before = self.dossier.message_ids
        for user in (self.archivist, self.manager):
            with self.subTest(user=user.login, way="write"):
                self._write_refused(
                    user, document, {"dossier_id": self.other.id}, "cannot be changed"
                )
            with self.subTest(user=user.login, way="link"):
                error = self._refused(
                    user,
                    "dossier.dossier",
                    "write",
                    self.other.ids,
                    {"document_ids": [Command.link(document.id)]},
                )
                self.assertIn("cannot be changed", error)
        self.assertEqual(document.dossier_id, self.dossier)
        self.assertEqual(self.dossier.document_ids, self.documents)
        self.assertEqual(self.dossier.message_ids, before, "nothing to explain")

    def test_closed_and_disposed_dossiers_are_not_deleted_with_force_unlink(self):
        closed = self._archived_dossier(self._new_customer("Bend Closed Co."))
        closed.action_close()
        disposed = self._archived_dossier(self._new_customer("Bend Disposed Co."))
        disposed.action_close()
        disposed._write_guarded({"state": "disposed"})
        for dossier in (closed, disposed):
            with self.subTest(state=dossier.state):
                error = self._refused(
                    self.manager,
                    "dossier.dossier",
                    "unlink",
                    dossier.ids,
                    context={"_force_unlink": True},
                )
                self.assertIn("Only draft dossiers can be deleted", error)
                self.assertTrue(dossier.exists())

    def test_documents_of_an_archived_dossier_are_not_deleted_with_force_unlink(self):
        error = self._refused(
            self.manager,
            "dossier.document",
            "unlink",
            self.documents[:1].ids,
            context={"_force_unlink": True},
        )
        self.assertIn("Use Remove Documents", error)
        self.assertEqual(self.dossier.document_ids, self.documents)

    def test_tracking_switches_do_not_hide_changes(self):
        context = {"tracking_disable": True, "mail_notrack": True}
        result, error = self._rpc(
            self.archivist,
            "dossier.dossier",
            "write",
            self.other.ids,
            {"confidentiality": "confidential", "custodian_id": self.archivist.id},
            context=context,
        )
        self.assertIsNone(error)
        self.assertEqual(self.other.confidentiality, "confidential")
        confidentiality = self._tracked(self.other, "confidentiality")
        self.assertEqual(
            confidentiality.mapped("new_value_char"), ["Confidential"], "its trace"
        )
        custodian = self._tracked(self.other, "custodian_id")
        self.assertEqual(custodian.mapped("new_value_integer"), [self.archivist.id])

    # ------------------------------------------------------------------ settings

    def test_a_policy_edit_does_not_move_filed_dossiers(self):
        """Permanent to one year from opening would make a closed dossier due
        for disposal: a policy that governs filed dossiers keeps its terms; a
        dossier changes policy by Change Retention (a manager, a reason, its
        chatter)."""
        permanent = self.env.ref("partner_dossier.retention_policy_permanent")
        closed = self._archived_dossier(
            self._new_customer("Bend Kept Co."), retention_policy_id=permanent.id
        )
        closed.action_close()
        self.assertFalse(closed.retention_until)
        self._write_refused(
            self.manager,
            permanent,
            {"permanent": False, "years": 1, "trigger": "opening"},
            "Change Retention",
        )
        self.assertFalse(closed.retention_until)
        self.assertFalse(closed.is_due_for_disposal)
        # Its name and description are not its terms.
        result, error = self._rpc(
            self.manager,
            "dossier.retention.policy",
            "write",
            permanent.ids,
            {"description": "Kept forever.", "permanent": True},
        )
        self.assertIsNone(error)
        # A policy no filed dossier follows yet can still be set right.
        fresh = self.env["dossier.retention.policy"].create(
            {"name": "Bend Fresh", "years": 5}
        )
        result, error = self._rpc(
            self.manager,
            "dossier.retention.policy",
            "write",
            fresh.ids,
            {"years": 7, "trigger": "completion"},
        )
        self.assertIsNone(error)
        self.assertEqual(fresh.years, 7)
        # The dossier follows a shorter policy only by Change Retention.
        closed.with_user(self.manager)._change_retention(fresh, "Contract ended")
        self.assertEqual(closed.retention_policy_id, fresh)
        self.assertIn("Contract ended", closed.message_ids[0].body)

    def test_archive_codes_are_never_written_by_a_client(self):
        """The scheme's own test (test_archive_code: changing the scheme never
        renumbers) covers the settings; no client writes a code either."""
        self.company.write(
            {"dossier_archive_code": True, "dossier_fonds_number": "B001"}
        )
        self.category.code = "KH"
        coded = self._archived_dossier(self._new_customer("Bend Coded Co."))
        code = coded.archive_code
        self.assertTrue(code)
        self._write_refused(
            self.manager, coded, {"archive_code": "B001-0001"}, "Archive Formally"
        )
        self.company.write({"dossier_fonds_number": "B002"})
        self.assertEqual(coded.archive_code, code)

    # ------------------------------------------------------------------ bad input

    def test_a_huge_barcode_gets_a_sentence(self):
        huge = "X" * 300_000
        self._write_refused(self.archivist, self.other, {"barcode": huge}, "too long")
        error = self._refused(
            self.archivist,
            "dossier.location",
            "create",
            [{"name": "Bend Cabinet", "barcode": huge}],
        )
        self.assertIn("too long", error)
        error = self._refused(
            self.manager,
            "dossier.document.type",
            "create",
            [{"name": "Bend Type", "code": huge}],
        )
        self.assertIn("too long", error)

    def test_absurd_pages_get_a_sentence(self):
        self._write_refused(
            self.archivist, self.documents[0], {"pages": 3e9}, "cannot be more than"
        )
        error = self._refused(
            self.staff,
            "dossier.document",
            "create",
            [
                {
                    "dossier_id": self.public.id,
                    "document_type_id": self.type_letter.id,
                    "name": "Bend letter",
                    "pages": 3e9,
                }
            ],
        )
        self.assertIn("cannot be more than", error)

    # ------------------------------------------------------------------ oracles

    def test_no_oracle_on_a_customer_with_a_secret_dossier(self):
        """The archivist (cleared up to confidential) learns that a dossier
        cannot be created, not that the customer has a secret one; an archivist
        cleared for it gets the reason, with the reference."""
        vals = [{"partner_id": self.secret.partner_id.id, "barcode": "BEND-NEW"}]
        error = self._refused(self.archivist, "dossier.dossier", "create", vals)
        self.assertIn("not possible", error)
        self.assertNotIn(self.secret.name, error)
        self.assertNotIn("already has", error)
        error = self._refused(self.secret_archivist, "dossier.dossier", "create", vals)
        self.assertIn("already has a dossier that is not closed", error)
        self.assertIn(self.secret.name, error)

    def test_no_oracle_on_a_barcode_of_a_secret_dossier(self):
        error = self._write_refused(
            self.archivist, self.other, {"barcode": self.secret.barcode}, "not possible"
        )
        self.assertNotIn(self.secret.name, error)
        self.assertNotIn("barcode", error)
        self._write_refused(
            self.secret_archivist,
            self.other,
            {"barcode": self.secret.barcode},
            "Another dossier of this company already has this barcode",
        )
