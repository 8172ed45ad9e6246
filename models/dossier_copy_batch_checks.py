from odoo import models


class DossierCopyBatch(models.Model):
    _name = "dossier.copy.batch"
    _inherit = ["dossier.copy.batch", "dossier.check.mixin"]

    def _database_checks(self):
        _ = self.env._
        return [
            (
                ("copies",),
                (lambda get, record: self._null(get("copies")) or get("copies") >= 1),
                _("A copy batch holds at least one copy."),
            ),
            (
                ("pages",),
                (lambda get, record: self._null(get("pages")) or get("pages") >= 1),
                _("Each copy has at least one page."),
            ),
            (
                ("copies_returned", "copies"),
                lambda get, record: (
                    self._null(get("copies_returned"))
                    or self._null(get("copies"))
                    or 0 <= get("copies_returned") <= get("copies")
                ),
                _("More copies cannot come back than were made."),
            ),
        ]
