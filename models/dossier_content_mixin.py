from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class DossierContentMixin(models.AbstractModel):
    """What holds a dossier's content: its notes (dossier.content), documents, files,
    messages and their tracked values. Content of a dossier that needs an approved
    consultation (dossier.dossier._needs_approval_domain) is read only under such a
    consultation, valid now: one global record rule per holder,
    ``[('dossier_content_readable', '=', True)]`` (security/dossier_content_rules.xml),
    so that every door Odoo checks access at (read, search, read_group and its
    aggregates, name_search, export, reports, /web/content, /mail/...) obeys it
    without knowing it. Each holder says which of its records belong to the
    withheld records (_dossier_withheld_sql)."""

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
        # Assigned in two batches, not record by record: this compute runs at
        # every check_access of a holder (Odoo evaluates the rule's domain in
        # Python there), on Odoo's own files and messages too.
        withheld = candidates.filtered(lambda record: record.id not in readable)
        (self - withheld).dossier_content_readable = True
        withheld.dossier_content_readable = False

    def _search_dossier_content_readable(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        readable = self._dossier_readable_domain()
        return readable if (operator == "in") == (True in value) else ~readable

    @api.model
    def _dossier_readable_domain(self):
        """The records the user of the environment may read now (in superuser
        mode too: check_access evaluates the rule on sudo() records), in SQL:
        rows that cannot hold a dossier's content (a contact's file, a message
        on a sale) are let through by a cheap test first, so that PostgreSQL
        does not look up the withheld records for them (it evaluates CASE in
        order)."""
        owners = self.env["dossier.consultation"]._withheld_owners()

        def to_sql(model, alias, query):
            return SQL(
                "NOT CASE WHEN %s THEN COALESCE(%s, FALSE) ELSE FALSE END",
                model._dossier_content_guard(alias),
                model._dossier_withheld_sql(alias, owners),
            )

        return Domain.custom(to_sql=to_sql)

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
    def _dossier_withheld_sql(self, alias, owners):
        """SQL true for the rows of ``alias`` that hold content of the records
        of ``owners`` (SQL of (holder_model, holder_id) rows: see
        dossier.consultation._withheld_owners)."""
        raise NotImplementedError

    @api.model
    def _dossier_owned_pair(self, model_column, id_column, owners):
        """SQL: the record named by ``model_column`` and ``id_column`` (a file's,
        a message's) is one of ``owners``."""
        return SQL(
            "(%s, %s) IN (SELECT holder_model, holder_id FROM (%s) AS owners)",
            model_column,
            id_column,
            owners,
        )

    @api.model
    def _dossier_owned_by(self, column, owners, model):
        """SQL: ``column`` is the id of one of the ``model`` records of
        ``owners``."""
        return SQL(
            "%s IN (SELECT holder_id FROM (%s) AS owners WHERE holder_model = %s)",
            column,
            owners,
            model,
        )
