#!/usr/bin/env bash
# make run: the demo database (created and filled with demo data the first time),
# then Odoo serving on http://localhost:8069 (admin/admin). Extra arguments go to odoo.
source "$(dirname "$0")/odoo_env.sh"
trap 'rm -rf "$ADDONS_DIR"' EXIT

DB="${DEMO_DB:-partner_dossier_demo}"
PORT="${HTTP_PORT:-8069}"
if psql -d postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
    echo "== reusing database $DB (drop it with: make drop-demo)"
    update=(-u "$MODULE")
else
    echo "== creating database $DB with $MODULE and its demo data"
    update=(-i "$MODULE" --with-demo)
fi
echo "== serving on http://localhost:$PORT (login admin / admin)"
exec "$ODOO_PYTHON" -m odoo server -d "$DB" --db-filter="^$DB\$" \
    --addons-path="$ADDONS_DIR" "${update[@]}" --http-interface="${HTTP_INTERFACE:-127.0.0.1}" \
    --http-port="$PORT" "$@"
