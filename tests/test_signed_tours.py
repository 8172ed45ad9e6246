"""Signed registers in the browser (登记签名, issue 24 part 4): an archivist
signs copies taken out and brought back on the copy batch's form, and a
dossier's opening when the company asks for it. The counter tours sign loans."""

from odoo.tests import tagged

from .common import new_dossier_user
from .test_tours import TourCase


@tagged("post_install", "-at_install")
class TestSignedTours(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_dossier_user(cls.env, "tour_sign_staff", "user", "internal")
        cls.archivist = new_dossier_user(
            cls.env, "tour_sign_archivist", "archivist", "internal"
        )
        cls.manager = new_dossier_user(
            cls.env, "tour_sign_manager", "manager", "internal"
        )
        cls.cabinet = cls.env["dossier.location"].create({"name": "Signing cabinet"})
        cls.dossier = cls.env["dossier.dossier"].create(
            {
                "partner_id": cls.env["res.partner"]
                .create({"name": "Lotus Copy Trading", "is_company": True})
                .id,
                "location_id": cls.cabinet.id,
            }
        )
        cls.dossier.action_open()
        cls.env["dossier.document"].create(
            {
                "dossier_id": cls.dossier.id,
                "document_type_id": cls.env.ref(
                    "partner_dossier.document_type_contract"
                ).id,
                "name": "Signed contract",
            }
        )
        cls.dossier.action_archive_formally()

    def test_copies_taken_out_and_brought_back_signed(self):
        loan = (
            self.env["dossier.loan"]
            .with_user(self.staff)
            .create(
                {
                    "dossier_id": self.dossier.id,
                    "loan_type": "photocopy",
                    "purpose": "Copies for the auditor",
                }
            )
        )
        loan.with_user(self.manager).action_approve()
        self.assertEqual(loan.state, "approved")
        batch = (
            self.env["dossier.copy.batch"]
            .with_user(self.archivist)
            .create({"loan_id": loan.id, "copies": 2})
        )
        self.assertEqual(batch.state, "kept")
        self.start_tour(
            "/odoo/action-partner_dossier.dossier_copy_batch_action",
            "partner_dossier_copy_batch_signed_tour",
            login="tour_sign_archivist",
        )
        batch.invalidate_recordset()
        self.assertEqual(
            (batch.state, batch.taken_out, batch.destination, batch.copies_returned),
            ("returned", True, "Auditor's office", 2),
        )
        self.assertEqual(batch.returned_to_id, self.archivist)
        self.assertTrue(batch.out_signature, "the borrower signed the taking out")
        self.assertTrue(batch.return_signature, "the archivist signed the return")
        self.assertFalse(batch.pending_signature, "the draft is cleared")

    def test_signed_opening(self):
        self.env.company.dossier_opening_signature = True
        draft = self.env["dossier.dossier"].create(
            {
                "partner_id": self.env["res.partner"]
                .create({"name": "Lotus Opening Trading", "is_company": True})
                .id,
                "location_id": self.cabinet.id,
            }
        )
        self.assertEqual(draft.state, "draft")
        self.start_tour(
            "/odoo/action-partner_dossier.dossier_dossier_action",
            "partner_dossier_signed_opening_tour",
            login="tour_sign_archivist",
        )
        draft.invalidate_recordset()
        self.assertEqual(
            (draft.state, draft.opened_by_id), ("temporary", self.archivist)
        )
        self.assertTrue(draft.date_opened)
        self.assertTrue(draft.opening_signature, "the opener signed")
        self.assertFalse(draft.pending_signature, "the draft is cleared")
