from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DossierCase
from .constraint_common import user_message


@tagged("post_install", "-at_install")
class TestDossierInventory(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.dossier = cls._new_dossier(partner=cls.customer, confidentiality="internal")
        cls.dossier.action_open()

    def _chatter_bodies(self, dossier):
        return " ".join(dossier.message_ids.mapped("body"))

    def test_staff_collect_documents_while_temporary(self):
        doc = (
            self.env["dossier.document"]
            .with_user(self.staff)
            .create(
                {
                    "dossier_id": self.dossier.id,
                    "document_type_id": self.type_contract.id,
                    "name": "Sales contract 2026-014",
                    "pages": 12,
                }
            )
        )
        doc.pages = 14
        self.assertEqual(self.dossier.document_count, 1)
        bodies = self._chatter_bodies(self.dossier)
        self.assertIn("Document added: Sales contract 2026-014", bodies)
        self.assertIn("Pages changed from 12 to 14", bodies)

    def test_archived_inventory_only_for_archivists(self):
        docs = self._add_documents(self.dossier, self.type_contract | self.type_licence)
        self.dossier.location_id = self.box
        self.dossier.action_archive_formally()
        Document = self.env["dossier.document"]
        with self.assertRaisesRegex(UserError, "only an archivist"):
            Document.with_user(self.staff).create(
                {
                    "dossier_id": self.dossier.id,
                    "document_type_id": self.type_letter.id,
                    "name": "Late letter",
                }
            )
        with self.assertRaisesRegex(UserError, "only an archivist"):
            docs[0].with_user(self.staff).condition = "damaged"
        with self.assertRaisesRegex(UserError, "only an archivist"):
            docs[0].with_user(self.staff).unlink()
        self.assertEqual(self.dossier.document_count, 2)
        self.assertEqual(docs[0].condition, "good")

        docs[0].with_user(self.archivist).condition = "damaged"
        Document.with_user(self.archivist).create(
            {
                "dossier_id": self.dossier.id,
                "document_type_id": self.type_letter.id,
                "name": "Late letter",
            }
        )
        bodies = self._chatter_bodies(self.dossier)
        self.assertIn("Condition changed from Good to Damaged", bodies)
        self.assertIn("Document added: Late letter", bodies)

    def test_closed_dossier_refuses_staff_documents(self):
        self._add_documents(self.dossier, self.type_contract | self.type_licence)
        self.dossier.location_id = self.box
        self.dossier.action_archive_formally()
        self.dossier.action_close()
        with self.assertRaisesRegex(UserError, "only an archivist"):
            self.env["dossier.document"].with_user(self.staff).create(
                {
                    "dossier_id": self.dossier.id,
                    "document_type_id": self.type_letter.id,
                    "name": "Afterthought",
                }
            )
        self.assertEqual(self.dossier.document_count, 2)

    def test_removal_is_logged(self):
        doc = self._add_documents(self.dossier, self.type_letter)
        doc.with_user(self.staff).unlink()
        self.assertIn(
            "Document removed: Test Letter", self._chatter_bodies(self.dossier)
        )

    def test_negative_pages_refused(self):
        doc = self._add_documents(self.dossier, self.type_letter)

        def set_pages():
            doc.pages = -3

        self.assertIn("cannot be negative", user_message(self.env, set_pages) or "")
        doc.invalidate_recordset()
        self.assertEqual(doc.pages, 1)

    def test_listed_newest_first(self):
        docs = self.env["dossier.document"].create(
            [
                {
                    "dossier_id": self.dossier.id,
                    "document_type_id": self.type_letter.id,
                    "name": name,
                    "document_date": day,
                }
                for name, day in (("old", "2025-01-01"), ("new", "2026-01-01"))
            ]
        )
        self.assertEqual(self.dossier.document_ids.mapped("name"), ["new", "old"])
        self.assertEqual(len(docs), 2)

    def test_location_shows_what_it_holds_and_barcodes_find_dossiers(self):
        self.dossier.location_id = self.box
        self.assertEqual(self.box.dossier_count, 1)
        self.assertEqual(self.cabinet.dossier_count, 1, "a cabinet counts its boxes")
        self.assertEqual(self.box.complete_name, "Cabinet T › Shelf 1 › Box 1")
        Dossier = self.env["dossier.dossier"].with_user(self.staff)
        self.assertEqual(
            Dossier.name_search(self.dossier.barcode)[0][0], self.dossier.id
        )
        action = self.cabinet.action_view_dossiers()
        self.assertEqual(Dossier.search(action["domain"]), self.dossier)
        # What the search bar does with a scanned code: the view's own filter.
        arch = self.env.ref("partner_dossier.dossier_dossier_view_search").arch
        filter_domain = (
            etree.fromstring(arch)
            .xpath("//field[@name='name']")[0]
            .get("filter_domain")
        )
        for scanned in (self.dossier.barcode, "T-BOX-1"):
            domain = safe_eval(filter_domain, {"self": scanned})
            self.assertEqual(Dossier.search(domain), self.dossier, scanned)
