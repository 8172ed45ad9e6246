import json
import logging
import re
import threading
from unittest.mock import patch

from odoo.http import Request
from odoo.tests import tagged
from odoo.tools import mute_logger

from .canary_common import MODULE, CanaryCase
from .common import ErrorLines

# Outside Odoo's loggers, which pytest-odoo sets to CRITICAL: the counts are
# shown whether the crawl passes or fails.
_logger = logging.getLogger("partner_dossier_canary")

# Odoo's routes that serve a record's content (issue 22), crawled with the addon's.
ODOO_PREFIXES = (
    "/web/content",
    "/web/image",
    "/report/",
    "/mail/attachment/",
    "/mail/thread/messages",
    "/mail/inbox/messages",
    "/web/export/",
)
# The exception an error page carries (its class and message).
ERROR_TEXT = r"name&#34;: &#34;([\w.]+)&#34;, &#34;message&#34;: &#34;(.{0,160}?)&#34;"
SIZE = {"width": 64, "height": 64}


@tagged("post_install", "-at_install")
class TestCanaryRoutes(CanaryCase):
    """Every route of the addon and Odoo's content routes, called by a user
    cleared for secret dossiers without a consultation grant, with the secret
    records' ids: the canary is never in the body."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Attachment = cls.env["ir.attachment"].sudo()
        on_holders = cls.on_holders("res_model")
        # Binary fields' own attachments are found only when res_field is named.
        cls.files = Attachment.search(on_holders) | Attachment.search(
            [*on_holders, ("res_field", "!=", False)]
        )
        cls.binaries = [("ir.attachment", a.id, "datas") for a in cls.files] + [
            (record._name, record.id, fname)
            for holder in cls.holders
            for record in holder
            for fname, field in record._fields.items()
            if field.type == "binary" and field.store
        ]

    def _rules(self):
        # The routing map is built for the thread's database, as in a request.
        with patch.object(
            threading.current_thread(), "dbname", self.env.cr.dbname, create=True
        ):
            rules = list(self.env["ir.http"].routing_map().iter_rules())
        for rule in rules:
            module = getattr(rule.endpoint, "__module__", "") or ""
            if module.startswith(f"odoo.addons.{MODULE}.") or rule.rule.startswith(
                ODOO_PREFIXES
            ):
                yield rule

    def _reports(self):
        """The addon's reports, each with the records to print: the secret ones
        when it prints their model, else every record of its model."""
        holders = {h._name: h for h in self.holders}
        for report in self.env["ir.actions.report"].sudo().search([]):
            if not report.report_name.startswith(f"{MODULE}."):
                continue
            records = holders.get(report.model) or self.env[report.model].sudo().search(
                [], limit=20
            )
            if records:
                yield report.report_name, ",".join(map(str, records.ids))

    def _requests(self, rule):
        """(method, url, params) calls of ``rule`` on the secret records; none
        when the route takes no record (then it is listed as not crawled)."""
        path, args = rule.rule, set(rule.arguments)
        kind = rule.endpoint.routing.get("type")
        csrf = {"csrf_token": Request.csrf_token(self)}
        ids = ",".join(str(a.id) for a in self.files)
        if path == "/mail/attachment/zip":
            return [("POST", path, {"file_ids": ids, "zip_name": "c.zip", **csrf})]
        if path == "/mail/thread/messages":
            return [
                ("JSON", path, {"thread_model": t._name, "thread_id": t.id})
                for t in self.threads
            ]
        if path == "/mail/inbox/messages":
            return [("JSON", path, {})]
        if path in ("/web/export/csv", "/web/export/xlsx"):
            return [
                (
                    "POST",
                    path,
                    {"data": json.dumps(self._export(model, records)), **csrf},
                )
                for model, records in self._exports()
            ]
        if path == "/report/download":
            return [
                (
                    "POST",
                    path,
                    {
                        "data": json.dumps(
                            [f"/report/pdf/{name}/{docids}", "qweb-pdf"]
                        ),
                        "token": "canary",
                        **csrf,
                    },
                )
                for name, docids in self._reports()
            ]
        if kind != "http" or (rule.methods and "GET" not in rule.methods):
            return []
        if {"reportname", "docids"} <= args:
            values = [
                {"converter": conv, "reportname": name, "docids": docids}
                for conv in ("pdf", "html", "text")
                for name, docids in self._reports()
            ]
        elif {"model", "id", "field"} <= args or (
            not args and path in ("/web/content", "/web/image")
        ):
            values = [{"model": m, "id": i, "field": f} for m, i, f in self.binaries]
        elif args & {"id", "attachment_id"} and not args & {"model", "xmlid"}:
            key = "attachment_id" if "attachment_id" in args else "id"
            values = [{key: a.id} for a in self.files]
        else:
            return []
        calls = []
        for value in values:
            value = {**value, "filename": "canary.pdf", "unique": "canary", **SIZE}
            if not args:
                calls.append(("GET", path, value))
                continue
            built = rule.build(
                {k: v for k, v in value.items() if k in args}, append_unknown=False
            )
            if built:
                calls.append(("GET", built[1], {}))
        return calls

    def _exports(self):
        """As from a list: the secret records the reader finds (an export of
        records one cannot list is refused, and Odoo logs it as an ERROR).
        Messages are not exported (Odoo lets only administrators): their content
        is crawled through /mail/thread/messages and their threads' message_ids."""
        for records in [*self.holders, self.files]:
            found = records.with_user(self.reader).search([("id", "in", records.ids)])
            if found:
                yield records._name, found

    def _export(self, model, records):
        # What the export dialog lets the reader pick: a field restricted to
        # other groups, or a relation to a model the reader may not read, would
        # refuse the whole export (and Odoo logs every refused export as an ERROR).
        fnames = [
            f
            for f, field in self.env[model]._fields.items()
            if field.exportable
            and not field.groups
            and not (
                field.relational
                and not self.env[field.comodel_name]
                .with_user(self.reader)
                .has_access("read")
            )
        ]
        return {
            "model": model,
            "fields": [
                {"name": f, "label": f, "type": self.env[model]._fields[f].type}
                for f in fnames
            ],
            "ids": records.ids,
            "domain": [],
            "import_compat": False,
        }

    def _call(self, method, url, params):
        if method == "GET":
            return self.url_open(url, params=params or None, allow_redirects=False)
        if method == "POST":
            return self.url_open(url, data=params, allow_redirects=False)
        return self.url_open(
            url, json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        )

    def test_no_canary_in_any_route(self):
        self.authenticate(self.reader.login, self.reader.login)
        crawled, skipped, leaks, statuses, failed = [], [], [], {}, set()
        with (
            ErrorLines() as errors,
            mute_logger("odoo.addons.base.models.ir_attachment"),
        ):
            for rule in self._rules():
                calls = self._requests(rule)
                (crawled if calls else skipped).append(rule.rule)
                for method, url, params in calls:
                    response = self._call(method, url, params)
                    statuses[response.status_code] = (
                        statuses.get(response.status_code, 0) + 1
                    )
                    if response.status_code >= 500:
                        found = re.search(ERROR_TEXT, response.text)
                        failed.add(f"{rule.rule}: {found and found.groups()}")
                    if self.leaks_in(response.content):
                        leaks.append((rule.rule, f"{method} {url} {str(params)[:100]}"))
        summary = (
            f"canary crawl (routes): {len(crawled)} routes crawled with "
            f"{sum(statuses.values())} requests (status {dict(sorted(statuses.items()))}), "
            f"{len({route for route, _call in leaks})} leaking routes, "
            f"{len(errors.lines)} ERROR lines; server errors on {sorted(failed)}; not crawled (no record argument or a "
            f"write): {sorted(set(skipped))}"
        )
        _logger.info(summary)
        by_route = {}
        for route, call in leaks:
            by_route.setdefault(route, []).append(call)
        if leaks:
            self.fail(
                f"{summary}\nleaking routes:\n"
                + "\n".join(
                    f"{route}: {len(calls)} calls, e.g. {calls[0]}"
                    for route, calls in sorted(by_route.items())
                ),
            )
        self.assertFalse(errors.lines, "\n".join(errors.lines[:30]))
