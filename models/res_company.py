from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dossier_archive_days = fields.Integer(
        string="Days to Archive Formally",
        default=5,
        help="A temporary dossier must be archived formally within this many days "
        "after the contract is completed.",
    )

    dossier_loan_due_hour = fields.Float(
        string="Loans Due At",
        default=18.0,
        help="A loan is due at this hour of the day it is wanted, in the requester's "
        "time zone, unless the request says otherwise.",
    )

    _dossier_archive_days_positive = models.Constraint(
        "CHECK (dossier_archive_days >= 0)",
        "The number of days to archive a dossier formally cannot be negative.",
    )
    _dossier_loan_due_hour_range = models.Constraint(
        "CHECK (dossier_loan_due_hour >= 0 AND dossier_loan_due_hour < 24)",
        "The hour loans are due must be between 00:00 and 23:59.",
    )
