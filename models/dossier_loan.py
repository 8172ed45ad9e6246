from datetime import datetime, time, timedelta

import psycopg2.errors
import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import LazyTranslate, mute_logger

from ..const import (
    ARCHIVIST_GROUP,
    CONFIDENTIALITY_LEVELS,
    LOAN_UNDER_WAY_STATES,
    LOANABLE_STATES,
    MANAGER_GROUP,
    MAX_COPIES,
    OPEN_LOAN_STATES,
    USER_GROUP,
)
from ..tools.dossier_bounds import check_whole_number
from ..tools.dossier_input import check_signature
from ..tools.dossier_languages import company_lang, post_note_per_lang
from ..tools.dossier_timezone import (
    archive_today,
    archive_today_domain,
    archive_tz,
    format_archive_time,
)
from .dossier_signing_mixin import register_signature

_lt = LazyTranslate(__name__)

LOAN_STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("out", "Checked Out"),
    ("partial", "Partially Returned"),
    ("returned", "Returned"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
LOAN_TYPES = [
    ("reading", "In-house Reading of Originals"),
    ("photocopy", "Photocopy"),
]
# Reading loans of dossiers at this level or above, and every photocopy, need a manager.
MANAGER_APPROVAL_LEVEL = CONFIDENTIALITY_LEVELS["confidential"]
# What the requester asks for, while the request waits for its decision: it is what
# the approver decides on, so it is frozen once the request is decided.
REQUEST_FIELDS = frozenset(
    {
        "dossier_id",
        "loan_type",
        "purpose",
        "borrower_id",
        "document_scope",
        "document_ids",
        "date_wanted",
        "date_due",
        "copies_requested",
    }
)
# The longest a loan lasts, in days: a request may ask to keep the dossier (or its
# copies) until that many days after the day wanted, an archivist may extend an
# open loan until that many days after its check-out, and the check-out counts
# them from the day it is lent (a request approved long before is not lent for
# longer).
LOAN_MAX_DAYS = 30
# The name PostgreSQL gives _one_open_reading_per_dossier: "<table>_<attribute>".
OPEN_LOAN_INDEX = "dossier_loan_one_open_reading_per_dossier"
OVERDUE_ACTIVITY = "partner_dossier.mail_activity_loan_overdue"
ESCALATION_ACTIVITY = "partner_dossier.mail_activity_loan_escalation"


def _selection_label(record, fname):
    """The label of a selection field's value, in the user's language."""
    record.ensure_one()
    labels = dict(record._fields[fname]._description_selection(record.env))
    return labels.get(record[fname], "")


class DossierLoan(models.Model):
    _name = "dossier.loan"
    _description = "Dossier Loan"
    _inherit = [
        "dossier.content.thread",
        "mail.activity.mixin",
        "dossier.procedure.mixin",
        "dossier.signing.mixin",
    ]
    _dossier_neutral_name = _lt("A dossier loan")
    _order = "date_requested desc, id desc"
    _rec_names_search = ["name", "dossier_id.name", "dossier_id.barcode"]
    _check_company_auto = True
    # Borrowers discuss their own loans without being allowed to edit them.
    _mail_post_access = "read"

    # The originals of a dossier are lent to one reader at a time. The database holds
    # the rule, so two archivists checking out the same dossier at once cannot both win.
    _one_open_reading_per_dossier = models.UniqueIndex(
        "(dossier_id) WHERE state IN ('out', 'partial') AND loan_type = 'reading'",
        "This dossier is already out on loan: its originals can be lent to one "
        "reader at a time. Wait until they are returned.",
    )
    _due_after_request = models.Constraint(
        "CHECK (date_due > date_requested)",
        "A loan cannot be due before it was requested: choose a later wanted date "
        "or due time.",
    )
    _copies_requested_positive = models.Constraint(
        "CHECK (copies_requested >= 1)", "At least one copy must be requested."
    )
    _overdue_search = models.Index("(date_due) WHERE state IN ('out', 'partial')")
    # The monthly statistics read the loans that moved during the month or were out
    # at its end (dossier.monthly.report._loan_statistics_domain) through these
    # indexes, instead of every loan ever made (10,000,000 loans: bench figure 9).
    _statistics_decided = models.Index("(date_decided)")
    _statistics_checkout = models.Index("(date_checkout)")
    _statistics_returned = models.Index("(date_returned)")
    _statistics_still_out = models.Index(
        "(date_checkout) WHERE date_returned IS NULL AND date_checkout IS NOT NULL"
    )

    @api.model
    def _default_date_wanted(self):
        """Today in the archive room (the company's time zone), whoever asks."""
        return (
            fields.Datetime.now()
            .replace(tzinfo=pytz.utc)
            .astimezone(archive_tz(self.env.company))
            .date()
        )

    name = fields.Char(string="Loan Number", readonly=True, copy=False)
    dossier_id = fields.Many2one(
        "dossier.dossier",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain=f"[('state', 'in', {LOANABLE_STATES})]",
    )
    dossier_barcode = fields.Char(
        related="dossier_id.barcode", string="Dossier Barcode"
    )
    partner_id = fields.Many2one(
        related="dossier_id.partner_id", string="Customer", store=True, index=True
    )
    company_id = fields.Many2one(
        related="dossier_id.company_id", store=True, index=True
    )
    confidentiality = fields.Selection(related="dossier_id.confidentiality")
    custodian_id = fields.Many2one(related="dossier_id.custodian_id")
    loan_type = fields.Selection(
        LOAN_TYPES, string="Type", default="reading", required=True, tracking=True
    )
    purpose = fields.Text(required=True, tracking=True)
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    borrower_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    document_scope = fields.Selection(
        [("all", "Whole Dossier"), ("some", "Selected Documents")],
        string="Documents",
        default="all",
        required=True,
    )
    document_ids = fields.Many2many(
        "dossier.document",
        "dossier_loan_document_rel",
        "loan_id",
        "document_id",
        string="Requested Documents",
        domain="[('dossier_id', '=', dossier_id)]",
    )
    lent_document_ids = fields.Many2many(
        "dossier.document",
        "dossier_loan_lent_document_rel",
        "loan_id",
        "document_id",
        string="Lent Documents",
        readonly=True,
        copy=False,
    )
    missing_document_ids = fields.Many2many(
        "dossier.document",
        "dossier_loan_missing_document_rel",
        "loan_id",
        "document_id",
        string="Not Returned Yet",
        readonly=True,
        copy=False,
        help="Lent documents the return checks have not found yet.",
    )
    damaged_document_ids = fields.Many2many(
        "dossier.document",
        "dossier_loan_damaged_document_rel",
        "loan_id",
        "document_id",
        string="Returned Damaged",
        readonly=True,
        copy=False,
    )
    date_requested = fields.Datetime(
        string="Requested On",
        default=fields.Datetime.now,
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    date_wanted = fields.Date(
        string="Wanted On",
        default=lambda self: self._default_date_wanted(),
        required=True,
    )
    date_due = fields.Datetime(
        string="Due",
        compute="_compute_date_due",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
        help="By default the closing time of the wanted day, in the company's time "
        "zone; lent after it, the end of that day.",
    )
    date_due_label = fields.Char(
        string="Due (Archive Time)",
        compute="_compute_date_due_label",
        help="The due time in the archive room's time zone, which is named: the "
        "time the dossier must be back at the counter, wherever the reader is.",
    )
    state = fields.Selection(
        LOAN_STATES,
        default="requested",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    approver_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False, tracking=True
    )
    date_decided = fields.Datetime(string="Decided On", readonly=True, copy=False)
    reject_reason = fields.Text(string="Rejection Reason", readonly=True, copy=False)
    checkout_user_id = fields.Many2one(
        "res.users", string="Checked Out By", readonly=True, copy=False
    )
    date_checkout = fields.Datetime(string="Checked Out On", readonly=True, copy=False)
    return_user_id = fields.Many2one(
        "res.users", string="Return Checked By", readonly=True, copy=False
    )
    date_returned = fields.Datetime(string="Returned On", readonly=True, copy=False)
    # Signatures (登记签名) are part of the register (dossier.signing.mixin).
    pending_signature = fields.Image(
        help="The borrower signs here, on the archivist's screen, just before the "
        "check-out; the Check Out button records it in the register.",
    )
    checkout_signature = register_signature(
        "Borrower's Signature",
        "Signed by the borrower at the check-out, as the documents were handed over.",
    )
    return_signature = register_signature(
        "Return Checker's Signature",
        "Signed by the archivist who checked the return of the documents.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Checked out and not fully returned after its due time.",
    )
    reminder_count = fields.Integer(
        string="Reminders",
        readonly=True,
        copy=False,
        help="Overdue reminders sent so far: from the second, managers are told too.",
    )
    last_reminder_date = fields.Date(readonly=True, copy=False)
    copies_requested = fields.Integer(string="Copies Wanted", default=1)
    copy_batch_ids = fields.One2many(
        "dossier.copy.batch", "loan_id", string="Copy Batches"
    )
    copies_made = fields.Integer(compute="_compute_copy_stats")
    copies_outstanding = fields.Integer(
        string="Copies Not Verified",
        compute="_compute_copy_stats",
        help="Copies taken out of the building and not yet returned and verified.",
    )

    # When a loan is due, in the archive's day: the closing time is that of the
    # archive room, so it is read in the company's time zone (its address's, as for
    # the monthly statistics; UTC when the company has none, never the time zone of
    # whoever registers or recomputes the loan): a borrower travelling elsewhere
    # still brings the dossier back before the room closes. Stored, not on the
    # company's due hour: changing the setting leaves the registered loans; the
    # check-out stores it once more, for the day the dossier is really lent.
    @api.depends("date_wanted", "dossier_id")
    def _compute_date_due(self):
        now = fields.Datetime.now()
        for loan in self:
            if not loan.date_wanted:
                loan.date_due = False
                continue
            loan.date_due = loan._due_on(
                loan.date_wanted,
                loan.dossier_id.company_id or self.env.company,
                loan.date_requested or now,
            )

    @api.depends("date_due", "company_id.dossier_tz")
    @api.depends_context("lang")
    def _compute_date_due_label(self):
        for loan in self:
            loan.date_due_label = format_archive_time(
                self.env, loan.company_id or self.env.company, loan.date_due
            )

    @api.depends("state", "date_due")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for loan in self:
            loan.is_overdue = bool(
                loan.state in OPEN_LOAN_STATES and loan.date_due and loan.date_due < now
            )

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        overdue = Domain("state", "in", OPEN_LOAN_STATES) & Domain(
            "date_due", "<", fields.Datetime.now()
        )
        return overdue if True in value else ~overdue

    @api.depends("copy_batch_ids.copies", "copy_batch_ids.state")
    def _compute_copy_stats(self):
        for loan in self:
            loan.copies_made = sum(loan.copy_batch_ids.mapped("copies"))
            loan.copies_outstanding = sum(
                loan.copy_batch_ids.filtered(
                    lambda batch: batch.state in ("out", "returned")
                ).mapped("copies")
            )

    @api.constrains("document_scope", "document_ids", "dossier_id")
    def _check_documents(self):
        for loan in self:
            if loan.document_scope == "some" and not loan.document_ids:
                raise ValidationError(
                    self.env._(
                        "Loan %(loan)s: choose the documents to lend, or lend the "
                        "whole dossier.",
                        loan=loan.display_name,
                    )
                )
            if loan.document_ids.dossier_id - loan.dossier_id:
                raise ValidationError(
                    self.env._(
                        "Loan %(loan)s: only documents of dossier %(dossier)s can be "
                        "lent with it.",
                        loan=loan.display_name,
                        dossier=loan.dossier_id.display_name,
                    )
                )

    @api.constrains("date_due", "date_wanted", "date_checkout")
    def _check_loan_length(self):
        for loan in self.filtered(lambda loan: loan.state in LOAN_UNDER_WAY_STATES):
            latest = loan._latest_due()
            if loan.date_due and latest and loan.date_due > latest:
                raise ValidationError(
                    self.env._(
                        "Loan %(loan)s: a loan lasts at most %(days)s days; it "
                        "cannot be due after %(date)s.",
                        loan=loan.display_name,
                        days=LOAN_MAX_DAYS,
                        date=format_archive_time(self.env, loan.company_id, latest),
                    )
                )

    # ------------------------------------------------------------------ CRUD

    def _procedure_fields(self):
        request = self.env._("the Request Loan button: it records who asked and when")
        decision = self.env._("the Approve and Reject buttons")
        checkout = self.env._("the Check Out button")
        return_check = self.env._(
            "the Return button (return check) or the copy register"
        )
        reminders = self.env._("the overdue loan reminders (a scheduled job)")
        return {
            "state": self.env._(
                "the Approve, Reject, Check Out, Return and Cancel buttons"
            ),
            "requester_id": request,
            "date_requested": request,
            "approver_id": decision,
            "date_decided": decision,
            "reject_reason": decision,
            "checkout_user_id": checkout,
            "date_checkout": checkout,
            "lent_document_ids": checkout,
            "checkout_signature": checkout,
            "return_signature": self.env._("the Return button (return check)"),
            "return_user_id": return_check,
            "date_returned": return_check,
            "missing_document_ids": return_check,
            "damaged_document_ids": return_check,
            "reminder_count": reminders,
            "last_reminder_date": reminders,
        }

    def _editable_fields(self):
        """What a plain write may change (a form, an import, any RPC call), by the
        loan's state and the user's group: everything else is written only by the
        loan's procedures."""
        # The due date is the archivists' to extend until the loan is back.
        extension = {ARCHIVIST_GROUP: {"date_due"}}
        return {
            "requested": {USER_GROUP: REQUEST_FIELDS},
            # The borrower signs on the archivist's screen before the check-out.
            "approved": {ARCHIVIST_GROUP: {"date_due", "pending_signature"}},
            "out": extension,
            "partial": extension,
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        is_archivist = self.env.su or self.env.user.has_group(ARCHIVIST_GROUP)
        for vals in vals_list:
            check_whole_number(self, vals, "copies_requested", MAX_COPIES)
            if not self.env.su:
                vals["requester_id"] = self.env.uid
            borrower = self.env["res.users"].browse(
                vals.setdefault("borrower_id", self.env.uid)
            )
            if not is_archivist and borrower != self.env.user:
                raise UserError(
                    self.env._("Only archivists can register a loan for someone else.")
                )
            if vals.get("dossier_id"):
                self._check_can_borrow(
                    self.env["dossier.dossier"].browse(vals["dossier_id"]), borrower
                )
            # sudo: requesters may not read sequences.
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code("dossier.loan")
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        check_whole_number(self, vals, "copies_requested", MAX_COPIES)
        if (
            not self.env.su
            and vals.get("borrower_id", self.env.uid) != self.env.uid
            and not self.env.user.has_group(ARCHIVIST_GROUP)
        ):
            raise UserError(
                self.env._("Only archivists can register a loan for someone else.")
            )
        result = super().write(vals)
        if "dossier_id" in vals or "borrower_id" in vals:
            for loan in self:
                self._check_can_borrow(loan.dossier_id, loan.borrower_id)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_requested(self):
        kept = self.filtered(lambda loan: loan.state != "requested")
        if kept:
            raise UserError(
                self.env._(
                    "Loan %(loan)s is %(state)s: it stays in the loan register. "
                    "Cancel a loan instead of deleting it.",
                    loan=kept[0].display_name,
                    state=kept[0]._state_label(),
                )
            )

    # ------------------------------------------------------------------ checks

    def _state_label(self):
        return _selection_label(self, "state")

    @api.model
    def _check_can_borrow(self, dossier, borrower):
        """The dossier can be lent, and the borrower may see it.

        The refusals of _check_borrowable() name the dossier, its state and its
        level: told only to a user who may read the dossier. Checked on refusal
        only, so that the lending paths cost no more."""
        try:
            return self._check_borrowable(dossier, borrower)
        except UserError:
            if dossier.has_access("read"):
                raise
        raise UserError(
            self.env._(
                "This dossier cannot be lent to you. Ask an archivist if you need to "
                "consult it."
            )
        )

    @api.model
    def _check_borrowable(self, dossier, borrower):
        # sudo: a borrower without clearance cannot read the dossier; the refusal must
        # still be a sentence, and it shows no more than the dossier's reference.
        dossier = dossier.sudo()
        if dossier.state not in LOANABLE_STATES:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s is %(state)s: only temporary and archived "
                    "dossiers can be lent.",
                    dossier=dossier.display_name,
                    state=_selection_label(dossier, "state"),
                )
            )
        if (
            dossier.confidentiality_level > borrower.dossier_clearance_level
            and not borrower.has_group(MANAGER_GROUP)
        ):
            raise UserError(
                self.env._(
                    "%(borrower)s may not borrow dossier %(dossier)s: it is %(level)s "
                    "and their clearance is %(clearance)s.",
                    borrower=borrower.name,
                    dossier=dossier.display_name,
                    level=_selection_label(dossier, "confidentiality"),
                    clearance=_selection_label(borrower, "dossier_clearance"),
                )
            )

    def _check_archivist(self):
        if not self.env.user.has_group(ARCHIVIST_GROUP):
            raise AccessError(
                self.env._("Only dossier archivists check loans out and in.")
            )

    def _check_can_decide(self):
        """The current user may approve or reject these requests."""
        user = self.env.user
        if not user.has_group(ARCHIVIST_GROUP):
            raise AccessError(
                self.env._(
                    "Only dossier archivists and managers decide on loan requests."
                )
            )
        is_manager = user.has_group(MANAGER_GROUP)
        for loan in self:
            if loan.state != "requested":
                raise UserError(
                    self.env._(
                        "Loan %(loan)s is %(state)s: only a requested loan can be "
                        "approved or rejected.",
                        loan=loan.display_name,
                        state=loan._state_label(),
                    )
                )
            if user in loan.requester_id | loan.borrower_id:
                raise UserError(
                    self.env._(
                        "You cannot decide on loan %(loan)s: you requested it or you "
                        "are its borrower. Another archivist or a manager must decide.",
                        loan=loan.display_name,
                    )
                )
            if is_manager:
                continue
            if loan.loan_type == "photocopy":
                raise UserError(
                    self.env._(
                        "Loan %(loan)s asks for photocopies: only a dossier manager "
                        "can decide on it.",
                        loan=loan.display_name,
                    )
                )
            if loan.dossier_id.confidentiality_level >= MANAGER_APPROVAL_LEVEL:
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s is %(level)s: only a dossier manager can "
                        "decide on loan %(loan)s.",
                        dossier=loan.dossier_id.display_name,
                        level=_selection_label(loan.dossier_id, "confidentiality"),
                        loan=loan.display_name,
                    )
                )

    def _already_out_error(self, dossier, other_loan=None):
        if other_loan:
            return UserError(
                self.env._(
                    "Dossier %(dossier)s is already out on loan %(loan)s to "
                    "%(borrower)s: its originals can be lent to one reader at a time.",
                    dossier=dossier.display_name,
                    loan=other_loan.display_name,
                    borrower=other_loan.borrower_id.name,
                )
            )
        return UserError(
            self.env._(
                "Dossier %(dossier)s has just been checked out on another loan: its "
                "originals can be lent to one reader at a time.",
                dossier=dossier.display_name,
            )
        )

    # ------------------------------------------------------------------ actions

    def action_approve(self):
        self._check_can_decide()
        for loan in self:
            self._check_can_borrow(loan.dossier_id, loan.borrower_id)
        self._procedure().write(
            {
                "state": "approved",
                "approver_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        return True

    def action_open_reject_wizard(self):
        self._check_can_decide()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Loan Request"),
            "res_model": "dossier.loan.reject",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_loan_ids": self.ids},
        }

    def action_reject(self, reason):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Give the reason for the rejection: the requester will read it."
                )
            )
        self._check_can_decide()
        self._procedure().write(
            {
                "state": "rejected",
                "approver_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
                "reject_reason": reason,
            }
        )
        for loan in self:
            # The requester and the borrower read it in their language; the
            # reason stays as the approver wrote it.
            post_note_per_lang(
                loan,
                (loan.requester_id | loan.borrower_id).partner_id,
                lambda env: env._("Request rejected: %(reason)s", reason=reason),
            )
        return True

    def action_cancel(self):
        is_archivist = self.env.user.has_group(ARCHIVIST_GROUP)
        for loan in self:
            if loan.state not in ("requested", "approved"):
                raise UserError(
                    self.env._(
                        "Loan %(loan)s is %(state)s: only a loan that was not checked "
                        "out can be cancelled.",
                        loan=loan.display_name,
                        state=loan._state_label(),
                    )
                )
            if (
                not is_archivist
                and self.env.user not in loan.requester_id | loan.borrower_id
            ):
                raise AccessError(
                    self.env._("You can only cancel your own loan requests.")
                )
        # sudo: staff may not write a loan's state; cancelling their own request that
        # was not checked out is allowed, and checked above.
        self.sudo()._procedure().write(
            {"state": "cancelled", "pending_signature": False}
        )
        return True

    def action_checkout(self, signature=None):
        """Hand the originals (reading) or the copies (photocopy) to the borrower,
        who signs for them: ``signature`` (a PNG, base64; one borrower's, for
        all of these loans), else the one signed on the form just before the
        button (``pending_signature``)."""
        self._check_archivist()
        check_signature(self.env, signature)
        if signature and len(self.borrower_id) > 1:
            raise UserError(
                self.env._(
                    "A signature is one borrower's: check out the loans of one "
                    "borrower at a time."
                )
            )
        for loan in self:
            if loan.state in OPEN_LOAN_STATES:
                raise UserError(
                    self.env._(
                        "Loan %(loan)s is already checked out.", loan=loan.display_name
                    )
                )
            if loan.state != "approved":
                raise UserError(
                    self.env._(
                        "Loan %(loan)s is %(state)s: only an approved loan can be "
                        "checked out.",
                        loan=loan.display_name,
                        state=loan._state_label(),
                    )
                )
            self._check_can_borrow(loan.dossier_id, loan.borrower_id)
            if loan.loan_type == "photocopy" and not loan.copy_batch_ids:
                raise UserError(
                    self.env._(
                        "Loan %(loan)s: register the copies made before handing them "
                        "over.",
                        loan=loan.display_name,
                    )
                )
            if not loan._signed(signature):
                raise UserError(
                    self.env._(
                        "Loan %(loan)s: %(borrower)s signs on the screen for what is "
                        "handed over, before the check-out. Nothing was checked out.",
                        loan=loan.display_name,
                        borrower=loan.borrower_id.name,
                    )
                )
        reading = self.filtered(lambda loan: loan.loan_type == "reading")
        if len(reading.dossier_id) < len(reading):
            raise UserError(
                self.env._(
                    "Several of these loans are for the same dossier: its originals "
                    "can be lent to one reader at a time."
                )
            )
        if reading:
            other = self.search(
                [
                    ("dossier_id", "in", reading.dossier_id.ids),
                    ("loan_type", "=", "reading"),
                    ("state", "in", OPEN_LOAN_STATES),
                ],
                limit=1,
            )
            if other:
                raise self._already_out_error(other.dossier_id, other)
        now = fields.Datetime.now()
        try:
            # The refusal is expected and answered below: keep it out of the log.
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                for loan in self:
                    lent = loan._documents_to_lend()
                    due = loan._due_at_checkout(now)
                    loan._procedure().write(
                        {
                            **({"date_due": due} if due != loan.date_due else {}),
                            "state": "out",
                            "checkout_user_id": self.env.uid,
                            "date_checkout": now,
                            "lent_document_ids": [Command.set(lent.ids)],
                            "missing_document_ids": [Command.set(lent.ids)],
                            **loan._take_signature("checkout_signature", signature),
                        }
                    )
        except psycopg2.errors.UniqueViolation as error:
            # Another archivist checked the same dossier out in a transaction this one
            # could not see: the unique index made this one wait, then refused it.
            if error.diag.constraint_name != OPEN_LOAN_INDEX:
                raise
            dossier = next(
                (loan.dossier_id for loan in reading), self.env["dossier.dossier"]
            )
            raise self._already_out_error(dossier) from None
        self.filtered(
            lambda loan: loan.loan_type == "photocopy"
        )._close_if_copies_back()
        return True

    def _documents_to_lend(self):
        """The documents that leave the cabinet with a reading loan."""
        self.ensure_one()
        if self.loan_type != "reading":
            return self.env["dossier.document"]
        if self.document_scope == "all":
            # Documents under repair are not in the cabinet to be lent.
            return self.dossier_id.document_ids.filtered(
                lambda document: document.condition != "repair"
            )
        in_repair = self.document_ids.filtered(
            lambda document: document.condition == "repair"
        )
        if in_repair:
            raise UserError(
                self.env._(
                    "Loan %(loan)s: %(documents)s is under repair and cannot be lent.",
                    loan=self.display_name,
                    documents=", ".join(in_repair.mapped("display_name")),
                )
            )
        return self.document_ids

    def action_return(self):
        """Open the return check of a reading loan."""
        self.ensure_one()
        self._check_archivist()
        if self.state not in OPEN_LOAN_STATES:
            if self.state in ("requested", "approved"):
                message = self.env._(
                    "Loan %(loan)s has not been checked out: there is nothing to return.",
                    loan=self.display_name,
                )
            else:
                message = self.env._(
                    "Loan %(loan)s is %(state)s: there is nothing to return.",
                    loan=self.display_name,
                    state=self._state_label(),
                )
            raise UserError(message)
        if self.loan_type == "photocopy":
            raise UserError(
                self.env._(
                    "Loan %(loan)s is a photocopy: the originals never left. Record "
                    "the return of the copies in its copy register.",
                    loan=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Check"),
            "res_model": "dossier.loan.return",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_loan_id": self.id},
        }

    def _register_return(
        self, present, missing, damaged, damage_notes=None, signature=None
    ):
        """Record a return check, signed by the archivist who made it: each
        document still out is present, missing or damaged. Damaged documents go to
        repair; the loan closes when all are back. The signature recorded is that
        of the latest check, as the checker is."""
        self.ensure_one()
        self._check_archivist()
        if self.state not in OPEN_LOAN_STATES or self.loan_type != "reading":
            raise UserError(
                self.env._(
                    "Loan %(loan)s is %(state)s: there is nothing to return.",
                    loan=self.display_name,
                    state=self._state_label(),
                )
            )
        checked = present | missing | damaged
        if checked != self.missing_document_ids or (
            len(present) + len(missing) + len(damaged) != len(checked)
        ):
            raise UserError(
                self.env._(
                    "Loan %(loan)s: tick each document still out exactly once, as "
                    "present, missing or damaged.",
                    loan=self.display_name,
                )
            )
        if not signature:
            raise UserError(
                self.env._(
                    "Loan %(loan)s: sign the return check on the screen, as the "
                    "archivist who checked the documents. Nothing was recorded.",
                    loan=self.display_name,
                )
            )
        damaged._send_to_repair(self, damage_notes or {})
        vals = {
            "return_user_id": self.env.uid,
            "return_signature": signature,
            "missing_document_ids": [Command.set(missing.ids)],
            "damaged_document_ids": [Command.link(document.id) for document in damaged],
        }
        if missing:
            vals["state"] = "partial"
        else:
            vals.update(state="returned", date_returned=fields.Datetime.now())
        self._procedure().write(vals)
        self._log_return_check(present, missing, damaged, signature)
        if not missing:
            self.activity_unlink([OVERDUE_ACTIVITY, ESCALATION_ACTIVITY])
        return True

    def _log_return_check(self, present, missing, damaged, signature):
        """The check in the chatter, its signature attached: a later check of a
        partial return replaces the loan's return signature, the history keeps
        each one."""
        lines = [
            (self.env._("Present"), present),
            (self.env._("Missing"), missing),
            (self.env._("Damaged, sent to repair"), damaged),
        ]
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Return check"),
            Markup().join(
                Markup("<li>%s: %s</li>") % (label, ", ".join(documents.mapped("name")))
                for label, documents in lines
                if documents
            ),
        )
        signed = self.env["ir.attachment"].create(
            {
                "name": self.env._("Return check signature.png"),
                "datas": signature,
                "mimetype": "image/png",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self._message_log(body=body, attachment_ids=signed.ids)

    def _close_if_copies_back(self):
        """A photocopy loan is over once every copy taken out is back and verified."""
        done = self.filtered(
            lambda loan: (
                loan.state == "out"
                and loan.loan_type == "photocopy"
                and not loan.copy_batch_ids.filtered(
                    lambda batch: batch.state in ("out", "returned")
                )
            )
        )
        if done:
            done._procedure().write(
                {
                    "state": "returned",
                    "return_user_id": self.env.uid,
                    "date_returned": fields.Datetime.now(),
                }
            )
            done.activity_unlink([OVERDUE_ACTIVITY, ESCALATION_ACTIVITY])

    def action_register_copies(self):
        self.ensure_one()
        self._check_archivist()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register Copies"),
            "res_model": "dossier.copy.batch",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_loan_id": self.id},
        }

    def action_view_dossier(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dossier.dossier",
            "res_id": self.dossier_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_loan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dossier.loan",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------ due time

    @api.model
    def _due_on(self, day, company, lent_at):
        """The closing time of ``day`` in the company's time zone; lent after it,
        the end of that same local day. Naive UTC, as stored."""
        tz = self._archive_tz(company)
        minutes = min(round(company.dossier_loan_due_hour * 60), 24 * 60 - 1)
        due = self._to_utc(tz, day, time(minutes // 60, minutes % 60))
        if due <= lent_at:
            due = self._to_utc(tz, day, time(23, 59, 59))
        return due

    @api.model
    def _archive_tz(self, company):
        return archive_tz(company)

    @api.model
    def _to_utc(self, tz, day, at):
        local = tz.localize(datetime.combine(day, at))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _due_at_checkout(self, now):
        """Never due before the check-out: lent on a later day than wanted, or
        after the closing time, the loan is due by the rules of that day. Never
        longer than LOAN_MAX_DAYS from the check-out either: the request's due
        date was counted from the day wanted."""
        self.ensure_one()
        company = self.company_id or self.env.company
        tz = self._archive_tz(company)
        today = now.replace(tzinfo=pytz.utc).astimezone(tz).date()
        latest = self._to_utc(
            tz, today + timedelta(days=LOAN_MAX_DAYS), time(23, 59, 59)
        )
        return max(self._due_on(today, company, now), min(self.date_due, latest))

    def _latest_due(self):
        """The latest a loan may be due: LOAN_MAX_DAYS after the day it was
        lent, or after the day wanted while it is not lent yet (the end of that
        day, in the archive's time zone)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        tz = self._archive_tz(company)
        if self.date_checkout:
            start = self.date_checkout.replace(tzinfo=pytz.utc).astimezone(tz).date()
        else:
            start = self.date_wanted
        if not start:
            return False
        return self._to_utc(tz, start + timedelta(days=LOAN_MAX_DAYS), time(23, 59, 59))

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_remind_overdue(self, batch_size=200):
        """End of day: remind the borrower and the custodian of each overdue loan,
        and from the second reminder on, the dossier managers too.

        Safe to re-run: a loan gets at most one reminder a day, and nobody gets a
        second open activity for the same loan."""
        domain = Domain("is_overdue", "=", True) & (
            Domain("last_reminder_date", "=", False)
            | archive_today_domain(
                self.env, lambda today: Domain("last_reminder_date", "<", today)
            )
        )
        while True:
            # The loans reminded drop out of the domain: no offset is needed.
            loans = self.search(domain, order="id", limit=batch_size)
            if not loans:
                break
            loans._send_overdue_reminders()
            if not self.env["ir.cron"]._commit_progress(len(loans)):
                break

    def _overdue_texts(self, count, user=None):
        """(summary, note) of reminder number ``count``, in ``user``'s language
        and date format (else the job's language), the due time in the archive's
        time zone, named: it is the time the room closes, wherever they are."""
        env = self.with_context(lang=user.lang).env if user else self.env
        summary = env._(
            "Reminder %(count)s: return loan %(loan)s", count=count, loan=self.name
        )
        note = env._(
            "Dossier %(dossier)s was due back on %(due)s (%(borrower)s).",
            dossier=self.dossier_id.display_name,
            due=format_archive_time(env, self.company_id, self.date_due),
            borrower=self.borrower_id.name,
        )
        return summary, note

    def _send_overdue_reminders(self):
        overdue_type = self.env.ref(OVERDUE_ACTIVITY)
        escalation_type = self.env.ref(ESCALATION_ACTIVITY)
        open_activities = {
            (activity.res_id, activity.user_id.id, activity.activity_type_id.id)
            for activity in self.env["mail.activity"].search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "in", (overdue_type | escalation_type).ids),
                ]
            )
        }
        managers = self.env.ref(MANAGER_GROUP).all_user_ids.filtered(
            lambda user: user.active and not user.share
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []

        def schedule(loan, users, activity_type, count, today):
            for user in users:
                key = (loan.id, user.id, activity_type.id)
                if key in open_activities:
                    continue
                open_activities.add(key)
                summary, note = loan._overdue_texts(count, user)
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": loan.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "date_deadline": today,
                        "summary": summary,
                        "note": note,
                        "automated": True,
                    }
                )

        summaries = {}
        today = {}
        for loan in self:
            count = loan.reminder_count + 1
            today[loan] = archive_today(loan.company_id)
            schedule(
                loan,
                loan.borrower_id | loan.dossier_id.custodian_id,
                overdue_type,
                count,
                today[loan],
            )
            if count >= 2:
                schedule(
                    loan,
                    managers.filtered(
                        lambda user, loan=loan: loan.company_id in user.company_ids
                    ),
                    escalation_type,
                    count,
                    today[loan],
                )
            # The chatter is read by everyone: in the office's language (see
            # dossier_languages), not in the job user's.
            office = company_lang(self.env, loan.company_id)
            summaries[loan.id] = loan.with_context(lang=office)._overdue_texts(count)[0]
        # Batched: one write per reminder number, one chatter note per loan in a
        # single insert, activities created together without one e-mail per
        # activity (the assignees see them in their activity menu).
        for (count, day), loans in self.grouped(
            lambda loan: (loan.reminder_count + 1, today[loan])
        ).items():
            loans._procedure().write(
                {"reminder_count": count, "last_reminder_date": day}
            )
        self._message_log_batch(summaries)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activities
        )
