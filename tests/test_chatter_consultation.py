import json

from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import DossierCase
from .secret_messages_common import SECRET_WORDS, SecretMessagesMixin


@tagged("post_install", "-at_install")
class TestChatterConsultation(SecretMessagesMixin, DossierCase):
    """A secret dossier's messages read outside its form (Inbox, History,
    Starred, the message search, the notification pushed at posting time)
    follow the rule of its form: their content only after the reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader = new_test_user(
            cls.env,
            login="chatter_reader",
            groups="partner_dossier.group_dossier_user",
            notification_type="inbox",
            dossier_clearance="secret",
        )
        cls.low = new_test_user(
            cls.env,
            login="chatter_low",
            groups="partner_dossier.group_dossier_user",
            notification_type="inbox",
            dossier_clearance="internal",
        )
        cls.author = new_test_user(
            cls.env,
            login="chatter_author",
            groups="partner_dossier.group_dossier_manager",
            dossier_clearance="secret",
        )
        cls.secret = cls._new_dossier(confidentiality="secret")
        cls.confidential = cls._new_dossier(confidentiality="confidential")
        cls.internal = cls._new_dossier(confidentiality="internal")
        for dossier in cls.secret | cls.confidential | cls.internal:
            dossier.message_subscribe(partner_ids=cls.reader.partner_id.ids)

    def _fetch(self, user, domain=(("needaction", "=", True),), **params):
        """What /mail/inbox/messages (or history, starred) sends the client."""
        res = (
            self.env["mail.message"]
            .with_user(user)
            ._message_fetch(list(domain), **params)
        )
        data = Store().add(res["messages"], add_followers=True).get_result()
        return {
            message["id"]: message for message in data.get("mail.message", [])
        }, data

    def _logs(self):
        return self.env["dossier.access.log"].search([])

    def test_secret_message_needs_the_reason(self):
        attachment = self._attachment()
        message = self._post(self.secret, attachment_ids=attachment.ids)
        messages, data = self._fetch(self.reader)
        shown = messages[message.id]
        self.assertNotIn("Settlement", str(shown["body"]))
        self.assertIn("give the reason", str(shown["body"]))
        self.assertIn(self.secret.display_name, str(shown["body"]))
        self.assertEqual(shown["attachment_ids"], [])
        self.assertNotIn("settlement.pdf", json.dumps(data))
        self.assertNotIn("Settlement", json.dumps(data))
        self.assertFalse(self._logs(), "reading the inbox is not a consultation")

        self._give_reason(self.reader, self.secret)
        messages, data = self._fetch(self.reader)
        self.assertIn(SECRET_WORDS, str(messages[message.id]["body"]))
        self.assertEqual(messages[message.id]["attachment_ids"], attachment.ids)
        self.assertIn("settlement.pdf", json.dumps(data))

    def test_dossier_chatter_after_the_reason_is_unchanged(self):
        """Its tracking too: who the custodian became is the dossier's content."""
        # Changes to a record created in the running transaction are not tracked.
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.secret.with_context(tracking_disable=False).custodian_id = self.author
        self.env.flush_all()
        self.env.cr.precommit.run()
        note = self._post(self.secret)
        # Its creation note is kept too (issue 23): the tracked change is the
        # message with tracking values.
        tracking = self.env["mail.message"].search(
            [
                ("model", "=", "dossier.dossier"),
                ("res_id", "=", self.secret.id),
                ("tracking_value_ids", "!=", False),
            ]
        )
        self.assertTrue(tracking.tracking_value_ids)
        messages, data = self._fetch(self.reader, (), thread=self.secret)
        self.assertEqual(messages[tracking.id]["trackingValues"], [])
        self.assertNotIn(SECRET_WORDS, str(messages[note.id]["body"]))

        self._give_reason(self.reader, self.secret)
        messages, data = self._fetch(self.reader, (), thread=self.secret)
        self.assertTrue(messages[tracking.id]["trackingValues"])
        self.assertIn(SECRET_WORDS, str(messages[note.id]["body"]))
        self._give_reason(self.author, self.secret)
        as_author, _data = self._fetch(self.author, (), thread=self.secret)
        for message in (note, tracking):
            for key in ("body", "attachment_ids", "trackingValues", "subject"):
                self.assertEqual(messages[message.id][key], as_author[message.id][key])

    def test_starred_and_history_too(self):
        message = self._post(self.secret)
        message.with_user(self.reader).toggle_message_starred()
        message.with_user(self.reader).set_message_done()
        partner = self.reader.partner_id.id
        for domain in (
            [("starred_partner_ids", "in", [partner])],
            [("needaction", "=", False)],
        ):
            messages, _data = self._fetch(self.reader, domain)
            self.assertNotIn(SECRET_WORDS, str(messages[message.id]["body"]))

    def test_pushed_notification_is_withheld(self):
        self.env.cr.precommit.data.pop("bus.bus.values", None)
        message = self._post(self.secret)
        pushed = [
            json.loads(values["message"])
            for values in self.env.cr.precommit.data.get("bus.bus.values", [])
        ]
        inbox = [p for p in pushed if p["type"] == "mail.message/inbox"]
        self.assertEqual(len(inbox), 1, "the follower's inbox is notified")
        self.assertEqual(inbox[0]["payload"]["message_id"], message.id)
        self.assertNotIn("Settlement", json.dumps(inbox[0]))
        self.assertIn("give the reason", json.dumps(inbox[0]))

    def test_search_does_not_tell_which_message_holds_the_words(self):
        message = self._post(self.secret)
        found, _data = self._fetch(self.reader, (), search_term="2.4 million")
        self.assertNotIn(message.id, found)
        self._give_reason(self.reader, self.secret)
        found, _data = self._fetch(self.reader, (), search_term="2.4 million")
        self.assertIn(message.id, found)

    def test_refusal_never_names_a_dossier_beyond_clearance(self):
        message = self._post(self.secret, partner_ids=self.low.partner_id.ids)
        messages, _data = self._fetch(self.low)
        body = str(messages[message.id]["body"])
        self.assertNotIn(SECRET_WORDS, body)
        self.assertNotIn(self.secret.display_name, body)
        self.assertIn("secret dossier", body)

    def test_confidential_and_ordinary_messages_are_read_as_posted(self):
        confidential = self._post(self.confidential)
        internal = self._post(self.internal)
        messages, _data = self._fetch(self.reader)
        self.assertIn(SECRET_WORDS, str(messages[confidential.id]["body"]))
        self.assertIn(SECRET_WORDS, str(messages[internal.id]["body"]))
        # The notification is not a consultation of the confidential dossier:
        # opening it is, and that is logged.
        self.assertFalse(self._logs())

    def test_cost_does_not_grow_with_the_page(self):
        def cost(dossier, count):
            self.env["mail.notification"].search([]).unlink()
            for _i in range(count):
                self._post(dossier)
            self._fetch(self.reader)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            messages, _data = self._fetch(self.reader)
            self.assertEqual(len(messages), count)
            return self.env.cr.sql_log_count - before

        costs = {
            (dossier.confidentiality, count): cost(dossier, count)
            for dossier in (self.internal, self.secret)
            for count in (1, 5)
        }
        self._give_reason(self.reader, self.secret)
        for count in (1, 5):
            costs["secret, reason given", count] = cost(self.secret, count)
        self.assertEqual(costs["secret", 1], costs["secret", 5])
        self.assertEqual(
            costs["secret, reason given", 1], costs["secret, reason given", 5]
        )
        # The rule costs four queries per page: the reader's explained dossiers
        # (the log, the grants), looked up for the messages and for their store.
        self.assertLessEqual(costs["secret, reason given", 5], costs["internal", 5] + 4)
