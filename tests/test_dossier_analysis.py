from odoo.tests import tagged

from .common import DossierCase


@tagged("post_install", "-at_install")
class TestDossierAnalysis(DossierCase):
    """Dossier Analysis (pivot, graph): completeness is a share, averaged."""

    def test_completeness_is_averaged_by_the_pivot(self):
        complete = self._new_dossier()
        half = self._new_dossier()
        self._add_documents(complete, self.type_contract | self.type_licence)
        self._add_documents(half, self.type_contract)
        Dossier = self.env["dossier.dossier"].with_user(self.staff)
        domain = [("id", "in", (complete | half).ids)]
        [group] = Dossier.formatted_read_group(
            domain, ["category_id"], ["completeness:avg", "__count"]
        )
        self.assertEqual((group["completeness:avg"], group["__count"]), (75.0, 2))

        # Kept up to date when the inventory changes.
        self._add_documents(half, self.type_licence)
        [group] = Dossier.formatted_read_group(
            domain, ["category_id"], ["completeness:avg"]
        )
        self.assertEqual(group["completeness:avg"], 100.0)
