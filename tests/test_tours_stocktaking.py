from odoo.tests import tagged

from .common import new_dossier_user
from .test_tours import TourCase


@tagged("post_install", "-at_install")
class TestStocktakingTour(TourCase):
    def test_archivist_takes_stock(self):
        archivist = new_dossier_user(
            self.env, "tour_stock_archivist", "archivist", "internal"
        )
        Location = self.env["dossier.location"]
        cabinet = Location.create({"name": "Tour Stock Cabinet"})
        other = Location.create({"name": "Tour Other Cabinet"})
        dossiers = {}
        for name, code, location in (
            ("Tour Listed Co.", "TOUR-LISTED", cabinet),
            ("Tour Lost Co.", "TOUR-LOST", cabinet),
            ("Tour Elsewhere Co.", "TOUR-ELSEWHERE", other),
        ):
            partner = self.env["res.partner"].create({"name": name, "is_company": True})
            dossier = self.env["dossier.dossier"].create(
                {
                    "partner_id": partner.id,
                    "barcode": code,
                    "location_id": location.id,
                    "custodian_id": archivist.id,
                }
            )
            dossier.action_open()
            dossiers[code] = dossier
        self.env.flush_all()
        self.start_tour(
            "/odoo/action-partner_dossier.dossier_stocktaking_action",
            "partner_dossier_stocktaking_tour",
            login="tour_stock_archivist",
        )
        stocktaking = self.env["dossier.stocktaking"].search(
            [("location_id", "=", cabinet.id)]
        )
        self.assertEqual(stocktaking.state, "done")
        self.assertEqual(stocktaking.closer_id, archivist)
        results = {
            line.dossier_id.barcode: line.result for line in stocktaking.line_ids
        }
        self.assertEqual(
            results,
            {
                "TOUR-LISTED": "found",
                "TOUR-LOST": "missing",
                "TOUR-ELSEWHERE": "misplaced",
            },
        )
        self.assertTrue(dossiers["TOUR-LOST"].activity_ids)
        self.assertTrue(cabinet.date_last_stocktaking)
