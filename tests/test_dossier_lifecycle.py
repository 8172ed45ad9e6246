from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from ..tools.dossier_timezone import archive_today
from .common import DossierCase
from .constraint_common import user_message


@tagged("post_install", "-at_install")
class TestDossierLifecycle(DossierCase):
    def test_reference_and_barcode_from_company_sequence(self):
        year = date.today().year
        first = self._new_dossier()
        second = self._new_dossier()
        self.assertRegex(first.name, rf"^DOS/{year}/\d{{5}}$")
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)
        self.assertEqual(first.barcode, first.name)
        other_company = self.env["res.company"].create({"name": "Dossier Branch"})
        branch = self._new_dossier(company_id=other_company.id)
        self.assertEqual(
            branch.name, f"DOS/{year}/00001", "each company numbers its own"
        )

    def test_dossier_belongs_to_commercial_entity(self):
        dossier = self._new_dossier(partner=self.contact_person)
        self.assertEqual(dossier.partner_id, self.customer)
        self.assertEqual(self.contact_person.dossier_id, dossier)
        self.assertEqual(self.customer.dossier_id, dossier)

    @freeze_time("2026-03-02")
    def test_happy_path(self):
        dossier = self._new_dossier(partner=self.customer).with_user(self.archivist)
        self.assertEqual(dossier.state, "draft")
        dossier.action_open()
        self.assertEqual(dossier.state, "temporary")
        self.assertEqual(dossier.date_opened, date(2026, 3, 2))

        dossier.date_completed = date(2026, 3, 10)
        self.assertEqual(
            dossier.archive_deadline, date(2026, 3, 15), "completion + 5 days"
        )
        self.company.dossier_archive_days = 10
        self.assertEqual(dossier.archive_deadline, date(2026, 3, 20), "company setting")

        self._add_documents(dossier, self.type_contract | self.type_licence)
        self.assertEqual(dossier.completeness, 100.0)
        dossier.location_id = self.box
        dossier.action_archive_formally()
        self.assertEqual(dossier.state, "archived")
        self.assertEqual(dossier.date_archived, date(2026, 3, 2))

        dossier.action_close()
        self.assertEqual(
            (dossier.state, dossier.date_closed), ("closed", date(2026, 3, 2))
        )
        dossier.with_user(self.manager).action_reopen()
        self.assertEqual(dossier.state, "archived")
        self.assertFalse(dossier.date_closed)

    def test_archiving_requires_location_and_required_documents(self):
        dossier = self._new_dossier()
        dossier.action_open()
        self._add_documents(dossier, self.type_contract | self.type_letter)
        self.assertEqual(dossier.completeness, 50.0)
        self.assertEqual(dossier.missing_document_type_ids, self.type_licence)
        with self.assertRaisesRegex(UserError, "cabinet location.*Test Licence"):
            dossier.with_user(self.archivist).action_archive_formally()
        self.assertEqual(dossier.state, "temporary")

        dossier.location_id = self.box
        with self.assertRaisesRegex(UserError, "missing documents: Test Licence"):
            dossier.with_user(self.archivist).action_archive_formally()
        self._add_documents(dossier, self.type_licence)
        dossier.with_user(self.archivist).action_archive_formally()
        self.assertEqual(dossier.state, "archived")

    def test_second_active_dossier_refused(self):
        first = self._new_dossier(partner=self.customer)
        with self.assertRaisesRegex(
            ValidationError, f"already has a dossier.*{first.name}"
        ):
            self._new_dossier(partner=self.contact_person)
        self.assertEqual(
            self.env["dossier.dossier"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )
        # Once the first is closed, the customer can start a new one.
        first._procedure().write({"state": "closed"})
        second = self._new_dossier(partner=self.customer)
        # ...and the old one cannot come back while the new one is open.
        with self.assertRaisesRegex(ValidationError, second.name):
            first.with_user(self.manager).action_reopen()
        self.assertEqual(first.state, "closed")

    def test_database_refuses_second_active_dossier(self):
        """Two people creating at the same moment pass the Python check: the
        database's partial unique index is the guarantee, with its own message."""
        first = self._new_dossier(partner=self.customer)
        first._procedure().write({"state": "closed"})
        second = self._new_dossier(partner=self.customer)
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE dossier_dossier SET state = 'archived' WHERE id = %s",
                    [first.id],
                )
        message = self.env["dossier.dossier"]._sql_error_to_message(caught.exception)
        self.assertIn("already has a dossier that is not closed", message)
        self.assertEqual(second.state, "draft")

    def test_completion_before_opening_refused(self):
        dossier = self._new_dossier(date_opened=date(2026, 5, 10))
        with self.assertRaisesRegex(ValidationError, "cannot be completed"):
            with self.env.cr.savepoint():
                dossier.date_completed = date(2026, 5, 1)
                self.env.flush_all()
        dossier.invalidate_recordset()
        self.assertFalse(dossier.date_completed)

    def test_transitions_guarded(self):
        dossier = self._new_dossier()
        with self.assertRaisesRegex(UserError, "Cannot archive .* it is Draft"):
            dossier.action_archive_formally()
        with self.assertRaisesRegex(UserError, "Cannot close"):
            dossier.action_close()
        dossier.action_open()
        with self.assertRaisesRegex(UserError, "Cannot open"):
            dossier.action_open()
        dossier._procedure().write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "Only dossier managers"):
            dossier.with_user(self.archivist).action_reopen()
        self.assertEqual(dossier.state, "closed")

    def test_only_drafts_deleted(self):
        draft = self._new_dossier()
        opened = self._new_dossier()
        opened.action_open()
        with self.assertRaisesRegex(UserError, "Only draft dossiers can be deleted"):
            opened.with_user(self.archivist).unlink()
        self.assertTrue(opened.exists())
        draft.with_user(self.archivist).unlink()
        self.assertFalse(draft.exists())

    def test_customer_with_dossier_cannot_be_deleted(self):
        self._new_dossier(partner=self.customer)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.customer.unlink()
                self.env.flush_all()

    def test_late_dossier(self):
        with freeze_time("2026-04-01"):
            dossier = self._new_dossier()
            dossier.action_open()
            dossier.date_completed = date(2026, 4, 1)
        with freeze_time("2026-04-06"):
            dossier.invalidate_recordset(["is_late"])
            self.assertFalse(dossier.is_late, "the deadline day itself is not late")
        with freeze_time("2026-04-07"):
            dossier.invalidate_recordset(["is_late"])
            self.assertTrue(dossier.is_late)
            late = self.env["dossier.dossier"].search([("is_late", "=", True)])
            self.assertIn(dossier, late)
            self.assertNotIn(
                dossier, self.env["dossier.dossier"].search([("is_late", "=", False)])
            )

    def test_late_reminder_in_each_custodians_language(self):
        """One run of the job: a custodian reading Chinese, another English."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        self.manager.lang = "zh_CN"
        self.archivist.lang = "en_US"
        with freeze_time("2026-04-01"):
            dossiers = self._new_dossier(custodian_id=self.archivist.id)
            dossiers |= self._new_dossier(
                partner=self._new_customer("Reads Chinese"),
                custodian_id=self.manager.id,
            )
            dossiers.action_open()
            dossiers.date_completed = date(2026, 4, 1)
        with freeze_time("2026-04-08"):
            self._run_cron_method("dossier.dossier", "_cron_remind_late_archiving")
        notes = {
            activity.user_id: str(activity.note)
            for activity in dossiers.activity_ids.filtered(
                lambda activity: (
                    activity.activity_type_id.name != "To-Do"
                    and "2026" in str(activity.note)
                )
            )
        }
        self.assertIn("合同已于 2026/04/01 完成", notes[self.manager])
        self.assertIn("正式归档", notes[self.manager])
        self.assertIn("The contract was completed on 04/01/2026", notes[self.archivist])

    def test_late_cron_is_idempotent(self):
        with freeze_time("2026-04-01"):
            late = self._new_dossier(custodian_id=self.archivist.id)
            late.action_open()
            late.date_completed = date(2026, 4, 1)
            on_time = self._new_dossier(custodian_id=self.archivist.id)
            on_time.action_open()
            on_time.date_completed = date(2026, 4, 5)
        late_type = self.env.ref("partner_dossier.mail_activity_dossier_late")
        with freeze_time("2026-04-08"):
            self._run_cron_method("dossier.dossier", "_cron_remind_late_archiving")
            self._run_cron_method("dossier.dossier", "_cron_remind_late_archiving")
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "dossier.dossier"),
                ("activity_type_id", "=", late_type.id),
            ]
        )
        self.assertEqual(
            activities.mapped("res_id"), [late.id], "one activity, not two"
        )
        self.assertEqual(activities.user_id, self.archivist)
        self.assertEqual(activities.date_deadline, date(2026, 4, 6))

        # A new deadline (completion date corrected) is a new reminder.
        late.date_completed = date(2026, 4, 2)
        with freeze_time("2026-04-09"):
            self._run_cron_method("dossier.dossier", "_cron_remind_late_archiving")
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_id", "=", late.id), ("activity_type_id", "=", late_type.id)]
            ),
            2,
        )
        # Archiving answers the reminders.
        self._add_documents(late, self.type_contract | self.type_licence)
        late.location_id = self.box
        late.action_archive_formally()
        self.assertFalse(
            self.env["mail.activity"].search_count(
                [("res_id", "=", late.id), ("activity_type_id", "=", late_type.id)]
            )
        )

    def test_negative_archive_days_refused(self):
        def set_days():
            self.company.dossier_archive_days = -1

        self.assertIn("cannot be negative", user_message(self.env, set_days) or "")
        self.assertEqual(self.company.dossier_archive_days, 5)

    def test_dates_past_deadline_after_setting(self):
        today = archive_today(self.company)
        dossier = self._new_dossier(date_opened=today - timedelta(days=30))
        dossier.action_open()
        dossier.date_completed = today - timedelta(days=6)
        self.assertTrue(dossier.is_late)
        self.company.dossier_archive_days = 7
        dossier.invalidate_recordset(["is_late"])
        self.assertFalse(dossier.is_late, "a longer allowance moves the deadline")
