from odoo import api, models

from .mail_thread import MAILING, MAILING_KEY


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        # An e-mail extends its message (_inherits): creating it writes the subject
        # it is sent with on a message that has none (see mail_message.py).
        mails = super(MailMail, self.with_context(**{MAILING_KEY: MAILING})).create(
            vals_list
        )
        return mails.with_env(self.env)
