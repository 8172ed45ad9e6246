from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Stored with the company, so that reading it costs nothing more than the
    # company's other settings (the loan hot paths read the closing time).
    dossier_tz = fields.Selection(
        related="partner_id.tz",
        string="Archive Time Zone",
        store=True,
        help="The time zone of the company's address: loans are due at the closing "
        "time of the archive in this time zone.",
    )
