from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dossier_archive_days = fields.Integer(
        related="company_id.dossier_archive_days", readonly=False
    )
    dossier_loan_due_hour = fields.Float(
        related="company_id.dossier_loan_due_hour", readonly=False
    )
    dossier_monthly_report_day = fields.Integer(
        related="company_id.dossier_monthly_report_day", readonly=False
    )
