#!/usr/bin/env bash
# make replica-check: a real PostgreSQL primary and hot standby (streaming
# replication) in a scratch folder, Odoo with 2 workers and --db_replica_host, and a
# manager's session over HTTP (scripts/replica_check.py): which server ran what, the
# access log written once, the standby stopped mid-run. Its tables become the last
# section of bench/RESULTS.md. Everything it started is
# stopped and removed on exit, also on failure or Ctrl-C. REPLICA_KEEP=1 keeps the
# scratch folder (logs) for a look afterwards.
source "$(dirname "$0")/odoo_env.sh"

BIN=$(pg_bindir) || die "no PostgreSQL server binaries (initdb, pg_basebackup): install Debian's postgresql package."
[ -x "$BIN/pg_basebackup" ] || die "pg_basebackup not found beside $BIN/initdb."
[ -x "$ODOO_BIN" ] || die "a multi-worker Odoo needs its 'odoo' launcher: put it on PATH."

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/partner_dossier_replica.XXXXXX")
PRIMARY_PORT=$(free_port)
STANDBY_PORT=$(free_port)
HTTP_PORT=$(free_port)
DB="partner_dossier_replica"
ODOO_LOG="$SCRATCH/odoo.log"
SERVER_PID=

# The servers run as the postgres system user when we are root (PostgreSQL refuses
# root); the database superuser is named after us, as in the private cluster.
pg_as() { if [ "$(id -u)" = 0 ]; then echo "cd / && runuser -u postgres --"; else echo "cd / &&"; fi; }
pg_stop() { # DATA_DIR [mode]
    [ -f "$1/postmaster.pid" ] || return 0
    bash -c "$(pg_as) '$BIN/pg_ctl' stop -D '$1' -m ${2:-fast} -w" >/dev/null 2>&1 || true
}
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    fi
    pg_stop "$SCRATCH/standby" immediate
    pg_stop "$SCRATCH/primary" immediate
    if [ "${REPLICA_KEEP:-}" = 1 ]; then
        echo "== kept $SCRATCH"
    else
        rm -rf "$SCRATCH"
    fi
    rm -rf "$(odoo_filestore "$DB")"
}
at_exit cleanup
[ "$(id -u)" = 0 ] && chown postgres: "$SCRATCH"
mkdir -p "$SCRATCH/run"
[ "$(id -u)" = 0 ] && chown postgres: "$SCRATCH/run"

echo "== primary: initdb, port $PRIMARY_PORT ($SCRATCH/primary)"
bash -c "$(pg_as) '$BIN/initdb' -D '$SCRATCH/primary' -U '$(id -un)' --auth=trust -E UTF8 --locale=C.UTF-8" \
    >"$SCRATCH/initdb.log" 2>&1 || die "initdb failed (log: $SCRATCH/initdb.log)"
cat >>"$SCRATCH/primary/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$SCRATCH/run'
wal_level = replica
max_wal_senders = 4
hot_standby = on
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 10000
pg_stat_statements.track = top
fsync = off
CONF
bash -c "$(pg_as) '$BIN/pg_ctl' start -D '$SCRATCH/primary' -l '$SCRATCH/primary.log' -w -t 60" \
    >/dev/null || die "the primary did not start (log: $SCRATCH/primary.log)"

echo "== standby: pg_basebackup -R, port $STANDBY_PORT ($SCRATCH/standby)"
bash -c "$(pg_as) '$BIN/pg_basebackup' -h 127.0.0.1 -p $PRIMARY_PORT -U '$(id -un)' -D '$SCRATCH/standby' -R -X stream -c fast" \
    >"$SCRATCH/basebackup.log" 2>&1 || die "pg_basebackup failed (log: $SCRATCH/basebackup.log)"
echo "port = $STANDBY_PORT" >>"$SCRATCH/standby/postgresql.conf"
bash -c "$(pg_as) '$BIN/pg_ctl' start -D '$SCRATCH/standby' -l '$SCRATCH/standby.log' -w -t 60" \
    >/dev/null || die "the standby did not start (log: $SCRATCH/standby.log)"
primary() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -d "${2:-postgres}" -Atc "$1"; }
standby() { psql -h 127.0.0.1 -p "$STANDBY_PORT" -d "${2:-postgres}" -Atc "$1"; }
[ "$(standby 'SELECT pg_is_in_recovery()')" = t ] || die "the standby is not in recovery"
for _ in $(seq 30); do
    [ "$(primary "SELECT state FROM pg_stat_replication")" = streaming ] && break
    sleep 1
done
echo "replication: $(primary "SELECT application_name || ' ' || state || ', sync ' || sync_state FROM pg_stat_replication")"

echo "== installing $MODULE with demo data on the primary"
"$ODOO_PYTHON" -m odoo server -d "$DB" --db_host=127.0.0.1 --db_port="$PRIMARY_PORT" \
    --addons-path="$ADDONS_DIR" -i "$MODULE" --with-demo --stop-after-init --no-http \
    --log-level=warn >"$SCRATCH/install.log" 2>&1 || {
    tail -n 40 "$SCRATCH/install.log"
    die "installing $MODULE failed"
}
primary "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" "$DB" >/dev/null

echo "== Odoo with 2 workers on 127.0.0.1:$HTTP_PORT, replica on port $STANDBY_PORT"
"$ODOO_BIN" server -d "$DB" --db-filter="^$DB\$" --addons-path="$ADDONS_DIR" \
    --db_host=127.0.0.1 --db_port="$PRIMARY_PORT" \
    --db_replica_host=127.0.0.1 --db_replica_port="$STANDBY_PORT" \
    --workers=2 --max-cron-threads=0 --http-interface=127.0.0.1 --http-port="$HTTP_PORT" \
    --limit-time-real=300 --limit-time-cpu=300 --logfile="$ODOO_LOG" &
SERVER_PID=$!
for _ in $(seq 90); do
    curl -sf "http://127.0.0.1:$HTTP_PORT/web/health" >/dev/null 2>&1 && break
    sleep 1
done
curl -sf "http://127.0.0.1:$HTTP_PORT/web/health" >/dev/null || die "Odoo did not start (log: $ODOO_LOG)"

echo "== a manager's session"
status=0
"$ODOO_PYTHON" "$SCRIPTS_DIR/replica_check.py" --url "http://127.0.0.1:$HTTP_PORT" \
    --database "$DB" \
    --primary "host=127.0.0.1 port=$PRIMARY_PORT dbname=$DB" \
    --standby "host=127.0.0.1 port=$STANDBY_PORT dbname=$DB" \
    --stop-standby "$(pg_as) '$BIN/pg_ctl' stop -D '$SCRATCH/standby' -m fast -w >/dev/null" \
    --results "$REPO_DIR/bench/RESULTS.md" \
    || status=1
echo "== Odoo's log about the replica"
grep -E "read/write cursor|readonly cursor|ReadOnlySqlTransaction|ERROR" "$ODOO_LOG" \
    | sed -E 's/^[0-9-]+ [0-9:,]+ [0-9]+ //' | cut -c1-200 | sort | uniq -c | head -n 20 || true
exit "$status"
