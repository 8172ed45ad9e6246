from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The company's dossier settings (see res.company), on the Settings screen.
    dossier_archive_days = fields.Integer(
        related="company_id.dossier_archive_days", readonly=False
    )
    dossier_clearout_months = fields.Integer(
        related="company_id.dossier_clearout_months", readonly=False
    )
    dossier_opening_signature = fields.Boolean(
        related="company_id.dossier_opening_signature", readonly=False
    )
    dossier_loan_due_hour = fields.Float(
        related="company_id.dossier_loan_due_hour", readonly=False
    )
    dossier_tz = fields.Selection(related="company_id.dossier_tz", readonly=False)
    dossier_incident_amount_min = fields.Float(
        related="company_id.dossier_incident_amount_min", readonly=False
    )
    dossier_incident_amount_max = fields.Float(
        related="company_id.dossier_incident_amount_max", readonly=False
    )
    dossier_incident_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Incident Currency"
    )
    dossier_stocktaking_months = fields.Integer(
        related="company_id.dossier_stocktaking_months", readonly=False
    )
    dossier_confidential_approval = fields.Boolean(
        related="company_id.dossier_confidential_approval", readonly=False
    )
    dossier_break_glass_hours = fields.Integer(
        related="company_id.dossier_break_glass_hours", readonly=False
    )
    dossier_monthly_report_day = fields.Integer(
        related="company_id.dossier_monthly_report_day", readonly=False
    )
    dossier_backup_check_days = fields.Integer(
        related="company_id.dossier_backup_check_days", readonly=False
    )

    # Archive codes (档号)
    dossier_archive_code = fields.Boolean(
        related="company_id.dossier_archive_code", readonly=False
    )
    dossier_fonds_number = fields.Char(
        related="company_id.dossier_fonds_number", readonly=False
    )
    dossier_code_fonds = fields.Boolean(
        related="company_id.dossier_code_fonds", readonly=False
    )
    dossier_code_year = fields.Boolean(
        related="company_id.dossier_code_year", readonly=False
    )
    dossier_code_retention = fields.Boolean(
        related="company_id.dossier_code_retention", readonly=False
    )
    dossier_code_category = fields.Boolean(
        related="company_id.dossier_code_category", readonly=False
    )
    dossier_code_separator = fields.Selection(
        related="company_id.dossier_code_separator", readonly=False
    )
    dossier_code_digits = fields.Integer(
        related="company_id.dossier_code_digits", readonly=False
    )

    # The company's alarm rules (see res.company).
    dossier_alarm_consult_count = fields.Integer(
        related="company_id.dossier_alarm_consult_count", readonly=False
    )
    dossier_alarm_window = fields.Integer(
        related="company_id.dossier_alarm_window", readonly=False
    )
    dossier_alarm_refused_count = fields.Integer(
        related="company_id.dossier_alarm_refused_count", readonly=False
    )
    dossier_alarm_export_count = fields.Integer(
        related="company_id.dossier_alarm_export_count", readonly=False
    )
    dossier_alarm_office_hours = fields.Boolean(
        related="company_id.dossier_alarm_office_hours", readonly=False
    )
    dossier_office_hour_start = fields.Float(
        related="company_id.dossier_office_hour_start", readonly=False
    )
    dossier_office_hour_end = fields.Float(
        related="company_id.dossier_office_hour_end", readonly=False
    )
    dossier_office_weekends = fields.Boolean(
        related="company_id.dossier_office_weekends", readonly=False
    )
