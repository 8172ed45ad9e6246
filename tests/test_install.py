from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_module_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "partner_dossier")])
        self.assertEqual(module.state, "installed")
        self.assertTrue(module.application)

    def test_groups_chain(self):
        user = self.env.ref("partner_dossier.group_dossier_user")
        archivist = self.env.ref("partner_dossier.group_dossier_archivist")
        manager = self.env.ref("partner_dossier.group_dossier_manager")
        self.assertIn(user, archivist.implied_ids)
        self.assertIn(archivist, manager.implied_ids)
        self.assertIn(self.env.ref("base.group_user"), user.implied_ids)
        self.assertEqual(
            (user | archivist | manager).privilege_id,
            self.env.ref("partner_dossier.res_groups_privilege_dossier"),
        )
        self.assertIn(self.env.ref("base.user_admin"), manager.all_user_ids)
        self.assertIn(user, manager.all_implied_ids)

    def test_app_menu_visibility(self):
        root = self.env.ref("partner_dossier.menu_dossier_root")
        staff = new_test_user(
            self.env, login="menu_staff", groups="partner_dossier.group_dossier_user"
        )
        outsider = new_test_user(
            self.env, login="menu_outsider", groups="base.group_user"
        )
        menus = self.env["ir.ui.menu"]
        self.assertIn(root.id, menus.with_user(staff)._visible_menu_ids())
        self.assertNotIn(root.id, menus.with_user(outsider)._visible_menu_ids())
        reporting = self.env.ref("partner_dossier.menu_dossier_reporting")
        self.assertNotIn(reporting.id, menus.with_user(staff)._visible_menu_ids())
