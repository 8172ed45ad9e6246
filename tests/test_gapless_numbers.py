from psycopg2 import IntegrityError

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .loan_common import LoanCase
from .retention_common import DossierRetentionCase


def _number(record):
    return int(record.name.rsplit("/", 1)[1])


@tagged("post_install", "-at_install")
class TestGaplessLoanNumbers(LoanCase):
    """Auditors read the registers: a save that fails uses no number."""

    def test_failed_loan_save_uses_no_number(self):
        first = self._request()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._request(copies_requested=0, loan_type="photocopy")
        second = self._request(dossier=self.public)
        self.assertEqual(_number(second), _number(first) + 1)

    def test_failed_copy_batch_save_uses_no_number(self):
        loan = self._approved(loan_type="photocopy", approver=self.manager)
        Batch = self.env["dossier.copy.batch"].with_user(self.archivist)
        first = Batch.create({"loan_id": loan.id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            Batch.create({"loan_id": loan.id, "copies": 0})
        second = Batch.create({"loan_id": loan.id})
        self.assertEqual(_number(second), _number(first) + 1)


@tagged("post_install", "-at_install")
class TestGaplessDisposalNumbers(DossierRetentionCase):
    def test_failed_disposal_save_uses_no_number(self):
        Disposal = self.env["dossier.disposal"].with_user(self.archivist)

        def propose(dossier, witness_2):
            return Disposal.create(
                {
                    "method": "shredding",
                    "witness_1_id": self.witness_a.id,
                    "witness_2_id": witness_2.id,
                    "line_ids": [Command.create({"dossier_id": dossier.id})],
                }
            )

        first = propose(self._closed_dossier("Gapless One"), self.witness_b)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            # The same witness twice: refused by the database.
            propose(self._closed_dossier("Gapless Two"), self.witness_a)
        second = propose(self._closed_dossier("Gapless Three"), self.witness_b)
        self.assertEqual(_number(second), _number(first) + 1)
