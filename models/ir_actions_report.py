from odoo import models


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
