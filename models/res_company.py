import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools.dossier_timezone import archive_tz, archive_tz_name

# DA/T 22-2015 joins the parts of an archive code (档号) with a hyphen.
ARCHIVE_CODE_SEPARATORS = [("-", "-"), (".", "."), ("/", "/"), ("·", "·")]


class ResCompany(models.Model):
    _inherit = "res.company"

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
    _dossier_backup_check_days_positive = models.Constraint(
        "CHECK (dossier_backup_check_days >= 0)",
        "The number of days without a passed restore check cannot be negative.",
    )
    _dossier_incident_amount_range = models.Constraint(
        "CHECK (dossier_incident_amount_min >= 0 "
        "AND dossier_incident_amount_min <= dossier_incident_amount_max)",
        "The incident amounts run from a least amount, not negative, to a greatest "
        "amount that is not below it.",
    )

    _dossier_alarm_counts_positive = models.Constraint(
        "CHECK (dossier_alarm_consult_count >= 0 AND dossier_alarm_export_count >= 0 "
        "AND dossier_alarm_refused_count >= 0)",
        "The thresholds of the alarms cannot be negative.",
    )

    # ------------------------------------------------------------------ lifecycle
    dossier_archive_days = fields.Integer(
        string="Days to Archive Formally",
        default=5,
        help="A temporary dossier must be archived formally within this many days "
        "after the contract is completed.",
    )
    dossier_clearout_months = fields.Integer(
        string="Clear-out After (Months)",
        default=24,
        help="Once a year, the archived dossiers of customers without contract or "
        "activity for this many months are proposed for closing to the managers. "
        "0: no yearly clear-out.",
    )

    dossier_opening_signature = fields.Boolean(
        string="Signed Dossier Opening",
        help="The archivist who opens a dossier confirms it with their signature on "
        "the screen (who opened it and when).",
    )

    # ------------------------------------------------------------------ loans
    dossier_loan_due_hour = fields.Float(
        string="Loans Due At",
        default=18.0,
        help="The archive's closing time: a loan is due at this hour of the day it "
        "is lent, in the company's time zone, unless the request says otherwise.",
    )
    # Stored with the company, so that reading it costs nothing more than the
    # company's other settings (the loan hot paths read the closing time). The
    # archive room has one time zone, whoever reads it (tools/dossier_timezone.py).
    dossier_tz = fields.Selection(
        related="partner_id.tz",
        string="Archive Time Zone",
        store=True,
        readonly=False,
        help="The time zone of the archive room (the company's address): the "
        "closing time, the day a loan is wanted and its due time are read in it, "
        "whoever registers the loan. Without one, UTC.",
    )

    # ------------------------------------------------------------------ loss and damage
    # The archive rules' range for a loss or damage (50 to 500 yuan), in the
    # company's currency.
    dossier_incident_amount_min = fields.Float(
        string="Incident Amount From",
        default=50.0,
        help="The least amount a dossier manager may decide for a loss or damage.",
    )
    dossier_incident_amount_max = fields.Float(
        string="Incident Amount Up To",
        default=500.0,
        help="The greatest amount a dossier manager may decide for a loss or damage.",
    )

    # ------------------------------------------------------------------ stock-taking
    dossier_stocktaking_months = fields.Integer(
        string="Stock-taking Every",
        default=12,
        help="A location not checked by a stock-taking for this many months is "
        "flagged as due.",
    )

    # ------------------------------------------------------------------ reporting
    # ------------------------------------------------------------------ consultations
    dossier_confidential_approval = fields.Boolean(
        string="Approve Confidential Consultations",
        help="Reading a confidential dossier's content needs a manager's approval, "
        "as for a secret dossier. Otherwise it is only logged.",
    )
    dossier_break_glass_hours = fields.Integer(
        string="Break-glass Consultations Last",
        default=2,
        help="A manager who opens a dossier in an emergency, without another "
        "manager's approval, may read it for this many hours.",
    )

    dossier_monthly_report_day = fields.Integer(
        string="Monthly Statistics Sent On",
        default=1,
        help="Day of the month (1 to 5) on which last month's dossier statistics are "
        "sent to the dossier managers.",
    )

    # ------------------------------------------------------------------ backups
    dossier_backup_check_days = fields.Integer(
        string="Restore Check Due After (Days)",
        default=7,
        help="The dossier managers are reminded when no backup has passed a restore "
        "check (make restore-check) for this many days. 0: no reminder.",
    )

    # ------------------------------------------------------------------ archive codes
    dossier_archive_code = fields.Boolean(
        string="Archive Codes",
        help="Give each dossier an archive code (档号) when it is archived formally.",
    )
    dossier_fonds_number = fields.Char(
        string="Fonds Number",
        help="The company's fonds number (全宗号) given by the archive authority, "
        "e.g. Z001.",
    )
    dossier_code_fonds = fields.Boolean(string="With the Fonds Number", default=True)
    dossier_code_year = fields.Boolean(
        string="With the Year",
        default=True,
        help="The year the dossier is archived formally.",
    )
    dossier_code_retention = fields.Boolean(
        string="With the Retention Code",
        default=True,
        help="Y for permanent retention, D30 for 30 years, D10 for 10 years "
        "(from the dossier's retention policy).",
    )
    dossier_code_category = fields.Boolean(
        string="With the Category Code",
        default=True,
        help="The code of the dossier's category (category or organisation code).",
    )
    dossier_code_separator = fields.Selection(
        ARCHIVE_CODE_SEPARATORS, string="Separator", default="-", required=True
    )
    dossier_code_digits = fields.Integer(
        string="Item Number Digits",
        default=4,
        help="The item number is counted from 1 for each combination of the parts "
        "before it (for example each year) and padded with zeros to this length.",
    )

    # ------------------------------------------------------------------ alarms
    # The rules of models/alarm/: thresholds, window and office hours.
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

    @api.model
    @tools.ormcache()
    def _dossier_archive_zones(self):
        """((company id, archive time zone name), ...) of every company: the
        searches by the archive's day (archive_today_domain) ask it at each
        query, without one. Cleared when a company or its address's time zone
        changes."""
        # sudo: a company's time zone is no secret, and a search (or a job) may
        # reach records of companies the user is not logged in.
        companies = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([], ["dossier_tz"], order="id")
        )
        return tuple((company.id, archive_tz_name(company)) for company in companies)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _dossier_archive_zones
        return super().create(vals_list)

    def write(self, vals):
        if {"dossier_tz", "partner_id", "active"} & vals.keys():
            self.env.registry.clear_cache()  # _dossier_archive_zones
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()  # _dossier_archive_zones
        return super().unlink()

    @api.constrains("dossier_clearout_months")
    def _check_dossier_clearout_months(self):
        for company in self:
            if company.dossier_clearout_months < 0:
                raise ValidationError(
                    self.env._("The months before a clear-out cannot be negative.")
                )

    @api.constrains("dossier_break_glass_hours")
    def _check_dossier_break_glass_hours(self):
        if any(not 1 <= company.dossier_break_glass_hours <= 24 for company in self):
            raise ValidationError(
                self.env._("A break-glass consultation lasts between 1 and 24 hours.")
            )

    @api.constrains("dossier_stocktaking_months")
    def _check_dossier_stocktaking_months(self):
        if any(company.dossier_stocktaking_months < 1 for company in self):
            raise ValidationError(
                self.env._("Locations are checked at least every month.")
            )

    @api.constrains("dossier_code_digits")
    def _check_dossier_code_digits(self):
        for company in self:
            if not 1 <= company.dossier_code_digits <= 8:
                raise ValidationError(
                    self.env._("The item number of archive codes has 1 to 8 digits.")
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
                0
                <= company.dossier_office_hour_start
                < company.dossier_office_hour_end
                <= 24
            ):
                raise ValidationError(
                    self.env._(
                        "The office opens before it closes, between 00:00 and 24:00."
                    )
                )

    def _dossier_outside_office_hours(self, utc_datetime):
        """Whether ``utc_datetime`` (naive, as stored) falls outside the
        company's office hours."""
        self.ensure_one()
        local = pytz.utc.localize(utc_datetime).astimezone(archive_tz(self))
        if self.dossier_office_weekends and local.weekday() >= 5:
            return True
        hour = local.hour + local.minute / 60 + local.second / 3600
        return not (
            self.dossier_office_hour_start <= hour < self.dossier_office_hour_end
        )
