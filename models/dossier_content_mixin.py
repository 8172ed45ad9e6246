from datetime import datetime

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.fields import Domain
from odoo.tools import SQL

# Stand-ins for the reader and the time in the rule's SQL, which the ORM builds
# once per model and table alias (_dossier_readable_sql) and each query completes
# with its reader and time: no user has this id, no consultation this date.
READER = -31415926
NOW = datetime(1900, 1, 1, 0, 0, 1)


class DossierContentMixin(models.AbstractModel):
    """What holds a dossier's content: its notes (dossier.content), documents, files,
    messages and their tracked values. Content of a dossier that needs an approved
    consultation (dossier.dossier._needs_approval_domain) is read only under such a
    consultation, valid now: one global record rule per holder,
    ``[('dossier_content_readable', '=', True)]`` (security/dossier_content_rules.xml),
    so that every door Odoo checks access at (read, search, read_group and its
    aggregates, name_search, export, reports, /web/content, /mail/...) obeys it
    without knowing it. Each holder says which of its records belong to the
    withheld dossiers (_dossier_withheld_domain)."""

    _name = "dossier.content.mixin"
    _description = "Holder of a Dossier's Content"

    # Not stored: the rule's domain is cached per user, the search method below runs
    # at each query, so a consultation counts from its approval to its end.
    dossier_content_readable = fields.Boolean(
        compute="_compute_dossier_content_readable",
        search="_search_dossier_content_readable",
    )

    @api.depends_context("uid")
    def _compute_dossier_content_readable(self):
        # The rule's own domain decides, so that reading a record (check_access)
        # and searching for it never disagree: one query for the records that
        # may hold a dossier's content, none for the others.
        candidates = self.filtered("id")._dossier_content_candidates()
        readable = set(
            candidates.sudo()
            .with_context(active_test=False)
            ._search(
                Domain("id", "in", candidates.ids) & self._dossier_readable_domain(),
                bypass_access=True,
            )
            if candidates
            else ()
        )
        for record in self:
            record.dossier_content_readable = (
                record not in candidates or record.id in readable
            )

    def _search_dossier_content_readable(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        readable = self._dossier_readable_domain()
        return readable if (operator == "in") == (True in value) else ~readable

    @api.model
    def _dossier_readable_domain(self):
        """The records the user of the environment may read now (in superuser
        mode too: check_access evaluates the rule on sudo() records)."""
        uid, now = self.env.uid, fields.Datetime.now()

        def to_sql(model, alias, query):
            if uid == SUPERUSER_ID:
                # Installation and scheduled jobs, which rules let read everything.
                return SQL("TRUE")
            template = model._dossier_readable_sql(alias)
            values = {READER: uid, NOW: now}
            return SQL(
                template.code,
                *(
                    values[param]
                    if isinstance(param, (int, datetime)) and param in values
                    else param
                    for param in template.params
                ),
                to_flush=tuple(template.to_flush),
            )

        return Domain.custom(to_sql=to_sql)

    @api.model
    @tools.ormcache("alias")
    def _dossier_readable_sql(self, alias):
        """The rule as SQL on the rows of ``alias``, for the stand-in reader and
        time: building it through the ORM (a dozen sub-queries) costs more than
        running it on Odoo's own records, so it is built once per registry.
        Rows that cannot hold a dossier's content (a contact's file, a message
        on a sale) are let through by a cheap test first, so that PostgreSQL
        does not run the sub-queries of withheld dossiers for them (it
        evaluates CASE in order)."""
        reader = self.with_user(READER)
        withheld = reader._dossier_withheld_domain(
            reader.env["dossier.consultation"]._withheld_dossiers(now=NOW), now=NOW
        )
        condition = withheld.optimize_full(reader)._to_sql(
            reader, alias, reader._as_query(ordered=False)
        )
        return SQL(
            "NOT CASE WHEN %s THEN COALESCE(%s, FALSE) ELSE FALSE END",
            self._dossier_content_guard(alias),
            condition,
        )

    @api.model
    def _dossier_content_guard(self, alias):
        """SQL true for the rows of ``alias`` that may hold a dossier's content:
        all of them, unless the holder knows better."""
        return SQL("TRUE")

    def _dossier_content_candidates(self):
        """The records of self that may hold a dossier's content (the others are
        readable without a query): all of them, unless the holder knows better."""
        return self

    @api.model
    def _dossier_withheld_domain(self, withheld, now=None):
        """The records of this model that hold content of the dossiers of the
        sub-query ``withheld``, as a domain of sub-queries (no ids fetched);
        documents granted by a consultation valid at ``now`` (now) are not."""
        raise NotImplementedError
