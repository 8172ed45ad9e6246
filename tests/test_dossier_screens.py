from lxml import etree

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import SIGNATURE
from .loan_common import LoanCase
from .retention_common import DossierRetentionCase

LIFECYCLE = ["draft", "temporary", "archived", "closed", "disposed", "transferred"]


@tagged("post_install", "-at_install")
class TestDossierScreens(LoanCase):
    def test_kanban_columns_in_lifecycle_order_with_the_empty_ones(self):
        Dossier = self.env["dossier.dossier"].with_user(self.staff)
        result = Dossier.with_context(read_group_expand=True).web_read_group(
            [], ["state"], auto_unfold=True, unfold_read_specification={}
        )
        self.assertEqual([g["state"] for g in result["groups"]], LIFECYCLE)
        counts = {g["state"]: g["__count"] for g in result["groups"]}
        self.assertEqual((counts["temporary"], counts["disposed"]), (1, 0))

    def _check_out_button_shown(self, dossier):
        """Whether the dossier form shows Check Out to the archivist."""
        Dossier = self.env["dossier.dossier"].with_user(self.archivist)
        arch = etree.fromstring(Dossier.get_view(view_type="form")["arch"])
        [button] = arch.xpath("//header/button[@name='action_loan_checkout']")
        values = dossier.with_user(self.archivist).read(
            ["has_approved_loan", "on_loan", "state"]
        )[0]
        return not safe_eval(button.get("invisible"), values)

    def test_check_out_only_when_an_approved_loan_waits(self):
        self.assertFalse(self._check_out_button_shown(self.dossier))
        loan = self._request()
        self.assertFalse(self._check_out_button_shown(self.dossier), "requested")
        loan.with_user(self.archivist).action_approve()
        self.assertTrue(self._check_out_button_shown(self.dossier), "approved")
        loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertFalse(self._check_out_button_shown(self.dossier), "out")


@tagged("post_install", "-at_install")
class TestDisposedLocation(DossierRetentionCase):
    def test_disposed_dossier_leaves_its_cabinet(self):
        dossier = self._closed_dossier("Gone Customer")
        self.assertEqual(dossier.location_id, self.cabinet)
        disposal = (
            self.env["dossier.disposal"]
            .with_user(self.archivist)
            .create(
                {
                    "method": "shredding",
                    "witness_1_id": self.witness_a.id,
                    "witness_2_id": self.witness_b.id,
                    "line_ids": [Command.create({"dossier_id": dossier.id})],
                }
            )
        )
        disposal.with_user(self.manager).action_approve()
        disposal.with_user(self.archivist).action_done()
        self.assertEqual(dossier.state, "disposed")
        self.assertFalse(dossier.location_id, "no longer in the cabinet")
        self.assertEqual(dossier.last_location_id, self.cabinet)
        in_cabinet = self.env["dossier.dossier"].search(
            [("location_id", "child_of", self.cabinet.id)]
        )
        self.assertNotIn(dossier, in_cabinet)
        self.assertIn("has left Cabinet R", dossier.message_ids[0].body)
