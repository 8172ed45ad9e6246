from markupsafe import Markup

from odoo import api, fields, models

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

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


class DossierDocument(models.Model):
    _name = "dossier.document"
    _description = "Dossier Document"
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

    @api.model_create_multi
    def create(self, vals_list):
        dossier_ids = {vals.get("dossier_id") for vals in vals_list}
        self.env["dossier.dossier"].browse(dossier_ids)._check_inventory_editable()
        documents = super().create(vals_list)
        documents._log_changes(
            {
                document: [
                    self.env._("Document added: %(name)s", name=document.display_name)
                ]
                for document in documents
            }
        )
        return documents

    def write(self, vals):
        self.dossier_id._check_inventory_editable()
        if "dossier_id" in vals:
            self.env["dossier.dossier"].browse(
                vals["dossier_id"]
            )._check_inventory_editable()
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
        self._log_changes(changes)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_editable(self):
        self.dossier_id._check_inventory_editable()

    def unlink(self):
        # Uninstalling the addon deletes the dossiers too: no chatter to write to.
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            self._log_changes(
                {
                    document: [
                        self.env._(
                            "Document removed: %(name)s", name=document.display_name
                        )
                    ]
                    for document in self
                }
            )
        return super().unlink()

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

    def _log_changes(self, lines_by_document):
        by_dossier = {}
        for document, lines in lines_by_document.items():
            by_dossier.setdefault(document.dossier_id, []).extend(lines)
        for dossier, lines in by_dossier.items():
            body = Markup("<ul>%s</ul>") % Markup().join(
                Markup("<li>%s</li>") % line for line in lines
            )
            dossier._message_log(body=body)
