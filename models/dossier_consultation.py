from datetime import datetime, time, timedelta

import pytz

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL

from ..const import MANAGER_GROUP
from ..tools.dossier_timezone import archive_today, archive_tz

CONSULTATION_SCOPES = [
    ("all", "The Whole Dossier"),
    ("documents", "Some Documents"),
]
# The PostgreSQL function answering "what is withheld from this reader now"
# (DossierConsultation.init); dropped by the uninstall hook.
WITHHELD_FUNCTION = "dossier_content_withheld"


class DossierConsultation(models.Model):
    """A consultation of a confidential or secret dossier's content: requested with
    its purpose, approved (the approval is the grant) or refused by a manager who is
    not the requester, valid until its end, logged once in the access log."""

    _name = "dossier.consultation"
    _description = "Dossier Consultation"
    # The request mixin first: its create and write run before mail.thread's.
    _inherit = [
        "dossier.request.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "dossier.procedure.mixin",
    ]
    _request_activity = "partner_dossier.mail_activity_consultation_approve"
    _request_fields = frozenset(
        {"dossier_id", "purpose", "scope", "document_ids", "date_end"}
    )
    _order = "date_start desc, id desc"

    _ends_after_start = models.Constraint(
        "CHECK (date_end > date_start)",
        "A consultation must end after it starts.",
    )
    # Four eyes, said by the database: only a break-glass consultation is approved
    # by its own requester.
    _not_self_approved = models.Constraint(
        "CHECK (state <> 'approved' OR break_glass IS TRUE "
        "OR approver_id <> requester_id)",
        "A consultation is approved by a manager other than its requester.",
    )
    # Every read of a dossier's content asks for the reader's grants now.
    _active_grants = models.Index("(requester_id, date_end) WHERE state = 'approved'")

    @api.model
    def _default_date_end(self):
        """The end of the archive's day (stored in UTC), as the registers date
        it, whoever asks and wherever they are."""
        company = self.env.company
        tz = archive_tz(company)
        end = tz.localize(datetime.combine(archive_today(company), time(23, 59, 59)))
        return end.astimezone(pytz.utc).replace(tzinfo=None)

    scope = fields.Selection(
        CONSULTATION_SCOPES,
        required=True,
        default="all",
        tracking=True,
        help="The whole dossier: its notes, documents, files and chatter. Some "
        "documents: only the documents listed.",
    )
    document_ids = fields.Many2many(
        "dossier.document",
        string="Documents",
        domain="[('dossier_id', '=', dossier_id)]",
    )
    date_start = fields.Datetime(
        string="From", required=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(
        string="Until",
        required=True,
        default=lambda self: self._default_date_end(),
        tracking=True,
    )
    break_glass = fields.Boolean(
        readonly=True,
        help="Opened by a manager without another manager's approval, for an "
        "emergency: short, logged, and the other managers are told at once.",
    )
    access_log_id = fields.Many2one("dossier.access.log", readonly=True)
    is_active = fields.Boolean(
        string="Valid Now", compute="_compute_is_active", search="_search_is_active"
    )

    @api.depends("state", "date_start", "date_end")
    def _compute_is_active(self):
        now = fields.Datetime.now()
        for consultation in self:
            consultation.is_active = (
                consultation.state == "approved"
                and consultation.date_start <= now < consultation.date_end
            )

    def _search_is_active(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        now = fields.Datetime.now()
        active = [
            ("state", "=", "approved"),
            ("date_start", "<=", now),
            ("date_end", ">", now),
        ]
        if (operator == "=") == bool(value):
            return active
        return ["!", "&", "&", *active]

    # ------------------------------------------------------------ the register

    def _procedure_fields(self):
        decision = self.env._("the Approve, Refuse, Revoke or Break Glass buttons")
        return {
            "state": decision,
            "approver_id": decision,
            "date_decided": decision,
            "break_glass": decision,
            "access_log_id": decision,
            "requester_id": self.env._("the Request Consultation button"),
        }

    def _check_request(self):
        """The documents consulted: some of the dossier's, listed."""
        self.ensure_one()
        if self.document_ids.dossier_id - self.dossier_id:
            raise UserError(
                self.env._(
                    "Consultation %(consultation)s: the documents must belong to its "
                    "dossier.",
                    consultation=self.name,
                )
            )
        if self.scope == "documents" and not self.document_ids:
            raise UserError(
                self.env._(
                    "Consultation %(consultation)s: list the documents to consult.",
                    consultation=self.name,
                )
            )

    # ------------------------------------------------------------ actions

    def action_approve(self):
        """The approval is the grant: logged once, here, in a read/write call."""
        self._check_can_decide()
        now = fields.Datetime.now()
        for consultation in self:
            consultation._procedure().write(
                {
                    "state": "approved",
                    "approver_id": self.env.uid,
                    "date_decided": now,
                    "date_start": min(consultation.date_start, now),
                }
            )
            consultation._log_grant("consultation")
        self._close_activities()
        return True

    def action_revoke(self):
        """End an approved consultation now."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only dossier managers revoke a consultation.")
            )
        self._check_state("approved", self.env._("revoke"))
        now = fields.Datetime.now()
        for consultation in self.filtered(lambda c: c.date_end > now):
            consultation._procedure().write(
                {"date_end": max(now, consultation.date_start + timedelta(seconds=1))}
            )
        return True

    def action_break_glass(self):
        """A manager's own request, opened at once for an emergency: short (the
        company's break-glass hours), logged as such, the other managers told."""
        user = self.env.user
        if not user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only dossier managers may break the glass."))
        self._check_state("requested", self.env._("open in an emergency"))
        now = fields.Datetime.now()
        for consultation in self:
            if consultation.requester_id != user:
                raise UserError(
                    self.env._(
                        "Break the glass on your own request only: approve the "
                        "others' requests."
                    )
                )
            consultation._check_cleared(user)
            hours = consultation.company_id.dossier_break_glass_hours
            consultation._procedure().write(
                {
                    "state": "approved",
                    "approver_id": user.id,
                    "date_decided": now,
                    "date_start": now,
                    "date_end": min(
                        consultation.date_end, now + timedelta(hours=hours)
                    ),
                    "break_glass": True,
                }
            )
            consultation._log_grant("break_glass")
            consultation._tell_managers()
        self._close_activities()
        return True

    def _tell_managers(self):
        """The other managers read at once who opened which dossier and why: the
        message names the reference, the manager and the reason, no content."""
        self.ensure_one()
        others = self._deciding_managers()
        # sudo: the requester posts on their own consultation to managers who may
        # not follow it.
        self.sudo().message_post(
            body=self.env._(
                "Break glass: %(manager)s opened dossier %(dossier)s without "
                "approval, until %(end)s. Reason: %(reason)s",
                manager=self.requester_id.name,
                dossier=self.dossier_id.name,
                end=fields.Datetime.to_string(self.date_end),
                reason=self.purpose,
            ),
            partner_ids=others.partner_id.ids,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )

    def _log_grant(self, access_type):
        """One access-log line per grant, written by the grant itself."""
        self.ensure_one()
        # sudo: no one writes the audit trail directly (see dossier.access.log).
        log = (
            self.env["dossier.access.log"]
            .sudo()
            ._procedure_create(
                [
                    {
                        "dossier_id": self.dossier_id.id,
                        "company_id": self.company_id.id,
                        "confidentiality": self.dossier_id.confidentiality,
                        "user_id": self.requester_id.id,
                        "date": self.date_decided,
                        "access_type": access_type,
                        "reason": self.purpose,
                        "consultation_id": self.id,
                        "approver_id": self.approver_id.id,
                        "date_start": self.date_start,
                        "date_end": self.date_end,
                    }
                ]
            )
        )
        self._procedure().write({"access_log_id": log.id})
        return log

    # ------------------------------------------------------------ grants

    @api.model
    def _grants(self, column, scope):
        """``column`` of the approved consultations with that scope valid for
        the reader ``p_uid`` at ``p_now``: SQL for the body of the function
        WITHHELD_FUNCTION, whose parameters these are."""
        return SQL(
            "SELECT %s FROM dossier_consultation WHERE requester_id = p_uid "
            "AND state = 'approved' AND scope = %s "
            "AND date_start <= p_now AND date_end > p_now",
            SQL.identifier(column),
            scope,
            to_flush=[
                self._fields[fname]
                for fname in (
                    column,
                    "requester_id",
                    "state",
                    "scope",
                    "date_start",
                    "date_end",
                )
            ],
        )

    @api.model
    @tools.ormcache()
    def _withheld_owners_body(self):
        """The query of WITHHELD_FUNCTION: (model, id) of every record whose
        content is withheld from the reader ``p_uid`` at ``p_now``: the
        dossiers that need an approved consultation without one of the whole
        dossier, their threads (loans, incidents, disposals...: the models of
        dossier.content.thread) and their documents not listed by a
        consultation of some documents. Built by the ORM from the registry."""
        # sudo: levels and grants are compared inside the query.
        Dossier = self.env["dossier.dossier"].sudo().with_context(active_test=False)
        withheld = Dossier._search(
            Dossier._needs_approval_domain()
            & Domain("id", "not in", self._grants("dossier_id", "all"))
        )
        in_withheld = SQL("SELECT id FROM withheld")
        owners = {
            model: [(path, "in", in_withheld)]
            for model, path in self.env["dossier.content.thread"]
            ._dossier_content_threads()
            .items()
        }
        owners["dossier.document"] = [
            ("dossier_id", "in", in_withheld),
            ("id", "not in", self._granted_documents()),
        ]
        branches = []
        for model, domain in owners.items():
            Owner = self.env[model].sudo().with_context(active_test=False)
            query = Owner._search(domain)
            branches.append(
                query.subselect(
                    SQL("%s::varchar", model), SQL.identifier(Owner._table, "id")
                )
            )
        return SQL(
            "WITH withheld AS %s %s",
            withheld.subselect(),
            SQL(" UNION ALL ").join(branches),
        )

    def init(self):
        """WITHHELD_FUNCTION, in PL/pgSQL: the content rule of every holder
        (dossier.content.mixin) calls it, and PostgreSQL plans its query once
        per connection; the same sub-queries written into each query cost more
        to plan than Odoo's own queries on files and messages cost to run
        (bench figure 12)."""
        body = self._withheld_owners_body()
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE FUNCTION %s(p_uid integer, p_now timestamp) "
                "RETURNS TABLE (holder_model varchar, holder_id integer) "
                "LANGUAGE plpgsql STABLE AS %s",
                SQL.identifier(WITHHELD_FUNCTION),
                "BEGIN RETURN QUERY "
                + self.env.cr.mogrify(body.code, body.params).decode()
                + "; END",
            )
        )

    @api.model
    def _withheld_owners(self, reader=True):
        """(holder_model, holder_id) of the records whose content the current
        user (``reader=False``: anyone, for an e-mail) may not read now, as
        SQL."""
        if reader and self.env.uid == SUPERUSER_ID:
            # Installation and scheduled jobs, which rules let read everything.
            return SQL(
                "SELECT NULL::varchar AS holder_model, NULL::integer AS holder_id "
                "WHERE FALSE"
            )
        return SQL(
            "SELECT holder_model, holder_id FROM %s(%s, %s)",
            SQL.identifier(WITHHELD_FUNCTION),
            self.env.uid if reader else None,
            fields.Datetime.now(),
            to_flush=tuple(self._withheld_owners_body().to_flush),
        )

    @api.model
    def _withheld_dossiers(self):
        """The dossiers whose content the current user may not read now, as a
        sub-query."""
        return (
            self.env["dossier.dossier"]
            .sudo()
            .with_context(active_test=False)
            ._search(
                Domain(
                    "id",
                    "in",
                    SQL(
                        "SELECT holder_id FROM (%s) AS owners "
                        "WHERE holder_model = 'dossier.dossier'",
                        self._withheld_owners(),
                    ),
                )
            )
        )

    @api.model
    def _granted_documents(self):
        """The documents listed by a consultation of some documents valid for
        ``p_uid`` at ``p_now`` (see _grants)."""
        field = self._fields["document_ids"]
        return SQL(
            "SELECT %s FROM %s WHERE %s IN (%s)",
            SQL.identifier(field.column2),
            SQL.identifier(field.relation),
            SQL.identifier(field.column1),
            self._grants("id", "documents"),
            to_flush=field,
        )
