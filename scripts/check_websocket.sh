#!/usr/bin/env bash
# make check-websocket: Odoo with --workers=2 on a scratch database. With workers, live
# notifications go through a separate gevent process; it must stay alive and accept a
# websocket on /websocket, and the server log must hold no traceback.
source "$(dirname "$0")/odoo_env.sh"
install_dev_requirements # websocket-client

PORT=$(free_port)
GEVENT_PORT=$(free_port)
LOG="$ADDONS_DIR/server.log"
SERVER_PID=
on_exit() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
}
use_scratch_database websocket

echo "== installing bus into $DB"
"$ODOO_PYTHON" -m odoo server -d "$DB" --addons-path="$ADDONS_DIR" -i bus \
    --stop-after-init --no-http --log-level=warn
[ -x "$ODOO_BIN" ] || die "a multi-worker Odoo needs its 'odoo' launcher beside '$ODOO_PYTHON' or on PATH."
echo "== starting Odoo with 2 workers (http 127.0.0.1:$PORT, gevent $GEVENT_PORT)"
"$ODOO_BIN" server -d "$DB" --db-filter="^$DB\$" --addons-path="$ADDONS_DIR" \
    --workers=2 --max-cron-threads=0 --http-interface=127.0.0.1 --http-port="$PORT" \
    --gevent-port="$GEVENT_PORT" --logfile="$LOG" &
SERVER_PID=$!
for _ in $(seq 60); do
    curl -sf "http://127.0.0.1:$PORT/web/health" >/dev/null 2>&1 && break
    sleep 1
done
curl -sf "http://127.0.0.1:$PORT/web/health" >/dev/null || die "Odoo did not start (log: $LOG)"
# The gevent process starts after the workers and binds its port a few seconds later
# (longer on a busy machine); one that dies at start never binds it.
for _ in $(seq 60); do
    (: </dev/tcp/127.0.0.1/"$GEVENT_PORT") 2>/dev/null && break
    sleep 1
done

status=0
gevent=$(ps --ppid "$SERVER_PID" -o pid=,args= | grep -E ' gevent( |$)' || true)
if [ -n "$gevent" ]; then
    echo "gevent process alive: $gevent"
else
    echo "FAIL: no gevent process among the server's children"
    status=1
fi
"$ODOO_PYTHON" "$SCRIPTS_DIR/check_websocket.py" "127.0.0.1:$GEVENT_PORT" || status=1
if grep -n 'Traceback' "$LOG"; then
    echo "FAIL: the server log holds a traceback ($LOG):"
    grep -A 15 'Traceback' "$LOG" | head -n 40
    status=1
fi
[ "$status" = 0 ] && echo "websocket check: PASS" || echo "websocket check: FAIL"
exit "$status"
