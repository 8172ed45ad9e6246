from odoo import models

from .dossier_check_mixin import DatabaseCheck


class DossierCopyBatch(models.Model):
    _name = "dossier.copy.batch"
    _inherit = ["dossier.copy.batch", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("copies",),
                (lambda get, record: self._null(get("copies")) or get("copies") >= 1),
                self.env._("A copy batch holds at least one copy."),
            ),
            DatabaseCheck(
                ("pages",),
                (lambda get, record: self._null(get("pages")) or get("pages") >= 1),
                self.env._("Each copy has at least one page."),
            ),
            DatabaseCheck(
                ("copies_returned", "copies"),
                lambda get, record: (
                    self._null(get("copies_returned"))
                    or self._null(get("copies"))
                    or 0 <= get("copies_returned") <= get("copies")
                ),
                self.env._("More copies cannot come back than were made."),
            ),
        ]
