from datetime import date, timedelta

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from ..tools.dossier_timezone import archive_today
from .common import DossierCase


@tagged("post_install", "-at_install")
class TestPartnerDossier(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"List customer {i:03d}", "is_company": True} for i in range(80)]
        )
        dossiers = cls.env["dossier.dossier"].create(
            [{"partner_id": partner.id} for partner in cls.partners]
        )
        dossiers[::2].action_open()

    def _list_specification(self, with_dossier=True):
        """The fields the contact list asks for, as the web client sends them."""
        arch = self.env["res.partner"].get_view(
            self.env.ref("base.view_partner_tree").id, "list"
        )["arch"]
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            name = node.get("name")
            field = self.env["res.partner"]._fields[name]
            if name.startswith("dossier") and not with_dossier:
                continue
            spec[name] = (
                {"fields": {"display_name": {}}}
                if field.type in ("many2one", "many2many")
                else {}
            )
        return spec

    def _count_list_queries(self, partners, spec, user):
        Partner = self.env["res.partner"].with_user(user)
        for _warm_up in range(2):  # registry caches (rules, views) filled, as in use
            Partner.web_search_read([("id", "in", partners.ids)], spec)
            self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = Partner.web_search_read([("id", "in", partners.ids)], spec)
        self.assertEqual(result["length"], len(partners))
        return self.cr.sql_log_count - before

    def test_contact_list_costs_constant_queries(self):
        spec = self._list_specification()
        self.assertIn("dossier_state", spec, "the list shows the dossier column")
        ten = self._count_list_queries(self.partners[:10], spec, self.staff)
        eighty = self._count_list_queries(self.partners, spec, self.staff)
        self.assertEqual(ten, eighty)
        plain = self._count_list_queries(
            self.partners, self._list_specification(with_dossier=False), self.staff
        )
        self.assertLessEqual(eighty - plain, 1, "the dossier column adds one query")
        # Locked: a regression (a query per row) fails here.
        Partner = self.env["res.partner"].with_user(self.staff)
        self.env.invalidate_all()
        with self.assertQueryCount(eighty):
            Partner.web_search_read([("id", "in", self.partners.ids)], spec)

    def test_smart_button_state_and_action(self):
        partner = self.partners[0].with_user(self.staff)
        self.assertEqual(partner.dossier_state, "temporary")
        self.assertEqual(partner.dossier_count, 1)
        action = partner.action_open_dossier()
        self.assertEqual(action["res_model"], "dossier.dossier")
        self.assertEqual(action["res_id"], partner.dossier_id.id)

        # Without a dossier: the button proposes one for the commercial entity.
        person = self.contact_person.with_user(self.archivist)
        self.assertFalse(person.dossier_id)
        action = person.action_open_dossier()
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_closed_dossier_shown_until_a_new_one(self):
        dossier = self._new_dossier(partner=self.customer)
        dossier._procedure().write({"state": "closed"})
        self.assertEqual(self.contact_person.dossier_state, "closed")
        new = self._new_dossier(partner=self.customer)
        self.contact_person.invalidate_recordset()
        self.assertEqual(self.contact_person.dossier_id, new)
        self.assertEqual(self.contact_person.dossier_count, 2)

    def test_group_by_dossier_state(self):
        Partner = self.env["res.partner"].with_user(self.staff)
        groups = Partner.formatted_read_group(
            [("id", "in", (self.partners | self.contact_person).ids)],
            ["dossier_state"],
            ["__count"],
        )
        counts = {group["dossier_state"]: group["__count"] for group in groups}
        self.assertEqual(counts, {"temporary": 40, "draft": 40, False: 1})

    def _search_filter(self, name, user):
        arch = self.env.ref("partner_dossier.res_partner_view_search").arch
        node = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")[0]
        domain = safe_eval(node.get("domain"), {"context_today": date.today})
        return self.env["res.partner"].with_user(user).search(domain)

    def test_contact_filters(self):
        late = self._new_dossier(partner=self.customer)
        late.action_open()
        today = archive_today(self.company)
        late._procedure().write(
            {
                "date_opened": today - timedelta(days=40),
                "date_completed": today - timedelta(days=20),
            }
        )
        has = self._search_filter("has_dossier", self.staff)
        self.assertIn(self.contact_person, has, "a contact person shows the company's")
        self.assertIn(self.partners[1], has)
        temporary = self._search_filter("dossier_temporary", self.staff)
        self.assertIn(self.partners[0], temporary)
        self.assertNotIn(self.partners[1], temporary)
        late_partners = self._search_filter("dossier_late", self.staff)
        self.assertEqual(late_partners & (self.partners | self.customer), self.customer)
        self.assertIn(self.contact_person, late_partners)

    def test_plain_user_sees_no_dossier_fields(self):
        view = (
            self.env["res.partner"]
            .with_user(self.outsider)
            .get_view(self.env.ref("base.view_partner_form").id, "form")
        )
        self.assertNotIn("action_open_dossier", view["arch"])
        self.assertIn(
            "action_open_dossier",
            self.env["res.partner"]
            .with_user(self.staff)
            .get_view(self.env.ref("base.view_partner_form").id, "form")["arch"],
        )
