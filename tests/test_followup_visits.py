from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .common import DossierCase


@tagged("post_install", "-at_install")
class TestFollowupVisits(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyers = cls.env.ref("partner_dossier.activity_plan_followup_buyers")
        cls.prospects = cls.env.ref("partner_dossier.activity_plan_followup_prospects")
        cls.category.write(
            {
                "plan_potential_id": cls.prospects.id,
                "plan_existing_id": cls.buyers.id,
                "plan_key_id": cls.buyers.id,
            }
        )

    def _visits(self, dossier):
        return dossier.activity_ids.sorted("date_deadline")

    @freeze_time("2026-06-01")
    def test_buyer_visits_at_day_3_30_60(self):
        dossier = self._new_dossier(
            customer_type="existing", custodian_id=self.archivist.id
        )
        dossier.with_user(self.archivist).action_open()
        visits = self._visits(dossier)
        self.assertEqual(
            visits.mapped("date_deadline"),
            [date(2026, 6, 4), date(2026, 7, 1), date(2026, 7, 31)],
        )
        self.assertEqual(visits.user_id, self.archivist, "visits go to the custodian")
        self.assertEqual(
            visits.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertIn(self.buyers.name, " ".join(dossier.message_ids.mapped("body")))

    @freeze_time("2026-06-01")
    def test_prospect_visits_at_day_3_15_from_opening_date(self):
        dossier = self._new_dossier(
            customer_type="potential",
            custodian_id=self.staff.id,
            date_opened=date(2026, 5, 20),
        )
        dossier.with_user(self.archivist).action_open()
        self.assertEqual(
            self._visits(dossier).mapped("date_deadline"),
            [date(2026, 5, 23), date(2026, 6, 4)],
        )
        self.assertEqual(self._visits(dossier).user_id, self.staff)

    def test_no_plan_no_visits(self):
        uncategorised = self._new_dossier(category_id=False)
        uncategorised.action_open()
        self.assertFalse(uncategorised.activity_ids)
        self.category.plan_key_id = False
        key = self._new_dossier(customer_type="key")
        key.action_open()
        self.assertFalse(key.activity_ids)

    def test_done_visit_shows_in_chatter(self):
        dossier = self._new_dossier(
            customer_type="existing", custodian_id=self.archivist.id
        )
        dossier.action_open()
        first = self._visits(dossier)[0]
        first.with_user(self.archivist).action_feedback(
            feedback="Met the buyer on site."
        )
        self.assertEqual(len(dossier.activity_ids), 2)
        self.assertIn(
            "Met the buyer on site.", " ".join(dossier.message_ids.mapped("body"))
        )

    def test_managers_configure_dossier_plans_only(self):
        Plan = self.env["mail.activity.plan"].with_user(self.manager)
        plan = Plan.create({"name": "Key account care", "res_model": "dossier.dossier"})
        plan.write({"name": "Key account care (quarterly)"})
        self.assertEqual(plan.name, "Key account care (quarterly)")
        other = self.env["mail.activity.plan"].create(
            {"name": "Partner plan", "res_model": "res.partner"}
        )
        with self.assertRaises(AccessError):
            other.with_user(self.manager).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            Plan.with_user(self.archivist).create(
                {"name": "Not mine", "res_model": "dossier.dossier"}
            )

    @freeze_time("2026-06-01")
    def test_opening_several_dossiers_at_once(self):
        buyers = self._new_dossier(
            customer_type="existing", custodian_id=self.archivist.id
        )
        prospect = self._new_dossier(
            customer_type="potential", custodian_id=self.staff.id
        )
        (buyers | prospect).with_user(self.archivist).action_open()
        self.assertEqual(len(buyers.activity_ids), 3)
        self.assertEqual(buyers.activity_ids.user_id, self.archivist)
        self.assertEqual(len(prospect.activity_ids), 2)
        self.assertEqual(prospect.activity_ids.user_id, self.staff)
