import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import DossierCase, grant_consultation
from .secret_messages_common import SECRET_WORDS, SecretMessagesMixin


@tagged("post_install", "-at_install")
class TestChatterConsultation(SecretMessagesMixin, DossierCase):
    """A secret dossier's messages, wherever they are read (its chatter, Inbox,
    History, Starred, the message search, the notification pushed at posting
    time), only under an approved consultation."""

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
        # The author writes in the secret dossier's chatter under a consultation.
        grant_consultation(cls.author, cls.secret)

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
        return self.env["dossier.access.log"].search([("user_id", "=", self.reader.id)])

    def test_secret_message_needs_a_consultation(self):
        attachment = self._attachment()
        message = self._post(self.secret, attachment_ids=attachment.ids)
        messages, data = self._fetch(self.reader)
        self.assertNotIn(message.id, messages)
        self.assertNotIn("settlement.pdf", json.dumps(data))
        self.assertNotIn("Settlement", json.dumps(data))
        self.assertFalse(self._logs(), "reading the inbox is not a consultation")

        self._grant(self.reader, self.secret)
        messages, data = self._fetch(self.reader)
        self.assertIn(SECRET_WORDS, str(messages[message.id]["body"]))
        self.assertEqual(messages[message.id]["attachment_ids"], attachment.ids)
        self.assertIn("settlement.pdf", json.dumps(data))

    def test_dossier_chatter_under_a_consultation_is_unchanged(self):
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
        self.assertFalse(messages, "the chatter of the dossier shows nothing")

        self._grant(self.reader, self.secret)
        messages, data = self._fetch(self.reader, (), thread=self.secret)
        self.assertTrue(messages[tracking.id]["trackingValues"])
        self.assertIn(SECRET_WORDS, str(messages[note.id]["body"]))
        self._grant(self.author, self.secret)
        as_author, _data = self._fetch(self.author, (), thread=self.secret)
        for message in (note, tracking):
            for key in ("body", "attachment_ids", "trackingValues", "subject"):
                self.assertEqual(messages[message.id][key], as_author[message.id][key])

    def test_starred_and_history_too(self):
        message = self._post(self.secret)
        message.with_user(self.author).toggle_message_starred()
        self._grant(self.reader, self.secret)
        message.with_user(self.reader).toggle_message_starred()
        message.with_user(self.reader).set_message_done()
        partner = self.reader.partner_id.id
        domains = (
            [("starred_partner_ids", "in", [partner])],
            [("needaction", "=", False)],
        )
        for domain in domains:
            messages, _data = self._fetch(self.reader, domain)
            self.assertIn(SECRET_WORDS, str(messages[message.id]["body"]))
        # The consultation ends: the starred message and the history too.
        with freeze_time(fields.Datetime.now() + timedelta(minutes=5)):
            self.env["dossier.consultation"].search(
                [("requester_id", "=", self.reader.id)]
            ).with_user(self.author).action_revoke()
            self.env.invalidate_all()
            self.assertFalse(message.with_user(self.reader).has_access("read"))
            for domain in domains:
                messages, _data = self._fetch(self.reader, domain)
                self.assertNotIn(message.id, messages)

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
        self.assertIn("under a consultation", json.dumps(inbox[0]))

    def test_search_does_not_tell_which_message_holds_the_words(self):
        message = self._post(self.secret)
        found, _data = self._fetch(self.reader, (), search_term="2.4 million")
        self.assertNotIn(message.id, found)
        self._grant(self.reader, self.secret)
        found, _data = self._fetch(self.reader, (), search_term="2.4 million")
        self.assertIn(message.id, found)

    def test_refusal_never_names_a_dossier_beyond_clearance(self):
        message = self._post(self.secret, partner_ids=self.low.partner_id.ids)
        messages, data = self._fetch(self.low)
        self.assertNotIn(message.id, messages)
        self.assertNotIn(SECRET_WORDS, json.dumps(data))
        self.assertNotIn(self.secret.display_name, json.dumps(data))

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
        def cost(dossier, count, shown):
            self.env["mail.notification"].search([]).unlink()
            for _i in range(count):
                self._post(dossier)
            self._fetch(self.reader)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            messages, _data = self._fetch(self.reader)
            self.assertEqual(len(messages), count if shown else 0)
            return self.env.cr.sql_log_count - before

        costs = {
            (dossier.confidentiality, count): cost(dossier, count, shown)
            for dossier, shown in ((self.internal, True), (self.secret, False))
            for count in (1, 5)
        }
        self._grant(self.reader, self.secret)
        for count in (1, 5):
            costs["secret, granted", count] = cost(self.secret, count, True)
        self.assertEqual(costs["secret", 1], costs["secret", 5])
        self.assertEqual(costs["secret, granted", 1], costs["secret, granted", 5])
        # The rule is part of the search's query: the page of a dossier's
        # messages costs what any other page costs.
        self.assertLessEqual(costs["secret, granted", 5], costs["internal", 5])
