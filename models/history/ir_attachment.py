from odoo import models

# What Odoo writes on an existing file without changing it: the token of a
# link shared by e-mail.
SHARING_FIELDS = {"access_token"}


class IrAttachment(models.Model):
    """A register's files (those of its chatter, not the values of its binary
    fields, which its own write guards) are its history: never replaced nor
    deleted, but by its procedures and with the register itself."""

    _inherit = "ir.attachment"

    def write(self, vals):
        if vals.keys() - SHARING_FIELDS:
            self._dossier_check_history()
        return super().write(vals)

    def unlink(self):
        self._dossier_check_history()
        return super().unlink()

    def _dossier_check_history(self):
        """Refuse to change or delete the files of a register. A file may join
        one: posting a message moves its files from the composer onto the
        record."""
        # sudo: where a file is attached decides, whoever asks.
        threads = {
            (attachment.res_model, attachment.res_id)
            for attachment in self.sudo()
            if not attachment.res_field
        }
        Thread = self.env["mail.thread"]
        if locked := Thread._dossier_history_locked(threads):
            raise Thread._dossier_history_error(min(locked)[0])
