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

    def test_disposed_dossiers_count_their_scanned_files(self):
        none = self._closed_dossier("No Scan Co")
        one = self._closed_dossier("One Scan Co")
        self.env["ir.attachment"].create(
            {
                "name": "scan.pdf",
                "raw": b"%PDF",
                "res_model": one._name,
                "res_id": one.id,
            }
        )
        disposal = (
            self.env["dossier.disposal"]
            .with_user(self.archivist)
            .create(
                {
                    "method": "shredding",
                    "witness_1_id": self.witness_a.id,
                    "witness_2_id": self.witness_b.id,
                    "line_ids": [
                        Command.create({"dossier_id": none.id}),
                        Command.create({"dossier_id": one.id}),
                    ],
                }
            )
        )
        disposal.with_user(self.manager).action_approve()
        disposal.with_user(self.archivist).action_done()

        def note(dossier):
            return "".join(
                str(message.body)
                for message in dossier.message_ids
                if disposal.name in str(message.body)
            )

        self.assertIn("no scanned file to remove", note(none))
        self.assertNotIn("0 scanned files", note(none))
        self.assertIn("one scanned file removed", note(one))
        self.assertNotIn("1 scanned files", note(one))

    def test_a_leaver_holdings_counted_in_good_english(self):
        users = self.env["res.users"]
        message = users._holdings_message(self.staff, 1, 0)
        self.assertIn("custodian of one dossier.", message)
        message = users._holdings_message(self.staff, 3, 1)
        self.assertIn("custodian of 3 dossiers and has one loan out", message)
        message = users._holdings_message(self.staff, 0, 2)
        self.assertIn("still has 2 loans out", message)
        self.assertNotIn("(s)", message)
