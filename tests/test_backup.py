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

    # ------------------------------------------------------------ in Chinese

    def _chinese(self):
        """Chinese active and loaded, as a database where it is installed; the
        manager works in it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        self.manager.lang = "zh_CN"

    def test_reminder_in_the_managers_language(self):
        self._chinese()
        english = new_test_user(
            self.env,
            login="backup_manager_en",
            groups="partner_dossier.group_dossier_manager",
            lang="en_US",
        )
        backup = self._backup(when=NOW - timedelta(days=10))
        self._check(backup, "pass", NOW - timedelta(days=8))
        with freeze_time(NOW):
            self.env["dossier.backup"]._cron_remind_restore_check()
        reminder = self._reminders()
        self.assertEqual(reminder.summary, "近期没有备份通过恢复校验")
        self.assertIn(
            "已有 7 天没有备份通过恢复校验：请对最新的备份运行 make restore-check。",
            str(reminder.note),
        )
        self.assertEqual(
            reminder.activity_type_id.with_context(lang="zh_CN").name, "恢复校验备份"
        )
        theirs = self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", self.activity_type.id),
                ("user_id", "=", english.id),
            ]
        )
        self.assertEqual(
            theirs.summary, "No restore check of a backup has passed recently"
        )
        self.assertIn("No restore check of a backup has passed for 7 days", theirs.note)

    def test_refusals_on_the_register_in_chinese(self):
        self._chinese()
        # Base's own sentences too: a user's web client shows them in Chinese.
        self.env["ir.module.module"]._load_module_terms(["base"], ["zh_CN"])
        backup = self._backup()
        manager = backup.with_user(self.manager).with_context(lang="zh_CN")
        with self.assertRaises(UserError) as written:
            manager.write({"size": 1})
        self.assertEqual(
            str(written.exception),
            "档案备份：“大小（字节）”由其办理流程记录，不能直接写入。"
            "请使用备份脚本（make backup），由其登记每次备份。",
        )
        with self.assertRaisesRegex(UserError, "^Dossier Backup: “Size \\(Bytes\\)”"):
            backup.with_user(self.manager).with_context(lang="en_US").write({"size": 1})
        # The script's own account (the superuser) may not delete a run either.
        with self.assertRaises(UserError) as deleted:
            backup.with_context(lang="zh_CN").unlink()
        self.assertEqual(str(deleted.exception), "备份一经登记，不得删除。")
        # A user, who may not even read the register: refused in Chinese (by
        # its guard or the access rights), naming the register and no run of it.
        with self.assertRaises(UserError) as refused:
            backup.with_user(self.user).with_context(lang="zh_CN").write({"size": 1})
        message = str(refused.exception)
        self.assertIn("档案备份", message)
        self.assertNotIn("You are not allowed", message)
        self.assertNotIn(backup.name, message)
        backup.invalidate_recordset()
        self.assertEqual(backup.size, 3 * 1024 * 1024)

    def test_register_and_setting_labels_in_chinese(self):
        self._chinese()
        Backup = self.env["dossier.backup"].with_user(self.manager)
        labels = Backup.with_context(lang="zh_CN").fields_get(
            ["manifest_checksum", "last_check_result", "size"], ["string"]
        )
        self.assertEqual(
            {name: label["string"] for name, label in labels.items()},
            {
                "manifest_checksum": "清单 SHA-256",
                "last_check_result": "最近恢复校验结果",
                "size": "大小（字节）",
            },
        )
        english = Backup.with_context(lang="en_US").fields_get(
            ["manifest_checksum"], ["string"]
        )
        self.assertEqual(english["manifest_checksum"]["string"], "Manifest SHA-256")
        # Settings › Backups, as the administrator sees it in Chinese.
        admin = self.env.ref("base.user_admin")
        Settings = self.env["res.config.settings"].with_user(admin)
        setting = Settings.with_context(lang="zh_CN").fields_get(
            ["dossier_backup_check_days"], ["string"]
        )
        self.assertEqual(
            setting["dossier_backup_check_days"]["string"], "恢复校验期限（天）"
        )
        arch = Settings.with_context(lang="zh_CN").get_views([(False, "form")])[
            "views"
        ]["form"]["arch"]
        self.assertIn("恢复校验期限", arch)
        self.assertNotIn("Restore Check Due", arch)
        arch_en = Settings.with_context(lang="en_US").get_views([(False, "form")])[
            "views"
        ]["form"]["arch"]
        self.assertIn("Restore Check Due", arch_en)
