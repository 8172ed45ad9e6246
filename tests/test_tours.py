import unittest

from odoo.tests import HttpCase, tagged

from .common import new_dossier_user


class TourCase(HttpCase):
    """Browser journeys that fail, instead of being skipped, without a browser."""

    def start_tour(self, *args, **kwargs):
        try:
            return super().start_tour(*args, **kwargs)
        except unittest.SkipTest as exc:
            self.fail(f"The browser journey could not run ({exc}): install Chromium.")


@tagged("post_install", "-at_install")
class TestTours(TourCase):
    def test_staff_opens_dossier_from_contact(self):
        new_dossier_user(self.env, "tour_staff", "user", "internal")
        customer = self.env["res.partner"].create(
            {"name": "Lotus Tour Trading", "is_company": True}
        )
        dossier = self.env["dossier.dossier"].create({"partner_id": customer.id})
        dossier.action_open()
        doc_type = self.env.ref("partner_dossier.document_type_contract")
        self.env["dossier.document"].create(
            {
                "dossier_id": dossier.id,
                "document_type_id": doc_type.id,
                "name": "Tour contract",
            }
        )
        self.start_tour("/odoo", "partner_dossier_contact_tour", login="tour_staff")
