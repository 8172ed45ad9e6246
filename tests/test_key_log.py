from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time

from .constraint_common import user_message
from .retention_common import DossierRetentionCase


class TestKeyLog(DossierRetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cabinet.write(
            {
                "primary_key_holder_id": cls.archivist.id,
                "backup_key_holder_id": cls.manager_2.id,
                "key_manager_id": cls.manager.id,
            }
        )
        cls.key_type = cls.env.ref("partner_dossier.mail_activity_dossier_backup_key")

    def _log_use(self, user, cabinet=None, reason="Primary key holder on leave"):
        return (
            self.env["dossier.key.log"]
            .with_user(user)
            .create({"location_id": (cabinet or self.cabinet).id, "reason": reason})
        )

    def test_backup_key_use_is_logged_and_the_manager_told(self):
        log = self._log_use(self.archivist)
        self.assertEqual(log.user_id, self.archivist)
        self.assertTrue(log.date)
        self.assertEqual(log.reason, "Primary key holder on leave")
        activity = log.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(activity.activity_type_id, self.key_type)
        self.assertIn("Primary key holder on leave", str(activity.note))
        self.assertEqual(self.cabinet.with_user(self.archivist).key_log_count, 1)
        # The manager reads the log and completes the activity.
        activity.with_user(self.manager).action_feedback(
            feedback="Key back in the safe"
        )
        self.assertFalse(log.activity_ids)

    def test_without_key_manager_the_dossier_managers_are_told(self):
        self.cabinet.key_manager_id = False
        log = self._log_use(self.archivist)
        told = log.activity_ids.user_id
        self.assertIn(self.manager, told)
        self.assertIn(self.manager_2, told)
        self.assertNotIn(self.archivist, told)
        self.assertFalse(told.filtered(lambda user: user._is_superuser()))

    def test_staff_cannot_log(self):
        with self.assertRaises(AccessError):
            self._log_use(self.staff)
        self.assertFalse(self.env["dossier.key.log"].search([]))

    def test_only_cabinets_have_keys(self):
        box = self.env["dossier.location"].create(
            {"name": "Box 1", "location_type": "box", "parent_id": self.cabinet.id}
        )
        with self.assertRaises(ValidationError):
            self._log_use(self.archivist, cabinet=box)
        self.assertFalse(self.env["dossier.key.log"].search([]))

    def test_two_keys_two_holders(self):
        def set_holder():
            self.cabinet.backup_key_holder_id = self.archivist

        self.assertIn("two different people", user_message(self.env, set_holder) or "")

    def test_a_logged_use_cannot_change_or_disappear(self):
        log = self._log_use(self.archivist)
        for user in (self.archivist, self.manager):
            with self.assertRaisesExactly(UserError):
                log.with_user(user).write({"reason": "Nothing happened"})
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
        with self.assertRaisesExactly(UserError):
            log.sudo().write({"reason": "Nothing happened"})
        with self.assertRaisesExactly(UserError):
            log.sudo().unlink()
        self.env.invalidate_all()
        self.assertEqual(log.reason, "Primary key holder on leave")

    def test_the_form_records_who_and_when_without_a_choice(self):
        """The form offers no other user or moment: the logging user, now."""
        form = Form(self.env["dossier.key.log"].with_user(self.archivist))
        form.location_id = self.cabinet
        form.reason = "Primary key holder on leave"
        with self.assertRaises(AssertionError):
            form.user_id = self.manager
        with self.assertRaises(AssertionError):
            form.date = "2020-01-01 08:00:00"
        log = form.save()
        self.assertEqual(log.user_id, self.archivist)
        self.assertEqual(log.date.date(), log.create_date.date())

    def test_each_manager_told_in_their_language_and_time_zone(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["partner_dossier"], ["zh_CN"])
        self.cabinet.key_manager_id = False
        self.manager.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        self.manager_2.write({"lang": "en_US", "tz": "Europe/Paris"})
        with freeze_time("2026-03-02 12:00:00"):
            log = self._log_use(self.archivist)
        activities = log.activity_ids
        chinese = activities.filtered(lambda activity: activity.user_id == self.manager)
        english = activities.filtered(
            lambda activity: activity.user_id == self.manager_2
        )
        self.assertIn("于 2026/3/2 20:00 使用了", str(chinese.note))
        self.assertIn("used the backup key of", str(english.note))
        self.assertIn("on 3/2/26, 1:00", str(english.note))
