from odoo import models


class MailNotification(models.Model):
    """A notification names its message (and the message its thread): read under
    the message's rule."""

    _name = "mail.notification"
    _inherit = ["mail.notification", "dossier.content.through.message"]
