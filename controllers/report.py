import json
import threading

import psycopg2.errors
from werkzeug.exceptions import InternalServerError

from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.report import ReportController

from ..models.ir_actions_report import RECORDING_REPORTS

MODULE_PREFIX = "partner_dossier."


class DossierReportController(ReportController):
    """The addon's reports that write nothing (statistics, registers, slips) are
    read paths, served on the read-only cursor (a replica when one is
    configured); those that record their print (RECORDING_REPORTS: the access
    log of a confidential dossier, a label's stamp) on a read/write cursor from
    the start, never tried read-only first (that attempt would fail on its first
    write, log an ERROR and run the request twice). The web client's Print goes
    through /report/download, which Odoo leaves read/write."""

    def _report_readonly(self, rule, args):
        return args.get("reportname") not in RECORDING_REPORTS

    @http.route(
        [
            "/report/<converter>/<reportname>",
            "/report/<converter>/<reportname>/<docids>",
        ],
        type="http",
        auth="user",
        website=True,
        readonly=_report_readonly,
    )
    def report_routes(self, reportname, docids=None, converter=None, **data):
        return super().report_routes(
            reportname, docids=docids, converter=converter, **data
        )

    def _report_download_readonly(self, rule, args):
        try:
            url = json.loads(request.get_http_params().get("data") or "[]")[0]
        except (ValueError, IndexError, TypeError):
            return False
        path = url.split("?")[0] if isinstance(url, str) else ""
        parts = path.split("/")
        # /report/<converter>/<reportname>[/<docids>]
        return (
            len(parts) > 3
            and parts[1] == "report"
            and parts[2] in ("pdf", "text", "html")
            and parts[3].startswith(MODULE_PREFIX)
            and parts[3] not in RECORDING_REPORTS
        )

    @http.route(
        ["/report/download"],
        type="http",
        auth="user",
        readonly=_report_download_readonly,
    )
    def report_download(self, data, context=None, token=None, readonly=True):
        try:
            return super().report_download(
                data, context=context, token=token, readonly=readonly
            )
        except InternalServerError as exc:
            # Odoo wraps every failure of a download into an error page; a write
            # refused by the read-only cursor must reach the dispatcher instead,
            # which serves the request again on a read/write cursor.
            cause = exc.__cause__
            if isinstance(cause, psycopg2.errors.ReadOnlySqlTransaction):
                raise cause from None
            # The replica went away while the PDF was being made: nothing was
            # written (the cursor was read-only), so the same way to the primary.
            if (
                isinstance(cause, psycopg2.OperationalError)
                and getattr(threading.current_thread(), "cursor_mode", None) == "ro"
            ):
                raise psycopg2.errors.ReadOnlySqlTransaction(
                    f"the replica was lost during the print ({cause})"
                ) from cause
            raise
