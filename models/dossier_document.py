from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from ..const import (
    ARCHIVIST_GROUP,
    CORRECTION_SUBTYPE,
    FILED_STATES,
    USER_GROUP,
)
from ..tools.dossier_input import check_bounds

# Changes to these fields are written in the dossier's chatter.
TRACKED_FIELDS = (
    "name",
    "document_type_id",
    "document_date",
    "pages",
    "kind",
    "condition",
    "scan",
)
# What the inventory says of a document: changing it, adding or removing a document
# once the dossier is archived is a correction, which the custodian's assessment
# counts (accuracy). Its condition and scan are not the inventory's content.
CONTENT_FIELDS = ("name", "document_type_id", "document_date", "pages", "kind")
# A folder of ten thousand sheets is already a shelf of boxes: more is a typing
# error (or 3e9, which the integer column would refuse with a raw error).
MAX_PAGES = 10000


class DossierDocument(models.Model):
    _name = "dossier.document"
    _description = "Dossier Document"
    _inherit = ["dossier.procedure.mixin", "dossier.content.mixin"]
    _order = "document_date desc, sequence, id desc"
    _check_company_auto = True

    _pages_not_negative = models.Constraint(
        "CHECK (pages >= 0)", "The number of pages cannot be negative."
    )

    sequence = fields.Integer(default=10)
    dossier_id = fields.Many2one(
        "dossier.dossier",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="dossier_id.company_id", store=True, index=True
    )
    dossier_state = fields.Selection(
        related="dossier_id.state", string="Dossier Status"
    )
    name = fields.Char(string="Title", required=True)
    document_type_id = fields.Many2one(
        "dossier.document.type",
        string="Type",
        required=True,
        index=True,
        ondelete="restrict",
    )
    document_date = fields.Date(string="Date")
    pages = fields.Integer(default=1)
    kind = fields.Selection(
        [("original", "Original"), ("copy", "Copy")], default="original", required=True
    )
    condition = fields.Selection(
        [("good", "Good"), ("damaged", "Damaged"), ("repair", "Under Repair")],
        default="good",
        required=True,
    )
    scan = fields.Binary(string="Scanned File", attachment=True)
    scan_filename = fields.Char()
    notes = fields.Text()
    repair_note = fields.Text(
        help="Why the document is under repair; cleared, and kept in the dossier's "
        "history, when it is repaired.",
    )
    # Indexed: every activity marked done or deleted looks its documents up here.
    repair_activity_id = fields.Many2one(
        "mail.activity",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups=ARCHIVIST_GROUP,
    )

    def _procedure_fields(self):
        return {
            "condition": self.env._(
                "the Return Check of a loan to send a document to repair, and the "
                "Mark Repaired button to end the repair"
            ),
            "repair_note": self.env._("the Return Check of a loan"),
            "repair_activity_id": self.env._("the Return Check of a loan"),
        }

    def _editable_fields(self):
        # Who may change the inventory of a dossier in which state is said by the
        # dossier (dossier.dossier._check_inventory_editable). A document stays in
        # the dossier it was filed in (see _procedure_default_ok): no procedure
        # moves one, so that each dossier's chatter tells its whole inventory;
        # one filed in the wrong dossier is removed from it (Remove Documents
        # once archived, with the reason) and added to the right one.
        return {
            None: {
                USER_GROUP: {
                    "sequence",
                    "name",
                    "document_type_id",
                    "document_date",
                    "pages",
                    "kind",
                    "scan",
                    "scan_filename",
                    "notes",
                }
            }
        }

    # Good and damaged are what an archivist sees: only repair is a procedure.
    def _procedure_write_ok(self, fname, value):
        if fname == "condition":
            return value != "repair" and all(
                document.condition != "repair" for document in self
            )
        return super()._procedure_write_ok(fname, value)

    def _procedure_default_ok(self, fname, value):
        # A new document is placed in its dossier when it is created, and only then.
        if fname == "dossier_id":
            return True
        if fname == "condition":
            return value != "repair"
        return super()._procedure_default_ok(fname, value)

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        check_bounds(self, vals_list, maxima={"pages": MAX_PAGES})
        dossier_ids = {vals.get("dossier_id") for vals in vals_list}
        self.env["dossier.dossier"].browse(dossier_ids)._check_inventory_editable()
        documents = super().create(vals_list)
        documents._log_changes(
            {
                document: [
                    self.env._("Document added: %(name)s", name=document.display_name)
                ]
                for document in documents
            },
            corrected=documents,
        )
        return documents

    def write(self, vals):
        self = self._register_write(vals)
        check_bounds(self, [vals], maxima={"pages": MAX_PAGES})
        self.dossier_id._check_inventory_editable()
        repaired = self.browse()
        if vals.get("condition") and vals["condition"] != "repair":
            repaired = self.filtered(lambda document: document.condition == "repair")
            if repaired and not self.env.user.has_group(ARCHIVIST_GROUP):
                raise AccessError(
                    self.env._("Only dossier archivists can mark a repair as done.")
                )
            repair_notes = {document: document.repair_note for document in repaired}
        tracked = [fname for fname in TRACKED_FIELDS if fname in vals]
        before = {
            document: {fname: document._tracking_value(fname) for fname in tracked}
            for document in self
        }
        result = super().write(vals)
        changes = {}
        for document, old_values in before.items():
            lines = [
                self.env._(
                    "%(document)s: %(field)s changed from %(old)s to %(new)s",
                    document=document.display_name,
                    field=self._fields[fname]._description_string(self.env),
                    old=old_value,
                    new=document._tracking_value(fname),
                )
                for fname, old_value in old_values.items()
                if old_value != document._tracking_value(fname)
            ]
            if lines:
                changes[document] = lines
        corrected = self.filtered(
            lambda document: any(
                before[document][fname] != document._tracking_value(fname)
                for fname in CONTENT_FIELDS
                if fname in before[document]
            )
        )
        self._log_changes(changes, corrected=corrected)
        if repaired:
            repaired._close_repairs(repair_notes)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_editable(self):
        # Who may edit the inventory at all is said first.
        self.dossier_id._check_inventory_editable()
        if self._in_procedure():  # Remove Documents, with its manager and reason
            return
        filed = self.filtered(
            lambda document: document.dossier_id.state in FILED_STATES
        )
        if filed:
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s is archived formally: removing %(document)s "
                    "from its inventory needs a dossier manager and a written reason. "
                    "Use Remove Documents on the dossier.",
                    dossier=filed[0].dossier_id.display_name,
                    document=filed[0].display_name,
                )
            )

    def unlink(self):
        # Uninstalling the addon deletes the dossiers too: no chatter to write to
        # (a client's uninstall flag is dropped first).
        self = self._register_unlink()
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            self._log_changes(
                {
                    document: [
                        self.env._(
                            "Document removed: %(name)s", name=document.display_name
                        )
                    ]
                    for document in self
                },
                corrected=self,
            )
        return super().unlink()

    # ------------------------------------------------------------ content

    @api.model
    def _dossier_withheld_sql(self, alias, owners):
        return self._dossier_owned_by(SQL.identifier(alias, "id"), owners, self._name)

    @api.depends("name")
    @api.depends_context("uid")
    def _compute_display_name(self):
        # Odoo names a linked record as superuser (an incident's document, a
        # message's thread): the title is content, shown under the same rule.
        for document in self:
            document.display_name = (
                document.name
                if document.dossier_content_readable
                else self.env._("Withheld document")
            )

    # Not read-only (read/write calls, on the primary): the Documents menu and a
    # document's form consult a confidential dossier, recorded as its form is
    # (dossier.dossier._log_form_consultation).

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        result = super().web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )
        if not self.env.su:
            ids = [row["id"] for row in result["records"]]
            self.browse(ids).dossier_id._log_form_consultation()
        return result

    def web_read(self, specification):
        if not self.env.su:
            self.dossier_id._log_form_consultation()
        return super().web_read(specification)

    # Odoo marks both read-only, and the web client's call follows the first
    # mark it finds up the classes.
    web_search_read._readonly = False
    web_read._readonly = False

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self.dossier_id._log_access("export")
        return result

    def _send_to_repair(self, loan, notes):
        """Documents found damaged on the return of a loan go to repair, with an
        activity for the archivist who checked the return."""
        for document in self:
            repair_note = self.env._(
                "Found damaged on the return of loan %(loan)s (borrower: %(borrower)s).",
                loan=loan.display_name,
                borrower=loan.borrower_id.name,
            )
            if notes.get(document.id):
                repair_note = f"{repair_note}\n{notes[document.id]}"
            activity = document.dossier_id.activity_schedule(
                "partner_dossier.mail_activity_document_repair",
                summary=self.env._("Repair %(document)s", document=document.name),
                note=repair_note,
                user_id=self.env.uid,
            )
            document._procedure().write(
                {
                    "condition": "repair",
                    "repair_note": repair_note,
                    "repair_activity_id": activity.id,
                }
            )

    def _close_repairs(self, repair_notes):
        for document in self:
            feedback = self.env._(
                "%(document)s is repaired. %(note)s",
                document=document.name,
                note=repair_notes.get(document) or "",
            )
            if document.repair_activity_id:
                document.repair_activity_id.action_feedback(feedback=feedback)
            else:
                document._log_changes({document: [feedback]})
        self.write({"repair_note": False})

    def action_mark_repaired(self):
        not_in_repair = self.filtered(lambda document: document.condition != "repair")
        if not_in_repair:
            raise UserError(
                self.env._(
                    "%(document)s is not under repair.",
                    document=not_in_repair[0].display_name,
                )
            )
        self._procedure().write({"condition": "good"})
        return True

    def _tracking_value(self, fname):
        field = self._fields[fname]
        value = self[fname]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type == "binary":
            return self.env._("a file") if value else self.env._("no file")
        return value if value or value == 0 else ""

    def _log_changes(self, lines_by_document, corrected=None):
        """One chatter note per dossier, for a whole batch of documents at once.
        The note of an archived or closed dossier with ``corrected`` documents
        is marked as an inventory correction."""
        lines_by_dossier = {}
        for document, lines in lines_by_document.items():
            lines_by_dossier.setdefault(document.dossier_id.id, []).extend(lines)
        if not lines_by_dossier:
            return
        # Access to the documents was checked by the operation being logged; the
        # notes are the procedure's, which alone may mark them as corrections.
        messages = (
            self.env["dossier.dossier"]
            ._procedure()
            .browse(lines_by_dossier)
            ._message_log_batch(
                {
                    dossier_id: Markup("<ul>%s</ul>")
                    % Markup().join(Markup("<li>%s</li>") % line for line in lines)
                    for dossier_id, lines in lines_by_dossier.items()
                }
            )
        )
        corrected_dossiers = (corrected or self.browse()).dossier_id.filtered(
            lambda dossier: dossier.state in FILED_STATES
        )
        corrections = messages.filtered(
            lambda message: message.res_id in corrected_dossiers.ids
        )
        if corrections:
            # The messages come back as sudo from _message_log_batch, which wrote them.
            corrections.subtype_id = self.env.ref(CORRECTION_SUBTYPE)
