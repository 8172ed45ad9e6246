from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DossierCase


@tagged("post_install", "-at_install")
class TestDossierCorrections(DossierCase):
    """Shortening a retention period and removing a document from a formally
    archived dossier: a manager, and a written reason kept in the chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.permanent = cls.env.ref("partner_dossier.retention_policy_permanent")
        cls.ten_years = cls.env.ref("partner_dossier.retention_policy_10_years")
        cls.dossier = cls._new_dossier(
            cls.customer, location_id=cls.box.id, retention_policy_id=cls.permanent.id
        )
        cls.dossier.action_open()
        cls.documents = cls._add_documents(
            cls.dossier, cls.type_contract | cls.type_licence | cls.type_letter
        )
        cls.dossier.action_archive_formally()

    def _correction(self, user, correction_type, reason, **values):
        return (
            self.env["dossier.correction"]
            .with_user(user)
            .create(
                {
                    "dossier_id": self.dossier.id,
                    "correction_type": correction_type,
                    "reason": reason,
                    **values,
                }
            )
        )

    def _chatter(self):
        return " ".join(self.dossier.message_ids.mapped("body"))

    def test_shortening_the_retention_needs_a_manager_and_a_reason(self):
        for user in (self.archivist, self.manager):
            with self.assertRaisesRegex(UserError, "needs a dossier manager"):
                self.dossier.with_user(user).retention_policy_id = self.ten_years
        self.assertEqual(self.dossier.retention_policy_id, self.permanent)
        # Nor by filing the dossier in a category of shorter retention.
        short = self.env["dossier.category"].create(
            {"name": "Short", "retention_policy_id": self.ten_years.id}
        )
        with self.assertRaisesRegex(UserError, "needs a dossier manager"):
            self.dossier.with_user(self.archivist).category_id = short
        with self.assertRaises(AccessError):
            self._correction(
                self.archivist,
                "retention",
                "Committee decision",
                retention_policy_id=self.ten_years.id,
            )
        with self.assertRaisesRegex(UserError, "Write the reason"):
            self.dossier.with_user(self.manager)._change_retention(self.ten_years, "  ")
        self._correction(
            self.manager,
            "retention",
            "Archive committee decision 2026-07",
            retention_policy_id=self.ten_years.id,
        ).action_confirm()
        self.assertEqual(self.dossier.retention_policy_id, self.ten_years)
        chatter = self._chatter()
        self.assertIn("Archive committee decision 2026-07", chatter)
        self.assertIn(self.manager.name, chatter)

    def test_lengthening_the_retention_stays_a_plain_edit(self):
        self.dossier.retention_policy_id = self.ten_years
        self.dossier.with_user(self.archivist).retention_policy_id = self.permanent
        self.assertEqual(self.dossier.retention_policy_id, self.permanent)

    def test_removing_a_filed_document_needs_a_manager_and_a_reason(self):
        contract = self.documents[0]
        for user in (self.archivist, self.manager):
            with self.assertRaisesRegex(UserError, "needs a dossier manager"):
                contract.with_user(user).unlink()
        self.assertTrue(contract.exists())
        with self.assertRaises(AccessError):
            self._correction(
                self.archivist,
                "remove_documents",
                "Filed by mistake",
                document_ids=[(6, 0, contract.ids)],
            )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._correction(
                self.manager, "remove_documents", False, document_ids=contract.ids
            )
        self._correction(
            self.manager,
            "remove_documents",
            "Filed in the wrong customer's dossier",
            document_ids=[(6, 0, contract.ids)],
        ).action_confirm()
        self.assertFalse(contract.exists())
        chatter = self._chatter()
        self.assertIn("Filed in the wrong customer", chatter)
        self.assertIn("Test Contract", chatter)
