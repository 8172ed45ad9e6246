"""make replica-check's driver: a manager's session over HTTP against Odoo served
with a primary and a hot standby (--db_replica_host), then each server's
pg_stat_statements says where the queries ran. Started by scripts/replica_check.sh,
which builds (and removes) the two PostgreSQL servers and Odoo.

Phase 1, standby up: the dossier and loan analyses (pivot), the monthly
statistics on screen and as a PDF, the loan register PDF, a confidential
dossier's label. Phase 2, the standby stopped mid-run: the same again.
Prints a table and PASS/FAIL; the exit code says which.
"""

# A command-line tool: it reports on stdout.
# pylint: disable=print-used

import argparse
import contextlib
import html
import itertools
import json
import re
import subprocess
import sys
import threading
import time
from datetime import date, timedelta

import psycopg2
import requests

LABEL = "partner_dossier.report_dossier_label"
MONTHLY = "partner_dossier.report_monthly_statistics"
REGISTER = "partner_dossier.report_loan_register"
SECTION = "## make replica-check"

# Statement classes, recognised in pg_stat_statements' normalised text.
CLASSES = {
    "monthly statistics aggregates (COUNT(*) FILTER ...)": r"COUNT\(\*\) FILTER",
    "loan analysis (pivot over the loan view)": r"dossier_loan_report.*GROUP BY",
    "dossier analysis (pivot GROUP BY state)": r'FROM "dossier_dossier".*GROUP BY',
    "loan register (loans read)": r'SELECT .*FROM "dossier_loan"',
    "access log INSERT": r'^INSERT INTO "dossier_access_log"',
    "label stamp UPDATE": r'^\s*UPDATE "dossier_dossier"\s+SET .*label_printed',
    "any INSERT/UPDATE/DELETE": r"^\s*(INSERT|UPDATE|DELETE)",
}


class RpcError(Exception):
    pass


class Session:
    def __init__(self, url, database, login, password):
        self.url = url
        self.http = requests.Session()
        self.ids = itertools.count(1)
        self.uid = self.rpc(
            "/web/session/authenticate",
            {"db": database, "login": login, "password": password},
        )["uid"]
        page = self.http.get(f"{url}/odoo", timeout=60).text
        self.csrf = re.search(r'csrf_token["\']?\s*:\s*["\']([^"\']+)', page).group(1)

    def rpc(self, path, params):
        response = self.http.post(
            self.url + path,
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": next(self.ids),
                "params": params,
            },
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcError(data.get("message") or body["error"].get("message"))
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def download(self, report_url):
        """The web client's Print: POST /report/download."""
        response = self.http.post(
            f"{self.url}/report/download",
            data={
                "data": json.dumps([report_url, "qweb-pdf"]),
                "context": json.dumps({"lang": "en_US"}),
                "token": "replica-check",
                "csrf_token": self.csrf,
            },
            timeout=300,
        )
        if response.status_code != 200 or not response.content.startswith(b"%PDF"):
            # Odoo answers a failed download with its error as escaped JSON: the
            # web client shows its name and message in a dialog.
            message = html.unescape(response.text)
            with contextlib.suppress(ValueError, KeyError, TypeError):
                data = json.loads(message)["data"]
                message = f"{data['name']}: {data['message']}"
            raise RpcError(" ".join(message.split())[:300])
        return response.content


def statements(dsn):
    """{normalised query: calls} of a server, from pg_stat_statements."""
    with psycopg2.connect(dsn) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT query, sum(calls) FROM pg_stat_statements "
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "GROUP BY query"
        )
        return dict(cr.fetchall())


def reset(dsn):
    with psycopg2.connect(dsn) as cnx, cnx.cursor() as cr:
        cr.execute("SELECT pg_stat_statements_reset()")


def count_class(stats, pattern):
    regex = re.compile(pattern, re.IGNORECASE | re.DOTALL)
    return int(sum(calls for query, calls in stats.items() if regex.search(query)))


def scalar(dsn, query, params=()):
    with psycopg2.connect(dsn) as cnx, cnx.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchone()[0]


