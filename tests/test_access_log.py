import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import grant_consultation
from .retention_common import DossierRetentionCase

# What the dossier form reads when it loads a record (part of it).
FORM_SPEC = {"name": {}, "state": {}, "access_notice": {}}


@tagged("post_install", "-at_install")
class TestAccessLog(DossierRetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.reader = new_test_user(
            env,
            login="rt_reader",
            groups="partner_dossier.group_dossier_user,base.group_allow_export",
            dossier_clearance="secret",
        )
        cls.low = new_test_user(
            env,
            login="rt_low",
            groups="partner_dossier.group_dossier_user,base.group_allow_export",
            dossier_clearance="internal",
        )
        cls.confidential = cls._closed_dossier(
            "Confidential Co", confidentiality="confidential"
        )
        cls.secret = cls._closed_dossier("Secret Co", confidentiality="secret")
        cls.internal = cls._closed_dossier("Internal Co", confidentiality="internal")
        # Made yesterday: a dossier created in the running transaction is being
        # saved by its author, not consulted (see _log_form_consultation).
        env.flush_all()
        env.cr.execute(
            "UPDATE dossier_dossier SET create_date = create_date - interval '1 day'"
        )
        env.invalidate_all()
        # Any report of the dossier model is logged: a minimal one for the test.
        env["ir.ui.view"].create(
            {
                "name": "test_dossier_cover",
                "type": "qweb",
                "key": "partner_dossier.test_dossier_cover",
                "arch": '<t t-name="partner_dossier.test_dossier_cover">'
                '<t t-foreach="docs" t-as="o"><p t-out="o.name"/></t></t>',
            }
        )
        cls.report = env["ir.actions.report"].create(
            {
                "name": "Dossier Cover (test)",
                "model": "dossier.dossier",
                "report_type": "qweb-pdf",
                "report_name": "partner_dossier.test_dossier_cover",
            }
        )

    def _logs(self, dossiers=None):
        return self.env["dossier.access.log"].search(
            [("dossier_id", "in", (dossiers or self.confidential | self.secret).ids)]
        )

    def _print(self, user, dossiers):
        return (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_pdf(self.report.report_name, dossiers.ids)
        )

    # ------------------------------------------------------------------ opening

    def test_confidential_form_open_logs_exactly_once(self):
        action = self.confidential.with_user(self.reader).action_open_logged()
        self.assertEqual(action["res_model"], "dossier.dossier")
        self.assertEqual(action["res_id"], self.confidential.id)
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.reader)
        self.assertEqual(log.access_type, "view")
        self.assertEqual(log.confidentiality, "confidential")
        self.assertFalse(log.reason)
        self.assertTrue(log.date)
        # The form then loads the record, and reloads it after each button:
        # the same consultation, not logged again.
        for _reload in range(2):
            values = self.confidential.with_user(self.reader).web_read(FORM_SPEC)
            self.assertIn("recorded", values[0]["access_notice"])
        self.assertEqual(self._logs(), log)

    def test_form_reached_by_link_or_address_is_logged_once(self):
        self.confidential.with_user(self.reader).web_read(FORM_SPEC)
        self.assertEqual(len(self._logs()), 1)
        self.confidential.with_user(self.reader).web_read(FORM_SPEC)
        self.assertEqual(len(self._logs()), 1)

    def test_form_load_cost(self):
        """The guard adds nothing to an ordinary dossier's form load, and two
        queries, no write, once a confidential one's is recorded: its company's
        setting (whether it needs an approval) and one indexed lookup."""
        self.confidential.with_user(self.reader).action_open_logged()

        def count(dossier, spec):
            dossier.with_user(self.reader).web_read(spec)
            self.env.invalidate_all()
            with self._capture_sql() as statements:
                dossier.with_user(self.reader).web_read(spec)
            return statements

        plain = {"name": {}, "state": {}}
        self.assertEqual(
            len(count(self.internal, FORM_SPEC)), len(count(self.internal, plain))
        )
        statements = count(self.confidential, FORM_SPEC)
        self.assertEqual(len(statements), len(count(self.confidential, plain)) + 2)
        self.assertFalse([st for st in statements if "INSERT" in st])

    def test_ordinary_reads_are_not_logged(self):
        dossiers = (self.confidential | self.secret).with_user(self.reader)
        dossiers.web_search_read(
            [("id", "in", dossiers.ids)], {"name": {}, "state": {}}
        )
        dossiers.read(["name", "partner_id", "document_ids"])
        self.env["dossier.dossier"].with_user(self.reader).search_read(
            [("id", "in", dossiers.ids)], ["name"]
        )
        self.assertFalse(self._logs())

    def test_internal_dossier_is_not_logged(self):
        internal = self.internal.with_user(self.reader)
        internal.action_open_logged()
        internal.web_read(FORM_SPEC)
        internal.export_data(["name"])
        self._print(self.reader, self.internal)
        self.assertFalse(self._logs(self.internal))

    def test_secret_dossier_opens_without_its_content_until_granted(self):
        secret = self.secret.with_user(self.reader)
        action = secret.action_open_logged()
        self.assertEqual(action["res_model"], "dossier.dossier")
        self.assertEqual(action["res_id"], self.secret.id)
        values = secret.web_read({**FORM_SPEC, "content_withheld": {}})[0]
        self.assertTrue(values["content_withheld"])
        self.assertIn("request one", values["access_notice"])
        self.assertFalse(self._logs(), "nothing consulted, nothing logged")
        consultation = grant_consultation(self.reader, self.secret)
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.reason, consultation.purpose)
        self.assertEqual(log.confidentiality, "secret")
        values = secret.web_read({**FORM_SPEC, "content_withheld": {}})[0]
        self.assertFalse(values["content_withheld"])
        secret.action_open_logged()
        self.assertEqual(self._logs(), log, "logged once, at the grant")

    def test_customer_button_and_links_open_through_the_log(self):
        partner = self.confidential.partner_id.with_user(self.reader)
        action = partner.action_open_dossier()
        self.assertEqual(action["res_id"], self.confidential.id)
        self.assertEqual(len(self._logs()), 1)
        # A many2one link asks the model for the form action.
        action = self.secret.with_user(self.reader).get_formview_action()
        self.assertEqual(action["res_id"], self.secret.id)
        self.assertEqual(len(self._logs()), 1)

    def test_saving_a_new_secret_dossier_is_not_a_consultation(self):
        partner = self.env["res.partner"].create({"name": "New Co", "is_company": True})
        values = (
            self.env["dossier.dossier"]
            .with_user(self.archivist)
            .web_save(
                {"partner_id": partner.id, "confidentiality": "secret"}, FORM_SPEC
            )
        )
        dossier = self.env["dossier.dossier"].browse(values[0]["id"])
        self.assertEqual(dossier.confidentiality, "secret")
        self.assertFalse(self._logs(dossier))

    # ------------------------------------------------------------------ print, export

    def test_print_logs_exactly_once(self):
        self._print(self.reader, self.confidential | self.internal)
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.access_type, "print")
        self.assertEqual(log.report_name, "Dossier Cover (test)")
        self.assertEqual(log.user_id, self.reader)
        self.env["ir.actions.report"].with_user(self.reader)._render_qweb_html(
            self.report.report_name, self.confidential.ids
        )
        self.assertEqual(len(self._logs()), 2, "each print is logged")

    def test_export_logs_exactly_once(self):
        dossiers = (self.confidential | self.internal).with_user(self.reader)
        dossiers.export_data(["name", "partner_id", "document_ids/name"])
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(log.access_type, "export")
        self.assertEqual(log.dossier_id, self.confidential)
        # Exporting a confidential dossier's inventory exports the dossier.
        document = self._add_documents(self.confidential, count=1, scanned=False)
        document.with_user(self.reader).export_data(["name"])
        self.assertEqual(len(self._logs()), 2)

    def test_one_insert_per_action(self):
        many = self.confidential | self.secret
        many |= self._closed_dossier("Third Co", confidentiality="confidential")
        with self._capture_sql() as statements:
            many.with_user(self.reader).export_data(["name"])
        inserts = [
            statement
            for statement in statements
            if re.match(r'\s*INSERT INTO "dossier_access_log"', statement)
        ]
        self.assertEqual(len(inserts), 1, "one INSERT for the whole export")
        self.assertEqual(len(self._logs(many)), 3)

    # ------------------------------------------------------------------ clearance

    def test_below_clearance_cannot_even_trigger_it(self):
        confidential = self.confidential.with_user(self.low)
        with self.assertRaises(AccessError):
            confidential.action_open_logged()
        with self.assertRaises(AccessError):
            confidential.web_read(FORM_SPEC)
        with self.assertRaises(AccessError):
            confidential.export_data(["name"])
        with self.assertRaises(AccessError):
            self._print(self.low, self.confidential)
        # The customer's button does not even show that the dossier exists.
        action = self.confidential.partner_id.with_user(self.low).action_open_dossier()
        self.assertFalse(action.get("res_id"))
        with self.assertRaises(AccessError):
            self.secret.with_user(self.low).action_open_logged()
        with self.assertRaises(AccessError):
            grant_consultation(self.low, self.secret)
        self.assertFalse(self._logs())

    # ------------------------------------------------------------------ the log itself

    def test_log_is_read_only_and_visible_to_managers_only(self):
        self.confidential.with_user(self.reader).action_open_logged()
        log = self._logs()
        self.assertEqual(
            self.env["dossier.access.log"].with_user(self.manager).search([]), log
        )
        self.assertEqual(self.confidential.with_user(self.manager).access_log_count, 1)
        for user in (self.reader, self.archivist):
            with self.assertRaises(AccessError):
                self.env["dossier.access.log"].with_user(user).search([])
        admin = self.env.ref("base.user_admin")
        for user in (self.manager, admin):
            with self.assertRaisesExactly(UserError):
                log.with_user(user).write({"reason": "edited"})
            with self.assertRaisesRegex(UserError, "writes its access log"):
                self.env["dossier.access.log"].with_user(user).create(
                    {
                        "dossier_id": self.internal.id,
                        "company_id": self.internal.company_id.id,
                        "user_id": user.id,
                        "date": log.date,
                        "access_type": "view",
                    }
                )

    def test_log_cannot_be_deleted_by_anyone(self):
        self.confidential.with_user(self.reader).action_open_logged()
        log = self._logs()
        for user in (self.reader, self.manager, self.env.ref("base.user_admin")):
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
        with self.assertRaisesExactly(UserError):
            log.sudo().unlink()
        with self.assertRaisesExactly(UserError):
            log.sudo().write({"reason": "edited"})
        self.env.invalidate_all()
        self.assertTrue(log.exists())
        self.assertFalse(log.reason)
