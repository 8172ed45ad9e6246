#!/usr/bin/env bash
# make load: Odoo with --workers=4 on a scratch demo database, 20 concurrent web
# clients lending the same few dossiers for 60 s, then the database's invariants and
# the server log are checked. LOAD_CLIENTS / LOAD_SECONDS / LOAD_PORT override.
source "$(dirname "$0")/odoo_env.sh"

CLIENTS="${LOAD_CLIENTS:-20}"
SECONDS_RUN="${LOAD_SECONDS:-60}"
PORT="${LOAD_PORT:-8169}"
LOG="$ADDONS_DIR/server.log"
SERVER_PID=
on_exit() {
    # The server goes before its database.
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
}
use_scratch_database load

echo "== installing $MODULE with demo data into $DB"
"$ODOO_PYTHON" -m odoo server -d "$DB" --addons-path="$ADDONS_DIR" -i "$MODULE" \
    --with-demo --stop-after-init --no-http --log-level=warn
POOL=$(cd "$REPO_DIR/bench" && "$ODOO_PYTHON" load_setup.py --database "$DB" \
    --addons-path "$ADDONS_DIR" --clients "$CLIENTS" | tail -n 1)
echo "== dossiers fought over: $POOL"

echo "== starting Odoo with 4 workers on 127.0.0.1:$PORT"
[ -x "$ODOO_BIN" ] || die "a multi-worker Odoo needs its 'odoo' launcher: put it on PATH."
"$ODOO_BIN" server -d "$DB" --db-filter="^$DB\$" --addons-path="$ADDONS_DIR" \
    --workers=4 --max-cron-threads=1 --http-interface=127.0.0.1 --http-port="$PORT" \
    --limit-time-real=120 --logfile="$LOG" &
SERVER_PID=$!
for _ in $(seq 60); do
    curl -sf "http://127.0.0.1:$PORT/web/health" >/dev/null 2>&1 && break
    sleep 1
done
curl -sf "http://127.0.0.1:$PORT/web/health" >/dev/null || die "Odoo did not start (log: $LOG)"

echo "== $CLIENTS clients for $SECONDS_RUN s"
status=0
(cd "$REPO_DIR/bench" && "$ODOO_PYTHON" load.py --url "http://127.0.0.1:$PORT" \
    --database "$DB" --clients "$CLIENTS" --seconds "$SECONDS_RUN" --dossiers "$POOL") \
    || status=1

# With workers, live notifications run in a separate gevent process: it must still be
# alive after the load (a broken install makes it die at start).
if ps --ppid "$SERVER_PID" -o args= | grep -qE ' gevent( |$)'; then
    echo "gevent process (websocket bus): alive"
else
    echo "gevent process (websocket bus): NOT RUNNING"
    status=1
fi

echo "== invariants"
q() { psql -d "$DB" -Atc "$1"; }
double=$(q "SELECT count(*) FROM (SELECT dossier_id FROM dossier_loan
            WHERE loan_type = 'reading' AND state IN ('out', 'partial')
            GROUP BY dossier_id HAVING count(*) > 1) d")
inconsistent=$(q "SELECT count(*) FROM dossier_loan WHERE
            (state IN ('out', 'partial', 'returned') AND (date_checkout IS NULL OR checkout_user_id IS NULL))
         OR (state = 'returned' AND date_returned IS NULL)
         OR (state IN ('approved', 'out', 'partial', 'returned') AND approver_id IS NULL)")
echo "loans by state: $(q "SELECT string_agg(state || '=' || n, ' ') FROM (SELECT state, count(*) n FROM dossier_loan GROUP BY state ORDER BY state) s")"
echo "dossiers with two open loans of their originals: $double"
echo "loans in an inconsistent state: $inconsistent"
server_errors=$(grep -cE ' (ERROR|CRITICAL) ' "$LOG" || true)
echo "server errors in the log: $server_errors"
grep -E ' (ERROR|CRITICAL) ' "$LOG" | head -n 5 || true
[ "$double" = 0 ] && [ "$inconsistent" = 0 ] && [ "$server_errors" = 0 ] || status=1
exit "$status"
