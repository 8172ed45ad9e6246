import base64
from contextlib import contextmanager
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from ..tools.dossier_timezone import archive_today
from .common import SIGNATURE


class DossierRetentionCase(TransactionCase):
    """Users per role, a 10-year category, a cabinet, and dossiers closed long
    enough ago for their retention to have ended."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        cls.staff = new_test_user(
            env, login="rt_staff", groups="partner_dossier.group_dossier_user"
        )
        cls.archivist = new_test_user(
            env,
            login="rt_archivist",
            groups="partner_dossier.group_dossier_archivist",
            dossier_clearance="secret",
        )
        cls.manager = new_test_user(
            env, login="rt_manager", groups="partner_dossier.group_dossier_manager"
        )
        cls.manager_2 = new_test_user(
            env, login="rt_manager_2", groups="partner_dossier.group_dossier_manager"
        )
        cls.witness_a = new_test_user(
            env, login="rt_witness_a", groups="partner_dossier.group_dossier_user"
        )
        cls.witness_b = new_test_user(
            env, login="rt_witness_b", groups="base.group_user"
        )
        cls.policy_10 = env.ref("partner_dossier.retention_policy_10_years")
        cls.policy_permanent = env.ref("partner_dossier.retention_policy_permanent")
        cls.category = env["dossier.category"].create(
            {"name": "Retail", "retention_policy_id": cls.policy_10.id}
        )
        cls.cabinet = env["dossier.location"].create({"name": "Cabinet R"})
        cls.contract = env.ref("partner_dossier.document_type_contract")
        # The day the registers are dated: the archive's (see dossier_timezone).
        cls.today = archive_today(env.company)

    @classmethod
    def _closed_dossier(cls, name, closed="2000-01-15", **vals):
        """A closed dossier; closed in 2000 under a 10-year policy by default,
        so that its retention ended in 2010."""
        partner = cls.env["res.partner"].create({"name": name, "is_company": True})
        dossier = cls.env["dossier.dossier"].create(
            {
                "partner_id": partner.id,
                "category_id": cls.category.id,
                "location_id": cls.cabinet.id,
                "date_opened": "1999-01-04",
                **vals,
            }
        )
        dossier._procedure().write({"state": "closed", "date_closed": closed})
        return dossier

    def _lend(self, dossier):
        """A real loan of the originals, checked out while the dossier was
        archived and still out when it was closed."""
        closed = dossier.date_closed
        dossier._procedure().write({"state": "archived"})
        loan = (
            self.env["dossier.loan"]
            .with_user(self.staff)
            .create({"dossier_id": dossier.id, "purpose": "Audit of old contracts"})
        )
        loan.with_user(self.archivist).action_approve()
        loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        dossier._procedure().write({"state": "closed", "date_closed": closed})
        return loan

    def _give_back(self, loan):
        wizard = (
            self.env["dossier.loan.return"]
            .with_user(self.archivist)
            .with_context(default_loan_id=loan.id)
            .create({"signature": SIGNATURE})
        )
        wizard.action_all_present()
        wizard.action_confirm()
        self.assertEqual(loan.state, "returned")

    @classmethod
    def _add_documents(cls, dossier, count=2, scanned=True):
        return cls.env["dossier.document"].create(
            [
                {
                    "dossier_id": dossier.id,
                    "name": f"{dossier.partner_id.name} contract {index}",
                    "document_type_id": cls.contract.id,
                    "pages": 3,
                    "scan": base64.b64encode(b"%PDF-1.4 scanned") if scanned else False,
                    "scan_filename": f"contract_{index}.pdf" if scanned else False,
                }
                for index in range(1, count + 1)
            ]
        )

    def _attachments_of(self, dossier):
        """Every file attached to the dossier or its documents, binary fields
        included (the res_field condition lifts Odoo's default filter)."""
        domain = [
            "|",
            "&",
            ("res_model", "=", "dossier.dossier"),
            ("res_id", "=", dossier.id),
            "&",
            ("res_model", "=", "dossier.document"),
            ("res_id", "in", dossier.with_context(active_test=False).document_ids.ids),
            "|",
            ("res_field", "=", False),
            ("res_field", "!=", False),
        ]
        return self.env["ir.attachment"].sudo().search(domain)

    @contextmanager
    def assertRaisesExactly(self, exception):
        """assertRaises, but AccessError (a UserError) does not pass for a
        UserError."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIs(type(caught.exception), exception, caught.exception)

    def _snapshot(self, records, fnames):
        """The values of ``fnames`` (those each model has) on ``records``, a
        recordset or a list of recordsets of different models, as stored."""
        self.env.invalidate_all()
        recordsets = records if isinstance(records, list) else [records]
        return [
            tuple(record[fname] for fname in fnames if fname in record._fields)
            for recordset in recordsets
            for record in recordset
        ]

    @contextmanager
    def _capture_sql(self):
        """Every SQL statement the test cursor runs inside the block."""
        statements = []
        execute = Cursor.execute

        def spy(cursor, query, params=None, log_exceptions=None):
            statements.append(str(query.code if hasattr(query, "code") else query))
            return execute(cursor, query, params, log_exceptions)

        self.env.flush_all()
        with patch.object(Cursor, "execute", spy):
            yield statements
            self.env.flush_all()
