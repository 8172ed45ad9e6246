#!/usr/bin/env bash
# make run: the demo database (created and filled with demo data the first time),
# then Odoo serving on http://localhost:8069 (admin/admin). Extra arguments go to odoo.
source "$(dirname "$0")/odoo_env.sh"

DB="${DEMO_DB:-partner_dossier_demo}"
PORT="${HTTP_PORT:-8069}"
if psql -d postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
    echo "== reusing database $DB (drop it with: make drop-demo)"
    update=(-u "$MODULE")
else
    echo "== creating database $DB with $MODULE and its demo data"
    update=(-i "$MODULE" --with-demo)
fi
# Chinese is shipped: the demo offers it (and the README's Chinese screenshots need it).
update+=(--load-language=zh_CN)
INTERFACE="${HTTP_INTERFACE:-127.0.0.1}"
echo "== serving on http://$INTERFACE:$PORT (login admin / admin; Ctrl-C stops it)"
# Not exec: this shell outlives Odoo to clean up after it (addons directory, private
# PostgreSQL).
"$ODOO_PYTHON" -m odoo server -d "$DB" --db-filter="^$DB\$" \
    --addons-path="$ADDONS_DIR" "${update[@]}" --http-interface="$INTERFACE" \
    --http-port="$PORT" "$@" &
ODOO_PID=$!
stop_odoo() {
    # Ctrl-C reached Odoo too (same process group): let it stop by itself first (a
    # second signal would force it).
    local i
    for i in $(seq 20); do
        kill -0 "$ODOO_PID" 2>/dev/null || break
        sleep 0.5
    done
    kill -TERM "$ODOO_PID" 2>/dev/null && wait "$ODOO_PID" 2>/dev/null
}
at_exit stop_odoo
trap 'kill -TERM "$ODOO_PID" 2>/dev/null; exit 143' TERM
wait "$ODOO_PID"
