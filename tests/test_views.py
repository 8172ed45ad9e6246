from odoo.tests import tagged

from .retention_common import DossierRetentionCase


@tagged("post_install", "-at_install")
class TestViews(DossierRetentionCase):
    def _fields_of(self, user, model, view_type):
        views = self.env[model].with_user(user).get_views([(False, view_type)])
        return views["models"][model]["fields"], views["views"][view_type]["arch"]

    def test_only_the_form_reads_the_consultation_marker(self):
        """web_read() guards and logs a consultation when access_notice is
        read: that must be the form, never a list or a kanban."""
        form, _arch = self._fields_of(self.manager, "dossier.dossier", "form")
        self.assertIn("access_notice", form)
        for view_type in ("list", "kanban"):
            fields, arch = self._fields_of(self.manager, "dossier.dossier", view_type)
            self.assertNotIn("access_notice", fields)
            self.assertIn('action="action_open_logged"', arch)

    def test_views_load_for_each_role(self):
        views = {
            self.staff: ["dossier.dossier", "dossier.retention.policy"],
            self.archivist: [
                "dossier.dossier",
                "dossier.disposal",
                "dossier.key.log",
                "dossier.location",
            ],
            self.manager: [
                "dossier.dossier",
                "dossier.disposal",
                "dossier.access.log",
                "dossier.key.log",
                "dossier.location",
                "dossier.retention.policy",
            ],
        }
        for user, models in views.items():
            for model in models:
                for view_type in ("form", "list", "search"):
                    self._fields_of(user, model, view_type)
        staff_form, _arch = self._fields_of(self.staff, "dossier.dossier", "form")
        self.assertNotIn("access_log_count", staff_form)
        manager_form, _arch = self._fields_of(self.manager, "dossier.dossier", "form")
        self.assertIn("access_log_count", manager_form)
