import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import grant_consultation
from .loan_common import LoanCase


@tagged("post_install", "-at_install")
class TestNoLeaks(LoanCase):
    """What a user may not read is neither shown nor described to them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secret_customer = cls._new_customer("Secret Holdings")
        cls.secret = cls._archived_dossier(
            cls.secret_customer, confidentiality="secret"
        )

    def test_partner_dossier_fields_follow_the_reader(self):
        """Computed first for the superuser (a cron, a sudo), then read by a user
        below the dossier's level in the same transaction: not served from the
        superuser's cache."""
        partner = self.secret_customer
        self.assertEqual(
            (
                partner.sudo().dossier_count,
                partner.sudo().dossier_id,
                partner.sudo().dossier_state,
                partner.sudo().dossier_on_loan,
            ),
            (1, self.secret, "archived", False),
        )
        # Out with a manager (the loan flow has its own tests).
        loan = self._request(self.manager, self.secret)
        loan._procedure().write({"state": "out"})
        self.env.invalidate_all()
        self.assertTrue(partner.sudo().dossier_on_loan)
        as_staff = partner.with_user(self.staff)
        self.assertEqual(
            (
                as_staff.dossier_count,
                as_staff.dossier_id.id,
                as_staff.dossier_state,
                as_staff.dossier_on_loan,
            ),
            (0, False, False, False),
        )
        # And the other way round: a user's value is not the superuser's.
        other = self.customer
        self.assertEqual(other.with_user(self.staff).dossier_count, 1)
        self.assertEqual(other.sudo().dossier_count, 1)

    def test_dossier_loan_count_follows_the_reader(self):
        self._request(self.staff_2)
        self._request(self.staff)
        self.assertEqual(self.dossier.sudo().loan_count, 2)
        self.assertEqual(self.dossier.with_user(self.staff).loan_count, 1)

    def test_refusal_does_not_describe_a_dossier_the_borrower_cannot_read(self):
        with self.assertRaises(UserError) as caught:
            self._request(self.staff, self.secret)
        message = str(caught.exception)
        for secret_fact in (self.secret.name, "Secret", "secret"):
            self.assertNotIn(secret_fact, message)
        # A manager, who can read it, is told which dossier and why.
        with self.assertRaisesRegex(UserError, self.secret.name):
            self._request(self.manager, self.secret, borrower_id=self.staff.id)


@tagged("post_install", "-at_install")
class TestDocumentSideDoors(LoanCase):
    """The Documents menu and the scans of a dossier's documents follow the
    content rule: a secret dossier's under an approved consultation only, a
    confidential one's recorded in the access log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secret = cls._archived_dossier(
            cls._new_customer("Secret Holdings"), confidentiality="secret"
        )
        cls.secret.document_ids[0].write(
            {"scan": base64.b64encode(b"%PDF secret"), "scan_filename": "s.pdf"}
        )
        cls.confidential.document_ids[0].write(
            {"scan": base64.b64encode(b"%PDF conf"), "scan_filename": "c.pdf"}
        )
        cls.reader = cls._loan_user("doc_reader", "archivist", "secret")
        # Created yesterday: a dossier created in the same transaction is being
        # saved, not consulted (see dossier.dossier._log_form_consultation).
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE dossier_dossier SET create_date = create_date - interval '1 day'"
        )
        cls.env.invalidate_all()
        cls.spec = {"name": {}, "dossier_id": {"fields": {"display_name": {}}}}

    def _logs(self, dossier):
        return self.env["dossier.access.log"].search(
            [("dossier_id", "=", dossier.id), ("user_id", "=", self.reader.id)]
        )

    def _menu(self):
        Document = self.env["dossier.document"].with_user(self.reader)
        rows = Document.web_search_read([], self.spec)["records"]
        return Document.browse(row["id"] for row in rows).dossier_id

    def test_documents_menu_hides_a_secret_dossier_until_granted(self):
        listed = self._menu()
        self.assertIn(self.dossier, listed)
        self.assertNotIn(self.secret, listed)
        document = self.secret.document_ids[0].with_user(self.reader)
        with self.assertRaises(AccessError) as refusal:
            document.web_read(self.spec)
        self.assertNotIn(document.sudo().name, str(refusal.exception))
        # Granted, as the office does it: listed and readable, logged once.
        grant_consultation(self.reader, self.secret)
        self.assertIn(self.secret, self._menu())
        document.web_read(self.spec)
        self.assertEqual(len(self._logs(self.secret)), 1)

    def test_plain_rpc_reads_documents_like_the_menu(self):
        Document = self.env["dossier.document"].with_user(self.reader)
        secret_document = self.secret.document_ids[0].with_user(self.reader)
        listed = Document.browse(
            row["id"] for row in Document.search_read([], ["name", "scan"])
        ).dossier_id
        self.assertIn(self.dossier, listed)
        self.assertNotIn(self.secret, listed)
        for fields in (["scan"], ["name"], ["scan_filename", "dossier_id"]):
            with self.assertRaises(AccessError):
                secret_document.read(fields)
        grant_consultation(self.reader, self.secret)
        values = secret_document.read(["name", "scan"])[0]
        self.assertEqual(values["name"], secret_document.sudo().name)
        self.assertEqual(values["scan"], secret_document.sudo().scan)
        self.assertIn(
            secret_document.id,
            [row["id"] for row in Document.search_read([], ["name"])],
        )

    def test_confidential_documents_are_logged(self):
        self.assertIn(self.confidential, self._menu())
        self.assertEqual(len(self._logs(self.confidential)), 1)
        self.confidential.document_ids[0].with_user(self.reader).web_read(self.spec)
        self.assertEqual(len(self._logs(self.confidential)), 1, "same consultation")

    def test_scans_open_under_the_content_rule(self):
        Binary = self.env["ir.binary"].with_user(self.reader)
        secret_scan = self.secret.document_ids[0]
        with self.assertRaises(AccessError):
            Binary._find_record(
                res_model="dossier.document", res_id=secret_scan.id, field="scan"
            )
        # A file attached to the secret dossier itself, even with its token.
        attachment = self.env["ir.attachment"].create(
            {
                "name": "letter.txt",
                "raw": b"secret letter",
                "res_model": "dossier.dossier",
                "res_id": self.secret.id,
            }
        )
        token = attachment.generate_access_token()[0]
        with self.assertRaises(AccessError):
            Binary._find_record(res_id=attachment.id)
        with self.assertRaises(AccessError):
            Binary._find_record(res_id=attachment.id, access_token=token)
        grant_consultation(self.reader, self.secret)
        self.assertEqual(Binary._find_record(res_id=attachment.id), attachment)
        Binary._find_record(
            res_model="dossier.document",
            res_id=self.confidential.document_ids[0].id,
            field="scan",
        )
