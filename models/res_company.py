from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dossier_archive_days = fields.Integer(
        string="Days to Archive Formally",
        default=5,
        help="A temporary dossier must be archived formally within this many days "
        "after the contract is completed.",
    )

    _dossier_archive_days_positive = models.Constraint(
        "CHECK (dossier_archive_days >= 0)",
        "The number of days to archive a dossier formally cannot be negative.",
    )
