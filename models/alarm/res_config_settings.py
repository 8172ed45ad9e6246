from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The company's alarm rules (see models/alarm/res_company.py).
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
