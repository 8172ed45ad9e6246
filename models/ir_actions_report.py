from odoo import models

from .dossier_dossier import FROZEN_STATES

LABEL_REPORT = "partner_dossier.report_dossier_label"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        # Every rendering of a report goes through here (PDF, HTML and text),
        # once per print whatever the number of records: one log INSERT per print.
        if report.model == "dossier.dossier" and docids:
            self.env["dossier.dossier"].browse(docids)._log_access(
                "print", report_name=report.name
            )
        return super()._get_rendering_context(report, docids, data)

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # A folder label is printed when its PDF is made, not when it is previewed.
        # Stamped and flushed before the PDF is made: on a read-only cursor (a
        # replica) the write fails before wkhtmltopdf runs, and Odoo makes the PDF
        # once, on the primary; if making it fails, the stamp is rolled back.
        if res_ids and self._get_report(report_ref).report_name == LABEL_REPORT:
            ids = [res_ids] if isinstance(res_ids, int) else res_ids
            dossiers = (
                self.env["dossier.dossier"]
                .browse(ids)
                .filtered(lambda dossier: dossier.state not in FROZEN_STATES)
            )
            dossiers._stamp_label_printed()
            dossiers.flush_recordset(["label_printed", "date_label_printed"])
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
