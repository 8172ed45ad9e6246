from odoo import api, models

from .mail_thread import CREATING, CREATING_KEY


class MailTrackingValue(models.Model):
    """The tracked changes of a register's messages (old value → new value) are
    its history: added only while their message is posted, never edited nor
    deleted, but by its procedures and with the register itself."""

    _inherit = "mail.tracking.value"

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get(CREATING_KEY) is not CREATING:
            self.env["mail.message"].browse(
                {
                    vals["mail_message_id"]
                    for vals in vals_list
                    if vals.get("mail_message_id")
                }
            )._dossier_check_history_of_messages()
        return super().create(vals_list)

    def write(self, vals):
        # sudo: which message a value belongs to decides, whoever asks.
        self.sudo().mail_message_id._dossier_check_history_of_messages(
            vals.get("mail_message_id")
        )
        return super().write(vals)

    def unlink(self):
        self.sudo().mail_message_id._dossier_check_history_of_messages()
        return super().unlink()
