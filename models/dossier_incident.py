from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import LazyTranslate
from odoo.tools.misc import formatLang

from ..const import ARCHIVIST_GROUP, MANAGER_GROUP, STAFF_USER_DOMAIN
from ..tools.dossier_timezone import archive_today

_lt = LazyTranslate(__name__)

INCIDENT_TYPES = [
    ("loss", "Loss"),
    ("damage", "Damage"),
    ("missing_pages", "Missing Pages"),
]
INCIDENT_STATES = [
    ("reported", "Reported"),
    ("decided", "Amount Decided"),
    ("restored", "Restored"),
    ("closed", "Closed"),
]
# Where the incident came to light. Stock-taking has no record of its own yet:
# the incident names it, the loan link is for return checks.
FOUND_DURING = [
    ("return_check", "Return Check"),
    ("stock_taking", "Stock-Taking"),
    ("other", "Other"),
]
# What the person responsible owes is decided once; afterwards only the
# restoration or the closing is recorded.
OPEN_INCIDENT_STATES = ("reported", "decided")


class DossierIncident(models.Model):
    """A loss, damage or missing pages of a dossier or one of its documents, and
    the liability of the person responsible (档案损毁、丢失责任): an amount a
    dossier manager decides within the company's range (default 50 to 500
    yuan), and the restoration of the file.

    Reported (by an archivist, or by the return check of a loan) → Amount
    Decided (a manager who is not, and never was, the person responsible) →
    Restored (the file is whole again) or Closed (it cannot be restored, or
    nothing is owed). Once the amount is decided, what happened, when, where
    it was found and who is responsible are kept as they were."""

    _name = "dossier.incident"
    _description = "Dossier Loss or Damage Incident"
    _inherit = [
        "dossier.content.thread",
        "mail.activity.mixin",
        "dossier.procedure.mixin",
    ]
    _dossier_neutral_name = _lt("A dossier incident")
    _order = "date_found desc, id desc"
    _check_company_auto = True

    _amount_not_negative = models.Constraint(
        "CHECK (amount >= 0)",
        "The amount of an incident cannot be negative.",
    )

    name = fields.Char(string="Reference", readonly=True, copy=False)
    dossier_id = fields.Many2one(
        "dossier.dossier",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="dossier_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        related="dossier_id.partner_id", string="Customer", store=True, index=True
    )
    custodian_id = fields.Many2one(
        related="dossier_id.custodian_id", store=True, index=True
    )
    document_id = fields.Many2one(
        "dossier.document",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        domain="[('dossier_id', '=', dossier_id)]",
        help="Leave empty when the incident concerns the whole dossier.",
    )
    incident_type = fields.Selection(
        INCIDENT_TYPES,
        string="What Happened",
        required=True,
        default="damage",
        index=True,
        tracking=True,
    )
    description = fields.Text(tracking=True)
    found_during = fields.Selection(
        FOUND_DURING, required=True, default="other", tracking=True
    )
    loan_id = fields.Many2one(
        "dossier.loan",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('dossier_id', '=', dossier_id)]",
        help="The loan at whose return check the incident was found.",
    )
    date_found = fields.Date(
        string="Found On",
        required=True,
        default=lambda self: archive_today(self.env.company),
        tracking=True,
    )
    responsible_id = fields.Many2one(
        "res.users",
        string="Person Responsible",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain=STAFF_USER_DOMAIN,
    )
    responsible_history_ids = fields.Many2many(
        "res.users",
        "dossier_incident_responsible_rel",
        "incident_id",
        "user_id",
        string="Ever Responsible",
        readonly=True,
        copy=False,
        help="Everyone who was the person responsible, until the amount was "
        "decided: none of them decides it.",
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        copy=False,
        help="What the person responsible pays, decided by a dossier manager within "
        "the range set in the settings.",
    )
    state = fields.Selection(
        INCIDENT_STATES,
        default="reported",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    reporter_id = fields.Many2one(
        "res.users",
        string="Reported By",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    date_reported = fields.Datetime(
        string="Reported On",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
    )
    decider_id = fields.Many2one(
        "res.users", string="Amount Decided By", readonly=True, copy=False
    )
    date_decided = fields.Date(string="Amount Decided On", readonly=True, copy=False)
    restorer_id = fields.Many2one(
        "res.users", string="Restoration Recorded By", readonly=True, copy=False
    )
    date_restored = fields.Date(string="Restored On", readonly=True, copy=False)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    restoration_note = fields.Text(
        help="How the file was restored, or why it cannot be."
    )
    amount_range = fields.Char(compute="_compute_amount_range")

    @api.depends("company_id")
    @api.depends_context("lang")
    def _compute_amount_range(self):
        for incident in self:
            incident.amount_range = incident._amount_range_label()

    def _amount_range_label(self):
        company = self.company_id or self.env.company
        return self.env._(
            "from %(minimum)s to %(maximum)s",
            minimum=formatLang(
                self.env,
                company.dossier_incident_amount_min,
                currency_obj=company.currency_id,
            ),
            maximum=formatLang(
                self.env,
                company.dossier_incident_amount_max,
                currency_obj=company.currency_id,
            ),
        )

    @api.constrains("dossier_id", "document_id", "loan_id")
    def _check_same_dossier(self):
        for incident in self:
            if (
                incident.document_id
                and incident.document_id.dossier_id != incident.dossier_id
            ) or (
                incident.loan_id and incident.loan_id.dossier_id != incident.dossier_id
            ):
                raise ValidationError(
                    self.env._(
                        "Incident %(incident)s: the document and the loan must be "
                        "those of its dossier.",
                        incident=incident.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    def _procedure_fields(self):
        report = self.env._(
            "the incident's creation: it records who reported it and when"
        )
        decide = self.env._("the Decide Amount button")
        restore = self.env._("the Restored button")
        return {
            "state": self.env._("the Decide Amount, Restored and Close buttons"),
            "reporter_id": report,
            "date_reported": report,
            "decider_id": decide,
            "responsible_history_ids": self.env._(
                "the Person Responsible field: everyone named there is recorded"
            ),
            "date_decided": decide,
            "restorer_id": restore,
            "date_restored": restore,
            "date_closed": self.env._("the Close button"),
        }

    def _editable_fields(self):
        """What a plain write may change: everything of the report until the
        amount is decided, then only the restoration note (needed to close)."""
        return {
            "reported": {
                ARCHIVIST_GROUP: {
                    "dossier_id",
                    "document_id",
                    "incident_type",
                    "description",
                    "found_during",
                    "loan_id",
                    "date_found",
                    "responsible_id",
                    "amount",
                    "restoration_note",
                }
            },
            "decided": {ARCHIVIST_GROUP: {"restoration_note"}},
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        for vals in vals_list:
            # sudo: archivists may not read sequences.
            vals["name"] = (
                self.env["ir.sequence"].sudo().next_by_code("dossier.incident")
            )
            if vals.get("responsible_id"):
                vals["responsible_history_ids"] = [Command.link(vals["responsible_id"])]
        incidents = super().create(vals_list)
        for incident in incidents:
            # The person responsible follows their incident (and reads it: the
            # record rule lets them).
            incident.message_subscribe(
                partner_ids=incident.responsible_id.partner_id.ids
            )
        return incidents

    def write(self, vals):
        self = self._register_write(vals)
        if vals.get("responsible_id"):
            vals = {
                **vals,
                "responsible_history_ids": [Command.link(vals["responsible_id"])],
            }
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Incidents are kept: close incident %(incident)s instead.",
                incident=self[:1].display_name,
            )
        )

    # ------------------------------------------------------------------ actions

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_group(self, group, message):
        if not self.env.user.has_group(group):
            raise UserError(message)

    def _check_not_responsible(self):
        """Who is, or ever was, the person responsible for an incident does not
        decide it: neither its amount nor its closing without restoration."""
        for incident in self:
            if incident.responsible_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You are the person responsible for incident %(incident)s: "
                        "another dossier manager decides its amount.",
                        incident=incident.display_name,
                    )
                )
            # Naming someone else first does not make the decision impartial.
            if self.env.user in incident.responsible_history_ids:
                raise UserError(
                    self.env._(
                        "You were named the person responsible for incident "
                        "%(incident)s: another dossier manager decides its amount.",
                        incident=incident.display_name,
                    )
                )

    def action_decide(self):
        """A dossier manager decides the amount the person responsible pays,
        within the company's range; never for their own incident."""
        self._check_group(
            MANAGER_GROUP,
            self.env._("Only dossier managers decide the amount of an incident."),
        )
        self._check_state(("reported",), self.env._("decide the amount of"))
        self._check_not_responsible()
        for incident in self:
            incident.responsible_id._check_dossier_staff(
                incident.company_id,
                self.env._(
                    "the person responsible for incident %(incident)s",
                    incident=incident.display_name,
                ),
            )
            company = incident.company_id
            if not (
                company.dossier_incident_amount_min
                <= incident.amount
                <= company.dossier_incident_amount_max
            ):
                raise UserError(
                    self.env._(
                        "The amount of incident %(incident)s must be %(range)s "
                        "(Settings).",
                        incident=incident.display_name,
                        range=incident._amount_range_label(),
                    )
                )
        for company, incidents in self.grouped("company_id").items():
            incidents._procedure().write(
                {
                    "state": "decided",
                    "decider_id": self.env.uid,
                    "date_decided": archive_today(company),
                }
            )
        self._tell_the_person_responsible()
        return True

    def _tell_the_person_responsible(self):
        """A note to the person responsible (in their inbox, in their language):
        what they pay, and that the file is to be restored."""
        for incident in self:
            person = incident.responsible_id
            env = self.with_context(lang=person.lang).env
            incident.message_post(
                body=env._(
                    "%(person)s, the amount you pay for incident %(incident)s is "
                    "decided: %(amount)s. Restore the file with the archive.",
                    person=person.name,
                    incident=incident.name,
                    amount=formatLang(
                        env, incident.amount, currency_obj=incident.currency_id
                    ),
                ),
                partner_ids=person.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def action_mark_restored(self):
        """The file is whole again (pages replaced, damage repaired, a lost
        document replaced by a certified copy): an archivist records it."""
        self._check_group(
            ARCHIVIST_GROUP,
            self.env._("Only dossier archivists record the restoration of a file."),
        )
        self._check_state(("decided",), self.env._("record the restoration of"))
        for company, incidents in self.grouped("company_id").items():
            incidents._procedure().write(
                {
                    "state": "restored",
                    "restorer_id": self.env.uid,
                    "date_restored": archive_today(company),
                }
            )
        return True

    def action_close(self):
        """A manager closes an incident whose file cannot be restored, or for which
        nothing is owed."""
        self._check_group(
            MANAGER_GROUP,
            self.env._("Only dossier managers close an incident."),
        )
        self._check_state(OPEN_INCIDENT_STATES, self.env._("close"))
        self._check_not_responsible()
        missing_note = self.filtered(lambda incident: not incident.restoration_note)
        if missing_note:
            raise UserError(
                self.env._(
                    "Say in the restoration note why incident %(incident)s is closed "
                    "without restoration.",
                    incident=missing_note[0].display_name,
                )
            )
        for company, incidents in self.grouped("company_id").items():
            incidents._procedure().write(
                {"state": "closed", "date_closed": archive_today(company)}
            )
        return True

    # ------------------------------------------------------------------ return check

    @api.model
    def _record_from_return_check(self, loan, lines):
        """One incident per document found missing or damaged at the return check
        of ``loan`` (``lines``: the wizard's lines to record); the borrower is the
        person responsible until a manager says otherwise."""
        return self.create(
            [
                {
                    "dossier_id": loan.dossier_id.id,
                    "document_id": line.document_id.id,
                    "incident_type": "loss" if line.status == "missing" else "damage",
                    "found_during": "return_check",
                    "loan_id": loan.id,
                    "responsible_id": loan.borrower_id.id,
                    "description": line.note or False,
                }
                for line in lines
            ]
        )
