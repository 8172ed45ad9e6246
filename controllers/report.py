import json
import threading

import psycopg2.errors
from werkzeug.exceptions import InternalServerError

from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.report import ReportController

MODULE_PREFIX = "partner_dossier."


class DossierReportController(ReportController):
    """The web client's Print goes through /report/download, which Odoo 19 leaves
    read/write (only /report/<converter>/... is declared read-only). The addon's
    reports are read paths: served on the read-only cursor (a replica when one is
    configured). What a print must record (access log, label stamp) fails there
    at its first write, and Odoo serves the request again on the primary."""

    def _report_download_readonly(self, rule, args):
        try:
            url = json.loads(request.get_http_params().get("data") or "[]")[0]
        except (ValueError, IndexError, TypeError):
            return False
        path = url.split("?")[0] if isinstance(url, str) else ""
        return any(
            path.startswith(f"/report/{converter}/{MODULE_PREFIX}")
            for converter in ("pdf", "text", "html")
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
