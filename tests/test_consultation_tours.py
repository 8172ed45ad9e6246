import logging

from odoo.tests import tagged

from .common import new_dossier_user
from .test_tours import TourCase


@tagged("post_install", "-at_install")
class TestConsultationTours(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader = new_dossier_user(cls.env, "tour_cons_reader", "user", "secret")
        cls.boss = new_dossier_user(cls.env, "tour_cons_boss", "manager", "secret")
        customer = cls.env["res.partner"].create(
            {"name": "Lotus Secret Trading", "is_company": True}
        )
        cls.dossier = cls.env["dossier.dossier"].create(
            {"partner_id": customer.id, "confidentiality": "secret"}
        )

    def test_request_then_approval(self):
        # No write inside a read-only request: it would log "bad query" and run
        # the request a second time.
        with self.assertNoLogs("odoo.sql_db", level=logging.ERROR):
            self.start_tour(
                "/odoo/action-partner_dossier.dossier_consultation_action",
                "partner_dossier_consultation_request_tour",
                login="tour_cons_reader",
            )
            consultation = self.env["dossier.consultation"].search(
                [("dossier_id", "=", self.dossier.id)]
            )
            self.assertEqual(len(consultation), 1)
            self.assertEqual(
                (consultation.state, consultation.requester_id),
                ("requested", self.reader),
            )
            self.assertIn(self.boss, consultation.activity_ids.user_id)
            self.start_tour(
                "/odoo/action-partner_dossier.dossier_consultation_action_to_decide",
                "partner_dossier_consultation_approve_tour",
                login="tour_cons_boss",
            )
        consultation.invalidate_recordset()
        self.assertEqual(
            (consultation.state, consultation.approver_id),
            ("approved", self.boss),
        )
        logs = self.env["dossier.access.log"].search(
            [("dossier_id", "=", self.dossier.id)]
        )
        # One line, the grant's: reloading the approved form logged nothing more.
        self.assertEqual(logs.mapped("access_type"), ["consultation"])
