from odoo.tests import Form, tagged

from .loan_common import LoanCase

LABEL = "partner_dossier.dossier_dossier_report_label"


@tagged("post_install", "-at_install")
class TestLabelReprint(LoanCase):
    """The label must match the current customer name: a printed label whose
    text changed (customer, its parent company, category, company, the dossier's
    own printed fields) is to reprint, with the reason; printing it clears it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_editor = cls.env.ref("base.user_admin")

    def _print(self, dossiers, user=None):
        """Make the label PDF, as the archivist's Print menu does."""
        self.env["ir.actions.report"].with_user(
            user or self.archivist
        )._render_qweb_pdf(LABEL, dossiers.ids)
        dossiers.invalidate_recordset()

    def _to_reprint(self):
        return (
            self.env["dossier.dossier"]
            .with_user(self.archivist)
            .search([("label_reprint", "=", True)])
        )

    def test_renaming_the_customer_puts_the_label_to_reprint(self):
        self._print(self.dossier)
        self.assertTrue(self.dossier.label_printed)
        self.assertFalse(self.dossier.label_reprint)
        # Another contact of the customer is not on the label.
        self.contact_person.with_user(self.partner_editor).name = "Li Wei Jr."
        self.assertFalse(self.dossier.label_reprint)
        self.customer.with_user(self.partner_editor).name = "Lotus Holdings Ltd."
        self.assertTrue(self.dossier.label_reprint)
        self.assertEqual(
            self.dossier.label_reprint_reason,
            "Customer: Lotus Trading Co. → Lotus Holdings Ltd.",
        )
        self.assertEqual(self._to_reprint(), self.dossier)
        # The customer's name back as printed: the label matches again.
        self.customer.name = "Lotus Trading Co."
        self.assertFalse(self.dossier.label_reprint)
        self.assertFalse(self.dossier.label_reprint_reason)

    def test_the_company_name_of_a_person_customer(self):
        """A person buying in the name of a company prints "Company, Person"."""
        person = self.env["res.partner"].create(
            {"name": "Wang Fang", "company_name": "Wang Trading"}
        )
        dossier = self._new_dossier(partner=person)
        self._print(dossier)
        self.assertEqual(
            dossier.label_printed_values["values"]["partner_id"],
            "Wang Trading, Wang Fang",
        )
        person.with_user(self.partner_editor).company_name = "Wang Group"
        self.assertEqual(
            dossier.label_reprint_reason,
            "Customer: Wang Trading, Wang Fang → Wang Group, Wang Fang",
        )

    def test_what_else_the_label_prints(self):
        self._print(self.dossier)
        archivist_form = Form(self.dossier.with_user(self.archivist))
        # Not on the label: nothing to reprint.
        archivist_form.custodian_id = self.archivist
        archivist_form.notes = "Moved to the second box"
        archivist_form.save()
        self.assertFalse(self.dossier.label_reprint)
        # Internal to public: neither level is printed.
        archivist_form.confidentiality = "public"
        archivist_form.save()
        self.assertFalse(self.dossier.label_reprint)
        archivist_form.confidentiality = "confidential"
        archivist_form.barcode = "LOTUS-NEW"
        archivist_form.save()
        self.assertEqual(
            self.dossier.label_reprint_reason,
            f"Barcode: {self.dossier.name} → LOTUS-NEW; Confidentiality: — → "
            "Confidential",
        )
        self._print(self.dossier)
        self.assertFalse(self.dossier.label_reprint)
        # The category's name and the company's name are printed too.
        self.category.name = "Wholesale Trade"
        self.assertEqual(
            self.dossier.label_reprint_reason, "Category: Wholesale → Wholesale Trade"
        )
        self._print(self.dossier)
        name = self.company.name
        self.company.name = "Renamed Archive Co."
        self.assertEqual(
            self.dossier.label_reprint_reason,
            f"Company: {name} → Renamed Archive Co.",
        )

    def test_a_label_never_printed_has_nothing_to_reprint(self):
        self.assertFalse(self.public.label_printed)
        self.public.partner_id.name = "Public Renamed Co."
        self.assertFalse(self.public.label_reprint)

    def test_compared_in_the_language_it_was_printed_in(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.category.with_context(lang="zh_CN").name = "批发"
        chinese = self.archivist.with_context(lang="zh_CN")
        self.env["ir.actions.report"].with_user(chinese).with_context(
            lang="zh_CN"
        )._render_qweb_pdf(LABEL, self.dossier.ids)
        self.dossier.invalidate_recordset()
        self.assertEqual(
            self.dossier.label_printed_values["values"]["category_id"], "批发"
        )
        self.assertFalse(self.dossier.label_reprint)
        # Renamed by an English-speaking user: the category still reads the same
        # in Chinese, only the customer differs.
        self.customer.with_context(lang="en_US").name = "Lotus Holdings Ltd."
        self.assertEqual(
            self.dossier.with_context(lang="en_US").label_reprint_reason,
            "Customer: Lotus Trading Co. → Lotus Holdings Ltd.",
        )

    def test_batch_print_clears_the_labels_to_reprint(self):
        dossiers = self.dossier | self.confidential | self.public
        self._print(dossiers)
        self.customer.name = "Lotus Holdings Ltd."
        self.confidential.partner_id.name = "Confidential Holdings"
        self.assertEqual(self._to_reprint(), self.dossier | self.confidential)
        # The search filter the archivist uses, then the list's Print Labels.
        search_view = self.env.ref("partner_dossier.dossier_dossier_view_search_label")
        self.assertIn('name="label_reprint"', search_view.arch_db)
        selected = self._to_reprint()
        action = selected.action_print_label()
        self.assertEqual(action["report_name"], "partner_dossier.report_dossier_label")
        self.assertEqual(action["context"]["active_ids"], selected.ids)
        self._print(self.env["dossier.dossier"].browse(action["context"]["active_ids"]))
        self.assertFalse(self._to_reprint())
        self.assertFalse(dossiers.filtered("label_reprint_reason"))

    def test_reason_tracked_in_the_chatter(self):
        # The fixtures were made without tracking, which the transaction remembers
        # until its pre-commit hooks run.
        self.env.flush_all()
        self.env.cr.precommit.run()
        dossier = self.dossier.with_context(tracking_disable=False)
        self._print(dossier)
        customer = self.customer.with_user(self.partner_editor).with_context(
            tracking_disable=False
        )
        customer.name = "Lotus Holdings Ltd."
        customer.env.flush_all()
        self.env.cr.precommit.run()
        dossier.invalidate_recordset(["message_ids"])

        tracked = dossier.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "label_reprint_reason"
        )
        self.assertEqual(
            tracked.new_value_char, "Customer: Lotus Trading Co. → Lotus Holdings Ltd."
        )

    def test_renaming_many_customers_in_one_write_costs_the_same(self):
        """One write renaming 1 or 20 customers whose labels were printed: the
        labels to reprint are found and written with the same queries."""

        def rename(count):
            partners = self.env["res.partner"].create(
                [
                    {"name": f"Batch {count} {i}", "is_company": True}
                    for i in range(count)
                ]
            )
            dossiers = self.env["dossier.dossier"].create(
                [{"partner_id": partner.id} for partner in partners]
            )
            self._print(dossiers)
            self.env.flush_all()
            self.env.invalidate_all()
            partners = partners.with_user(self.partner_editor)
            before = self.env.cr.sql_log_count
            partners.write({"name": f"Renamed {count}"})
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - before
            self.assertEqual(len(dossiers.filtered("label_reprint")), count)
            return queries

        rename(1)  # the caches of the first rename (views, rules) warm
        one, twenty = rename(1), rename(20)
        self.assertEqual(one, twenty)
        self.assertLessEqual(twenty, 14)
