"""A register's history is append-only (issue 23): its messages, their tracked
values and its files are never edited nor deleted, by anyone, the administrator
and the superuser included, but by its procedures and with a register deleted
through its allowed unlink. What the web client writes for its reader alone
(starred, pinned) still works."""

import base64

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..const import CORRECTION_SUBTYPE, REVIEW_SUBTYPE
from .common import DossierCase, call_kw

REFUSED = "the history (messages, tracked changes and files) is kept"
SUBTYPE_REFUSED = "cannot be posted directly"
# The context keys a client may send to switch a rule off.
CLIENT_KEYS = {
    "_force_unlink": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
    "dossier_procedure": True,
}


class HistoryCase(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        # Tracked, as in the office: the state change leaves a tracked value.
        env = cls.env(context={})
        cls.dossier = env["dossier.dossier"].create(
            {
                "partner_id": cls._new_customer("History Co.").id,
                "category_id": cls.category.id,
                "custodian_id": cls.archivist.id,
            }
        )
        cls.dossier.action_open()
        # A tracked change, as Odoo's tracking posts it (a note with its values).
        cls.dossier._message_log(
            tracking_value_ids=[
                Command.create(
                    {
                        "field_id": env["ir.model.fields"]
                        ._get("dossier.dossier", "state")
                        .id,
                        "old_value_char": "Draft",
                        "new_value_char": "Temporary",
                    }
                )
            ]
        )
        cls.attachment = env["ir.attachment"].create(
            {
                "name": "visit.txt",
                "raw": b"visit notes",
                "res_model": "dossier.dossier",
                "res_id": cls.dossier.id,
            }
        )
        cls.message = cls.dossier.message_post(
            author_id=cls.staff.partner_id.id,
            body="Called the customer.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=cls.attachment.ids,
        )
        cls.tracking = env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "dossier.dossier"),
                ("mail_message_id.res_id", "=", cls.dossier.id),
            ],
            limit=1,
        )
        cls.tracked_message = cls.tracking.mail_message_id

    def _roles(self):
        """Each role, and the superuser, with the records as they see them."""
        return {
            "user": self.staff,
            "archivist": self.archivist,
            "manager": self.manager,
            "admin": self.admin,
        }

    def _as(self, records, role):
        if role == "superuser":
            return records.sudo()
        return records.with_user(self._roles()[role])

    def _refused(self, role, attempt, *, access_ok=False):
        """Run attempt; it must be refused (a UserError saying why; an
        AccessError only where ``access_ok``: a role without the right)."""
        with self.subTest(role=role):
            with self.assertRaises(UserError) as caught, self.env.cr.savepoint():
                attempt()
            if not access_ok:
                self.assertNotIsInstance(caught.exception, AccessError)
            return caught.exception
        return None

    ROLES = ("user", "archivist", "manager", "admin", "superuser")


