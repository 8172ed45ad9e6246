from odoo import api, fields, models
from odoo.tools.misc import format_date

from .dossier_dossier import FROZEN_STATES

LABEL_REPORT_ACTION = "partner_dossier.dossier_dossier_report_label"
# What the folder label prints (report/dossier_dossier_templates.xml), in its order.
LABEL_FIELDS = (
    "company_id",
    "name",
    "barcode",
    "partner_id",
    "category_id",
    "date_opened",
    "confidentiality",
)
# The label shows these confidentiality levels only.
PRINTED_LEVELS = ("confidential", "secret")


class DossierDossier(models.Model):
    """The label must match the current customer name: what a printed label shows
    is kept when it is printed; when the dossier, its customer (or the customer's
    parent company), its category or its company change what a label would show
    now, the label is to reprint, with the difference as the reason. Printing the
    label again (alone or with others) stamps it anew and clears it."""

    _inherit = "dossier.dossier"

    label_printed_values = fields.Json(
        readonly=True,
        copy=False,
        help="What the printed label shows, in the language it was printed in.",
    )
    label_reprint = fields.Boolean(
        string="Label to Reprint",
        compute="_compute_label_reprint",
        store=True,
        index=True,
        tracking=True,
        help="What the printed folder label shows no longer matches the dossier: "
        "print the label again and replace it on the folder.",
    )
    label_reprint_reason = fields.Char(
        string="Reprint Reason",
        compute="_compute_label_reprint",
        store=True,
        tracking=True,
    )

    @api.depends(
        "label_printed_values",
        "state",
        "company_id.name",
        "name",
        "barcode",
        "partner_id.complete_name",
        "category_id.complete_name",
        "date_opened",
        "confidentiality",
    )
    def _compute_label_reprint(self):
        for dossier in self:
            printed = dossier.label_printed_values or {}
            changes = []
            # A disposed or transferred folder has left the cabinet: no label.
            if printed.get("values") and dossier.state not in FROZEN_STATES:
                now = dossier.with_context(lang=printed.get("lang"))._label_values()
                changes = [
                    dossier._label_change(fname, old, now[fname])
                    for fname, old in printed["values"].items()
                    if fname in now and now[fname] != old
                ]
            dossier.label_reprint = bool(changes)
            dossier.label_reprint_reason = "; ".join(changes) or False

    def _label_values(self):
        """What the label of this dossier prints now, in the environment's
        language: text as it appears, dates as ISO strings."""
        self.ensure_one()
        return {
            "company_id": self.company_id.name or "",
            "name": self.name or "",
            "barcode": self.barcode or "",
            "partner_id": self.partner_id.display_name or "",
            "category_id": self.category_id.display_name or "",
            "date_opened": fields.Date.to_string(self.date_opened) or "",
            "confidentiality": self.confidentiality
            if self.confidentiality in PRINTED_LEVELS
            else "",
        }

    def _label_change(self, fname, old, new):
        """One difference between the printed label and the dossier, for the
        reason: the field's label and both values, as a user reads them."""
        field = self._fields[fname]

        def shown(value):
            if not value:
                return "—"
            if field.type == "date":
                return format_date(self.env, value)
            if field.type == "selection":
                return dict(field._description_selection(self.env)).get(value, value)
            return value

        return f"{field._description_string(self.env)}: {shown(old)} → {shown(new)}"

    def _stamp_label_printed(self):
        result = super()._stamp_label_printed()
        lang = self.env.lang or "en_US"
        # sudo: the write access to these dossiers was checked for all of them by
        # the stamp above; one write per dossier (each keeps its own values) then
        # costs no access query, and the flush writes them in one UPDATE.
        for dossier in self.sudo():
            dossier._procedure()._write_guarded(
                {
                    "label_printed_values": {
                        "lang": lang,
                        "values": dossier.with_env(self.env)._label_values(),
                    }
                }
            )
        return result

    def action_print_label(self):
        """Print the folder labels of the selected dossiers (archivists); making
        the PDF stamps them as printed, which clears their reprint."""
        return self.env.ref(LABEL_REPORT_ACTION).report_action(self)
