from odoo import models


class MailMail(models.Model):
    """The last door before an e-mail leaves: one concerning a secret dossier
    goes without the message's subject and attachments (its body was
    rendered without the content, see mail_thread.py)."""

    _inherit = "mail.mail"

    def _prepare_outgoing_list(self, mail_server=False, doc_to_followers=None):
        emails = super()._prepare_outgoing_list(
            mail_server=mail_server, doc_to_followers=doc_to_followers
        )
        # sudo: the mail queue runs as superuser already; this only asks
        # whether the message concerns a secret dossier.
        if not self.mail_message_id.sudo()._dossier_withheld(False):
            return emails
        for email in emails:
            lang = email["partner_id"].lang if email.get("partner_id") else None
            env = self.with_context(lang=lang).env if lang else self.env
            email["subject"] = env[self.model]._dossier_neutral_display_name()
            email["attachments"] = []
        return emails
