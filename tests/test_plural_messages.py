from odoo.fields import Command
from odoo.tests import tagged

from .retention_common import DossierRetentionCase


@tagged("post_install", "-at_install")
class TestPluralMessages(DossierRetentionCase):
    def test_disposal_proposal_counts_in_good_english(self):
        dossier = self._closed_dossier("Plural Customer")
        disposal = (
            self.env["dossier.disposal"]
            .with_user(self.archivist)
            .create(
                {
                    "method": "shredding",
                    "line_ids": [Command.create({"dossier_id": dossier.id})],
                }
            )
        )
        disposal._notify_archivists(1)
        self.assertIn("One dossier is due for disposal", disposal.message_ids[0].body)
        self.assertNotIn("1 dossiers", disposal.message_ids[0].body)
        disposal._notify_archivists(2)
        self.assertIn("2 dossiers are due for disposal", disposal.message_ids[0].body)
