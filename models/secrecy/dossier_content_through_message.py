from odoo import api, models
from odoo.tools import SQL


class DossierContentThroughMessage(models.AbstractModel):
    """A holder that names its message (``mail_message_id``), and the message its
    thread: read under the message's rule (notifications, tracked values)."""

    _name = "dossier.content.through.message"
    _description = "Holder of a Dossier's Content Through Its Message"
    _inherit = ["dossier.content.mixin"]

    @api.model
    def _dossier_content_guard(self, alias):
        # A primary-key lookup per row: only a dossier's messages go further.
        threads = self.env["dossier.content.thread"]._dossier_content_threads()
        return SQL(
            "EXISTS (SELECT 1 FROM mail_message m WHERE m.id = %s AND m.model IN %s)",
            SQL.identifier(alias, "mail_message_id"),
            tuple(threads),
        )

    def _dossier_content_candidates(self):
        threads = self.env["dossier.content.thread"]._dossier_content_threads()
        # sudo: the thread of a message, whoever asks.
        return self.browse(
            [
                record.id
                for record in self.sudo()
                if record.mail_message_id.model in threads
            ]
        )

    @api.model
    def _dossier_withheld_sql(self, alias, owners):
        return SQL(
            "%s IN (SELECT m.id FROM mail_message m WHERE %s)",
            SQL.identifier(alias, "mail_message_id"),
            self._dossier_owned_pair(SQL("m.model"), SQL("m.res_id"), owners),
        )
