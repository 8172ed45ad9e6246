from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import FILED_STATES, FROZEN_STATES, MANAGER_GROUP

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
# What a retention policy says of how long a dossier is kept.
TERM_FIELDS = ("permanent", "years", "trigger")
DISPOSAL_ACTIONS = [
    ("destroy", "Destroy"),
    ("transfer", "Transfer"),
    ("review", "Review"),
]


class DossierRetentionPolicy(models.Model):
    _name = "dossier.retention.policy"
    _description = "Dossier Retention Policy"
    _inherit = ["dossier.procedure.mixin"]
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

    def _editable_fields(self):
        return {
            None: {
                MANAGER_GROUP: {
                    "name",
                    "sequence",
                    "active",
                    "company_id",
                    *TERM_FIELDS,
                    "disposal_action",
                    "description",
                }
            }
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        self._check_terms_unused(vals)
        return super().write(vals)

    def _check_terms_unused(self, vals):
        """A filed dossier keeps the terms it was filed under: a policy that
        governs filed dossiers does not change its terms, which would move their
        retention silently (Permanent to one year from opening makes them due for
        disposal). A new policy is created instead, and each dossier that must
        follow it is moved by Change Retention (a manager, a written reason, a
        line in its chatter)."""
        if self._in_procedure():
            return
        changed = self.filtered(
            lambda policy: any(
                fname in vals and not policy._procedure_write_ok(fname, vals[fname])
                for fname in TERM_FIELDS
            )
        )
        if not changed:
            return
        # sudo: whether filed dossiers follow the policy is counted over all of
        # them; the refusal names none.
        used = (
            self.env["dossier.dossier"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("retention_policy_id", "in", changed.ids),
                    ("state", "in", FILED_STATES + FROZEN_STATES),
                ],
                ["retention_policy_id"],
            )
        )
        if used:
            raise UserError(
                self.env._(
                    "Retention policy %(policy)s governs filed dossiers: its terms "
                    "cannot change under them. Create a new policy, and move the "
                    "dossiers that must follow it with Change Retention.",
                    policy=used[0][0].with_env(self.env).display_name,
                )
            )

    def _retention_end(self, dossier):
        """The last day this policy keeps the dossier; False when it is kept
        forever or when the trigger date is not known yet."""
        self.ensure_one()
        start = dossier[TRIGGER_DATE_FIELDS[self.trigger]]
        if self.permanent or not start:
            return False
        return start + relativedelta(years=self.years)
