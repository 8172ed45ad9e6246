from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, warmup

from .common import SIGNATURE, grant_consultation, new_dossier_user
from .loan_common import LoanCase

# Locked by test_one_scan_query_count: a query per document or per loan fails it.
# A dossier scan reads, besides, whether the reader may read its documents'
# titles (the content rule, one query).
SCAN_QUERIES = 17
LOCATION_SCAN_QUERIES = 16


@tagged("post_install", "-at_install")
class TestCounter(LoanCase):
    """The lending counter: one call per scanned code, as an archivist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Counter = cls.env["dossier.counter"].with_user(cls.archivist)

    def test_staff_may_not_use_the_counter(self):
        loan = self._approved()
        counter = self.env["dossier.counter"].with_user(self.staff)
        with self.assertRaisesRegex(AccessError, "Only dossier archivists"):
            counter.scan(self.dossier.barcode)
        with self.assertRaisesRegex(AccessError, "Only dossier archivists"):
            counter.check_out(loan.id)
        self.assertEqual(loan.state, "approved")
        menu = self.env.ref("partner_dossier.dossier_counter_menu")
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.staff)._visible_menu_ids()
        )
        self.assertIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.archivist)._visible_menu_ids(),
        )

    def test_unknown_code(self):
        result = self.Counter.scan("NO-SUCH-CODE")
        self.assertEqual(result["kind"], "unknown")
        self.assertIn("NO-SUCH-CODE", result["message"])

    def test_scan_then_check_out(self):
        loan = self._approved()
        result = self.Counter.scan(self.dossier.barcode)
        self.assertEqual((result["kind"], result["action"]), ("dossier", "checkout"))
        self.assertEqual([values["id"] for values in result["loans"]], loan.ids)
        self.assertEqual(
            {doc["id"] for doc in result["loans"][0]["documents"]},
            set(self.documents.ids),
        )
        self.assertEqual(loan.state, "approved", "a scan alone changes nothing")

        result = self.Counter.check_out(loan.id, SIGNATURE)
        self.assertEqual(loan.state, "out")
        self.assertEqual(loan.checkout_user_id, self.archivist)
        self.assertIn(loan.name, result["done"])
        # The dossier is out now: the same label opens its return check.
        self.assertEqual(result["action"], "return")
        self.assertEqual(result["loan"]["id"], loan.id)
        with self.assertRaisesRegex(UserError, "already checked out"):
            self.Counter.check_out(loan.id, SIGNATURE)

    def test_reference_typed_by_hand(self):
        self.dossier.barcode = "LABEL-0001"
        result = self.Counter.scan(f"  {self.dossier.name} ")
        self.assertEqual(result["dossier"]["id"], self.dossier.id)
        self.assertEqual(
            self.Counter.scan("LABEL-0001")["dossier"]["id"], self.dossier.id
        )

    def test_archive_code_scanned(self):
        self.company.write(
            {"dossier_archive_code": True, "dossier_fonds_number": "Z009"}
        )
        self.category.code = "KH"
        coded = self._archived_dossier(self._new_customer("Coded Co."))
        self.assertTrue(coded.archive_code)
        result = self.Counter.scan(coded.archive_code)
        self.assertEqual(result["dossier"]["id"], coded.id)

    def test_return_check_with_a_missing_document(self):
        loan = self._checked_out()
        contract, licence, letter = self.documents
        result = self.Counter.scan(self.dossier.barcode)
        self.assertEqual(result["action"], "return")
        self.assertEqual(
            [doc["id"] for doc in result["loan"]["documents"]],
            loan.missing_document_ids.ids,
        )
        with self.assertRaisesRegex(UserError, "not checked yet"):
            self.Counter.check_return(loan.id, {str(contract.id): "present"})
        self.assertEqual(loan.state, "out")

        result = self.Counter.check_return(
            loan.id,
            {
                str(contract.id): "present",
                str(licence.id): "missing",
                str(letter.id): "present",
            },
            SIGNATURE,
        )
        self.assertEqual(loan.state, "partial")
        self.assertEqual(loan.missing_document_ids, licence)
        self.assertEqual(loan.return_user_id, self.archivist)
        self.assertIn(licence.name, result["done"])
        # The next scan lists only what is still out.
        self.assertEqual(
            [doc["id"] for doc in result["loan"]["documents"]], licence.ids
        )
        result = self.Counter.check_return(
            loan.id, {str(licence.id): "present"}, SIGNATURE
        )
        self.assertEqual(loan.state, "returned")
        self.assertEqual(result["action"], "none")

    def test_location_code(self):
        out = self._checked_out(dossier=self.dossier)
        elsewhere = self._new_dossier(confidentiality="public")
        result = self.Counter.scan("T-CAB")
        self.assertEqual(result["kind"], "location")
        listed = {values["id"] for values in result["dossiers"]}
        # The cabinet holds what its shelves and boxes hold.
        self.assertEqual(listed, {self.dossier.id, self.confidential.id})
        self.assertNotIn(elsewhere.id, listed)
        self.assertEqual(result["total"], 2)
        self.assertEqual([values["id"] for values in result["out"]], out.ids)
        self.assertEqual(
            {values["id"]: values["out"] for values in result["dossiers"]},
            {self.dossier.id: True, self.confidential.id: False},
        )

    def test_above_clearance_is_an_unknown_code(self):
        """An archivist cleared for internal dossiers: a confidential dossier's label
        is an unknown code, and the cabinet does not list it, not even in its count."""
        counter = self.env["dossier.counter"].with_user(self.archivist_2)
        result = counter.scan(self.confidential.barcode)
        self.assertEqual(result["kind"], "unknown")
        self.assertNotIn(self.confidential.partner_id.name, str(result))
        result = counter.scan("T-BOX-1")
        self.assertEqual(
            [values["id"] for values in result["dossiers"]], self.dossier.ids
        )
        self.assertEqual(result["total"], 1)
        self.assertNotIn(self.confidential.name, str(result))

    def test_other_company_is_an_unknown_code(self):
        other = self.env["res.company"].create({"name": "Other Counter Co."})
        dossier = self._new_dossier(company_id=other.id, barcode="OTHER-CO-1")
        self.assertEqual(dossier.company_id, other)
        self.assertEqual(self.Counter.scan("OTHER-CO-1")["kind"], "unknown")

    def test_confidential_scan_is_logged(self):
        self._approved(
            dossier=self.confidential, user=self.manager_2, approver=self.manager
        )
        # Made yesterday: a dossier created in the running transaction is being
        # saved by its author, not consulted (see _log_form_consultation).
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dossier_dossier SET create_date = create_date - interval '1 day'"
        )
        self.env.invalidate_all()
        Log = self.env["dossier.access.log"].sudo()
        before = Log.search_count([("dossier_id", "=", self.confidential.id)])
        result = self.Counter.scan(self.confidential.barcode)
        self.assertEqual(result["action"], "checkout")
        logs = Log.search([("dossier_id", "=", self.confidential.id)])
        self.assertEqual(len(logs), before + 1)
        self.assertEqual(
            (logs[0].user_id, logs[0].access_type), (self.archivist, "view")
        )

    def test_secret_shows_documents_by_type_until_granted(self):
        keeper = new_dossier_user(self.env, "counter_keeper", "archivist", "secret")
        secret = self._archived_dossier(
            self._new_customer("Secret Counter Co."), confidentiality="secret"
        )
        titles = sorted(secret.document_ids.mapped("name"))
        self._approved(dossier=secret, user=self.manager_2, approver=self.manager)
        counter = self.env["dossier.counter"].with_user(keeper)
        result = counter.scan(secret.barcode)
        self.assertEqual((result["kind"], result["action"]), ("dossier", "checkout"))
        documents = result["loans"][0]["documents"]
        # What the archivist hands over: how many, which types, how many pages;
        # not their titles, which are the dossier's content.
        self.assertEqual(len(documents), len(secret.document_ids))
        self.assertEqual(
            sorted(d["pages"] for d in documents),
            sorted(secret.document_ids.mapped("pages")),
        )
        self.assertEqual({d["name"] for d in documents}, {"Withheld document"})
        grant_consultation(keeper, secret)
        result = counter.scan(secret.barcode)
        self.assertEqual(
            sorted(d["name"] for d in result["loans"][0]["documents"]), titles
        )

    @warmup
    def test_one_scan_query_count(self):
        """A scan costs the same whatever the dossier holds and however many loans
        it has."""
        code = self.dossier.barcode
        self._approved()
        self._approved(user=self.staff_2)
        self.env.invalidate_all()
        with self.assertQueryCount(SCAN_QUERIES):
            result = self.Counter.scan(code)
        self.assertEqual(len(result["loans"]), 2)
        self._add_documents(self.dossier, self.type_letter | self.type_contract)
        self._approved(user=self.archivist_2)
        self.env.invalidate_all()
        with self.assertQueryCount(SCAN_QUERIES):
            result = self.Counter.scan(code)
        self.assertEqual(len(result["loans"]), 3)
        self.assertEqual(len(result["loans"][0]["documents"]), 5)

    @warmup
    def test_location_scan_query_count(self):
        """A location's scan costs the same whatever it holds and lends."""
        self._checked_out()
        self.env.invalidate_all()
        with self.assertQueryCount(LOCATION_SCAN_QUERIES):
            result = self.Counter.scan("T-CAB")
        self.assertEqual((result["total"], len(result["out"])), (2, 1))
        for name in ("Counter One", "Counter Two", "Counter Three"):
            self._archived_dossier(self._new_customer(name))
        self._approved(
            dossier=self.confidential, user=self.manager_2, approver=self.manager
        ).with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.env.invalidate_all()
        with self.assertQueryCount(LOCATION_SCAN_QUERIES):
            result = self.Counter.scan("T-CAB")
        self.assertEqual((result["total"], len(result["out"])), (5, 2))
