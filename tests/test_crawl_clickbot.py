"""Odoo's own crawler (web's clickbot) over the Dossiers app and Contacts, as each
dossier role, on an office where every state is present: it opens every menu,
switches to every view type and clicks every filter and group-by."""

import unittest

from odoo.tests import HttpCase, tagged

from .crawl_common import build_office

APPS = {
    "dossiers": "partner_dossier.menu_dossier_root",
    "contacts": "contacts.menu_contacts",
}


@tagged("post_install", "-at_install")
class TestCrawlClickbot(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = build_office(cls.env)
        if "tour_enabled" in cls.env["res.users"]._fields:
            for user in cls.users.values():
                user.tour_enabled = False

    def _click_everywhere(self, role, app):
        try:
            self.browser_js(
                "/odoo",
                "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
                f".startClickEverywhere('{APPS[app]}');",
                "odoo.isReady === true",
                login=self.users[role].login,
                timeout=600,
                success_signal="clickbot test succeeded",
            )
        except unittest.SkipTest as exc:
            self.fail(f"The clickbot could not run ({exc}): install Chromium.")

    def test_user_dossiers(self):
        self._click_everywhere("user", "dossiers")

    def test_user_contacts(self):
        self._click_everywhere("user", "contacts")

    def test_archivist_dossiers(self):
        self._click_everywhere("archivist", "dossiers")

    def test_archivist_contacts(self):
        self._click_everywhere("archivist", "contacts")

    def test_manager_dossiers(self):
        self._click_everywhere("manager", "dossiers")

    def test_manager_contacts(self):
        self._click_everywhere("manager", "contacts")
