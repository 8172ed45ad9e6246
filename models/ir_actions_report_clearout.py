from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        # The index of a clear-out names its dossiers: printing it is a print of
        # each confidential one, logged like any other.
        if report.model == "dossier.clearout" and docids:
            self.env["dossier.clearout"].browse(docids).line_ids.dossier_id._log_access(
                "print", report_name=report.name
            )
        return super()._get_rendering_context(report, docids, data)
