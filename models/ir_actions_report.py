from odoo import api, models
from odoo.tools.pdf import merge_pdf

from ..const import FROZEN_STATES
from ..tools.dossier_wkhtmltopdf import one_document_page, wkhtmltopdf_has_patched_qt

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
    logged like opening it.

    A print of several records works with a wkhtmltopdf built without patched
    Qt (Debian's, Ubuntu's), which converts one document per run: see
    ``_run_wkhtmltopdf``."""

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

    @api.model
    def _is_dossier_report(self, report_ref):
        return bool(report_ref) and self._get_report(report_ref).report_name.startswith(
            "partner_dossier."
        )

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """A report saved as an attachment per record, printed for several
        records with a wkhtmltopdf without patched Qt: one record at a time, as
        Odoo does when it cannot split a run by record, so that each record's PDF
        is saved as its own attachment (a merged run has no outline to split it
        by). Odoo refuses such a report unless each record is its own document,
        so the PDF is the same as a print of all at once."""
        ids = list(dict.fromkeys(res_ids or []))
        if (
            len(ids) < 2
            or len(ids) != len(res_ids)
            or not self._get_report(report_ref).attachment
            or self.env.context.get("report_pdf_no_attachment")
            or not self._is_dossier_report(report_ref)
            or wkhtmltopdf_has_patched_qt()
        ):
            return super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=res_ids
            )
        streams = {}
        for res_id in ids:
            streams.update(
                super()._render_qweb_pdf_prepare_streams(
                    report_ref, dict(data or {}), res_ids=[res_id]
                )
            )
        return streams

    @api.model
    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        """The addon's reports of several documents (one per record) with a
        wkhtmltopdf built without patched Qt, which converts one document per run
        and makes Odoo refuse such a print: one run per document, merged into one
        PDF in the order of the records, each document's pages as a print of
        that record alone. Each run is given only its document's header and
        footer blocks, so that a build that does print them (one whose version
        line does not say "with patched qt") numbers each record from its own
        first page; Debian's build prints neither, for one record or several.
        About 2 s per record on a 2-core machine (10 labels: 22 s).

        With patched Qt nothing changes: one run of all the documents. Other
        addons' reports are left as Odoo makes them."""
        options = {
            "report_ref": report_ref,
            "landscape": landscape,
            "specific_paperformat_args": specific_paperformat_args,
            "set_viewport_size": set_viewport_size,
        }
        bodies = list(bodies)
        if (
            len(bodies) < 2
            or not self._is_dossier_report(report_ref)
            or wkhtmltopdf_has_patched_qt()
        ):
            return super()._run_wkhtmltopdf(
                bodies, header=header, footer=footer, **options
            )
        pdfs = []
        for index, body in enumerate(bodies):
            pdfs.append(
                super()._run_wkhtmltopdf(
                    [body],
                    header=one_document_page(header, index),
                    footer=one_document_page(footer, index),
                    **options,
                )
            )
        return merge_pdf(pdfs)
