"""The monthly statistics are a read path: the figures on the form and the PDF
are served on the read-only cursor, so on a PostgreSQL replica when Odoo has one
(--db_replica_host)."""

from odoo import api, models

from ..models.dossier_monthly_send import MONTHLY_REPORT

PERIOD_KEYS = ("company_id", "year", "month")


class DossierMonthlyReport(models.TransientModel):
    _inherit = "dossier.monthly.report"

    @api.readonly
    def onchange(self, values, field_names, fields_spec):
        # The form computes its figures in the onchange of a record not yet
        # saved (opening the form, changing the month): nothing is written.
        return super().onchange(values, field_names, fields_spec)

    def action_print(self):
        """The PDF is made from the period, not from this record: the record was
        just saved on the primary, and a replica may not have received it yet
        when the PDF is made there."""
        self._check_month()
        return self.env.ref(MONTHLY_REPORT).report_action(
            None,
            # Under a key of its own: the layout reads data's company_id as the
            # company of the letterhead.
            data={
                "statistics": {
                    "company_id": self.company_id.id,
                    "year": self.year,
                    "month": self.month,
                }
            },
        )


class MonthlyStatisticsPdf(models.AbstractModel):
    _name = "report.partner_dossier.report_monthly_statistics"
    _description = "Monthly Dossier Statistics PDF"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["dossier.monthly.report"]
        if docids:
            docs = reports.browse(docids)
        elif data and data.get("statistics"):
            # A record in memory, never saved: the same figures, nothing written.
            period = data["statistics"]
            docs = reports.new({key: period[key] for key in PERIOD_KEYS})
            docs._check_month()
        else:
            docs = reports
        return {"doc_ids": docs.ids, "doc_model": reports._name, "docs": docs}
