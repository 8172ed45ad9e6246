import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .common import SIGNATURE

# Keeps the test's footprint to the rows it deletes afterwards.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


@tagged("post_install", "-at_install")
class TestLoanConcurrentCheckout(TransactionCase):
    """Two archivists check out the same dossier at the same moment, each in their
    own transaction. Only the database sees both: it lets exactly one through.

    The data is committed in cursors of its own (the test's transaction cannot
    commit), and deleted again by the cleanup."""

    def setUp(self):
        super().setUp()
        # Leaving the block commits: the racing cursors must see this data.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, QUIET)
            archivist = env["res.users"].create(
                {
                    "name": "Race Archivist",
                    "login": "loan_race_archivist",
                    "group_ids": [
                        (6, 0, env.ref("partner_dossier.group_dossier_archivist").ids)
                    ],
                }
            )
            partner = env["res.partner"].create(
                {"name": "Race Trading Co.", "is_company": True}
            )
            dossier = env["dossier.dossier"]._procedure_create(
                {
                    "partner_id": partner.id,
                    "name": "DOS/RACE/00001",
                    "state": "archived",
                    "confidentiality": "public",
                }
            )
            admin = env.ref("base.user_admin")
            now = fields.Datetime.now()
            loans = env["dossier.loan"]._procedure_create(
                [
                    {
                        "dossier_id": dossier.id,
                        "purpose": f"Race {reader}",
                        "borrower_id": admin.id,
                        "requester_id": admin.id,
                        "state": "approved",
                        "date_due": now + timedelta(hours=2),
                    }
                    for reader in ("A", "B")
                ]
            )
            self.data = {
                "users": (admin.id, archivist.id),
                "archivist_partner": archivist.partner_id.id,
                "partner": partner.id,
                "dossier": dossier.id,
                "loans": loans.ids,
            }
        self.addCleanup(self._delete_committed_data)

    def _delete_committed_data(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, QUIET)
            loans = env["dossier.loan"].browse(self.data["loans"]).exists()
            # Registered loans stay in the register: back to requested to delete them.
            loans._procedure().write({"state": "requested"})
            loans.unlink()
            dossier = env["dossier.dossier"].browse(self.data["dossier"])
            dossier._procedure().write({"state": "draft"})
            dossier.unlink()
            env["res.users"].browse(self.data["users"][1]).unlink()
            env["res.partner"].browse(
                [self.data["partner"], self.data["archivist_partner"]]
            ).unlink()
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT (SELECT count(*) FROM dossier_loan WHERE dossier_id = %(d)s)"
                " + (SELECT count(*) FROM dossier_dossier WHERE id = %(d)s)"
                " + (SELECT count(*) FROM res_users WHERE login = 'loan_race_archivist')"
                " + (SELECT count(*) FROM res_partner WHERE id IN %(p)s)",
                {
                    "d": self.data["dossier"],
                    "p": (self.data["partner"], self.data["archivist_partner"]),
                },
            )
            self.assertEqual(cr.fetchone()[0], 0, "the test left committed rows")

    def _open_loans(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM dossier_loan WHERE dossier_id = %s"
                " AND state IN ('out', 'partial')",
                [self.data["dossier"]],
            )
            return [row[0] for row in cr.fetchall()]

    def test_two_archivists_check_out_the_same_dossier_at_once(self):
        loan_a, loan_b = self.data["loans"]
        cursor_a, cursor_b = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(cursor_b.close)
        self.addCleanup(cursor_a.close)
        env_a = api.Environment(cursor_a, self.data["users"][0], QUIET)
        env_b = api.Environment(cursor_b, self.data["users"][1], QUIET)
        # Both transactions start before either checks out: neither sees the other.
        cursor_a.execute("SELECT 1")
        cursor_b.execute("SELECT 1")

        # A checks out and keeps its transaction open.
        env_a["dossier.loan"].browse(loan_a).action_checkout(signature=SIGNATURE)

        outcome = {}

        def check_out_b():
            try:
                with mute_logger("odoo.sql_db"):
                    env_b["dossier.loan"].browse(loan_b).action_checkout(
                        signature=SIGNATURE
                    )
                outcome["b"] = "checked out"
                cursor_b.commit()
            except Exception as error:  # noqa: BLE001 - the test inspects it
                outcome["b"] = error
                cursor_b.rollback()

        racer = threading.Thread(target=check_out_b)
        racer.start()
        racer.join(timeout=1.5)
        self.assertTrue(
            racer.is_alive(), "B waits on the unique index for A's transaction"
        )
        cursor_a.commit()
        racer.join(timeout=30)
        self.assertFalse(racer.is_alive())

        self.assertIsInstance(outcome["b"], UserError)
        self.assertIn(
            "has just been checked out on another loan: its originals can be lent "
            "to one reader at a time",
            str(outcome["b"]),
        )
        self.assertEqual(self._open_loans(), [loan_a], "one open loan in the database")
        env_b.invalidate_all()
        self.assertEqual(env_b["dossier.loan"].browse(loan_b).state, "approved")
