from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DossierCase

OPERATIONS = ("read", "write", "create", "unlink")


@tagged("post_install", "-at_install")
class TestDossierAccess(DossierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.by_level = {
            level: cls._new_dossier(
                partner=cls._new_customer(f"{level} customer"), confidentiality=level
            )
            for level in ("public", "internal", "confidential", "secret")
        }
        for dossier in cls.by_level.values():
            dossier.action_open()

    def _assert_rights(self, user, model, allowed):
        Model = self.env[model].with_user(user)
        for operation in OPERATIONS:
            with self.subTest(user=user.login, model=model, operation=operation):
                if operation in allowed:
                    self.assertTrue(Model.has_access(operation))
                else:
                    self.assertFalse(Model.has_access(operation))
                    with self.assertRaises(AccessError):
                        Model.check_access(operation)

    def test_access_matrix(self):
        everything = set(OPERATIONS)
        matrix = {
            "dossier.dossier": {
                self.staff: {"read"},
                self.archivist: everything,
                self.manager: everything,
                self.outsider: set(),
            },
            "dossier.document": {
                self.staff: everything,
                self.archivist: everything,
                self.manager: everything,
                self.outsider: set(),
            },
            "dossier.document.type": {
                self.staff: {"read"},
                self.archivist: {"read"},
                self.manager: everything,
                self.outsider: set(),
            },
            "dossier.category": {
                self.staff: {"read"},
                self.archivist: {"read"},
                self.manager: everything,
                self.outsider: set(),
            },
            "dossier.location": {
                self.staff: {"read"},
                self.archivist: {"read", "write", "create"},
                self.manager: everything,
                self.outsider: set(),
            },
        }
        for model, rights in matrix.items():
            for user, allowed in rights.items():
                self._assert_rights(user, model, allowed)

    def test_staff_cannot_create_or_edit_dossiers(self):
        Dossier = self.env["dossier.dossier"].with_user(self.staff)
        customer = self._new_customer()
        # The register's list is checked before the access rights (issue 23):
        # staff have no field of it, so they are refused either way.
        with self.assertRaises(UserError):
            Dossier.create({"partner_id": customer.id})
        self.assertFalse(Dossier.sudo().search([("partner_id", "=", customer.id)]))
        with self.assertRaises(UserError):
            self.by_level["public"].with_user(self.staff).write({"notes": "mine"})
        self.assertFalse(self.by_level["public"].notes)
        with self.assertRaises(UserError):
            self.env["dossier.location"].with_user(self.staff).create(
                {"name": "Drawer"}
            )
        self.assertFalse(self.env["dossier.location"].search([("name", "=", "Drawer")]))
        dossier = (
            self.env["dossier.dossier"]
            .with_user(self.archivist)
            .create({"partner_id": self._new_customer().id})
        )
        self.assertEqual(dossier.state, "draft")

    def test_confidentiality_within_clearance(self):
        expected = {
            self.staff: {"public", "internal"},
            self.archivist: {"public", "internal", "confidential"},
            self.manager: {"public", "internal", "confidential", "secret"},
        }
        ours = [dossier.id for dossier in self.by_level.values()]
        for user, levels in expected.items():
            with self.subTest(user=user.login):
                Dossier = self.env["dossier.dossier"].with_user(user)
                found = Dossier.search([("id", "in", ours)])
                self.assertEqual(set(found.mapped("confidentiality")), levels)
                self.assertEqual(
                    Dossier.search_count([("id", "in", ours)]), len(levels)
                )
                rows = Dossier.search_read([("id", "in", ours)], ["confidentiality"])
                self.assertEqual({row["confidentiality"] for row in rows}, levels)
                groups = Dossier.formatted_read_group(
                    [("id", "in", ours)], ["confidentiality"], ["__count"]
                )
                self.assertEqual({g["confidentiality"] for g in groups}, levels)

    def test_above_clearance_is_invisible_everywhere(self):
        secret = self.by_level["secret"]
        document = self._add_documents(secret, self.type_contract)
        with self.assertRaises(AccessError):
            secret.with_user(self.staff).read(["name"])
        with self.assertRaises(AccessError):
            document.with_user(self.staff).read(["name"])
        Document = self.env["dossier.document"].with_user(self.staff)
        self.assertFalse(Document.search([("dossier_id", "=", secret.id)]))

        # Nothing leaks through the contact: no state, no count, no filter match.
        partner = secret.partner_id.with_user(self.staff)
        self.assertFalse(partner.dossier_id)
        self.assertFalse(partner.dossier_state)
        self.assertEqual(partner.dossier_count, 0)
        Partner = self.env["res.partner"].with_user(self.staff)
        search_view = self.env.ref("partner_dossier.res_partner_view_search").arch
        for name in ("has_dossier", "dossier_temporary"):
            domain = safe_eval(
                etree.fromstring(search_view)
                .xpath(f"//filter[@name='{name}']")[0]
                .get("domain")
            )
            domain = [("id", "=", partner.id), *domain]
            self.assertEqual(Partner.search_count(domain), 0, name)
            self.assertEqual(
                self.env["res.partner"].with_user(self.manager).search_count(domain),
                1,
                name,
            )
        groups = Partner.formatted_read_group(
            [("id", "=", partner.id)], ["dossier_state"], ["__count"]
        )
        self.assertEqual([g["dossier_state"] for g in groups], [False])

    def test_clearance_raised_by_manager(self):
        secret = self.by_level["secret"]
        self.staff.with_user(self.manager).dossier_clearance = "secret"
        self.assertEqual(
            secret.with_user(self.staff).read(["name"])[0]["name"], secret.name
        )

    def test_clearance_changes_refused(self):
        with self.assertRaisesRegex(AccessError, "your own dossier clearance"):
            self.manager.with_user(self.manager).dossier_clearance = "secret"
        with self.assertRaisesRegex(AccessError, "Only dossier managers"):
            self.staff.with_user(self.staff).write({"dossier_clearance": "secret"})
        with self.assertRaisesRegex(AccessError, "Only dossier managers"):
            self.staff.with_user(self.archivist).write({"dossier_clearance": "secret"})
        self.assertEqual(self.staff.dossier_clearance, "internal")
        self.assertEqual(self.manager.dossier_clearance, "internal")

    def test_multi_company_isolation(self):
        branch = self.env["res.company"].create({"name": "Dossier Branch"})
        foreign = self._new_dossier(company_id=branch.id, confidentiality="public")
        location = self.env["dossier.location"].create(
            {"name": "Branch cabinet", "company_id": branch.id}
        )
        for user in (self.staff, self.manager):
            self.assertFalse(
                self.env["dossier.dossier"]
                .with_user(user)
                .search([("id", "=", foreign.id)])
            )
            self.assertFalse(
                self.env["dossier.location"]
                .with_user(user)
                .search([("id", "=", location.id)])
            )
        self.manager.write({"company_ids": [(4, branch.id)]})
        found = (
            self.env["dossier.dossier"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id, branch.id])
            .search([("id", "=", foreign.id)])
        )
        self.assertEqual(found, foreign)