class TestMessagesAppendOnly(HistoryCase):
    def test_tracked_value_exists(self):
        # The fixtures are what the other tests of this file are about.
        self.assertTrue(self.tracking)
        self.assertEqual(self.tracked_message.model, "dossier.dossier")
        self.assertIn(self.attachment, self.message.attachment_ids)

    def test_message_body_cannot_be_edited(self):
        for role in self.ROLES:
            message = self._as(self.message, role)
            dossier = self._as(self.dossier, role)
            error = self._refused(role, lambda m=message: m.write({"body": "Forged"}))
            self.assertIn(REFUSED, str(error))
            # The chatter's own "edit" (what the pencil of a note calls).
            self._refused(
                role,
                lambda m=message, d=dossier: d._message_update_content(
                    m, body="Forged"
                ),
                access_ok=True,
            )
        self.message.invalidate_recordset()
        self.assertIn("Called the customer.", str(self.message.body))

    def test_message_date_cannot_be_written(self):
        before = self.message.date
        for role in self.ROLES:
            message = self._as(self.message, role)
            self._refused(
                role, lambda m=message: m.write({"date": "2001-01-01 00:00:00"})
            )
        self.message.invalidate_recordset()
        self.assertEqual(self.message.date, before)

    def test_message_cannot_be_deleted(self):
        for role in self.ROLES:
            for context in ({}, CLIENT_KEYS):
                message = self._as(self.message, role).with_context(**context)
                self._refused(role, message.unlink)
        self.assertTrue(self.message.exists())

    def test_message_cannot_be_moved_onto_a_register(self):
        other = self.customer.message_post(body="About the partner.")
        self._refused(
            "superuser",
            lambda: other.sudo().write(
                {"model": "dossier.dossier", "res_id": self.dossier.id}
            ),
        )
        self._refused(
            "superuser",
            lambda: self.message.sudo().write(
                {"model": "res.partner", "res_id": self.customer.id}
            ),
        )

    def test_message_ids_commands_of_the_register_refused(self):
        for role in self.ROLES:
            dossier = self._as(self.dossier, role)
            self._refused(
                role,
                lambda d=dossier: d.write(
                    {"message_ids": [Command.update(self.message.id, {"body": "X"})]}
                ),
                access_ok=True,
            )
            self._refused(
                role,
                lambda d=dossier: d.write(
                    {"message_ids": [Command.delete(self.message.id)]}
                ),
                access_ok=True,
            )
        self.assertTrue(self.message.exists())
        self.assertIn("Called the customer.", str(self.message.body))

    def test_messages_of_a_draft_cannot_be_deleted_without_it(self):
        draft = self._new_dossier(partner=self._new_customer("Draft History Co."))
        note = draft.message_post(body="Draft note.")
        self._refused("superuser", note.sudo().unlink)
        self.assertTrue(note.exists())

    def test_reader_fields_still_written(self):
        """Starring and pinning are the reader's, not the history."""
        for role in ("user", "archivist", "manager", "admin"):
            with self.subTest(role=role):
                user = self._roles()[role]
                message = self.message.with_user(user)
                message.toggle_message_starred()
                self.assertIn(user.partner_id, self.message.sudo().starred_partner_ids)
        self.message.sudo().write({"pinned_at": fields.Datetime.now()})
        self.assertTrue(self.message.pinned_at)


class TestTrackingAndFilesAppendOnly(HistoryCase):
    def test_tracked_value_cannot_be_edited_or_deleted(self):
        before = self.tracking.sudo().new_value_char
        for role in self.ROLES:
            tracking = self._as(self.tracking, role)
            self._refused(
                role,
                lambda t=tracking: t.write({"new_value_char": "Forged"}),
                access_ok=role not in ("admin", "superuser"),
            )
            self._refused(role, tracking.unlink, access_ok=role != "superuser")
        self.assertEqual(self.tracking.sudo().new_value_char, before)

    def test_tracked_value_cannot_be_added_to_a_posted_message(self):
        field = self.env["ir.model.fields"]._get("dossier.dossier", "state")
        for role in ("admin", "superuser"):
            Tracking = self._as(self.env["mail.tracking.value"], role)
            self._refused(
                role,
                lambda T=Tracking: T.create(
                    {
                        "mail_message_id": self.tracked_message.id,
                        "field_id": field.id,
                        "old_value_char": "Draft",
                        "new_value_char": "Closed",
                    }
                ),
            )
            # Nor through the message.
            self._refused(
                role,
                lambda r=role: self._as(self.tracked_message, r).write(
                    {
                        "tracking_value_ids": [
                            Command.create(
                                {"field_id": field.id, "new_value_char": "Closed"}
                            )
                        ]
                    }
                ),
            )

    def test_files_cannot_be_replaced_or_deleted(self):
        for role in self.ROLES:
            for context in ({}, CLIENT_KEYS):
                attachment = self._as(self.attachment, role).with_context(**context)
                self._refused(
                    role,
                    lambda a=attachment: a.write({"raw": b"forged"}),
                    access_ok=True,
                )
                self._refused(role, attachment.unlink, access_ok=True)
                self._refused(
                    role,
                    lambda a=attachment: a.write(
                        {"res_model": "res.partner", "res_id": self.customer.id}
                    ),
                    access_ok=True,
                )
        self.assertEqual(self.attachment.raw, b"visit notes")

    def test_new_files_are_still_attached(self):
        """Appending is what the chatter does: a new file, a new message."""
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.archivist)
            .create(
                {
                    "name": "more.txt",
                    "datas": base64.b64encode(b"more"),
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                }
            )
        )
        message = self.dossier.with_user(self.archivist).message_post(
            body="More notes.", attachment_ids=attachment.ids
        )
        self.assertEqual(attachment.res_model, "dossier.dossier")
        self.assertEqual(attachment.res_id, self.dossier.id)
        self.assertIn(attachment, message.attachment_ids)


