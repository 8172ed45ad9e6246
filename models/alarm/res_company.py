import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    _dossier_alarm_counts_positive = models.Constraint(
        "CHECK (dossier_alarm_consult_count >= 0 AND dossier_alarm_export_count >= 0 "
        "AND dossier_alarm_refused_count >= 0)",
        "The thresholds of the alarms cannot be negative.",
    )

    dossier_alarm_consult_count = fields.Integer(
        string="Alert Above (Dossiers Consulted)",
        default=20,
        help="One user consulting more than this many confidential or secret "
        "dossiers within the window raises an alert. 0: no such alert.",
    )
    dossier_alarm_window = fields.Integer(
        string="Alarm Window (Minutes)",
        default=10,
        help="The span, in minutes, over which consultations and refused "
        "attempts are counted.",
    )
    dossier_alarm_refused_count = fields.Integer(
        string="Alert Above (Refused Attempts)",
        default=3,
        help="One user refused more than this many times within the window on "
        "dossiers above their clearance or of another company raises an alert. "
        "0: no such alert.",
    )
    dossier_alarm_export_count = fields.Integer(
        string="Alert Above (Records Exported)",
        default=200,
        help="One export of more than this many dossiers, documents or contacts "
        "raises an alert. 0: no such alert.",
    )
    dossier_alarm_office_hours = fields.Boolean(
        string="Alert Outside Office Hours",
        help="A consultation of a confidential or secret dossier outside office "
        "hours raises an alert.",
    )
    dossier_office_hour_start = fields.Float(
        string="Office Opens At",
        default=8.0,
        help="In the company's time zone.",
    )
    dossier_office_hour_end = fields.Float(
        string="Office Closes At",
        default=18.0,
        help="In the company's time zone.",
    )
    dossier_office_weekends = fields.Boolean(
        string="Weekends Outside Office Hours",
        default=True,
        help="Saturdays and Sundays are outside office hours all day.",
    )

    @api.constrains("dossier_alarm_window")
    def _check_dossier_alarm_window(self):
        if any(not 1 <= company.dossier_alarm_window <= 1440 for company in self):
            raise ValidationError(
                self.env._("The alarm window lasts between 1 and 1,440 minutes.")
            )

    @api.constrains("dossier_office_hour_start", "dossier_office_hour_end")
    def _check_dossier_office_hours(self):
        for company in self:
            if not (
                0 <= company.dossier_office_hour_start
                < company.dossier_office_hour_end
                <= 24
            ):
                raise ValidationError(
                    self.env._(
                        "The office opens before it closes, between 00:00 and 24:00."
                    )
                )

    def _dossier_alarm_tz(self):
        """The time zone of the company's office hours: its address's."""
        self.ensure_one()
        return pytz.timezone(self.dossier_tz or "UTC")

    def _dossier_outside_office_hours(self, utc_datetime):
        """Whether ``utc_datetime`` (naive, as stored) falls outside the
        company's office hours."""
        self.ensure_one()
        local = pytz.utc.localize(utc_datetime).astimezone(self._dossier_alarm_tz())
        if self.dossier_office_weekends and local.weekday() >= 5:
            return True
        hour = local.hour + local.minute / 60 + local.second / 3600
        return not (
            self.dossier_office_hour_start <= hour < self.dossier_office_hour_end
        )
