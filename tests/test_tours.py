import unittest

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ErrorLines, new_dossier_user


class TourCase(HttpCase):
    """Browser journeys that fail, instead of being skipped, without a browser."""

    # The first page of each test class builds the web client's asset bundles again
    # (those of the class before were rolled back with it), holding the test
    # cursor; on a loaded 2-core machine that took over Odoo's 20 s, and a request
    # of the page waiting for the cursor then failed with an HTML 500 ("Unable to
    # acquire lock for test cursor"), read by the client as invalid JSON.
    test_cursor_lock_timeout = 90

    def start_tour(self, *args, **kwargs):
        """And the server logs no ERROR line during the journey."""
        try:
            with ErrorLines() as errors:
                result = super().start_tour(*args, **kwargs)
        except unittest.SkipTest as exc:
            self.fail(f"The browser journey could not run ({exc}): install Chromium.")
        self.assertFalse(errors.lines, "the server logged errors during the journey")
        return result


@tagged("post_install", "-at_install")
class TestTours(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_dossier_user(cls.env, "tour_staff", "user", "internal")
        cls.archivist = new_dossier_user(
            cls.env, "tour_archivist", "archivist", "internal"
        )
        cls.manager = new_dossier_user(cls.env, "tour_manager", "manager", "internal")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Lotus Tour Trading", "is_company": True}
        )
        cls.cabinet = cls.env["dossier.location"].create({"name": "Tour cabinet"})
        cls.dossier = cls.env["dossier.dossier"].create(
            {"partner_id": cls.customer.id, "location_id": cls.cabinet.id}
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

    def test_staff_opens_dossier_from_contact(self):
        self.start_tour("/odoo", "partner_dossier_contact_tour", login="tour_staff")

    def test_staff_requests_reading_loan(self):
        self.dossier.action_archive_formally()
        self.start_tour(
            "/odoo", "partner_dossier_loan_request_tour", login="tour_staff"
        )
        loan = self.env["dossier.loan"].search([("dossier_id", "=", self.dossier.id)])
        self.assertEqual(len(loan), 1)
        self.assertEqual(
            (loan.state, loan.loan_type, loan.requester_id, loan.borrower_id),
            ("requested", "reading", self.staff, self.staff),
        )
        self.assertIn("renewal meeting", loan.purpose)

    def test_archivist_lends_and_checks_return(self):
        self.dossier.action_archive_formally()
        loan = (
            self.env["dossier.loan"]
            .with_user(self.staff)
            .create({"dossier_id": self.dossier.id, "purpose": "Contract review"})
        )
        self.start_tour(
            "/odoo/action-partner_dossier.dossier_loan_action_to_approve",
            "partner_dossier_loan_return_tour",
            login="tour_archivist",
        )
        self.assertEqual(loan.state, "returned")
        self.assertEqual(
            (loan.approver_id, loan.checkout_user_id), (self.archivist,) * 2
        )
        # Signed on the screen: the borrower at the check-out, the archivist at
        # the return check; the drafts are gone.
        self.assertTrue(loan.checkout_signature)
        self.assertTrue(loan.return_signature)
        self.assertFalse(loan.pending_signature)
        contract, invoice = self.documents
        self.assertEqual((contract.condition, invoice.condition), ("good", "repair"))
        self.assertTrue(invoice.repair_note)
        self.assertIn(
            self.archivist, self.dossier.activity_ids.user_id, "a repair activity"
        )

    def test_manager_approves_disposal_with_witnesses(self):
        witness_1 = new_test_user(
            self.env,
            login="tour_witness_1",
            name="Tour Witness One",
            groups="base.group_user",
        )
        witness_2 = new_test_user(
            self.env,
            login="tour_witness_2",
            name="Tour Witness Two",
            groups="base.group_user",
        )
        self.dossier.action_archive_formally()
        self.dossier.action_close()
        # Closed long ago: its ten-year retention has ended.
        self.dossier._procedure().write(
            {
                "date_closed": "2001-03-01",
                "retention_policy_id": self.env.ref(
                    "partner_dossier.retention_policy_10_years"
                ).id,
            }
        )
        disposal = (
            self.env["dossier.disposal"]
            .with_user(self.archivist)
            .create(
                {
                    "method": "shredding",
                    "line_ids": [Command.create({"dossier_id": self.dossier.id})],
                }
            )
        )
        self.start_tour(
            "/odoo/action-partner_dossier.dossier_disposal_action",
            "partner_dossier_disposal_tour",
            login="tour_manager",
        )
        self.assertEqual(disposal.state, "approved")
        self.assertEqual(disposal.approver_id, self.manager)
        self.assertEqual(
            disposal.witness_1_id | disposal.witness_2_id, witness_1 | witness_2
        )
        # The certificate the Print menu offers renders for the manager.
        self.authenticate("tour_manager", "tour_manager")
        response = self.url_open(
            f"/report/html/partner_dossier.report_dossier_disposal/{disposal.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(disposal.name, response.text)
        self.assertIn("Tour Witness One", response.text)
