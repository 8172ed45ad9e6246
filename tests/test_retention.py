from datetime import date

from odoo.tools import SQL

from .constraint_common import user_message
from .retention_common import DossierRetentionCase


class TestRetention(DossierRetentionCase):
    def test_policy_data(self):
        self.assertTrue(self.policy_permanent.permanent)
        self.assertEqual(
            self.env.ref("partner_dossier.retention_policy_30_years").years, 30
        )
        self.assertEqual(self.policy_10.years, 10)
        self.assertEqual(self.policy_10.trigger, "closure")

    def _assert_constraint_refused(self, vals, message):
        policies = self.env["dossier.retention.policy"]
        count = policies.search_count([])
        self.assertIn(
            message, user_message(self.env, lambda: policies.create(vals)) or ""
        )
        self.assertEqual(policies.search_count([]), count)

    def test_permanent_policy_with_duration_refused(self):
        self._assert_constraint_refused(
            {"name": "Forever and 5", "permanent": True, "years": 5},
            "cannot also have a number of years",
        )

    def test_fixed_term_policy_needs_years(self):
        self._assert_constraint_refused(
            {"name": "Someday", "permanent": False, "years": 0},
            "needs a duration of at least one year",
        )

    def test_category_gives_the_default_policy(self):
        dossier = self._closed_dossier("Cat Default")
        self.assertEqual(dossier.retention_policy_id, self.policy_10)
        partner = self.env["res.partner"].create({"name": "No Cat", "is_company": True})
        without = self.env["dossier.dossier"].create({"partner_id": partner.id})
        self.assertEqual(
            without.retention_policy_id,
            self.policy_permanent,
            "a dossier without category is kept permanently",
        )
        self.assertFalse(without.retention_until)

    def test_category_default_change_does_not_rewrite_filed_dossiers(self):
        dossier = self._closed_dossier("Filed")
        self.category.retention_policy_id = self.policy_permanent
        self.assertEqual(dossier.retention_policy_id, self.policy_10)

    def test_retention_until_counts_from_closure(self):
        dossier = self._closed_dossier("Closure", closed="2020-03-31")
        self.assertEqual(dossier.retention_until, date(2030, 3, 31))

    def test_retention_until_recomputes_on_policy_change(self):
        dossier = self._closed_dossier("Policy", closed="2020-03-31")
        # The computation follows the terms; a filed dossier's policy changes its
        # terms only through a procedure (test_bend_dossier).
        self.policy_10._procedure().years = 12
        self.assertEqual(dossier.retention_until, date(2032, 3, 31))
        dossier.retention_policy_id = self.policy_permanent
        self.assertFalse(dossier.retention_until)
        dossier.retention_policy_id = self.env.ref(
            "partner_dossier.retention_policy_30_years"
        )
        self.assertEqual(dossier.retention_until, date(2050, 3, 31))

    def test_retention_until_recomputes_on_trigger_and_its_date(self):
        dossier = self._closed_dossier(
            "Trigger", closed="2020-03-31", date_completed="2019-06-30"
        )
        self.policy_10._procedure().trigger = "completion"
        self.assertEqual(dossier.retention_until, date(2029, 6, 30))
        dossier._procedure().date_completed = "2019-12-31"
        self.assertEqual(dossier.retention_until, date(2029, 12, 31))
        self.policy_10._procedure().trigger = "opening"
        self.assertEqual(dossier.retention_until, date(2009, 1, 4))
        self.policy_10._procedure().trigger = "closure"
        dossier._procedure().date_closed = "2021-01-01"
        self.assertEqual(dossier.retention_until, date(2031, 1, 1))

    def test_retention_until_recomputes_on_hold(self):
        dossier = self._closed_dossier("Hold", closed="2020-03-31")
        dossier.with_user(self.manager)._place_legal_hold("Litigation", self.today)
        self.assertFalse(dossier.retention_until, "a hold keeps it until lifted")
        dossier.with_user(self.manager).action_lift_legal_hold()
        self.assertEqual(dossier.retention_until, date(2030, 3, 31))

    def test_due_for_disposal_search(self):
        due = self._closed_dossier("Due")
        held = self._closed_dossier("Held")
        held.with_user(self.manager)._place_legal_hold("Audit", self.today)
        recent = self._closed_dossier("Recent", closed=self.today)
        permanent = self._closed_dossier(
            "Permanent", retention_policy_id=self.policy_permanent.id
        )
        found = self.env["dossier.dossier"].search([("is_due_for_disposal", "=", True)])
        self.assertIn(due, found)
        self.assertNotIn(held, found)
        self.assertNotIn(recent, found)
        self.assertNotIn(permanent, found)
        self.assertTrue(due.is_due_for_disposal)
        self.assertFalse(held.is_due_for_disposal)
        not_due = self.env["dossier.dossier"].search(
            [("is_due_for_disposal", "=", False)]
        )
        self.assertFalse(not_due & due)
        self.assertIn(held, not_due)

    def test_due_for_disposal_search_is_one_indexed_query(self):
        """The SQL of the due search matches the partial index predicate, so
        PostgreSQL can answer it with one range scan of that index."""
        self._closed_dossier("Indexed")
        dossiers = self.env["dossier.dossier"]
        query = dossiers._search(dossiers._due_for_disposal_domain())
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_bitmapscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        self.env.cr.execute("SET LOCAL enable_bitmapscan = on")
        self.assertIn("dossier_dossier_due_for_disposal_search", plan)