class Check:
    def __init__(self, args):
        self.args = args
        self.steps = []  # (phase, step, outcome, seconds)
        self.failures = []

    def step(self, phase, name, func):
        start = time.perf_counter()
        try:
            result = func()
            outcome = "ok"
        except (RpcError, requests.RequestException) as exc:
            result = None
            outcome = f"ERROR: {' '.join(str(exc).split())[:220]}"
        seconds = time.perf_counter() - start
        self.steps.append((phase, name, outcome, seconds))
        print(f"  {phase} | {name} | {outcome} | {seconds:.2f} s", flush=True)
        return result, outcome

    def expect(self, condition, what):
        if not condition:
            self.failures.append(what)
        return "PASS" if condition else "FAIL"

    def session_steps(self, phase, session, month, loan_ids, dossier_id):
        period = {"company_id": 1, "year": month.year, "month": str(month.month)}
        self.step(
            phase,
            "dossier analysis (pivot)",
            lambda: session.call(
                "dossier.dossier",
                "web_read_group",
                [],
                ["state"],
                ["__count", "completeness:avg"],
            ),
        )
        self.step(
            phase,
            "loan analysis (pivot)",
            lambda: session.call(
                "dossier.loan.report",
                "web_read_group",
                [],
                ["loan_type"],
                ["loan_count:sum", "hours_out:avg"],
            ),
        )
        self.step(
            phase,
            "monthly statistics on screen",
            lambda: session.call(
                "dossier.monthly.report",
                "onchange",
                [],  # no record: the form of a new one
                period,
                ["month"],
                {"company_id": {}, "year": {}, "month": {}, "summary_html": {}},
            ),
        )
        options = json.dumps({"statistics": period})
        self.step(
            phase,
            "monthly statistics PDF",
            lambda: session.download(f"/report/pdf/{MONTHLY}?options={options}"),
        )
        ids = ",".join(map(str, loan_ids))
        self.step(
            phase,
            "loan register PDF",
            lambda: session.download(f"/report/pdf/{REGISTER}/{ids}"),
        )
        return self.step(
            phase,
            "confidential dossier's label PDF",
            lambda: session.download(f"/report/pdf/{LABEL}/{dossier_id}"),
        )

    def run(self):
        args = self.args
        session = Session(args.url, args.database, args.login, args.password)
        month = date.today().replace(day=1) - timedelta(days=1)
        loan_ids = session.call("dossier.loan", "search", [], limit=50)
        dossier_id = session.call(
            "dossier.dossier",
            "search",
            [("confidentiality", "=", "confidential"), ("state", "=", "archived")],
            limit=1,
        )[0]
        logs_before = scalar(
            args.primary,
            "SELECT count(*) FROM dossier_access_log WHERE dossier_id = %s "
            "AND access_type = 'print'",
            [dossier_id],
        )

        print("== phase 1: primary and standby up", flush=True)
        for dsn in (args.primary, args.standby):
            reset(dsn)
        _result, label_outcome = self.session_steps(
            "1", session, month, loan_ids, dossier_id
        )
        primary, standby = statements(args.primary), statements(args.standby)
        # The standby replays the access-log line written on the primary.
        time.sleep(1)
        logs_primary = (
            scalar(
                args.primary,
                "SELECT count(*) FROM dossier_access_log WHERE dossier_id = %s "
                "AND access_type = 'print'",
                [dossier_id],
            )
            - logs_before
        )
        logs_standby = (
            scalar(
                args.standby,
                "SELECT count(*) FROM dossier_access_log WHERE dossier_id = %s "
                "AND access_type = 'print'",
                [dossier_id],
            )
            - logs_before
        )

        rows = []
        expectations = {
            "monthly statistics aggregates (COUNT(*) FILTER ...)": "standby",
            "loan analysis (pivot over the loan view)": "standby",
            "dossier analysis (pivot GROUP BY state)": "standby",
            "loan register (loans read)": "standby",
            "access log INSERT": "primary, once",
            "label stamp UPDATE": "primary, once",
            "any INSERT/UPDATE/DELETE": "primary only",
        }
        for name, pattern in CLASSES.items():
            on_primary = count_class(primary, pattern)
            on_standby = count_class(standby, pattern)
            expected = expectations[name]
            if expected == "standby":
                ok = on_standby > 0 and on_primary == 0
            elif expected == "primary, once":
                ok = on_primary == 1 and on_standby == 0
            else:
                ok = on_primary > 0 and on_standby == 0
            rows.append((name, on_primary, on_standby, expected, self.expect(ok, name)))
        rows.append(
            (
                "statements in all (the session's requests)",
                int(sum(primary.values())),
                int(sum(standby.values())),
                "most on the standby",
                self.expect(
                    sum(standby.values()) > sum(primary.values()), "statements in all"
                ),
            )
        )
        rows.append(
            (
                "access-log lines of the label print (table rows)",
                logs_primary,
                logs_standby,
                "1 (replicated)",
                self.expect(
                    logs_primary == 1 and logs_standby == 1, "access-log line once"
                ),
            )
        )
        phase1_ok = all(step[2] == "ok" for step in self.steps)
        self.expect(phase1_ok, "phase 1 requests")

        print("== phase 2: the standby is stopped mid-run", flush=True)
        # A PDF is being made on the standby when it stops; then the session goes on.
        options = json.dumps(
            {
                "statistics": {
                    "company_id": 1,
                    "year": month.year,
                    "month": str(month.month),
                }
            }
        )
        inflight = threading.Thread(
            target=self.step,
            args=(
                "2",
                "monthly statistics PDF, the standby stopping meanwhile",
                lambda: session.download(f"/report/pdf/{MONTHLY}?options={options}"),
            ),
        )
        inflight.start()
        time.sleep(args.stop_after)
        stopped = time.perf_counter()
        subprocess.run(args.stop_standby, shell=True, check=True)
        print(f"  standby stopped ({time.perf_counter() - stopped:.1f} s)", flush=True)
        inflight.join()
        seen = self.steps[-1]
        before = len(self.steps)
        self.session_steps("2", session, month, loan_ids, dossier_id)
        phase2 = self.steps[before:]
        errors = [step for step in phase2 if step[2] != "ok"]
        logs_after = (
            scalar(
                args.primary,
                "SELECT count(*) FROM dossier_access_log WHERE dossier_id = %s "
                "AND access_type = 'print'",
                [dossier_id],
            )
            - logs_before
        )
        prints_ok = sum(
            1
            for step in self.steps
            if step[1] == "confidential dossier's label PDF" and step[2] == "ok"
        )
        self.expect(
            seen[2] == "ok" or len(seen[2]) > len("ERROR: "),
            "phase 2: the request in flight ends with a message",
        )
        self.expect(not errors, "phase 2: served from the primary")
        self.expect(logs_after == prints_ok, "phase 2: one access-log line per print")

        label_1 = next(s[3] for s in self.steps if s[0] == "1" and "label" in s[1])
        label_2 = [s[3] for s in self.steps if s[0] != "1" and "label" in s[1]]
        self.report(rows, seen, errors, logs_after, prints_ok, label_1, label_2)
        return 0 if not self.failures else 1

    def report(self, rows, seen, errors, logs_after, prints_ok, label_1, label_2):
        out = [
            SECTION,
            "",
            f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: PostgreSQL "
            f"{scalar(self.args.primary, 'SHOW server_version')} primary and hot "
            "standby (streaming, asynchronous), Odoo 19.0 with 2 workers and "
            "`--db_replica_host`, the demo database, a manager's session over HTTP "
            "(JSON-RPC and the web client's `/report/download`).",
            "",
            "### Requests",
            "| phase | step | outcome | time |",
            "|---|---|---|---|",
            *(
                f"| {phase} | {name} | {outcome} | {seconds:.2f} s |"
                for phase, name, outcome, seconds in self.steps
            ),
            "",
            "### Where the statements ran (phase 1, pg_stat_statements calls)",
            "| statements | primary | standby | expected | verdict |",
            "|---|---|---|---|---|",
            *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
            "",
            "### Standby stopped mid-run (phase 2)",
            f"- the request in flight when the standby stopped: {seen[2]}",
            f"- {len(errors)} later request(s) failed: "
            + "; ".join(f"{name}: {outcome}" for _p, name, outcome, _s in errors)
            if errors
            else "- every later request was served by the primary (Odoo falls back "
            "to a read/write cursor and tries the replica again after 20 minutes)",
            f"- access-log lines of the label prints on the primary: {logs_after} "
            f"for {prints_ok} successful prints",
            f"- label print (two writes, the request served again on the primary): "
            f"{label_1:.2f} s with the standby up (read-only attempt refused before "
            "the PDF is made); "
            + ", ".join(f"{seconds:.2f} s" for seconds in label_2)
            + " with the standby down (read/write at once)",
            "",
            ("FAIL: " + "; ".join(self.failures)) if self.failures else "PASS",
            "",
        ]
        print()
        print("\n".join(out))
        if self.args.results:
            with open(self.args.results, encoding="utf-8") as results:
                text = results.read()
            # This section is the file's last: replaced, or added.
            text = text.split(SECTION)[0].rstrip("\n") + "\n\n"
            with open(self.args.results, "w", encoding="utf-8") as results:
                results.write(text + "\n".join(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--primary", required=True, help="libpq DSN of the primary")
    parser.add_argument("--standby", required=True, help="libpq DSN of the standby")
    parser.add_argument(
        "--stop-standby", required=True, help="shell command that stops the standby"
    )
    parser.add_argument("--results", help="Markdown file whose last section to write")
    parser.add_argument(
        "--stop-after",
        type=float,
        default=1.0,
        help="seconds into the PDF in flight when the standby is stopped",
    )
    sys.exit(Check(parser.parse_args()).run())


if __name__ == "__main__":
    main()
