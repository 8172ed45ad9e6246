from odoo import models


class MailTrackingValue(models.Model):
    """A tracked change belongs to its message: read under the same rule."""

    _name = "mail.tracking.value"
    _inherit = ["mail.tracking.value", "dossier.content.through.message"]
