from odoo.fields import Command
from odoo.tests import tagged

from .retention_common import DossierRetentionCase

REPORT = "partner_dossier.dossier_disposal_report_certificate"


@tagged("post_install", "-at_install")
class TestDisposalReport(DossierRetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.due = cls._closed_dossier("Certified Co")
        cls._add_documents(cls.due)
        cls.disposal = (
            cls.env["dossier.disposal"]
            .with_user(cls.archivist)
            .create(
                {
                    "method": "incineration",
                    "witness_1_id": cls.witness_a.id,
                    "witness_2_id": cls.witness_b.id,
                    "line_ids": [Command.create({"dossier_id": cls.due.id})],
                }
            )
        )

    def _render(self, user):
        html, report_type = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(REPORT, self.disposal.ids)
        )
        self.assertEqual(report_type, "html")
        return html.decode()

    def test_proposal_prints_as_an_inventory_not_a_certificate(self):
        html = self._render(self.archivist)
        self.assertIn(self.disposal.name, html)
        self.assertIn(self.due.name, html)
        self.assertIn("Not executed yet", html)

    def test_certificate_of_an_executed_destruction(self):
        self.disposal.with_user(self.manager).action_approve()
        self.disposal.with_user(self.archivist).action_done()
        html = self._render(self.archivist)
        self.assertNotIn("Not executed yet", html)
        self.assertIn("Destruction Inventory", html)
        self.assertIn(self.due.name, html)
        self.assertIn("Certified Co", html)
        # The destroyed documents are listed: the inventory was kept.
        self.assertIn("Certified Co contract 1", html)
        self.assertIn("Certified Co contract 2", html)
        self.assertIn("Incineration", html)
        for person in (self.manager, self.archivist, self.witness_a, self.witness_b):
            self.assertIn(person.name, html)
        self.assertEqual(html.count("Signature:"), 4)
        self.assertIn("Certificate", html)
