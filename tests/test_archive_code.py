from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .archive_code_common import ArchiveCodeCase


@tagged("post_install", "-at_install")
class TestArchiveCode(ArchiveCodeCase):
    """The archive code (档号) is given at formal archiving after the company's
    scheme, is unique, printed on the label, found by a scanner, and never
    renumbered."""

    def setUp(self):
        super().setUp()
        self._set_scheme(dossier_archive_code=True, dossier_fonds_number="Z001")

    @freeze_time("2026-03-10")
    def test_given_at_formal_archiving_not_before(self):
        dossier = self._temporary("Peony Co.")
        self.assertFalse(dossier.archive_code, "a temporary dossier has no code")
        dossier.with_user(self.archivist).action_archive_formally()
        self.assertEqual(dossier.archive_code, "Z001-2026-D30-KH-0001")
        self.assertEqual(dossier.archived_by_id, self.archivist)
        # The reference stays the internal number.
        self.assertTrue(dossier.name.startswith("DOS/"), dossier.name)
        second = self._archive("Orchid Co.")
        self.assertEqual(second.archive_code, "Z001-2026-D30-KH-0002")
        # Closed and reopened, a dossier keeps its code.
        second.with_user(self.archivist).action_close()
        second.with_user(self.manager).action_reopen()
        self.assertEqual(second.archive_code, "Z001-2026-D30-KH-0002")

    def test_retention_codes_and_year_counting(self):
        permanent = self.env.ref("partner_dossier.retention_policy_permanent")
        ten = self.env.ref("partner_dossier.retention_policy_10_years")
        with freeze_time("2026-12-30"):
            first = self._archive("Y Co.", retention_policy_id=permanent.id)
            ten_years = self._archive("D10 Co.", retention_policy_id=ten.id)
            again = self._archive("Y Again Co.", retention_policy_id=permanent.id)
        with freeze_time("2027-01-04"):
            next_year = self._archive("New Year Co.", retention_policy_id=permanent.id)
        self.assertEqual(first.archive_code, "Z001-2026-Y-KH-0001")
        self.assertEqual(ten_years.archive_code, "Z001-2026-D10-KH-0001")
        self.assertEqual(again.archive_code, "Z001-2026-Y-KH-0002")
        self.assertEqual(next_year.archive_code, "Z001-2027-Y-KH-0001")

    @freeze_time("2026-05-01")
    def test_changing_the_scheme_never_renumbers(self):
        before = self._archive("Before Co.")
        self._set_scheme(
            dossier_fonds_number="Z002",
            dossier_code_year=False,
            dossier_code_separator=".",
            dossier_code_digits=3,
        )
        after = self._archive("After Co.")
        before.invalidate_recordset()
        self.assertEqual(before.archive_code, "Z001-2026-D30-KH-0001")
        self.assertEqual(after.archive_code, "Z002.D30.KH.001")
        # Turned off, the scheme gives no new code and takes none back.
        self._set_scheme(dossier_archive_code=False)
        none = self._archive("Without Co.")
        self.assertFalse(none.archive_code)
        self.assertEqual(before.archive_code, "Z001-2026-D30-KH-0001")

    def test_missing_parts_refuse_the_archiving_with_a_sentence(self):
        self.category.code = False
        dossier = self._temporary("No Code Co.")
        with self.assertRaisesRegex(UserError, "its category has no code"):
            dossier.with_user(self.archivist).action_archive_formally()
        self._set_scheme(dossier_fonds_number=False)
        with self.assertRaisesRegex(UserError, "enter it in the settings"):
            dossier.with_user(self.archivist).action_archive_formally()
        self.assertEqual(dossier.state, "temporary")
        self.assertFalse(dossier.archive_code)

    def test_item_number_digits_checked_in_the_settings(self):
        with self.assertRaisesRegex(UserError, "1 to 8 digits"):
            self._set_scheme(dossier_code_digits=9)

    def test_the_code_is_written_only_by_archiving(self):
        dossier = self._archive("Forged Co.")
        with self.assertRaisesRegex(UserError, "Archive Formally button"):
            dossier.with_user(self.manager).write({"archive_code": "Z001-FORGED"})

    def test_scanner_and_search_find_the_code(self):
        dossier = self._archive("Scanned Co.")
        Dossier = self.env["dossier.dossier"].with_user(self.staff)
        found = Dossier.name_search(dossier.archive_code)
        self.assertEqual([dossier_id for dossier_id, _name in found], [dossier.id])
        view = Dossier.get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn("archive_code", view)
        self.assertEqual(
            Dossier.search([("archive_code", "=ilike", dossier.archive_code)]),
            dossier,
        )

    def test_label_prints_the_code_and_the_reference(self):
        dossier = self._archive("Label Co.")
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.archivist)
            ._render_qweb_html("partner_dossier.report_dossier_label", dossier.ids)
        )
        text = html.decode()
        self.assertIn(dossier.archive_code, text)
        self.assertIn(dossier.name, text)
        self.assertIn("Archive Code", text)
