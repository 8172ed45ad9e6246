from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..const import ACTIVE_STATES, DOSSIER_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The dossier belongs to the commercial entity: a company's contact persons show
    # the company's dossier. Every field below goes through dossier.dossier's record
    # rules, so a dossier above the user's clearance is not even counted.
    dossier_ids = fields.One2many(
        "dossier.dossier",
        "partner_id",
        string="Dossiers",
        groups="partner_dossier.group_dossier_user",
    )
    dossier_id = fields.Many2one(
        "dossier.dossier",
        string="Current Dossier",
        compute="_compute_dossier",
        groups="partner_dossier.group_dossier_user",
        help="The commercial entity's dossier in the current company: the one not "
        "closed, or else the most recent.",
    )
    # Searchable, so that the contact list can filter on it and open the groups of
    # its "Dossier Status" group-by (the client filters each group on the field).
    dossier_state = fields.Selection(
        DOSSIER_STATES,
        compute="_compute_dossier",
        search="_search_dossier_state",
        string="Dossier Status",
        groups="partner_dossier.group_dossier_user",
    )
    dossier_count = fields.Integer(
        compute="_compute_dossier", groups="partner_dossier.group_dossier_user"
    )

    dossier_on_loan = fields.Boolean(
        compute="_compute_dossier_on_loan",
        groups="partner_dossier.group_dossier_user",
        help="The originals of the current dossier are out with a reader.",
    )

    def write(self, vals):
        # A company's address holds its archive's time zone (res.company.dossier_tz,
        # cached in _dossier_archive_zones).
        if "tz" in vals and self.env["res.company"].sudo().with_context(
            active_test=False
        ).search_count([("partner_id", "in", self.ids)], limit=1):
            self.env.registry.clear_cache()
        return super().write(vals)

    @api.depends("commercial_partner_id")
    # Through the reader's record rules: computed again for each user.
    @api.depends_context("company", "uid")
    def _compute_dossier(self):
        # One query for the whole page of partners, whatever its size.
        dossiers = self.env["dossier.dossier"].search_fetch(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ],
            ["partner_id", "state"],
            order="id desc",
        )
        current, counts = {}, {}
        for dossier in dossiers:
            partner = dossier.partner_id
            counts[partner] = counts.get(partner, 0) + 1
            if partner not in current or (
                dossier.state in ACTIVE_STATES
                and current[partner].state not in ACTIVE_STATES
            ):
                current[partner] = dossier
        columns = {"dossier_id": [], "dossier_state": [], "dossier_count": []}
        for partner in self:
            commercial = partner.commercial_partner_id
            dossier = current.get(commercial)
            columns["dossier_id"].append(dossier.id if dossier else None)
            columns["dossier_state"].append(dossier.state if dossier else None)
            columns["dossier_count"].append(counts.get(commercial, 0))
        # Into the cache a column at a time, in its cache format (as Odoo's
        # mail does for users' partners): three assignments per contact were a
        # third of the contact list's own Python (bench figure 12).
        for fname, values in columns.items():
            self._fields[fname]._insert_cache(self, values)

    @api.depends("dossier_id")
    @api.depends_context("company", "uid")
    def _compute_dossier_on_loan(self):
        # The page's dossiers are computed together: one query for all of them.
        for partner in self:
            partner.dossier_on_loan = partner.dossier_id.on_loan

    def _search_dossier_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        self._check_field_access(self._fields["dossier_state"], "read")
        current = self._dossier_current_sql()
        states = tuple(state for state in value if state)
        domain = Domain.FALSE
        if states:
            domain |= Domain(
                "commercial_partner_id",
                "in",
                SQL(
                    "SELECT current.partner_id FROM %s AS current"
                    " WHERE current.state IN %s",
                    current,
                    states,
                ),
            )
        if False in value:
            domain |= Domain(
                "commercial_partner_id",
                "not in",
                SQL("SELECT current.partner_id FROM %s AS current", current),
            )
        return domain

    def _read_group_groupby(self, alias, groupby_spec, query):
        if groupby_spec != "dossier_state":
            return super()._read_group_groupby(alias, groupby_spec, query)
        self._check_field_access(self._fields["dossier_state"], "read")
        coalias = query.make_alias(alias, "dossier_state")
        if coalias not in query._joins:
            # The state of each commercial entity's current dossier, as computed by
            # _compute_dossier, through the dossier record rules.
            current = self._dossier_current_sql()
            query.add_join(
                "LEFT JOIN",
                coalias,
                current,
                SQL(
                    "%s = %s",
                    self._field_to_sql(alias, "commercial_partner_id", query),
                    SQL.identifier(coalias, "partner_id"),
                ),
            )
        return SQL.identifier(coalias, "state")

    def action_open_dossier(self):
        self.ensure_one()
        commercial = self.commercial_partner_id
        if self.dossier_id:
            # Opening a confidential dossier is logged, a secret one asks why.
            return self.dossier_id.action_open_logged()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Dossier"),
            "res_model": "dossier.dossier",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_partner_id": commercial.id},
        }

    def action_request_dossier_loan(self):
        self.ensure_one()
        if not self.dossier_id:
            raise UserError(
                self.env._(
                    "%(partner)s has no dossier in this company: there is nothing to "
                    "lend.",
                    partner=self.commercial_partner_id.display_name,
                )
            )
        return self.dossier_id.action_request_loan()

    def _dossier_current_sql(self):
        """Each commercial entity's current dossier (partner_id, state) in the
        current company, as _compute_dossier picks it, through the dossier record
        rules."""
        dossier_query = self.env["dossier.dossier"]._search(
            [("company_id", "=", self.env.company.id)]
        )
        return SQL(
            "(SELECT DISTINCT ON (dossier_dossier.partner_id)"
            " dossier_dossier.partner_id, dossier_dossier.state"
            " FROM %s WHERE %s ORDER BY dossier_dossier.partner_id,"
            " dossier_dossier.state IN %s DESC, dossier_dossier.id DESC)",
            dossier_query.from_clause,
            dossier_query.where_clause or SQL("TRUE"),
            ACTIVE_STATES,
        )

    def export_data(self, fields_to_export):
        """An export of many contacts raises an alarm (models/alarm/)."""
        result = super().export_data(fields_to_export)
        self.env["dossier.alert"]._detect_export(self._name, len(self))
        return result
