from markupsafe import Markup

from odoo import models


class MailThread(models.AbstractModel):
    """No e-mail carries the content of a dossier that needs an approved
    consultation: an e-mail cannot check its reader's consultation, and secret
    papers are not sent over the Internet by mail. A message concerning a secret dossier
    (posted on it, on one of its loans, on a disposal listing it) is notified
    by an e-mail saying that a message was posted, in the recipient's
    language, with the button to open it in Odoo; its text, subject,
    tracked values and attachments stay in Odoo (see mail.mail's
    _prepare_outgoing_list for the subject and attachments)."""

    _inherit = "mail.thread"

    def _notify_by_email_prepare_rendering_context(
        self, message, msg_vals=False, **kwargs
    ):
        context = super()._notify_by_email_prepare_rendering_context(
            message, msg_vals=msg_vals, **kwargs
        )
        if (
            not message
            or self._name
            not in self.env["dossier.content.thread"]._dossier_content_threads()
        ):
            return context
        if not message.sudo()._dossier_withheld(False):
            return context
        env = self.with_context(lang=context["lang"]).env
        text = env._(
            "A message was posted about a dossier. Its content is not sent by "
            "e-mail: open it in Odoo to read it under a consultation."
        )
        neutral = env[self._name]._dossier_neutral_display_name()
        context.update(
            {
                # A copy of the message that says only that it exists.
                "message": message.sudo().new(
                    {"body": Markup("<p>%s</p>") % text, "subject": False},
                    origin=message,
                ),
                "tracking_values": [],
                "record_name": neutral,
                "subtitles": [neutral],
            }
        )
        return context
