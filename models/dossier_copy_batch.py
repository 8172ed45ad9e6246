from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import ARCHIVIST_GROUP, MAX_COPIES, USER_GROUP
from ..tools.dossier_bounds import check_whole_number
from ..tools.dossier_input import check_signature
from .dossier_signing_mixin import register_signature

COPY_BATCH_STATES = [
    ("kept", "Kept In-house"),
    ("out", "Taken Out"),
    ("returned", "Returned"),
    ("verified", "Verified"),
]
# What a batch records of the copies made, while they are in the building.
BATCH_CONTENT_FIELDS = frozenset(
    {
        "document_ids",
        "copies",
        "pages",
        "made_by_id",
        "date_made",
        "taken_out",
        "destination",
        "notes",
    }
)
# The draft signature a form fills before the step that records it.
SIGNING = frozenset({"pending_signature"})
# A copy has at most this many pages: more is a typing slip.
MAX_PAGES = 100000


class DossierCopyBatch(models.Model):
    _name = "dossier.copy.batch"
    _description = "Photocopy Batch"
    _inherit = ["dossier.procedure.mixin", "dossier.signing.mixin"]
    _order = "date_made desc, id desc"
    _check_company_auto = True

    _copies_positive = models.Constraint(
        "CHECK (copies >= 1)", "A copy batch holds at least one copy."
    )
    _pages_positive = models.Constraint(
        "CHECK (pages >= 1)", "Each copy has at least one page."
    )
    _copies_returned_range = models.Constraint(
        "CHECK (copies_returned >= 0 AND copies_returned <= copies)",
        "More copies cannot come back than were made.",
    )

    name = fields.Char(string="Copy Batch Number", readonly=True, copy=False)
    loan_id = fields.Many2one(
        "dossier.loan",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('loan_type', '=', 'photocopy'), ('state', 'in', ('approved', 'out'))]",
    )
    dossier_id = fields.Many2one(related="loan_id.dossier_id", store=True, index=True)
    company_id = fields.Many2one(related="loan_id.company_id", store=True, index=True)
    borrower_id = fields.Many2one(related="loan_id.borrower_id")
    document_ids = fields.Many2many(
        "dossier.document",
        "dossier_copy_batch_document_rel",
        "batch_id",
        "document_id",
        string="Documents Copied",
        domain="[('dossier_id', '=', dossier_id)]",
    )
    copies = fields.Integer(default=1, required=True)
    # Not computed from the documents: the register keeps what was copied even if
    # the inventory is corrected later.
    pages = fields.Integer(string="Pages per Copy", required=True)
    total_pages = fields.Integer(compute="_compute_total_pages", store=True)
    made_by_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        required=True,
        domain="[('share', '=', False)]",
    )
    date_made = fields.Datetime(
        string="Made On", default=fields.Datetime.now, required=True
    )
    taken_out = fields.Boolean(
        string="Taken Out of the Building",
        help="Copies taken out must come back and be verified before the loan closes.",
    )
    destination = fields.Char(string="Taken To")
    state = fields.Selection(
        COPY_BATCH_STATES,
        compute="_compute_state",
        store=True,
        readonly=True,
        copy=False,
        index=True,
    )
    copies_returned = fields.Integer(copy=False)
    date_returned = fields.Datetime(string="Returned On", readonly=True, copy=False)
    returned_to_id = fields.Many2one(
        "res.users", string="Received By", readonly=True, copy=False
    )
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_verified = fields.Datetime(string="Verified On", readonly=True, copy=False)
    notes = fields.Text()
    # Signatures (登记签名, dossier.signing.mixin): the batch taken out (its
    # creation, or the Taken Out box ticked) and the Copies Returned button record
    # them.
    pending_signature = fields.Image(
        help="Copies taken out of the building: the borrower signs here when they "
        "are taken out, the archivist who receives them when they come back.",
    )
    out_signature = register_signature(
        "Borrower's Signature",
        "Signed by the borrower when the copies were taken out of the building.",
    )
    return_signature = register_signature(
        "Receiver's Signature",
        "Signed by the archivist who received the copies back.",
    )

    @api.depends("copies", "pages")
    def _compute_total_pages(self):
        for batch in self:
            batch.total_pages = batch.copies * batch.pages

    @api.depends("taken_out")
    def _compute_state(self):
        # Only the start: returning and verifying are tracked by their actions.
        for batch in self:
            if batch.state in (False, "kept", "out"):
                batch.state = "out" if batch.taken_out else "kept"

    @api.onchange("document_ids")
    def _onchange_document_ids(self):
        self.pages = sum(self.document_ids.mapped("pages")) or 1

    def _procedure_fields(self):
        returned = self.env._("the Copies Returned button")
        verified = self.env._("the Verify button")
        return {
            "state": self.env._("the Copies Returned and Verify buttons"),
            "returned_to_id": returned,
            "date_returned": returned,
            "verified_by_id": verified,
            "date_verified": verified,
            "out_signature": self.env._(
                "the Taken Out of the Building box, signed by the borrower"
            ),
            "return_signature": returned,
        }

    def _editable_fields(self):
        """What a plain write may change (a form, an import, any RPC call), by the
        batch's state: everything else is written only by the copy register's
        procedures. Who keeps the register at all is said by the access rights
        and _check_archivist (archivists): listed for every user, the fields let
        their refusal speak. The state
        is computed from ``taken_out`` once the batch is created: a new batch has
        none yet (False)."""
        return {
            # The loan a batch belongs to is chosen when it is registered, never
            # changed: the copies it counts would leave that loan's register.
            False: {USER_GROUP: BATCH_CONTENT_FIELDS | SIGNING | {"loan_id"}},
            "kept": {USER_GROUP: BATCH_CONTENT_FIELDS | SIGNING},
            # Out of the building: what left is fixed (not "un-taken" either);
            # the count that comes back is entered, signed for, then verified.
            "out": {USER_GROUP: {"destination", "copies_returned", "notes"} | SIGNING},
            "returned": {USER_GROUP: {"copies_returned", "notes"}},
            "verified": {USER_GROUP: {"notes"}},
        }

    @api.model
    def _check_numbers(self, vals):
        check_whole_number(self, vals, "copies", MAX_COPIES)
        check_whole_number(self, vals, "pages", MAX_PAGES)
        check_whole_number(self, vals, "copies_returned", MAX_COPIES)

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        self._check_archivist()
        for vals in vals_list:
            self._check_numbers(vals)
        loans = self.env["dossier.loan"].browse(
            [vals["loan_id"] for vals in vals_list if vals.get("loan_id")]
        )
        for loan in loans:
            if loan.loan_type != "photocopy" or loan.state not in ("approved", "out"):
                raise UserError(
                    self.env._(
                        "Copies can only be registered on an approved photocopy loan; "
                        "loan %(loan)s is not one.",
                        loan=loan.display_name,
                    )
                )
        for vals in vals_list:
            if (
                vals.get("taken_out")
                and not vals.get("pending_signature")
                and not self._in_procedure()
            ):
                raise self._unsigned_taking_out_error()
            if "pages" not in vals:
                copied = self.new({"document_ids": vals.get("document_ids", [])})
                vals["pages"] = sum(copied.document_ids.mapped("pages")) or 1
            # sudo: archivists may not read sequences.
            vals["name"] = (
                self.env["ir.sequence"].sudo().next_by_code("dossier.copy.batch")
            )
        batches = super().create(vals_list)
        batches.filtered("taken_out")._record_taking_out()
        for batch in batches:
            if batch.copies == 1:
                copies = self.env._("One copy")
            else:
                copies = self.env._("%(count)s copies", count=batch.copies)
            if batch.pages == 1:
                pages = self.env._("one page")
            else:
                pages = self.env._("%(count)s pages", count=batch.pages)
            batch.loan_id._message_log(
                body=self.env._(
                    "%(copies)s of %(pages)s made by %(user)s (%(batch)s).",
                    copies=copies,
                    pages=pages,
                    user=batch.made_by_id.name,
                    batch=batch.name,
                )
            )
        return batches

    def write(self, vals):
        self = self._register_write(vals)
        self._check_archivist()
        self._check_numbers(vals)
        taking_out = self.browse()
        if vals.get("taken_out") and not self._in_procedure():
            taking_out = self.filtered(lambda batch: not batch.taken_out)
            if (
                taking_out
                and not vals.get("pending_signature")
                and not all(taking_out.mapped("pending_signature"))
            ):
                raise self._unsigned_taking_out_error()
        result = super().write(vals)
        taking_out._record_taking_out()
        return result

    def _unsigned_taking_out_error(self):
        return UserError(
            self.env._(
                "Copies taken out of the building are signed for by the borrower: "
                "have them sign on the screen first. Nothing was recorded."
            )
        )

    def _record_taking_out(self):
        """The borrower's signature of copies taken out, into the register."""
        for batch in self:
            batch._procedure().write(batch._take_signature("out_signature"))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if self:
            raise UserError(
                self.env._(
                    "Copy batch %(batch)s is in the copy register and cannot be deleted.",
                    batch=self[0].display_name,
                )
            )

    @api.model
    def _check_archivist(self):
        if not self.env.su and not self.env.user.has_group(ARCHIVIST_GROUP):
            raise AccessError(
                self.env._("Only dossier archivists keep the copy register.")
            )

    def action_return_copies(self, signature=None):
        """The copies taken out came back, signed for by the archivist who received
        them: ``signature`` (a PNG, base64), else the one signed on the form just
        before the button. The count is checked by the verification."""
        self._check_archivist()
        check_signature(self.env, signature)
        if signature and len(self) > 1:
            raise UserError(
                self.env._("Sign for one copy batch at a time: return one.")
            )
        for batch in self:
            if batch.state != "out":
                raise UserError(
                    self.env._(
                        "Copy batch %(batch)s was not taken out: there is nothing to "
                        "return.",
                        batch=batch.display_name,
                    )
                )
            if batch.copies_returned < 1:
                raise UserError(
                    self.env._(
                        "Copy batch %(batch)s: enter how many copies came back.",
                        batch=batch.display_name,
                    )
                )
            if not batch._signed(signature):
                raise UserError(
                    self.env._(
                        "Copy batch %(batch)s: sign on the screen for the copies "
                        "received back. Nothing was recorded.",
                        batch=batch.display_name,
                    )
                )
        now = fields.Datetime.now()
        for batch in self:
            batch._procedure().write(
                {
                    "state": "returned",
                    "date_returned": now,
                    "returned_to_id": self.env.uid,
                    **batch._take_signature("return_signature", signature),
                }
            )
        return True

    def action_verify(self):
        """Every copy taken out is back: the batch is closed."""
        self._check_archivist()
        for batch in self:
            if batch.state != "returned":
                raise UserError(
                    self.env._(
                        "Copy batch %(batch)s has not been returned: only returned "
                        "copies can be verified.",
                        batch=batch.display_name,
                    )
                )
            if batch.copies_returned != batch.copies:
                if batch.copies == 1:
                    message = self.env._(
                        "Copy batch %(batch)s: its copy has not come back. Find it "
                        "before verifying.",
                        batch=batch.display_name,
                    )
                else:
                    message = self.env._(
                        "Copy batch %(batch)s: only %(returned)s of the %(copies)s "
                        "copies came back. Find the others before verifying.",
                        batch=batch.display_name,
                        returned=batch.copies_returned,
                        copies=batch.copies,
                    )
                raise UserError(message)
        self._procedure().write(
            {
                "state": "verified",
                "verified_by_id": self.env.uid,
                "date_verified": fields.Datetime.now(),
            }
        )
        self.loan_id._close_if_copies_back()
        return True