class TestRegisterDeletion(HistoryCase):
    def test_draft_deleted_with_its_history(self):
        draft = self._new_dossier(partner=self._new_customer("Short-lived Co."))
        note = draft.message_post(body="Opened by mistake.")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "x.txt",
                "raw": b"x",
                "res_model": "dossier.dossier",
                "res_id": draft.id,
            }
        )
        draft.with_user(self.archivist).unlink()
        self.assertFalse(draft.exists())
        self.assertFalse(note.exists())
        self.assertFalse(attachment.exists())

    def test_filed_register_keeps_its_history_whatever_the_context(self):
        for role in self.ROLES:
            dossier = self._as(self.dossier, role).with_context(**CLIENT_KEYS)
            self._refused(role, dossier.unlink, access_ok=True)
        self.assertTrue(self.dossier.exists())
        self.assertTrue(self.message.exists())
        self.assertTrue(self.attachment.exists())


class TestRegisterSubtypes(HistoryCase):
    def _reviews(self):
        return self.env["mail.message"].search_count(
            [
                ("model", "=", "dossier.dossier"),
                ("res_id", "=", self.dossier.id),
                ("subtype_id", "=", self.env.ref(REVIEW_SUBTYPE).id),
            ]
        )

    def test_register_subtypes_cannot_be_posted(self):
        for subtype in (REVIEW_SUBTYPE, CORRECTION_SUBTYPE):
            for role in ("archivist", "manager", "admin", "superuser"):
                dossier = self._as(self.dossier, role).with_context(**CLIENT_KEYS)
                error = self._refused(
                    role,
                    lambda d=dossier, s=subtype: d.message_post(
                        body="Reviewed.", subtype_xmlid=s
                    ),
                )
                self.assertIn(SUBTYPE_REFUSED, str(error))
        self.assertEqual(self._reviews(), 0)

    def test_backdated_review_cannot_be_forged(self):
        """Posting a note, then giving it the review subtype and an earlier
        date would count as a review in the statistics."""
        note = self.dossier.with_user(self.archivist).message_post(body="Reviewed.")
        review = self.env.ref(REVIEW_SUBTYPE)
        for role in ("archivist", "manager", "admin", "superuser"):
            message = self._as(note, role)
            self._refused(
                role,
                lambda m=message: m.write(
                    {"subtype_id": review.id, "date": "2001-01-01 00:00:00"}
                ),
                access_ok=True,
            )
        # Nor on a thread that is not a register, to be moved later.
        self._refused(
            "superuser",
            lambda: (
                self.customer.message_post(body="x")
                .sudo()
                .write({"subtype_id": review.id})
            ),
        )
        self.assertEqual(self._reviews(), 0)

    def test_procedures_still_post_them(self):
        self.dossier.with_user(self.archivist).action_mark_reviewed()
        self.assertEqual(self._reviews(), 1)


@tagged("post_install", "-at_install")
class TestHistoryOverRpc(HistoryCase, HttpCase):
    """Through JSON-RPC, as the web client calls, with every context key a
    client could send."""

    def _call(self, model, method, args, context=None):
        return call_kw(self, model, method, args, {"context": context or {}})

    def test_history_refused_over_rpc(self):
        logins = {"user": "dossier_staff", "archivist": "dossier_archivist"}
        logins |= {"manager": "dossier_manager", "admin": "admin"}
        for role, login in logins.items():
            with self.subTest(role=role):
                self.authenticate(login, login)
                for context in ({}, CLIENT_KEYS):
                    for method, args in (
                        ("write", [self.message.ids, {"body": "Forged"}]),
                        ("write", [self.message.ids, {"date": "2001-01-01"}]),
                        ("unlink", [self.message.ids]),
                    ):
                        answer = self._call("mail.message", method, args, context)
                        self.assertIn("error", answer, (role, method, args))
                    answer = self._call(
                        "ir.attachment", "unlink", [self.attachment.ids], context
                    )
                    self.assertIn("error", answer)
                    answer = self._call(
                        "dossier.dossier",
                        "message_post",
                        [self.dossier.ids],
                        dict(context, default_subtype_id=False),
                    )
                # Starring is the reader's own.
                answer = self._call(
                    "mail.message", "toggle_message_starred", [self.message.ids]
                )
                self.assertNotIn("error", answer)
        answer = self._call(
            "mail.message", "write", [self.message.ids, {"body": "Forged"}]
        )
        self.assertIn(REFUSED, answer["error"]["data"]["message"])
        self.env.invalidate_all()
        self.assertTrue(self.message.exists())
        self.assertIn("Called the customer.", str(self.message.body))
        self.assertTrue(self.attachment.exists())
