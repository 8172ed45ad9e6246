from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

CONFIDENTIALITY_SELECTION = [
    ("public", "Public"),
    ("internal", "Internal"),
    ("confidential", "Confidential"),
    ("secret", "Secret"),
]
# Ordered levels: record rules compare a dossier's level with a user's clearance.
CONFIDENTIALITY_LEVELS = {
    key: level for level, (key, _label) in enumerate(CONFIDENTIALITY_SELECTION)
}

DOSSIER_STATES = [
    ("draft", "Draft"),
    ("temporary", "Temporary"),
    ("archived", "Archived"),
    ("closed", "Closed"),
    ("disposed", "Disposed"),
]
# A partner and company have at most one dossier in these states.
ACTIVE_STATES = ("draft", "temporary", "archived")
# Until it is archived, staff collect a dossier's documents themselves.
STAFF_EDITABLE_STATES = ("draft", "temporary")


class DossierDossier(models.Model):
    _name = "dossier.dossier"
    _description = "Customer Dossier"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_opened desc, id desc"
    _rec_names_search = ["name", "barcode", "partner_id"]
    _check_company_auto = True

    _one_active_per_partner = models.UniqueIndex(
        "(partner_id, company_id) WHERE state IN ('draft', 'temporary', 'archived')",
        "This customer already has a dossier that is not closed in this company: "
        "open that one instead of creating another.",
    )
    _barcode_unique = models.UniqueIndex(
        "(barcode, company_id) WHERE barcode IS NOT NULL",
        "Another dossier of this company already has this barcode.",
    )
    _late_search = models.Index("(archive_deadline) WHERE state = 'temporary'")

    name = fields.Char(string="Reference", readonly=True, copy=False)
    barcode = fields.Char(copy=False, index="btree_not_null", tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('is_company', '=', True), ('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    category_id = fields.Many2one(
        "dossier.category", index=True, tracking=True, check_company=True
    )
    customer_type = fields.Selection(
        [("potential", "Potential"), ("existing", "Existing"), ("key", "Key Account")],
        default="existing",
        required=True,
        tracking=True,
    )
    confidentiality = fields.Selection(
        CONFIDENTIALITY_SELECTION, default="internal", required=True, tracking=True
    )
    confidentiality_level = fields.Integer(
        compute="_compute_confidentiality_level", store=True, index=True
    )
    custodian_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        help="The person answerable for this dossier.",
    )
    location_id = fields.Many2one(
        "dossier.location", index=True, tracking=True, check_company=True
    )
    state = fields.Selection(
        DOSSIER_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_opened = fields.Date(string="Opened On", copy=False, tracking=True)
    date_completed = fields.Date(
        string="Contract Completed On",
        copy=False,
        tracking=True,
        help="The formal-archiving deadline is counted from this date.",
    )
    archive_deadline = fields.Date(
        string="Archive By",
        compute="_compute_archive_deadline",
        store=True,
        help="Contract completion date plus the company's days to archive formally.",
    )
    date_archived = fields.Date(string="Archived On", readonly=True, copy=False)
    date_closed = fields.Date(string="Closed On", readonly=True, copy=False)
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Temporary dossier whose formal-archiving deadline has passed.",
    )
    notes = fields.Html()
    document_ids = fields.One2many("dossier.document", "dossier_id", string="Inventory")
    document_count = fields.Integer(compute="_compute_document_stats")
    missing_document_type_ids = fields.Many2many(
        "dossier.document.type",
        string="Missing Documents",
        compute="_compute_document_stats",
    )
    completeness = fields.Float(
        string="Completeness (%)",
        compute="_compute_document_stats",
        aggregator="avg",
        help="Share of the document types required by the category that are present.",
    )

    @api.depends("confidentiality")
    def _compute_confidentiality_level(self):
        for dossier in self:
            dossier.confidentiality_level = CONFIDENTIALITY_LEVELS[
                dossier.confidentiality
            ]

    @api.depends("date_completed", "company_id.dossier_archive_days")
    def _compute_archive_deadline(self):
        for dossier in self:
            dossier.archive_deadline = dossier.date_completed and (
                dossier.date_completed
                + timedelta(days=dossier.company_id.dossier_archive_days)
            )

    @api.depends("state", "archive_deadline")
    @api.depends_context("date")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for dossier in self:
            dossier.is_late = bool(
                dossier.state == "temporary"
                and dossier.archive_deadline
                and dossier.archive_deadline < today
            )

    def _search_is_late(self, operator, value):
        if operator != "in":
            return NotImplemented
        late = Domain("state", "=", "temporary") & Domain(
            "archive_deadline", "<", fields.Date.context_today(self)
        )
        return late if True in value else ~late

    @api.depends("document_ids.document_type_id", "category_id.required_type_ids")
    def _compute_document_stats(self):
        for dossier in self:
            required = dossier.category_id.required_type_ids
            missing = required - dossier.document_ids.document_type_id
            dossier.document_count = len(dossier.document_ids)
            dossier.missing_document_type_ids = missing
            dossier.completeness = (
                100.0 * (len(required) - len(missing)) / len(required)
                if required
                else 100.0
            )

    @api.constrains("date_opened", "date_completed")
    def _check_dates(self):
        for dossier in self:
            if (
                dossier.date_opened
                and dossier.date_completed
                and dossier.date_completed < dossier.date_opened
            ):
                raise ValidationError(
                    self.env._(
                        "Dossier %(dossier)s: the contract cannot be completed "
                        "(%(completed)s) before the dossier was opened (%(opened)s).",
                        dossier=dossier.display_name,
                        completed=dossier.date_completed,
                        opened=dossier.date_opened,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
            if not vals.get("name"):
                company = self.env["res.company"].browse(vals.get("company_id"))
                vals["name"] = self._next_reference(company or self.env.company)
            if not vals.get("barcode"):
                vals["barcode"] = vals["name"]
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals["partner_id"] = partner.commercial_partner_id.id
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        kept = self.filtered(lambda dossier: dossier.state != "draft")
        if kept:
            raise UserError(
                self.env._(
                    "Only draft dossiers can be deleted. %(dossiers)s already hold "
                    "customer records: close them instead.",
                    dossiers=", ".join(kept.mapped("display_name")),
                )
            )

    @api.model
    def _next_reference(self, company):
        """Each company numbers its dossiers on its own sequence, made on first use."""
        # sudo: archivists create dossiers but may not read or create sequences.
        sequences = self.env["ir.sequence"].sudo()
        code = "dossier.dossier"
        if not sequences.search_count(
            [("code", "=", code), ("company_id", "=", company.id)], limit=1
        ):
            template = self.env.ref("partner_dossier.seq_dossier_dossier").sudo()
            template.copy(
                {"code": code, "company_id": company.id, "name": template.name}
            )
        return sequences.with_company(company).next_by_code(code)

    # ------------------------------------------------------------------ lifecycle

    def _check_state(self, allowed_states, action_label):
        wrong = self.filtered(lambda dossier: dossier.state not in allowed_states)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Cannot %(action)s dossier %(dossier)s: it is %(state)s.",
                    action=action_label,
                    dossier=wrong[0].display_name,
                    state=states[wrong[0].state],
                )
            )

    def action_open(self):
        """Start the temporary file while the contract runs."""
        self._check_state(("draft",), self.env._("open"))
        today = fields.Date.context_today(self)
        for dossier in self:
            dossier.write(
                {"state": "temporary", "date_opened": dossier.date_opened or today}
            )
        return True

    def action_archive_formally(self):
        """File the dossier formally: complete inventory, in a cabinet."""
        self._check_state(("temporary",), self.env._("archive"))
        for dossier in self:
            problems = []
            if not dossier.location_id:
                problems.append(self.env._("choose the cabinet location"))
            if dossier.missing_document_type_ids:
                problems.append(
                    self.env._(
                        "add the missing documents: %(types)s",
                        types=", ".join(
                            dossier.missing_document_type_ids.mapped("name")
                        ),
                    )
                )
            if problems:
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s cannot be archived yet: %(problems)s.",
                        dossier=dossier.display_name,
                        problems="; ".join(problems),
                    )
                )
        self.write(
            {"state": "archived", "date_archived": fields.Date.context_today(self)}
        )
        # The late-archiving reminders are answered.
        self.activity_unlink(["partner_dossier.mail_activity_dossier_late"])
        return True

    def action_close(self):
        """The customer relationship ended: the dossier is kept until its retention
        ends."""
        self._check_state(("archived",), self.env._("close"))
        self.write({"state": "closed", "date_closed": fields.Date.context_today(self)})
        return True

    def action_reopen(self):
        if not self.env.user.has_group("partner_dossier.group_dossier_manager"):
            raise UserError(
                self.env._("Only dossier managers can reopen a closed dossier.")
            )
        self._check_state(("closed",), self.env._("reopen"))
        self.write({"state": "archived", "date_closed": False})
        return True

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_document_action"
        )
        action["domain"] = [("dossier_id", "=", self.id)]
        action["context"] = {"default_dossier_id": self.id}
        return action

    def _check_inventory_editable(self):
        """Staff collect documents until archiving; afterwards only archivists
        change the inventory, and a disposed dossier's inventory is frozen."""
        is_archivist = self.env.user.has_group(
            "partner_dossier.group_dossier_archivist"
        )
        for dossier in self:
            if dossier.state == "disposed":
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s was disposed of: its inventory is kept "
                        "as it was and cannot change.",
                        dossier=dossier.display_name,
                    )
                )
            if dossier.state not in STAFF_EDITABLE_STATES and not is_archivist:
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s is archived: only an archivist can add or "
                        "change its documents.",
                        dossier=dossier.display_name,
                    )
                )

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_remind_late_archiving(self, batch_size=500):
        """Give each custodian one activity per late dossier and deadline.

        Safe to re-run: an activity already scheduled for the same dossier and
        deadline is not created again."""
        activity_type = self.env.ref("partner_dossier.mail_activity_dossier_late")
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "temporary"),
            ("archive_deadline", "<", today),
            ("custodian_id", "!=", False),
        ]
        last_id = 0
        while True:
            dossiers = self.search(
                domain + [("id", ">", last_id)], order="id", limit=batch_size
            )
            if not dossiers:
                break
            last_id = dossiers[-1].id
            reminded = {
                (activity.res_id, activity.date_deadline)
                for activity in self.env["mail.activity"].search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", dossiers.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ]
                )
            }
            for dossier in dossiers:
                if (dossier.id, dossier.archive_deadline) in reminded:
                    continue
                dossier.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=dossier.archive_deadline,
                    user_id=dossier.custodian_id.id,
                    note=self.env._(
                        "The contract was completed on %(date)s: archive this dossier "
                        "formally (the deadline was %(deadline)s).",
                        date=dossier.date_completed,
                        deadline=dossier.archive_deadline,
                    ),
                )
            if not self.env["ir.cron"]._commit_progress(len(dossiers)):
                break
