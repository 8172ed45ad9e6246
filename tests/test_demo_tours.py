"""The demo of ``make run`` walks every feature (issue 25).

``make test`` installs the addon without demo data, so this test loads the
manifest's demo files itself, with Odoo's own loader (``convert_file``, mode
``init``, as an installation with demo data does), inside the test's
transaction, then checks what README's "Using it" promises per role and runs one
browser tour per role over those records. Odoo's base demo data is not there: the
one record of it the addon's demo uses (Marc Demo, ``base.user_demo``) is made
first under its xml id."""

from datetime import time

import pytz

from odoo.exceptions import UserError
from odoo.modules import Manifest
from odoo.tests import new_test_user, tagged
from odoo.tools.convert import convert_file

from .test_tours import TourCase

MODULE = "partner_dossier"
CLOSING = time(18, 0)


@tagged("post_install", "-at_install")
class TestDemoTours(TourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        if not env.ref("base.user_demo", raise_if_not_found=False):
            marc = new_test_user(
                env, login="demo", name="Marc Demo", groups="base.group_user"
            )
            env["ir.model.data"].create(
                {
                    "module": "base",
                    "name": "user_demo",
                    "model": "res.users",
                    "res_id": marc.id,
                }
            )
        # While an addon is installed the registers' procedure guards stand aside
        # (dossier.procedure.mixin._in_procedure: the registry is not ready), so
        # the demo may set states and dates directly; the procedure context does
        # the same here, with the registry ready.
        loader = env["dossier.dossier"]._procedure().env(su=True)
        for path in Manifest.for_addon(MODULE)["demo"]:
            convert_file(loader, MODULE, path, {}, mode="init", noupdate=True)
        env.flush_all()

    def ref(self, name):
        return self.env.ref(f"{MODULE}.{name}")

    def test_demo_loans_are_due_at_the_archive_closing_time(self):
        self.assertEqual(self.env.company.dossier_tz, "Asia/Shanghai")
        loans = {
            name: self.ref(name)
            for name in (
                "loan_requested_demo",
                "loan_approved_demo",
                "loan_out_demo",
                "loan_photocopy_demo",
            )
        }
        self.assertEqual(
            {name: loan.state for name, loan in loans.items()},
            {
                "loan_requested_demo": "requested",
                "loan_approved_demo": "approved",
                "loan_out_demo": "out",
                "loan_photocopy_demo": "requested",
            },
        )
        shanghai = pytz.timezone("Asia/Shanghai")
        for name, loan in loans.items():
            local = pytz.utc.localize(loan.date_due).astimezone(shanghai)
            self.assertEqual(local.time(), CLOSING, name)
            self.assertIn("(Asia/Shanghai)", loan.date_due_label, name)
        archivist = self.ref("user_dossier_archivist_demo")
        self.assertEqual(loans["loan_out_demo"].checkout_user_id, archivist)
        self.assertEqual(loans["loan_approved_demo"].approver_id, archivist)

    def test_demo_has_each_feature_ready(self):
        # The yearly clear-out: its job finds the customer without activity, and
        # only it (the demo's other dossiers were touched the day it was loaded).
        stale = self.ref("dossier_21_demo")
        proposal = self.env["dossier.clearout"].search([("state", "=", "proposed")])
        self.assertEqual(proposal.line_ids.dossier_id, stale)
        self.assertTrue(proposal.activity_ids, "the managers are asked to confirm")
        again = self.env["dossier.clearout"]._propose(self.env.company, proposal.date)
        self.assertEqual(again.line_ids.dossier_id, stale, "the job finds it")

        # A key customer whose monthly review is late, in the demo archivist's care.
        key = self.ref("dossier_15_demo")
        self.assertEqual(key.customer_type, "key")
        self.assertTrue(key.is_review_due)
        self.assertEqual(key.custodian_id, self.ref("user_dossier_archivist_demo"))

        # An incident the administrator is responsible for: a second manager
        # decides it.
        incident = self.ref("incident_second_manager_demo")
        admin = self.env.ref("base.user_admin")
        self.assertEqual((incident.state, incident.responsible_id), ("reported", admin))
        with self.assertRaisesRegex(UserError, "another dossier manager decides"):
            incident.with_user(admin).action_decide()
        second = self.ref("user_dossier_manager_2_demo")
        incident.with_user(second).action_decide()
        self.assertEqual((incident.state, incident.decider_id), ("decided", second))

    def test_demo_stocktaking_yields_every_outcome(self):
        stocktaking = self.ref("stocktaking_cabinet_c_demo")
        self.assertEqual(stocktaking.state, "counting")
        results = dict.fromkeys(["found", "misplaced", "unexpected"])
        for result in results:
            results[result] = stocktaking.line_ids.filtered(
                lambda line, result=result: line.result == result
            ).dossier_id
        self.assertEqual(
            results,
            {
                "found": self.ref("dossier_08_demo"),
                "misplaced": self.ref("dossier_12_demo"),
                "unexpected": self.ref("dossier_09_demo"),
            },
        )
        pending = stocktaking.line_ids.filtered(lambda line: line.result == "pending")
        self.assertTrue(pending)
        stocktaking.with_user(self.ref("user_dossier_archivist_demo")).action_close()
        self.assertEqual(
            stocktaking.line_ids.filtered(
                lambda line: line.result == "missing"
            ).dossier_id,
            pending.dossier_id,
        )

    # ------------------------------------------------------------------ tours

    def test_staff_tour(self):
        self.start_tour("/odoo", "partner_dossier_demo_staff_tour", login="demo")

    def test_archivist_tour(self):
        self.start_tour(
            "/odoo", "partner_dossier_demo_archivist_tour", login="dossier_archivist"
        )

    def test_manager_tour(self):
        self.start_tour("/odoo", "partner_dossier_demo_manager_tour", login="admin")

    def test_second_manager_tour(self):
        self.start_tour(
            "/odoo",
            "partner_dossier_demo_second_manager_tour",
            login="dossier_manager2",
        )
