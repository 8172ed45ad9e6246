from odoo.tests import tagged

from odoo.addons.partner_dossier.hooks import DOSSIER_MODELS, uninstall_hook

from .common import DossierCase


@tagged("post_install", "-at_install")
class TestUninstallHook(DossierCase):
    """What `make check-uninstall` proves on a whole database, kept here in small:
    the hook removes what Odoo's uninstall would leave or trip over."""

    def test_hook_removes_company_sequences_records_and_favourites(self):
        branch = self.env["res.company"].create({"name": "Uninstall Branch"})
        archived = self._new_dossier(partner=self.customer)
        archived.action_open()
        self._add_documents(archived, self.type_contract | self.type_licence)
        archived.location_id = self.box
        self.company.write(
            {"dossier_archive_code": True, "dossier_fonds_number": "Z001"}
        )
        self.category.code = "KH"
        archived.action_archive_formally()
        self.assertTrue(archived.archive_code)
        self._new_dossier(partner=self.customer, company_id=branch.id)
        favourite = self.env["ir.filters"].create(
            {"name": "Late dossiers", "model_id": "dossier.dossier", "domain": "[]"}
        )
        Sequence = self.env["ir.sequence"].with_context(active_test=False)
        copies = Sequence.search([("code", "=", "dossier.dossier")])
        self.assertEqual(copies.company_id, self.company | branch)
        copies[0].active = False  # an archived copy goes too

        # As Odoo does before it calls the hook: the addon is being removed, the
        # only state in which its deletion rules step aside.
        self.env["ir.module.module"].search(
            [("name", "=", "partner_dossier")]
        ).state = "to remove"
        uninstall_hook(self.env)

        self.assertFalse(Sequence.search([("code", "=", "dossier.dossier")]))
        self.assertFalse(Sequence.search([("code", "=like", "dossier.archive.code:%")]))
        self.assertTrue(
            self.env.ref("partner_dossier.seq_dossier_dossier").exists(),
            "the template has an xml id: Odoo's uninstall removes it",
        )
        # Every model of the addon that keeps records is in the hook's list.
        stored = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("dossier.")
            and not model._abstract
            and not model._transient
            and model._auto
        }
        self.assertEqual(stored - set(DOSSIER_MODELS), set())
        for model in DOSSIER_MODELS:
            self.assertFalse(
                self.env[model].with_context(active_test=False).search_count([]),
                f"{model} emptied, archived dossiers and their inventory included",
            )
        self.assertFalse(favourite.exists())
        # No dossier holds the customer any more (ondelete='restrict').
        self.customer.unlink()
        self.assertFalse(self.customer.exists())
