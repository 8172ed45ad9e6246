from odoo import api, models
from odoo.tools import SQL


class IrAttachment(models.Model):
    """A file of a dossier (attached to it, to one of its documents, loans,
    incidents or disposals, a document's scan) is its content: read under the
    content rule (dossier.content.mixin), by every route that serves files."""

    _name = "ir.attachment"
    _inherit = ["ir.attachment", "dossier.content.mixin"]

    @api.model
    def _dossier_content_guard(self, alias):
        return SQL(
            "%s IN %s",
            SQL.identifier(alias, "res_model"),
            tuple(self._dossier_owners()),
        )

    @api.model
    def _dossier_owners(self):
        """The models whose records' files are a dossier's content."""
        threads = self.env["dossier.content.thread"]._dossier_content_threads()
        return {*threads, "dossier.document"}

    def _dossier_content_candidates(self):
        owners = self._dossier_owners()
        # sudo: the owner's model of a file, whoever asks.
        return self.browse(
            [
                attachment.id
                for attachment in self.sudo()
                if attachment.res_model in owners
            ]
        )

    @api.model
    def _dossier_withheld_sql(self, alias, owners):
        return self._dossier_owned_pair(
            SQL.identifier(alias, "res_model"), SQL.identifier(alias, "res_id"), owners
        )
