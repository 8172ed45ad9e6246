from datetime import date, datetime, timedelta

from odoo import models
from odoo.fields import Command
from odoo.tests import Form, HttpCase, tagged

from ..tools.dossier_timezone import archive_today
from .common import SIGNATURE, DossierCase, call_kw
from .constraint_common import DATABASE_TEXTS, user_message
from .loan_common import LoanCase


@tagged("post_install", "-at_install")
class TestConstraintsFirst(LoanCase):
    """Each CHECK and UNIQUE constraint of the addon, tripped the way a user
    would (a form saved, a button pressed), answers with the rule's sentence,
    never with the database's text: the database holds the rule, Odoo turns its
    error into the constraint's message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.photocopy = (
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
        cls.photocopy.with_user(cls.manager).action_approve()
        cls.batch = (
            cls.env["dossier.copy.batch"]
            .with_user(cls.archivist)
            .create(
                {
                    "loan_id": cls.photocopy.id,
                    "pages": 2,
                    "taken_out": True,
                    "pending_signature": SIGNATURE,
                }
            )
        )
        cls.cabinet.write({"primary_key_holder_id": cls.archivist.id})
        # A closed dossier whose retention has ended, proposed for disposal.
        cls.closed = cls._archived_dossier(cls._new_customer("Closed Co."))
        cls.closed.action_close()
        cls.closed._procedure().write(
            {
                "date_closed": date(2000, 1, 15),
                "retention_policy_id": cls.env.ref(
                    "partner_dossier.retention_policy_10_years"
                ).id,
            }
        )
        cls.proposal = (
            cls.env["dossier.disposal"]
            .with_user(cls.archivist)
            .create(
                {
                    "method": "shredding",
                    "line_ids": [Command.create({"dossier_id": cls.closed.id})],
                }
            )
        )

    def _form(self, user, model_or_record, **context):
        record = model_or_record.with_user(user).with_context(**context)
        return Form(record)

    # ------------------------------------------------------------------ trips

    def _consultation(self):
        return (
            self.env["dossier.consultation"]
            .with_user(self.staff)
            .create({"dossier_id": self.dossier.id, "purpose": "Contract check"})
        )

    def _consultation_ending_before_it_starts(self):
        form = self._form(self.staff, self.env["dossier.consultation"])
        form.dossier_id = self.dossier
        form.purpose = "Contract check"
        form.date_end = datetime(2001, 1, 1)
        form.save()

    def _consultation_approved_by_its_requester(self):
        # No button lets a requester approve: the database still says no, should a
        # procedure forget it.
        consultation = self._consultation()
        consultation._procedure().write(
            {"state": "approved", "approver_id": self.staff.id}
        )

    def _consultation_logged_twice(self):
        consultation = self._consultation()
        consultation.with_user(self.manager).action_approve()
        consultation._log_grant("consultation")

    def _share(self, **values):
        return (
            self.env["dossier.share"]
            .with_user(self.staff)
            .create(
                {
                    "dossier_id": self.dossier.id,
                    "recipient_id": self.env["res.partner"]
                    .create({"name": "Constraint Bank", "is_company": True})
                    .id,
                    "purpose": "Loan application",
                    "document_ids": [Command.set(self.documents[:1].ids)],
                    "date_end": archive_today(self.env.company) + timedelta(days=7),
                    **values,
                }
            )
        )

    def _share_ending_when_it_starts(self):
        self._share(date_end=archive_today(self.env.company))

    def _share_approved_by_its_requester(self):
        # No button lets a requester approve: the database says no too.
        self._share()._procedure().write(
            {"state": "approved", "approver_id": self.staff.id}
        )

    def _dossier_content_twice(self):
        self.dossier.notes = "<p>First</p>"
        self.env["dossier.content"]._procedure_create(
            {"dossier_id": self.dossier.id, "notes": "<p>Second</p>"}
        )

    def _backup_recorded_twice(self):
        for _run in range(2):
            self.env["dossier.backup"]._procedure_create(
                [{"name": "db-20261207T120000Z", "date": datetime(2026, 12, 7, 12)}]
            )

    def _dossier_twice_in_a_stocktaking(self):
        stocktaking = (
            self.env["dossier.stocktaking"]
            .with_user(self.archivist)
            .create({"location_id": self.cabinet.id})
        )
        stocktaking.action_start()
        line = stocktaking.line_ids[:1]
        self.assertTrue(line, "the cabinet holds a dossier")
        line.with_user(self.archivist)._procedure_create(
            {"stocktaking_id": stocktaking.id, "dossier_id": line.dossier_id.id}
        )

    def _copies_zero(self):
        form = self._form(
            self.archivist,
            self.env["dossier.copy.batch"],
            default_loan_id=self.photocopy.id,
        )
        form.copies = 0
        form.pages = 1
        form.save()

    def _pages_zero(self):
        form = self._form(
            self.archivist,
            self.env["dossier.copy.batch"],
            default_loan_id=self.photocopy.id,
        )
        form.pages = 0
        form.save()

    def _copies_returned_too_many(self):
        form = self._form(self.archivist, self.batch)
        form.copies_returned = self.batch.copies + 1
        form.save()

    def _negative_pages(self):
        form = self._form(self.archivist, self.documents[0])
        form.pages = -1
        form.save()

    def _document_type_code(self):
        form = self._form(self.manager, self.env["dossier.document.type"])
        form.name = "Second contract type"
        form.code = self.type_contract.code
        form.save()

    def _dossier_barcode(self):
        form = self._form(self.archivist, self.env["dossier.dossier"])
        form.partner_id = self._new_customer("Barcode Co.")
        form.barcode = self.dossier.barcode
        form.save()

    def _reference_taken(self):
        # No client writes a reference (issue 23); an administrator sets the
        # company's dossier sequence back by hand.
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "dossier.dossier"), ("company_id", "=", self.company.id)]
        )
        form = self._form(self.admin, sequence)
        form.number_next_actual = 1
        form.save()
        form = self._form(self.archivist, self.env["dossier.dossier"])
        form.partner_id = self._new_customer("Reference Co.")
        form.barcode = "REFERENCE-CO"
        form.save()

    def _second_active_dossier(self):
        form = self._form(self.archivist, self.env["dossier.dossier"])
        form.partner_id = self.customer
        form.save()

    def _no_copy_requested(self):
        form = self._form(self.staff, self.env["dossier.loan"])
        form.dossier_id = self.public
        form.purpose = "Copies"
        form.loan_type = "photocopy"
        form.copies_requested = 0
        form.save()

    def _due_before_request(self):
        form = self._form(self.staff, self.env["dossier.loan"])
        form.dossier_id = self.public
        form.purpose = "Yesterday"
        form.date_wanted = date(2020, 1, 1)
        form.save()

    def _second_reading_out(self):
        self._checked_out(self.staff)
        self._approved(self.staff_2).with_user(self.archivist).action_checkout(
            signature=SIGNATURE
        )

    def _location_barcode(self):
        form = self._form(self.archivist, self.env["dossier.location"])
        form.name = "Cabinet Twin"
        form.barcode = self.cabinet.barcode
        form.save()

    def _one_key_holder_twice(self):
        form = self._form(self.manager, self.cabinet)
        form.backup_key_holder_id = self.archivist
        form.save()

    def _permanent_with_years(self):
        policy = self.env["dossier.retention.policy"].create(
            {"name": "Ten", "years": 10}
        )
        form = self._form(self.manager, policy)
        # The form hides the years of a permanent policy; an import does not.
        policy.with_user(self.manager).write({"permanent": True})
        form.save()

    def _term_without_years(self):
        form = self._form(self.manager, self.env["dossier.retention.policy"])
        form.name = "Some day"
        form.years = 0
        form.save()

    def _same_witness_twice(self):
        form = self._form(self.archivist, self.env["dossier.disposal"])
        form.method = "shredding"
        form.witness_1_id = self.staff
        form.witness_2_id = self.staff
        form.save()

    def _approver_as_witness(self):
        self.proposal.with_user(self.manager).action_approve()
        form = self._form(self.archivist, self.proposal)
        form.witness_2_id = self.manager
        form.save()

    def _dossier_in_two_disposals(self):
        form = self._form(self.archivist, self.env["dossier.disposal"])
        form.method = "shredding"
        with form.line_ids.new() as line:
            line.dossier_id = self.closed
        form.save()

    def _statistics_sent_twice(self):
        sends = self.env["dossier.monthly.send"].with_user(self.manager)
        sends._send_month(self.company, date(2026, 1, 1))
        sends._send_month(self.company, date(2026, 1, 1))

    def _assessment_period(self):
        form = self._form(self.manager, self.env["dossier.assessment"])
        form.custodian_id = self.archivist
        form.date_from = date(2026, 3, 31)
        form.date_to = date(2026, 3, 1)
        form.save()

    def _negative_incident_amount(self):
        form = self._form(self.archivist, self.env["dossier.incident"])
        form.dossier_id = self.dossier
        form.responsible_id = self.staff
        form.amount = -10
        form.save()

    def _second_open_alert(self):
        """Two open alerts of one rule for one user: the detection updates the
        open one (and a concurrent second one is refused by the database)."""
        values = {
            "rule": "export",
            "company_id": self.company.id,
            "user_id": self.staff.id,
            "date": "2026-03-04 02:00:00",
            "date_last": "2026-03-04 02:00:00",
        }
        Alert = self.env["dossier.alert"]
        Alert._procedure_create([values])
        Alert._procedure_create([values])

    def _archive_code_taken(self):
        self.company.write(
            {"dossier_archive_code": True, "dossier_fonds_number": "Z009"}
        )
        self.category.code = "KH"
        first = self._archived_dossier(self._new_customer("First Coded Co."))
        # An administrator sets the archive-code sequence back by hand.
        sequence = self.env["ir.sequence"].search(
            [("code", "=like", "dossier.archive.code:%")]
        )
        form = self._form(self.admin, sequence)
        form.number_next_actual = 1
        form.save()
        second = self._new_dossier(
            partner=self._new_customer("Second Coded Co."), location_id=self.box.id
        )
        second.action_open()
        self._add_documents(second, self.type_contract | self.type_licence)
        self.assertTrue(first.archive_code)
        second.with_user(self.archivist).action_archive_formally()

    def _settings(self, fname, value):
        form = self._form(self.admin, self.env["res.config.settings"])
        setattr(form, fname, value)
        form.save()

    # ------------------------------------------------------------------ test

    def test_every_constraint_answers_with_its_sentence(self):
        cases = [
            ("_copies_positive", self._copies_zero, "at least one copy"),
            ("_pages_positive", self._pages_zero, "at least one page"),
            (
                "_copies_returned_range",
                self._copies_returned_too_many,
                "More copies cannot come back",
            ),
            ("_pages_not_negative", self._negative_pages, "cannot be negative"),
            (
                "_code_unique",
                self._document_type_code,
                "Another document type already has this code",
            ),
            (
                "dossier _barcode_unique",
                self._dossier_barcode,
                "Another dossier of this company already has this barcode",
            ),
            (
                "_archive_code_unique",
                self._archive_code_taken,
                "Another dossier of this company already has this archive code",
            ),
            (
                "_reference_unique",
                self._reference_taken,
                "Another dossier of this company already has this reference",
            ),
            (
                "_one_active_per_partner",
                self._second_active_dossier,
                "already has a dossier that is not closed",
            ),
            (
                "_copies_requested_positive",
                self._no_copy_requested,
                "At least one copy must be requested",
            ),
            (
                "_due_after_request",
                self._due_before_request,
                "cannot be due before it was requested",
            ),
            (
                "_one_open_reading_per_dossier",
                self._second_reading_out,
                "can be lent to one reader at a time",
            ),
            (
                "location _barcode_unique",
                self._location_barcode,
                "Another location of this company already has this barcode",
            ),
            (
                "_key_holders_differ",
                self._one_key_holder_twice,
                "held by two different people",
            ),
            (
                "_permanent_without_years",
                self._permanent_with_years,
                "cannot also have a number of years",
            ),
            (
                "_term_has_years",
                self._term_without_years,
                "needs a duration of at least one year",
            ),
            (
                "_witnesses_differ",
                self._same_witness_twice,
                "must be two different people",
            ),
            (
                "_approver_not_witness",
                self._approver_as_witness,
                "cannot also be one of its witnesses",
            ),
            (
                "_one_disposal_under_way",
                self._dossier_in_two_disposals,
                "already in a disposal under way",
            ),
            (
                "_once_per_month",
                self._statistics_sent_twice,
                "were already sent to the managers",
            ),
            ("_period_order", self._assessment_period, "cannot end"),
            (
                "_ends_after_start",
                self._consultation_ending_before_it_starts,
                "must end after it starts",
            ),
            (
                "_not_self_approved",
                self._consultation_approved_by_its_requester,
                "approved by a manager other than its requester",
            ),
            (
                "_one_line_per_grant",
                self._consultation_logged_twice,
                "logged once",
            ),
            (
                "_ends_after_start",
                self._share_ending_when_it_starts,
                "must end after the day it starts",
            ),
            (
                "_not_self_approved",
                self._share_approved_by_its_requester,
                "share is approved by a manager other than its requester",
            ),
            (
                "_one_per_dossier",
                self._dossier_content_twice,
                "A dossier has one content record",
            ),
            (
                "_one_line_per_dossier",
                self._dossier_twice_in_a_stocktaking,
                "appears once in a stock-taking",
            ),
            (
                "_dossier_archive_days_positive",
                lambda: self._settings("dossier_archive_days", -1),
                "cannot be negative",
            ),
            (
                "_dossier_backup_check_days_positive",
                lambda: self._settings("dossier_backup_check_days", -1),
                "restore check cannot be negative",
            ),
            (
                "_name_unique",
                self._backup_recorded_twice,
                "A backup run is recorded once",
            ),
            (
                "_dossier_loan_due_hour_range",
                lambda: self._settings("dossier_loan_due_hour", 24.5),
                "between 00:00 and 23:59",
            ),
            (
                "_dossier_monthly_report_day_range",
                lambda: self._settings("dossier_monthly_report_day", 6),
                "between the 1st and the 5th",
            ),
            (
                "_amount_not_negative",
                self._negative_incident_amount,
                "cannot be negative",
            ),
            (
                "_dossier_incident_amount_range",
                lambda: self._settings("dossier_incident_amount_min", 600),
                "not below it",
            ),
            (
                "_dossier_alarm_counts_positive",
                lambda: self._settings("dossier_alarm_export_count", -1),
                "thresholds of the alarms cannot be negative",
            ),
            (
                "_one_open_alert",
                self._second_open_alert,
                "one open alert per rule",
            ),
        ]
        for constraint, trip, sentence in cases:
            with self.subTest(constraint=constraint):
                message = user_message(self.env, trip)
                self.assertIsNotNone(message, "the trip went through")
                self.assertIn(sentence, message)
                for text in DATABASE_TEXTS:
                    self.assertNotIn(text, message)
        # Every constraint the addon declares has its trip above.
        declared = {
            name
            for model in self.env.registry.values()
            for name, table_object in model._table_objects.items()
            if isinstance(table_object, (models.Constraint, models.UniqueIndex))
            and "dossier" in name
        }
        self.assertEqual(len(declared), len(cases), sorted(declared))

    def test_unique_rules_answer_on_edit_too(self):
        """Editing a record to a taken value answers with the rule's sentence
        too, and leaves the record as it was."""
        other = self._new_dossier(partner=self._new_customer("Other Barcode Co."))
        twin = self.env["dossier.location"].create(
            {"name": "Cabinet Twin", "location_type": self.cabinet.location_type}
        )
        other_type = self.env["dossier.document.type"].create(
            {"name": "Other type", "code": "OTHER-TYPE"}
        )
        cases = [
            (self.archivist, other, "barcode", self.dossier.barcode, "this barcode"),
            (self.archivist, twin, "barcode", self.cabinet.barcode, "this barcode"),
            (self.manager, other_type, "code", self.type_contract.code, "this code"),
        ]
        for user, record, fname, value, sentence in cases:
            with self.subTest(model=record._name, field=fname):
                before = record[fname]

                def edit(user=user, record=record, fname=fname, value=value):
                    form = self._form(user, record)
                    setattr(form, fname, value)
                    form.save()

                message = user_message(self.env, edit)
                self.assertIsNotNone(message, "the edit went through")
                self.assertIn(sentence, message)
                for text in DATABASE_TEXTS:
                    self.assertNotIn(text, message)
                self.env.invalidate_all()
                self.assertEqual(record[fname], before)


@tagged("post_install", "-at_install")
class TestConstraintsOverRpc(DossierCase, HttpCase):
    """Through JSON-RPC, as the web client calls: a constraint refused by the
    database answers with the rule's sentence, and nothing is written."""

    def _call(self, model, method, *args):
        """The JSON-RPC error of ``model.method(*args)``, as the web client
        receives it (None when the call succeeds)."""
        return call_kw(self, model, method, args).get("error")

    def _assert_sentence(self, error, sentence):
        self.assertTrue(error, "the call went through")
        message = error["data"]["message"]
        self.assertIn(sentence, message)
        for text in DATABASE_TEXTS:
            self.assertNotIn(text, message)

    def test_taken_barcodes_refused_over_rpc(self):
        first = self._new_dossier(partner=self._new_customer("First RPC Co."))
        second = self._new_dossier(partner=self._new_customer("Second RPC Co."))
        self.assertTrue(first.barcode and second.barcode)
        before = second.barcode
        self.authenticate(self.archivist.login, self.archivist.login)

        error = self._call(
            "dossier.location",
            "create",
            [{"name": "Cabinet RPC Twin", "barcode": self.cabinet.barcode}],
        )
        self._assert_sentence(
            error, "Another location of this company already has this barcode"
        )
        self.env.invalidate_all()
        self.assertFalse(
            self.env["dossier.location"].search([("name", "=", "Cabinet RPC Twin")])
        )

        error = self._call(
            "dossier.dossier", "write", second.ids, {"barcode": first.barcode}
        )
        self._assert_sentence(
            error, "Another dossier of this company already has this barcode"
        )
        self.env.invalidate_all()
        self.assertEqual(second.barcode, before)
