from odoo.tests import tagged

from .common import DossierCase


@tagged("post_install", "-at_install")
class TestPartnerDossierStateSearch(DossierCase):
    """Contacts › Group By Dossier Status: every group opens, through the dossier
    record rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.draft = cls._new_dossier(cls._new_customer("Search Draft"))
        cls.temporary = cls._new_dossier(cls.customer)
        cls.temporary.action_open()
        cls.secret = cls._new_dossier(
            cls._new_customer("Search Secret"), confidentiality="secret"
        )
        cls.secret.action_open()
        cls.nothing = cls._new_customer("Search Nothing")
        cls.ours = (
            cls.draft.partner_id
            | cls.customer
            | cls.contact_person
            | cls.secret.partner_id
            | cls.nothing
        )

    def _search(self, user, domain):
        return (
            self.env["res.partner"]
            .with_user(user)
            .search([("id", "in", self.ours.ids), *domain])
        )

    def test_search_by_state_follows_the_commercial_entity(self):
        self.assertEqual(
            self._search(self.staff, [("dossier_state", "=", "temporary")]),
            self.customer | self.contact_person,
        )
        self.assertEqual(
            self._search(self.staff, [("dossier_state", "in", ("draft", "closed"))]),
            self.draft.partner_id,
        )
        self.assertEqual(
            self._search(self.staff, [("dossier_state", "!=", "temporary")]),
            self.draft.partner_id | self.secret.partner_id | self.nothing,
        )

    def test_search_goes_through_the_record_rules(self):
        # Staff (internal clearance) do not see the secret dossier: its customer
        # has no dossier for them, as the list column shows.
        self.assertEqual(
            self._search(self.staff, [("dossier_state", "=", False)]),
            self.secret.partner_id | self.nothing,
        )
        self.assertEqual(
            self._search(self.archivist, [("dossier_state", "=", False)]),
            self.secret.partner_id | self.nothing,
        )
        self.assertEqual(
            self._search(self.manager, [("dossier_state", "=", False)]), self.nothing
        )
        self.assertEqual(
            self._search(self.manager, [("dossier_state", "=", "temporary")]),
            self.customer | self.contact_person | self.secret.partner_id,
        )

    def test_every_group_opens_with_its_count(self):
        Partner = self.env["res.partner"].with_user(self.staff)
        domain = [("id", "in", self.ours.ids)]
        groups = Partner.web_read_group(domain, ["dossier_state"])["groups"]
        self.assertEqual(
            {g["dossier_state"]: g["__count"] for g in groups},
            {"draft": 1, "temporary": 2, False: 2},
        )
        for group in groups:
            records = Partner.web_search_read(
                domain + group["__extra_domain"], {"display_name": {}}
            )
            self.assertEqual(records["length"], group["__count"], group)
