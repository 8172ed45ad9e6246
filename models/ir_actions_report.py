from odoo import models

from ..const import FROZEN_STATES

LABEL_REPORT = "partner_dossier.report_dossier_label"
# The reports whose print writes (the access log of the dossiers printed, a
# label's stamp): served on a read/write cursor from the start (see
# controllers/report.py). tests/test_read_only_paths.py checks it against the
# reports of the models _get_rendering_context logs.
RECORDING_REPORTS = frozenset(
    {
        "partner_dossier.report_dossier_cover",
        LABEL_REPORT,
        "partner_dossier.report_dossier_clearout_index",
    }
)


class IrActionsReport(models.Model):
    """The addon's PDFs print in the language of whoever prints them, or in the
    language the caller chose (``lang`` in the context: the monthly statistics
    are rendered in each manager's). The web client always sends its user's
    language; this covers the prints made on the server without one (a job, a
    script, the shell), which would otherwise come out in English.

    Printing a dossier, or the index of a clear-out that names dossiers, is
    logged like opening it."""

    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        # Every rendering of a report goes through here (PDF, HTML and text),
        # once per print whatever the number of records: one log INSERT per print.
        if report.model == "dossier.dossier" and docids:
            self.env["dossier.dossier"].browse(docids)._log_access(
                "print", report_name=report.name
            )
        # The index of a clear-out names its dossiers: printing it is a print of
        # each confidential one, logged like any other.
        elif report.model == "dossier.clearout" and docids:
            self.env["dossier.clearout"].browse(docids).line_ids.dossier_id._log_access(
                "print", report_name=report.name
            )
        return super()._get_rendering_context(report, docids, data)

    def _render_qweb_html(self, report_ref, docids, data=None):
        reports = self
        if not self.env.context.get("lang") and self._get_report(
            report_ref
        ).report_name.startswith("partner_dossier."):
            reports = self.with_context(lang=self.env.user.lang)
        return super(IrActionsReport, reports)._render_qweb_html(
            report_ref, docids, data=data
        )

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # A folder label is printed when its PDF is made, not when it is previewed.
        # Stamped and flushed before the PDF is made: if making it fails, the
        # stamp is rolled back (and on a read-only cursor the write fails before
        # wkhtmltopdf runs).
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
