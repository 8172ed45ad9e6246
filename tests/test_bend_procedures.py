"""Issue 23: the procedures' registers cannot be bent. Each test is what a role
tried, over the ORM as that user (and once per model over JSON-RPC): rewriting a
number, a stored related field, what was decided or closed; deleting what is
kept with the uninstall flag; deciding what one may not decide."""

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..const import STAFF_USER_DOMAIN
from .loan_common import LoanCase
from .retention_common import DossierRetentionCase
from .test_stocktaking import StocktakingCase


def load_refusal(records, fname, value):
    """Import ``value`` into ``fname`` of ``records`` (one record) as a user
    would: the messages of the refused import, and the record untouched."""
    result = records.load([".id", fname], [[str(records.id), value]])
    return result["ids"], " ".join(message["message"] for message in result["messages"])


@tagged("post_install", "-at_install")
class TestBendIncident(LoanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Archive"})
        cls.foreigner = new_test_user(
            cls.env,
            login="bend_foreigner",
            groups="partner_dossier.group_dossier_archivist",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    def _incident(self, responsible=None, **values):
        return (
            self.env["dossier.incident"]
            .with_user(self.archivist)
            .create(
                {
                    "dossier_id": self.dossier.id,
                    "incident_type": "damage",
                    "found_during": "other",
                    "responsible_id": (responsible or self.staff).id,
                    "description": "Coffee on page 2",
                    "amount": 100,
                    **values,
                }
            )
        )

    def test_number_rewritten_by_write_and_load(self):
        incident = self._incident()
        number = incident.name
        for user in (self.archivist, self.manager):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                incident.with_user(user).write({"name": "INC/FORGED"})
            ids, messages = load_refusal(incident.with_user(user), "name", "INC/X")
            self.assertFalse(ids)
            self.assertIn("cannot be changed", messages)
        incident.invalidate_recordset()
        self.assertEqual(incident.name, number)

    def test_custodian_rewritten(self):
        """The custodian is the dossier's: written through the incident, it would
        hand the dossier over."""
        incident = self._incident()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            incident.with_user(self.manager).write({"custodian_id": self.staff.id})
        self.dossier.invalidate_recordset()
        self.assertEqual(self.dossier.custodian_id, self.archivist_2)

    def test_text_dates_and_origin_frozen_once_decided(self):
        loan = self._checked_out(self.staff)
        incident = self._incident(found_during="return_check", loan_id=loan.id)
        incident.with_user(self.manager).action_decide()
        forged = {
            "description": "Nothing happened",
            "date_found": date(2001, 2, 3),
            "found_during": "stock_taking",
            "loan_id": False,
        }
        for user in (self.archivist, self.manager):
            for fname, value in forged.items():
                with (
                    self.subTest(user=user.login, field=fname),
                    self.assertRaisesRegex(UserError, "cannot be changed while"),
                ):
                    incident.with_user(user).write({fname: value})
        incident.invalidate_recordset()
        self.assertEqual(
            (incident.description, incident.found_during, incident.loan_id),
            ("Coffee on page 2", "return_check", loan),
        )
        # The restoration note is still written, to close it.
        incident.with_user(self.manager).write({"restoration_note": "Cannot be"})
        incident.with_user(self.manager).action_close()
        with self.assertRaisesRegex(UserError, "cannot be changed while"):
            incident.with_user(self.manager).write({"restoration_note": "Changed"})

    def test_responsible_who_reassigns_does_not_decide(self):
        incident = self._incident(responsible=self.manager)
        manager_incident = incident.with_user(self.manager)
        manager_incident.write({"responsible_id": self.staff.id})
        self.assertEqual(incident.responsible_history_ids, self.manager | self.staff)
        with self.assertRaisesRegex(UserError, "You were named the person responsible"):
            manager_incident.action_decide()
        # Nor does closing it without restoration (nothing owed) decide it.
        manager_incident.write({"restoration_note": "Nothing to pay"})
        with self.assertRaisesRegex(UserError, "You were named the person responsible"):
            manager_incident.action_close()
        self.assertEqual(incident.state, "reported")
        # The history is the procedure's: no one rewrites it.
        with self.assertRaisesRegex(UserError, "recorded by its procedure"):
            manager_incident.write({"responsible_history_ids": [Command.clear()]})
        incident.with_user(self.manager_2).action_decide()
        self.assertEqual(incident.decider_id, self.manager_2)

    def test_responsible_is_an_active_internal_user_of_the_company(self):
        field = self.env["dossier.incident"]._fields["responsible_id"]
        self.assertEqual(field.domain, STAFF_USER_DOMAIN)
        offered = self.env["res.users"].search(
            safe_eval(STAFF_USER_DOMAIN, {"company_id": self.company.id})
        )
        outsiders = {
            "OdooBot": self.env.ref("base.user_root"),
            "portal template": self.env.ref("base.template_portal_user_id"),
            "another company's user": self.foreigner,
        }
        self.assertIn(self.staff, offered)
        for label, user in outsiders.items():
            self.assertNotIn(user, offered, label)
            incident = self._incident(responsible=user)
            with (
                self.subTest(responsible=label),
                self.assertRaisesRegex(UserError, "only an active internal user"),
            ):
                incident.with_user(self.manager).action_decide()
            self.assertEqual(incident.state, "reported")


@tagged("post_install", "-at_install")
class TestBendStocktaking(StocktakingCase):
    def test_number_rewritten_by_write_and_load(self):
        stocktaking = self._started()
        number = stocktaking.name
        self.assertTrue(number)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            stocktaking.with_user(self.archivist).write({"name": "ST/FORGED"})
        ids, messages = load_refusal(
            stocktaking.with_user(self.manager), "name", "ST/FORGED"
        )
        self.assertFalse(ids)
        self.assertIn("cannot be changed", messages)
        stocktaking.invalidate_recordset()
        self.assertEqual(stocktaking.name, number)

    def test_location_changed_while_counting(self):
        stocktaking = self._started(self.box)
        for user in (self.archivist, self.manager):
            with self.assertRaisesRegex(UserError, "cannot be changed while"):
                stocktaking.with_user(user).write({"location_id": self.cabinet.id})
        self.assertEqual(stocktaking.location_id, self.box)
        # The scan input is what stays writable while counting.
        stocktaking.with_user(self.archivist).write({"scan_code": "ST-BOX"})
        stocktaking.with_user(self.archivist).action_record_scan()
        self.assertFalse(stocktaking.scan_code)
        self.assertEqual(self._line(stocktaking, self.in_box).result, "found")

    def test_close_date_and_name_rewritten_after_closing(self):
        stocktaking = self._started(self.box)
        stocktaking.action_close()
        closed = (stocktaking.name, stocktaking.date_done)
        for user in (self.archivist, self.manager):
            with self.assertRaisesRegex(UserError, "recorded by its procedure"):
                stocktaking.with_user(user).write(
                    {"date_done": datetime(2001, 2, 3, 4, 5, 6)}
                )
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                stocktaking.with_user(user).write({"name": "ST/FORGED"})
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                stocktaking.with_user(user).write({"scan_code": "ST-BOX"})
        stocktaking.invalidate_recordset()
        self.assertEqual((stocktaking.name, stocktaking.date_done), closed)

    def test_finished_stocktaking_deleted_with_force_unlink(self):
        stocktaking = self._started(self.box)
        stocktaking.action_close()
        with self.assertRaisesRegex(UserError, "has started and is kept"):
            stocktaking.with_user(self.archivist).with_context(
                _force_unlink=True
            ).unlink()
        self.assertTrue(stocktaking.exists())


@tagged("post_install", "-at_install")
class TestBendAssessment(LoanCase):
    def test_confirmed_assessment_deleted_with_force_unlink(self):
        assessment = (
            self.env["dossier.assessment"]
            .with_user(self.manager)
            .create({"custodian_id": self.archivist.id})
        )
        assessment.write({"grade": "b"})
        assessment.with_user(self.manager_2).action_confirm()
        with self.assertRaisesRegex(UserError, "is confirmed and is kept"):
            assessment.with_user(self.manager).with_context(_force_unlink=True).unlink()
        self.assertTrue(assessment.exists())
        with self.assertRaisesRegex(UserError, "cannot be changed while"):
            assessment.with_user(self.manager).write({"grade": "a"})


@tagged("post_install", "-at_install")
class TestBendDisposal(DossierRetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.due = cls._closed_dossier("Bend Customer")
        cls.other_company = cls.env["res.company"].create({"name": "Other Archive"})
        cls.foreigner = new_test_user(
            cls.env,
            login="bend_disposal_foreigner",
            groups="partner_dossier.group_dossier_archivist",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

    def _proposal(self, user=None):
        return (
            self.env["dossier.disposal"]
            .with_user(user or self.archivist)
            .create(
                {
                    "method": "shredding",
                    "line_ids": [Command.create({"dossier_id": self.due.id})],
                }
            )
        )

    def test_last_editor_of_the_list_does_not_approve(self):
        """The job proposes; a manager adds a dossier and approves: refused."""
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            self.env(cr=cr)["dossier.disposal"]._cron_propose_disposals()
        self.env.invalidate_all()
        disposal = self.env["dossier.disposal"].search(
            [("line_ids.dossier_id", "=", self.due.id)]
        )
        self.assertEqual(disposal.list_editor_id, self.env.ref("base.user_root"))
        disposal.write({"method": "shredding"})
        extra = self._closed_dossier("Bend Extra Customer")
        disposal.with_user(self.manager).write(
            {"line_ids": [Command.create({"dossier_id": extra.id})]}
        )
        self.assertEqual(disposal.list_editor_id, self.manager)
        with self.assertRaisesRegex(UserError, "You changed the list"):
            disposal.with_user(self.manager).action_approve()
        # Removing a line is changing the list too.
        disposal.line_ids.filtered(lambda line: line.dossier_id == extra).with_user(
            self.manager_2
        ).unlink()
        self.assertEqual(disposal.list_editor_id, self.manager_2)
        with self.assertRaisesRegex(UserError, "You changed the list"):
            disposal.with_user(self.manager_2).action_approve()
        disposal.with_user(self.manager).action_approve()
        self.assertEqual(disposal.approver_id, self.manager)
        # Once approved, the list and its lines are kept.
        with self.assertRaisesRegex(UserError, "cannot be changed while"):
            disposal.line_ids.with_user(self.archivist).write({"dossier_id": extra.id})
        with self.assertRaisesRegex(UserError, "recorded by its procedure"):
            disposal.with_user(self.archivist).write(
                {"list_editor_id": self.archivist.id}
            )

    def test_wizard_proposes_only_due_dossiers(self):
        """The proposal is a procedure: the wizard does not take a dossier the
        client adds to its list."""
        later = self._closed_dossier("Bend Later Customer", closed=str(self.today))
        wizard = (
            self.env["dossier.disposal.propose"]
            .with_user(self.archivist)
            .create({"dossier_ids": [Command.set((self.due | later).ids)]})
        )
        with self.assertRaisesRegex(UserError, "Only dossiers due for disposal"):
            wizard.action_propose()
        self.assertFalse(later.disposal_line_ids)
        wizard.dossier_ids = self.due
        wizard.action_propose()
        disposal = self.due.disposal_line_ids.disposal_id
        self.assertEqual(
            (disposal.proposer_id, disposal.list_editor_id),
            (self.archivist, self.archivist),
        )

    def test_witnesses_and_executor_are_active_internal_users(self):
        field = self.env["dossier.disposal"]._fields["witness_1_id"]
        self.assertEqual(field.domain, STAFF_USER_DOMAIN)
        offered = self.env["res.users"].search(
            safe_eval(STAFF_USER_DOMAIN, {"company_id": self.env.company.id})
        )
        odoobot = self.env.ref("base.user_root")
        outsiders = {
            "OdooBot": odoobot,
            "portal template": self.env.ref("base.template_portal_user_id"),
            "another company's user": self.foreigner,
        }
        self.assertIn(self.witness_a, offered)
        for label, user in outsiders.items():
            self.assertNotIn(user, offered, label)
            # At the approval...
            disposal = self._proposal()
            disposal.write({"witness_1_id": user.id, "witness_2_id": self.witness_b.id})
            with (
                self.subTest(witness=label, at="approval"),
                self.assertRaisesRegex(UserError, "only an active internal user"),
            ):
                disposal.with_user(self.manager).action_approve()
            self.assertEqual(disposal.state, "proposed")
            # ...and at the execution, when named after the approval.
            disposal.write({"witness_1_id": self.witness_a.id})
            disposal.with_user(self.manager).action_approve()
            disposal.with_user(self.archivist).write({"witness_1_id": user.id})
            with (
                self.subTest(witness=label, at="execution"),
                self.assertRaisesRegex(UserError, "only an active internal user"),
            ):
                disposal.with_user(self.archivist).action_done()
            self.assertEqual(disposal.state, "approved")
            disposal.with_user(self.archivist).action_cancel()
        # OdooBot does not execute one either.
        disposal = self._proposal()
        disposal.write(
            {"witness_1_id": self.witness_a.id, "witness_2_id": self.witness_b.id}
        )
        disposal.with_user(self.manager).action_approve()
        with self.assertRaisesRegex(UserError, "cannot be the executor"):
            disposal.with_user(odoobot).action_done()
        self.assertEqual(disposal.state, "approved")


@tagged("post_install", "-at_install")
class TestBendProceduresRpc(HttpCase):
    """Over JSON-RPC, as the administrator (a dossier manager), with the
    context switches a client could send: one refused write per model."""

    def _call(self, record, vals):
        response = self.opener.post(
            f"{self.base_url()}/web/dataset/call_kw/{record._name}/write",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": record._name,
                    "method": "write",
                    "args": [record.ids, vals],
                    "kwargs": {
                        "context": {
                            "dossier_procedure": True,
                            "tracking_disable": True,
                            "_force_unlink": True,
                        }
                    },
                },
            },
        ).json()
        return response.get("error", {}).get("data", {}).get("message", str(response))

    def test_each_register_refuses_over_json_rpc(self):
        env = self.env
        partner = env["res.partner"].create({"name": "RPC Bend Co."})
        dossier = env["dossier.dossier"].create({"partner_id": partner.id})
        dossier.action_open()
        location = env["dossier.location"].create({"name": "RPC Cabinet"})
        admin = env.ref("base.user_admin")
        incident = env["dossier.incident"].create(
            {"dossier_id": dossier.id, "responsible_id": admin.id}
        )
        stocktaking = env["dossier.stocktaking"].create({"location_id": location.id})
        stocktaking.action_start()
        stocktaking_line = env["dossier.stocktaking.line"]._procedure_create(
            {"stocktaking_id": stocktaking.id, "dossier_id": dossier.id}
        )
        disposal = env["dossier.disposal"].create({})
        disposal_line = env["dossier.disposal.line"].create(
            {"disposal_id": disposal.id, "dossier_id": dossier.id}
        )
        assessment = env["dossier.assessment"].create({"custodian_id": admin.id})
        clearout = env["dossier.clearout"].create({})
        clearout_line = env["dossier.clearout.line"]._procedure_create(
            {"clearout_id": clearout.id, "dossier_id": dossier.id}
        )
        forged = [
            (incident, "name", "INC/RPC"),
            (
                stocktaking,
                "location_id",
                env["dossier.location"].create({"name": "RPC Other"}).id,
            ),
            (stocktaking_line, "result", "found"),
            (disposal, "list_editor_id", admin.id),
            (disposal_line, "state", "done"),
            (assessment, "overall_score", 42.0),
            (clearout, "date", "2001-02-03"),
            (clearout_line, "last_activity", "2001-02-03"),
        ]
        self.authenticate("admin", "admin")
        for record, fname, value in forged:
            before = record[fname]
            with self.subTest(model=record._name, field=fname):
                message = self._call(record, {fname: value})
                self.assertRegex(message, "recorded by its procedure|cannot be changed")
                record.invalidate_recordset()
                self.assertEqual(record[fname], before)
