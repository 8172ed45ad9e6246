from dateutil.relativedelta import relativedelta

from odoo import fields, models

RETENTION_TRIGGERS = [
    ("closure", "Closure Date"),
    ("completion", "Contract Completion Date"),
    ("opening", "Opening Date"),
]
# The dossier date each trigger counts from.
TRIGGER_DATE_FIELDS = {
    "closure": "date_closed",
    "completion": "date_completed",
    "opening": "date_opened",
}
DISPOSAL_ACTIONS = [
    ("destroy", "Destroy"),
    ("transfer", "Transfer"),
    ("review", "Review"),
]


class DossierRetentionPolicy(models.Model):
    _name = "dossier.retention.policy"
    _description = "Dossier Retention Policy"
    _order = "sequence, id"
    _check_company_auto = True

    _permanent_without_years = models.Constraint(
        "CHECK (NOT permanent OR COALESCE(years, 0) = 0)",
        "A permanent retention policy keeps dossiers forever: it cannot also have a "
        "number of years.",
    )
    _term_has_years = models.Constraint(
        "CHECK (permanent OR years > 0)",
        "A retention policy that is not permanent needs a duration of at least "
        "one year.",
    )

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    permanent = fields.Boolean(
        help="Dossiers under this policy are kept forever and never proposed for "
        "disposal."
    )
    years = fields.Integer(
        string="Retention (Years)",
        help="How many years a dossier is kept, counted from the trigger date.",
    )
    trigger = fields.Selection(
        RETENTION_TRIGGERS,
        string="Counted From",
        default="closure",
        required=True,
        help="The dossier date the retention period starts from.",
    )
    disposal_action = fields.Selection(
        DISPOSAL_ACTIONS,
        default="destroy",
        required=True,
        help="What happens when the retention ends: destroy the dossier, transfer "
        "it to another archive, or review it and extend its retention.",
    )
    description = fields.Text(translate=True)

    def _retention_end(self, dossier):
        """The last day this policy keeps the dossier; False when it is kept
        forever or when the trigger date is not known yet."""
        self.ensure_one()
        start = dossier[TRIGGER_DATE_FIELDS[self.trigger]]
        if self.permanent or not start:
            return False
        return start + relativedelta(years=self.years)
