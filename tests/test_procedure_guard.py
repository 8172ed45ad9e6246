from datetime import date, datetime

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .loan_common import LoanCase

GUARDED_MODELS = (
    "dossier.dossier",
    "dossier.document",
    "dossier.loan",
    "dossier.copy.batch",
    "dossier.disposal",
    "dossier.disposal.line",
    "dossier.assessment",
    "dossier.monthly.send",
    "dossier.access.log",
    "dossier.consultation",
    "dossier.share",
    "dossier.key.log",
    "dossier.incident",
    "dossier.clearout",
    "dossier.stocktaking",
    "dossier.stocktaking.line",
)
# The opening date of an older contract may be entered with the draft dossier
# (the Open button keeps it); once opened, only the Open button has set it.
FREE_ON_CREATE = {("dossier.dossier", "date_opened")}


@tagged("post_install", "-at_install")
class TestProcedureGuard(LoanCase):
    """No one writes a workflow field directly, whatever their role: every model,
    every guarded field, every role, by write and by create."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.roles = {
            "user": cls.staff,
            "archivist": cls.archivist,
            "manager": cls.manager,
            "admin": cls.admin,
        }
        loan = (
            cls.env["dossier.loan"]
            .with_user(cls.staff)
            .create({"dossier_id": cls.dossier.id, "purpose": "Renewal"})
        )
        photocopy = (
            cls.env["dossier.loan"]
            .with_user(cls.staff)
            .create(
                {
                    "dossier_id": cls.dossier.id,
                    "purpose": "Copy",
                    "loan_type": "photocopy",
                }
            )
        )
        photocopy.with_user(cls.manager).action_approve()
        batch = (
            cls.env["dossier.copy.batch"]
            .with_user(cls.archivist)
            .create({"loan_id": photocopy.id, "pages": 2})
        )
        disposal = cls.env["dossier.disposal"].with_user(cls.archivist).create({})
        line = cls.env["dossier.disposal.line"].create(
            {"disposal_id": disposal.id, "dossier_id": cls.public.id}
        )
        assessment = (
            cls.env["dossier.assessment"]
            .with_user(cls.manager)
            .create({"custodian_id": cls.archivist.id})
        )
        # Only the procedures write these two: the test takes one of each.
        send = cls.env["dossier.monthly.send"]._procedure_create(
            {"company_id": cls.company.id, "month": date(2026, 1, 1)}
        )
        cls.confidential.with_user(cls.archivist)._log_access("print")
        access_log = cls.env["dossier.access.log"].search(
            [("dossier_id", "=", cls.confidential.id)]
        )
        consultation = cls.env["dossier.consultation"].create(
            {"dossier_id": cls.confidential.id, "purpose": "Guard"}
        )
        share = (
            cls.env["dossier.share"]
            .with_user(cls.staff)
            .create(
                {
                    "dossier_id": cls.dossier.id,
                    "recipient_id": cls.env["res.partner"]
                    .create({"name": "Guard Bank", "is_company": True})
                    .id,
                    "purpose": "Guard",
                    "document_ids": [Command.set(cls.documents[:1].ids)],
                    "date_end": date(2099, 1, 1),
                }
            )
        )
        key_log = (
            cls.env["dossier.key.log"]
            .with_user(cls.archivist)
            .create({"location_id": cls.cabinet.id, "reason": "Lost my key"})
        )
        incident = (
            cls.env["dossier.incident"]
            .with_user(cls.archivist)
            .create(
                {
                    "dossier_id": cls.dossier.id,
                    "incident_type": "damage",
                    "responsible_id": cls.staff.id,
                }
            )
        )
        clearout = cls.env["dossier.clearout"].create({"company_id": cls.company.id})
        Stocktaking = cls.env["dossier.stocktaking"].with_user(cls.archivist)
        stocktaking = Stocktaking.create({"location_id": cls.box.id})
        stocktaking.action_start()
        # A line found without being listed (a dossier in no cabinet).
        unplaced = cls._new_dossier(barcode="GUARD-UNPLACED")
        unplaced.action_open()
        stocktaking._scan("GUARD-UNPLACED")
        # A second one, for the line's stock-taking to be forged.
        Stocktaking.create({"location_id": cls.cabinet.id})
        cls.records = {
            "dossier.dossier": cls.dossier,
            "dossier.document": cls.documents[0],
            "dossier.loan": loan,
            "dossier.copy.batch": batch,
            "dossier.disposal": disposal,
            "dossier.disposal.line": line,
            "dossier.assessment": assessment,
            "dossier.monthly.send": send,
            "dossier.access.log": access_log,
            "dossier.consultation": consultation,
            "dossier.share": share,
            "dossier.key.log": key_log,
            "dossier.incident": incident,
            "dossier.clearout": clearout,
            "dossier.stocktaking": stocktaking,
            "dossier.stocktaking.line": stocktaking.line_ids.filtered(
                lambda line: not line.expected
            ),
        }
        cls.other_user = cls.staff_2
        cls.env["res.company"].create({"name": "Other Archive Co."})

    def _forged_value(self, record, fname):
        """A value that differs from the field's current value and default."""
        field = record._fields[fname]
        current = record[fname]
        if field.type == "selection":
            if fname == "condition":
                return "repair"
            values = [key for key, _label in field._description_selection(self.env)]
            default = field.default(record) if field.default else False
            return next(v for v in reversed(values) if v not in (current, default))
        if field.type == "many2one":
            if field.comodel_name == "res.users":
                return self.other_user.id
            comodel = self.env[field.comodel_name]
            other = comodel.search([("id", "not in", current.ids)], limit=1)
            self.assertTrue(other, f"no other {field.comodel_name} to forge {fname}")
            return other.id
        if field.type in ("many2many", "one2many"):
            comodel = self.env[field.comodel_name]
            return [Command.set(comodel.search([], limit=1).ids)]
        if field.type == "date":
            return date(2001, 2, 3)
        if field.type == "datetime":
            return datetime(2001, 2, 3, 4, 5, 6)
        if field.type == "integer":
            return current + 7
        if field.type == "boolean":
            return not current
        return "Forged"

    def _snapshot(self, record, fname):
        record.invalidate_recordset([fname])
        return record[fname]

    def test_guarded_fields_refused_to_every_role(self):
        writes = creates = 0
        for model in GUARDED_MODELS:
            record = self.records[model]
            guarded = record._procedure_fields()
            self.assertTrue(guarded, model)
            for fname, buttons in guarded.items():
                value = self._forged_value(record, fname)
                before = self._snapshot(record, fname)
                for role, user in {**self.roles, "superuser": None}.items():
                    target = record.sudo() if user is None else record.with_user(user)
                    with (
                        self.subTest(model=model, field=fname, role=role, op="write"),
                        self.assertRaisesRegex(
                            UserError, "recorded by its procedure"
                        ) as caught,
                    ):
                        target.write({fname: value})
                    self.assertIn(buttons, str(caught.exception))
                    self.assertEqual(self._snapshot(record, fname), before)
                    writes += 1
                    if (model, fname) in FREE_ON_CREATE:
                        continue
                    Model = target.browse()
                    with (
                        self.subTest(model=model, field=fname, role=role, op="create"),
                        self.assertRaisesRegex(
                            UserError, "recorded by its procedure"
                        ) as caught,
                    ):
                        Model.create({fname: value})
                    self.assertIn(buttons, str(caught.exception))
                    creates += 1
        # 127 guarded fields (126 on create), 5 roles (4 + the superuser): if a
        # model or a field leaves the guard, the count says so.
        self.assertEqual((writes, creates), (635, 630))

    def test_the_procedure_token_cannot_be_sent_by_a_client(self):
        loan = self.records["dossier.loan"]
        for forged in (True, 1, "1", "dossier_procedure", {"token": True}):
            with (
                self.subTest(forged=forged),
                self.assertRaisesRegex(UserError, "recorded by its procedure"),
            ):
                loan.with_user(self.admin).with_context(dossier_procedure=forged).write(
                    {"state": "approved"}
                )
        self.assertEqual(loan.state, "requested")

    def test_context_defaults_cannot_set_a_guarded_field(self):
        Loan = self.env["dossier.loan"].with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Use the Approve, Reject"):
            Loan.with_context(default_state="approved").create(
                {"dossier_id": self.public.id, "purpose": "Forged"}
            )
        with self.assertRaisesRegex(UserError, "Use the Approve and Reject"):
            Loan.with_context(default_approver_id=self.manager.id).create(
                {"dossier_id": self.public.id, "purpose": "Forged"}
            )

    def test_defaults_are_accepted_on_create(self):
        """A client sending the defaults it was given is not refused."""
        loan = (
            self.env["dossier.loan"]
            .with_user(self.staff)
            .create(
                {
                    "dossier_id": self.public.id,
                    "purpose": "Defaults sent back",
                    "state": "requested",
                    "requester_id": self.staff.id,
                    "date_requested": fields.Datetime.now(),
                    "lent_document_ids": [Command.set([])],
                }
            )
        )
        self.assertEqual((loan.state, loan.requester_id), ("requested", self.staff))
        dossier = self._new_dossier(state="draft", date_opened=date(2026, 1, 5))
        self.assertEqual(dossier.date_opened, date(2026, 1, 5))

    def test_unchanged_value_and_free_fields_are_not_refused(self):
        dossier = self.records["dossier.dossier"]
        dossier.with_user(self.archivist).write({"state": "archived", "notes": "ok"})
        document = self.records["dossier.document"]
        document.with_user(self.archivist).write({"condition": "damaged"})
        self.assertEqual(document.condition, "damaged")

    def test_import_is_refused_with_the_sentence(self):
        result = (
            self.env["dossier.dossier"]
            .with_user(self.manager)
            .load(["partner_id/id", "state"], [["base.main_partner", "closed"]])
        )
        self.assertFalse(result["ids"])
        self.assertIn(
            "Use the Open, Archive Formally, Close Dossier and Reopen buttons",
            " ".join(message["message"] for message in result["messages"]),
        )


@tagged("post_install", "-at_install")
class TestProcedureGuardRpc(HttpCase):
    """Over JSON-RPC, whatever the context says, the admin cannot approve a loan
    by writing its state."""

    def test_json_rpc_cannot_send_the_procedure_token(self):
        dossier = self.env["dossier.dossier"].create(
            {"partner_id": self.env["res.partner"].create({"name": "RPC Co."}).id}
        )
        dossier.action_open()
        loan = self.env["dossier.loan"].create(
            {"dossier_id": dossier.id, "purpose": "RPC", "borrower_id": self.env.uid}
        )
        self.authenticate("admin", "admin")
        response = self.opener.post(
            f"{self.base_url()}/web/dataset/call_kw/dossier.loan/write",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "model": "dossier.loan",
                    "method": "write",
                    "args": [loan.ids, {"state": "approved"}],
                    "kwargs": {"context": {"dossier_procedure": True}},
                },
            },
        ).json()
        self.assertIn("recorded by its procedure", response["error"]["data"]["message"])
        loan.invalidate_recordset()
        self.assertEqual(loan.state, "requested")
