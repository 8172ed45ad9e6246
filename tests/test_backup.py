from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user
from odoo.tests.common import TransactionCase

NOW = datetime(2026, 12, 7, 9, 0)


class TestBackupRegister(TransactionCase):
    """Settings › Backups: the runs of `make backup` and `make restore-check`, as the
    scripts record them (through these methods, as the superuser); managers read
    them, no one changes them; the managers are reminded when no restore check
    has passed for the company's number of days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user = new_test_user(
            cls.env, login="backup_user", groups="partner_dossier.group_dossier_user"
        )
        cls.archivist = new_test_user(
            cls.env,
            login="backup_archivist",
            groups="partner_dossier.group_dossier_archivist",
        )
        cls.manager = new_test_user(
            cls.env,
            login="backup_manager",
            groups="partner_dossier.group_dossier_manager",
        )
        cls.activity_type = cls.env.ref(
            "partner_dossier.mail_activity_dossier_restore_check"
        )
        cls.env.company.dossier_backup_check_days = 7

    def _backup(self, name="partner_dossier-20261207-080000Z", when=NOW):
        return self.env["dossier.backup"]._record_backup(
            {
                "name": name,
                "date": when,
                "run_by": "backup@server",
                "database": "partner_dossier",
                "path": f"/var/backups/partner_dossier/{name}",
                "size": 3 * 1024 * 1024,
                "manifest_checksum": "a" * 64,
                "file_count": 12,
                "attachment_count": 11,
            }
        )

    def _check(self, backup, result="pass", when=NOW, detail=""):
        return self.env["dossier.backup.check"]._record_check(
            {
                "backup_name": backup.name,
                "date": when,
                "run_by": "backup@server",
                "result": result,
                "detail": detail,
                "duration": 12.5,
            }
        )

    def _reminders(self):
        return self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", self.activity_type.id),
                ("user_id", "=", self.manager.id),
            ]
        )

    def test_the_manager_reads_runs_and_their_last_check(self):
        backup = self._backup()
        self._check(backup, "fail", NOW, "filestore/ab/abcd: SHA-256 differs")
        self._check(backup, "pass", NOW + timedelta(hours=1))
        as_manager = backup.with_user(self.manager)
        self.assertEqual(
            self.env["dossier.backup"].with_user(self.manager).search([]), backup
        )
        self.assertEqual(as_manager.last_check_result, "pass")
        self.assertEqual(as_manager.last_check_date, NOW + timedelta(hours=1))
        self.assertEqual(as_manager.size_display, "3.00 Mb")
        self.assertEqual(len(as_manager.check_ids), 2)
        # A check of a backup this database did not record keeps its name only.
        other = self.env["dossier.backup.check"]._record_check(
            {"backup_name": "elsewhere-20261201-000000Z", "date": NOW, "result": "pass"}
        )
        self.assertFalse(other.backup_id)

    def test_staff_and_archivists_do_not_see_backups(self):
        backup = self._backup()
        check = self._check(backup)
        for user in (self.user, self.archivist):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["dossier.backup"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    backup.with_user(user).read(["name"])
                with self.assertRaises(AccessError):
                    check.with_user(user).read(["result"])

    def test_a_run_is_never_changed_nor_deleted(self):
        backup = self._backup()
        check = self._check(backup, "fail")
        # Refused by the register's guard, or by the access rights behind it
        # (an AccessError is a UserError).
        with self.assertRaises(UserError):
            backup.with_user(self.manager).write({"size": 1})
        with self.assertRaises(UserError):
            self.env["dossier.backup"].with_user(self.manager).create({"name": "x"})
        # Not even the superuser, through the ORM: the script's methods only.
        with self.assertRaisesRegex(UserError, "is recorded by its procedure"):
            backup.write({"manifest_checksum": "b" * 64})
        with self.assertRaisesRegex(UserError, "is recorded by its procedure"):
            check.write({"result": "pass"})
        with self.assertRaisesRegex(UserError, "is recorded by its procedure"):
            self.env["dossier.backup"].create({"name": "forged", "date": NOW})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            backup.unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            check.unlink()
        self.assertEqual(backup.manifest_checksum, "a" * 64)
        self.assertEqual(check.result, "fail")

    def test_managers_reminded_when_no_check_passed_for_days(self):
        backup = self._backup(when=NOW - timedelta(days=10))
        # Checked 8 days ago, then a failure: stale after 7 days.
        self._check(backup, "pass", NOW - timedelta(days=8))
        self._check(backup, "fail", NOW - timedelta(days=1))
        with freeze_time(NOW):
            self.env["dossier.backup"]._cron_remind_restore_check()
            self.env["dossier.backup"]._cron_remind_restore_check()
        reminder = self._reminders()
        self.assertEqual(len(reminder), 1, "one reminder, however often the job runs")
        self.assertEqual(reminder.res_model, "dossier.backup")
        self.assertEqual(reminder.res_id, backup.id)
        self.assertIn("7", str(reminder.note))

    def test_no_reminder_while_a_check_passed_recently(self):
        backup = self._backup(when=NOW - timedelta(days=3))
        self._check(backup, "pass", NOW - timedelta(days=6, hours=23))
        with freeze_time(NOW):
            self.env["dossier.backup"]._cron_remind_restore_check()
        self.assertFalse(self._reminders())
        # Nor when the company asks for none.
        self.env.company.dossier_backup_check_days = 0
        with freeze_time(NOW + timedelta(days=30)):
            self.env["dossier.backup"]._cron_remind_restore_check()
        self.assertFalse(self._reminders())

    def test_reminded_on_the_company_when_nothing_was_ever_backed_up(self):
        with freeze_time(NOW):
            self.env["dossier.backup"]._cron_remind_restore_check()
        reminder = self._reminders()
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.res_model, "res.partner")
        self.assertEqual(reminder.res_id, self.manager.company_id.partner_id.id)
