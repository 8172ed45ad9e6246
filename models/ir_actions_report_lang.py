from odoo import models


class IrActionsReport(models.Model):
    """The addon's PDFs print in the language of whoever prints them, or in the
    language the caller chose (``lang`` in the context: the monthly statistics
    are rendered in each manager's). The web client always sends its user's
    language; this covers the prints made on the server without one (a job, a
    script, the shell), which would otherwise come out in English."""

    _inherit = "ir.actions.report"

    def _render_qweb_html(self, report_ref, docids, data=None):
        reports = self
        if not self.env.context.get("lang") and self._get_report(
            report_ref
        ).report_name.startswith("partner_dossier."):
            reports = self.with_context(lang=self.env.user.lang)
        return super(IrActionsReport, reports)._render_qweb_html(
            report_ref, docids, data=data
        )
