import json

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import grant_consultation
from .loan_common import LoanCase
from .secret_messages_common import SECRET_WORDS, SecretMessagesMixin


@tagged("post_install", "-at_install")
class TestNoLeaksThroughMessages(SecretMessagesMixin, LoanCase):
    """The side doors to a secret dossier's messages besides Discuss: e-mail
    notifications, plain RPC on mail.message, searches on the text, the name
    Odoo gives a thread, and the messages of its loans and disposals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])

        def user(login, clearance, **values):
            return new_test_user(
                cls.env,
                login=login,
                groups="partner_dossier.group_dossier_user",
                dossier_clearance=clearance,
                **values,
            )

        cls.reader = user("leak_reader", "secret", notification_type="inbox")
        cls.mailed = user("leak_mailed", "secret", notification_type="email")
        cls.mailed_zh = user(
            "leak_mailed_zh", "secret", notification_type="email", lang="zh_CN"
        )
        cls.low = user("leak_low", "internal", notification_type="inbox")
        cls.author = new_test_user(
            cls.env,
            login="leak_author",
            groups="partner_dossier.group_dossier_manager",
            dossier_clearance="secret",
        )
        cls.keeper = new_test_user(
            cls.env,
            login="leak_keeper",
            groups="partner_dossier.group_dossier_archivist",
            dossier_clearance="secret",
        )
        cls.secret = cls._archived_dossier(
            cls._new_customer("Secret Co."), confidentiality="secret"
        )
        # Dossiers created in the running transaction are being saved, not
        # consulted (see dossier.dossier._log_form_consultation).
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE dossier_dossier SET create_date = create_date - interval '1 day'"
        )
        cls.env.invalidate_all()
        # The author writes in the secret dossier's chatter under a consultation.
        grant_consultation(cls.author, cls.secret)
        readers = cls.reader | cls.mailed | cls.mailed_zh
        for dossier in cls.secret | cls.confidential:
            dossier.message_subscribe(partner_ids=readers.partner_id.ids)

    def _store(self, user, messages):
        return Store().add(messages.with_user(user)).get_result()

    # ------------------------------------------------------------ e-mail

    def test_email_never_carries_a_secret_message(self):
        message = self._post(
            self.secret,
            subject="Settlement terms",
            attachment_ids=self._attachment().ids,
        )
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        by_partner = {mail.recipient_ids: mail for mail in mails}
        self.assertEqual(
            set(by_partner), {self.mailed.partner_id, self.mailed_zh.partner_id}
        )
        english = by_partner[self.mailed.partner_id]
        chinese = by_partner[self.mailed_zh.partner_id]
        for mail in mails:
            self.assertNotIn("2.4 million", mail.body_html)
            for outgoing in mail._prepare_outgoing_list():
                self.assertNotIn("2.4 million", outgoing["body"])
                self.assertNotIn("Settlement", outgoing["subject"])
                self.assertEqual(outgoing["attachments"], [])
        self.assertIn("is not sent by e-mail", english.body_html)
        self.assertIn("不通过电子邮件发送", chinese.body_html)
        self.assertIn("客户档案", chinese._prepare_outgoing_list()[0]["subject"])
        # What was posted is unchanged in Odoo.
        self.assertIn(SECRET_WORDS, message.body)
        self.assertEqual(message.subject, "Settlement terms")
        self.assertEqual(len(message.attachment_ids), 1)

    def test_each_thread_has_its_own_neutral_name(self):
        """The threads are read from the registry: a new one that names no
        neutral name of its own fails here (its withheld records would all be
        called by the mixin's generic name)."""
        Thread = self.env["dossier.content.thread"]
        threads = Thread._dossier_content_threads()
        self.assertIn("dossier.share", threads)
        chinese_env = self.env(context=dict(self.env.context, lang="zh_CN"))
        names = {}
        for model in threads:
            self.assertIsNot(
                self.env[model]._dossier_neutral_name,
                Thread._dossier_neutral_name,
                f"{model} declares _dossier_neutral_name",
            )
            english = self.env[model]._dossier_neutral_display_name()
            chinese = chinese_env[model]._dossier_neutral_display_name()
            self.assertNotEqual(chinese, english, f"{model}: translated")
            names[model] = english
        self.assertEqual(
            len(set(names.values())), len(names), f"one name per thread: {names}"
        )

    def test_email_of_a_confidential_message_is_sent_as_posted(self):
        message = self._post(self.confidential, attachment_ids=self._attachment().ids)
        mail = self.env["mail.mail"].search(
            [("mail_message_id", "=", message.id)], limit=1
        )
        self.assertIn(SECRET_WORDS, mail.body_html)
        self.assertEqual(len(mail._prepare_outgoing_list()[0]["attachments"]), 1)

    # ------------------------------------------------------------ plain RPC

    def test_rpc_reads_refuse_the_content(self):
        message = self._post(
            self.secret,
            subject="Settlement terms",
            attachment_ids=self._attachment().ids,
        )
        as_reader = message.with_user(self.reader)
        fnames = ["body", "preview", "subject", "attachment_ids", "record_name"]
        for read in (
            lambda: as_reader.read(fnames),
            lambda: as_reader.web_read({fname: {} for fname in fnames}),
        ):
            with self.assertRaises(AccessError) as refusal:
                read()
            self.assertNotIn("Settlement", str(refusal.exception))
        listed = (
            self.env["mail.message"]
            .with_user(self.reader)
            .search_read([("id", "=", message.id)], fnames)
        )
        self.assertEqual(listed, [])

        self._grant(self.reader, self.secret)
        values = message.with_user(self.reader).read(fnames)[0]
        self.assertIn(SECRET_WORDS, values["body"])
        self.assertIn("2.4 million", values["preview"])
        self.assertEqual(values["subject"], "Settlement terms")
        self.assertEqual(values["attachment_ids"], message.attachment_ids.ids)
        self.assertEqual(values["record_name"], self.secret.display_name)

    def test_searches_on_the_text_do_not_find_a_withheld_message(self):
        message = self._post(self.secret)
        words = [("body", "ilike", "2.4 million")]
        messages = self.env["mail.message"].with_user(self.reader)
        dossiers = self.env["dossier.dossier"].with_user(self.reader)
        self.assertNotIn(message, messages.search(words))
        self.assertFalse(messages.search_count(words))
        self.assertFalse(
            dossiers.search([("message_ids.body", "ilike", "2.4 million")])
        )
        # Nor by where it was posted: the rule withholds the message itself.
        self.assertNotIn(
            message,
            messages.search(
                [("model", "=", "dossier.dossier"), ("res_id", "=", self.secret.id)]
            ),
        )

        self._grant(self.reader, self.secret)
        self.assertIn(message, messages.search(words))
        self.assertEqual(
            dossiers.search([("message_ids.body", "ilike", "2.4 million")]), self.secret
        )

    # ------------------------------------------------------------ names

    def test_a_mentioned_user_is_not_told_the_dossier_name(self):
        """Odoo reads a thread's name as superuser for whoever may read the
        message: a user mentioned in a message on a dossier beyond their
        clearance sees neither the dossier's name nor the message's subject
        line built from it."""
        message = self._post(
            self.confidential,
            body="Please call the bank",
            partner_ids=self.low.partner_id.ids,
        )
        data = self._store(self.low, message)
        text = json.dumps(data)
        self.assertNotIn(self.confidential.display_name, text)
        self.assertNotIn(self.confidential.partner_id.name, text)
        self.assertIn("A customer dossier", text)
        # The mention itself is delivered: the author addressed this user.
        self.assertIn("Please call the bank", text)
        values = message.with_user(self.low).read(["record_name", "subject"])[0]
        self.assertFalse(values["record_name"])
        self.assertNotIn(self.confidential.display_name, str(values["subject"]))
        # A reader with clearance sees the name.
        self.assertIn(
            self.confidential.display_name,
            json.dumps(self._store(self.reader, message)),
        )

    # ------------------------------------------------------------ loans and disposals

    def test_loan_messages_of_a_secret_dossier_are_withheld(self):
        loan = self._request(user=self.author, dossier=self.secret)
        message = self._post(loan)
        self.assertFalse(message.with_user(self.keeper).has_access("read"))
        self.assertNotIn(
            message,
            self.env["mail.message"]
            .with_user(self.keeper)
            .search([("model", "=", "dossier.loan"), ("res_id", "=", loan.id)]),
        )

        self._grant(self.keeper, self.secret)
        self.assertIn("2.4 million", json.dumps(self._store(self.keeper, message)))
        self.assertIn(
            "2.4 million", message.with_user(self.keeper).read(["body"])[0]["body"]
        )
        # The loans of other dossiers are read as posted.
        other = self._post(self._request(user=self.author))
        self.assertIn("2.4 million", json.dumps(self._store(self.low, other)))

    def test_disposal_messages_listing_a_secret_dossier_are_withheld(self):
        disposal = self.env["dossier.disposal"].create(
            {
                "method": "shredding",
                "line_ids": [Command.create({"dossier_id": self.secret.id})],
            }
        )
        message = self._post(disposal)
        self.assertFalse(message.with_user(self.keeper).has_access("read"))
        self._grant(self.keeper, self.secret)
        self.assertTrue(message.with_user(self.keeper).has_access("read"))

    # ------------------------------------------------------------ files by RPC

    def _file(self, record, raw=b"Secret contract: 2.4 million"):
        return self.env["ir.attachment"].create(
            {
                "name": "contract.txt",
                "raw": raw,
                "mimetype": "text/plain",
                "res_model": record._name,
                "res_id": record.id,
            }
        )

    def test_files_by_rpc_under_the_content_rule(self):
        loan = self._request(user=self.author, dossier=self.secret)
        files = self._file(self.secret) | self._file(loan)
        Attachment = self.env["ir.attachment"].with_user(self.keeper)
        words = [("index_content", "ilike", "2.4 million")]
        for attachment in files:
            for fnames in (["name"], ["datas"], ["raw"]):
                with self.assertRaises(AccessError):
                    attachment.with_user(self.keeper).read(fnames)
        self.assertFalse(Attachment.search(words) & files)
        self.assertFalse(Attachment.search([("id", "in", files.ids)]))

        self._grant(self.keeper, self.secret)
        for attachment in files:
            self.assertTrue(
                attachment.with_user(self.keeper).read(["datas"])[0]["datas"]
            )
        self.assertEqual(Attachment.search(words) & files, files)

    def test_file_of_a_confidential_dossier_is_read_by_clearance(self):
        attachment = self._file(self.confidential)
        self.assertTrue(attachment.with_user(self.keeper).read(["raw"])[0]["raw"])
        self.assertFalse(attachment.with_user(self.low).has_access("read"))
