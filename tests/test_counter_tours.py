from odoo.tests import tagged

from .common import SIGNATURE, new_dossier_user
from .test_tours import TourCase


@tagged("post_install", "-at_install")
class TestCounterTours(TourCase):
    """The lending counter in the browser, as an archivist, with simulated scans."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_dossier_user(cls.env, "tour_staff", "user", "internal")
        cls.archivist = new_dossier_user(
            cls.env, "tour_archivist", "archivist", "internal"
        )
        cls.manager = new_dossier_user(cls.env, "tour_manager", "manager", "internal")
        customer = cls.env["res.partner"].create(
            {"name": "Lotus Counter Trading", "is_company": True}
        )
        cls.cabinet = cls.env["dossier.location"].create(
            {"name": "Counter cabinet", "barcode": "TOUR-COUNTER-CAB"}
        )
        cls.dossier = cls.env["dossier.dossier"].create(
            {
                "partner_id": customer.id,
                "location_id": cls.cabinet.id,
                "barcode": "TOUR-COUNTER-1",
            }
        )
        cls.dossier.action_open()
        contract = cls.env.ref("partner_dossier.document_type_contract")
        invoice = cls.env.ref("partner_dossier.document_type_invoice")
        cls.documents = cls.env["dossier.document"].create(
            [
                {"dossier_id": cls.dossier.id, "document_type_id": t.id, "name": name}
                for t, name in ((contract, "Tour contract"), (invoice, "Tour invoice"))
            ]
        )
        cls.dossier.action_archive_formally()
        cls.loan = (
            cls.env["dossier.loan"]
            .with_user(cls.staff)
            .create({"dossier_id": cls.dossier.id, "purpose": "Contract review"})
        )
        cls.loan.with_user(cls.manager).action_approve()

    def test_counter_scan_and_check_out(self):
        self.start_tour(
            "/odoo/dossier-counter",
            "partner_dossier_counter_checkout_tour",
            login="tour_archivist",
        )
        self.assertEqual(self.loan.state, "out")
        self.assertEqual(self.loan.checkout_user_id, self.archivist)
        self.assertEqual(self.loan.lent_document_ids, self.documents)
        # The borrower signed on the counter's screen.
        self.assertTrue(self.loan.checkout_signature)

    def test_counter_return_with_a_missing_document(self):
        self.loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.start_tour(
            "/odoo/dossier-counter",
            "partner_dossier_counter_return_tour",
            login="tour_archivist",
        )
        _contract, invoice = self.documents
        self.assertEqual(self.loan.state, "partial")
        self.assertEqual(self.loan.missing_document_ids, invoice)
        self.assertEqual(self.loan.return_user_id, self.archivist)
        self.assertTrue(self.loan.return_signature, "the archivist signed")

    def test_counter_two_scans_check_out(self):
        lent = self.env["dossier.dossier"].create(
            {
                "partner_id": self.env["res.partner"]
                .create({"name": "Lotus Counter Lent", "is_company": True})
                .id,
                "location_id": self.cabinet.id,
            }
        )
        lent.action_open()
        other = (
            self.env["dossier.loan"]
            .with_user(self.staff)
            .create({"dossier_id": lent.id, "purpose": "Renewal"})
        )
        other.with_user(self.manager).action_approve()
        other.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.start_tour(
            "/odoo/dossier-counter",
            "partner_dossier_counter_two_scans_tour",
            login="tour_archivist",
        )
        self.assertEqual(self.loan.state, "out")
        self.assertEqual(self.loan.checkout_user_id, self.archivist)
        self.assertTrue(self.loan.checkout_signature)
