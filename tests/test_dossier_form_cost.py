from odoo.tests import tagged
from odoo.tools import SQL

from .common import DossierCase, view_spec

SPEC = {
    "name": {},
    "document_count": {},
    "missing_document_type_ids": {"fields": {"display_name": {}}},
    "completeness": {},
    "document_ids": {
        "fields": {"name": {}, "document_type_id": {"fields": {"display_name": {}}}},
        "limit": 40,
    },
}


@tagged("post_install", "-at_install")
class TestDossierFormCost(DossierCase):
    """The dossier form with its inventory page costs the same queries for a
    dossier of 1,500 documents as for one of 2 (bench figure 10 measures 5,000
    in a table of 1,000,000)."""

    def _grow(self, dossier, count):
        """``count`` copies of the dossier's first document, by SQL."""
        template = dossier.document_ids[:1]
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'dossier_document' AND column_name != 'id'"
        )
        columns = [row[0] for row in self.env.cr.fetchall()]
        overrides = {"name": SQL("'Page ' || n"), "sequence": SQL("n")}
        self.env.cr.execute(
            SQL(
                "INSERT INTO dossier_document (%s) SELECT %s FROM dossier_document, "
                "generate_series(1, %s) AS n WHERE dossier_document.id = %s",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL(", ").join(
                    overrides.get(column, SQL.identifier("dossier_document", column))
                    for column in columns
                ),
                count,
                template.id,
            )
        )
        self.env.invalidate_all()

    def _form(self, dossier):
        self.env.invalidate_all()
        record = dossier.with_user(self.manager)
        before = self.env.cr.sql_log_count
        [values] = record.web_read(SPEC)
        return self.env.cr.sql_log_count - before, values

    def test_form_queries_do_not_grow_with_the_inventory(self):
        small = self._new_dossier(self._new_customer("Small Co"))
        large = self._new_dossier(self._new_customer("Large Co"))
        for dossier in small | large:
            self._add_documents(dossier, self.type_contract | self.type_letter)
        self._grow(large, 1_500)
        self._form(small)  # caches of the registry (rules, fields), as a server has
        small_queries, small_values = self._form(small)
        large_queries, large_values = self._form(large)
        self.assertEqual(large_values["document_count"], 1_502)
        self.assertEqual(len(large_values["document_ids"]), 1_502)
        self.assertEqual(
            [row["id"] for row in large_values["missing_document_type_ids"]],
            self.type_licence.ids,
        )
        self.assertEqual(small_values["document_count"], 2)
        self.assertEqual(large_queries, small_queries)

    def test_whole_form_queries_locked(self):
        """The whole form as a reader opens it (the notice, the smart buttons'
        counts, the signature, the notes under the content rule): 17 queries,
        as before the content rule and the shares (bench figure 13). The
        registers' counts are one query, the dossier's columns one."""
        dossier = self._new_dossier(confidentiality="internal")
        self._add_documents(dossier, self.type_contract | self.type_letter)
        Dossier = self.env["dossier.dossier"].with_user(self.staff)
        spec = view_spec(Dossier)
        self.assertIn("access_notice", spec)
        self.assertIn("opening_signature", spec)
        record = Dossier.browse(dossier.id)
        record.web_read(spec)  # the registry's caches, as a running server has
        self.env.invalidate_all()
        with self.assertQueryCount(17):
            [values] = record.web_read(spec)
        self.assertEqual(values["document_count"], 2)
        self.assertEqual(
            (values["loan_count"], values["incident_count"], values["share_count"]),
            (0, 0, 0),
        )
