from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from .dossier_dossier import ACTIVE_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Searchable, so that the contact list can filter on it and open the groups of
    # its "Dossier Status" group-by (the client filters each group on the field).
    dossier_state = fields.Selection(search="_search_dossier_state")

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
