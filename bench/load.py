"""Load test: concurrent web clients lend the same few dossiers through a multi-worker
Odoo, then the database is checked for broken invariants.

Each client logs in like the web client (/web/session/authenticate) and loops
request (staff) → approve → check out → return check (archivist) on a small pool of
dossiers, so that clients collide. A refusal with the addon's clear message (the
dossier is already out) counts as a refusal, anything else as an error.

    python bench/load.py --url http://127.0.0.1:8169 --database DB --clients 20 --seconds 60
"""

# A command-line tool: it reports on stdout.
# pylint: disable=print-used

import argparse
import itertools
import random
import statistics
import sys
import threading
import time

import requests

PASSWORD = "load-test-password"
# The addon's sentences for a dossier already lent: a refusal, not a failure.
REFUSALS = ("already on loan", "already checked out", "one reader at a time")
# The borrower's and the archivist's signatures (a small PNG, base64), as the
# signature widget sends them: the check-out and the return check require one.
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAADwAAAAUCAIAAABeYcl+AAAArElEQVR42u2X3Q7AEAxGfd7/ne3C0jA"
    "brf4kkrlwRXtyWjYopaTTRk4Hjh/afwBQQdf9dY7BpVzYOIgjqOtppnSUJWtCUBQ/3zVym0tmuiV77Bp"
    "leAiWQU9wPbiXodbQfBo9NzPCDJoj2JCb2ne90qPc0r3i9S9tLhe8X+gtNR20CS4TSFXJ8a4NuLb47fs"
    "JbSt4jm6i5jYNIOZTbNN4YY8AQy9xv6aGdo58BFy0FJX+2YvsswAAAABJRU5ErkJggg=="
)


class RpcError(Exception):
    def __init__(self, payload):
        self.payload = payload
        data = payload.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or payload.get("message", "")
        super().__init__(f"{self.name}: {self.message}")


class Client:
    def __init__(self, url, database, login):
        self.url = url
        self.session = requests.Session()
        self.ids = itertools.count(1)
        result = self.rpc(
            "/web/session/authenticate",
            {"db": database, "login": login, "password": PASSWORD},
        )
        self.uid = result["uid"]

    def rpc(self, path, params):
        response = self.session.post(
            self.url + path,
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": next(self.ids),
                "params": params,
            },
            timeout=60,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.cycles = 0
        self.refusals = 0
        self.errors = []

    def timed(self, func, *args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            with self.lock:
                self.latencies.append(time.perf_counter() - start)


def worker(number, args, dossier_ids, stats, stop):
    rng = random.Random(number)
    staff = Client(args.url, args.database, f"load_staff_{number}")
    archivist = Client(args.url, args.database, f"load_archivist_{number}")
    while not stop.is_set():
        dossier_id = rng.choice(dossier_ids)
        try:
            loan_id = stats.timed(
                staff.call,
                "dossier.loan",
                "create",
                {
                    "dossier_id": dossier_id,
                    "loan_type": "reading",
                    "purpose": "Load test",
                },
            )
            stats.timed(archivist.call, "dossier.loan", "action_approve", [loan_id])
            try:
                stats.timed(
                    archivist.call,
                    "dossier.loan",
                    "action_checkout",
                    [loan_id],
                    signature=SIGNATURE,
                )
            except RpcError as error:
                if not any(text in error.message for text in REFUSALS):
                    raise
                with stats.lock:
                    stats.refusals += 1
                stats.timed(archivist.call, "dossier.loan", "action_cancel", [loan_id])
                continue
            wizard_id = stats.timed(
                archivist.call,
                "dossier.loan.return",
                "create",
                {"signature": SIGNATURE},
                context={"default_loan_id": loan_id},
            )
            archivist.call("dossier.loan.return", "action_all_present", [wizard_id])
            stats.timed(
                archivist.call, "dossier.loan.return", "action_confirm", [wizard_id]
            )
            with stats.lock:
                stats.cycles += 1
        except Exception as error:  # noqa: BLE001 - every unexpected failure is counted
            with stats.lock:
                stats.errors.append(repr(error)[:300])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--dossiers", required=True, help="comma-separated dossier ids")
    args = parser.parse_args()
    dossier_ids = [int(i) for i in args.dossiers.split(",")]

    stats, stop = Stats(), threading.Event()
    threads = [
        threading.Thread(
            target=worker, args=(n, args, dossier_ids, stats, stop), daemon=True
        )
        for n in range(args.clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.perf_counter() - started

    latencies = sorted(stats.latencies)
    p50 = statistics.median(latencies) if latencies else 0
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0
    print(f"clients            {args.clients}")
    print(f"duration           {elapsed:.1f} s")
    print(f"calls              {len(latencies)} ({len(latencies) / elapsed:.1f}/s)")
    print(f"complete cycles    {stats.cycles} ({stats.cycles / elapsed:.2f}/s)")
    print(f"refusals           {stats.refusals} (dossier already out: clear message)")
    print(f"latency p50 / p95  {p50 * 1000:.0f} ms / {p95 * 1000:.0f} ms")
    print(f"errors             {len(stats.errors)}")
    for error in stats.errors[:10]:
        print(f"  {error}")
    sys.exit(1 if stats.errors else 0)


if __name__ == "__main__":
    main()
