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
        help="The archive's closing time: a loan is due at this hour of the day it "
        "is lent, in the company's time zone, unless the request says otherwise.",
    )

    dossier_monthly_report_day = fields.Integer(
        string="Monthly Statistics Sent On",
        default=1,
        help="Day of the month (1 to 5) on which last month's dossier statistics are "
        "sent to the dossier managers.",
    )

    _dossier_archive_days_positive = models.Constraint(
        "CHECK (dossier_archive_days >= 0)",
        "The number of days to archive a dossier formally cannot be negative.",
    )
    _dossier_loan_due_hour_range = models.Constraint(
        "CHECK (dossier_loan_due_hour >= 0 AND dossier_loan_due_hour < 24)",
        "The hour loans are due must be between 00:00 and 23:59.",
    )
    _dossier_monthly_report_day_range = models.Constraint(
        "CHECK (dossier_monthly_report_day BETWEEN 1 AND 5)",
        "The monthly statistics are sent between the 1st and the 5th of the month.",
    )
