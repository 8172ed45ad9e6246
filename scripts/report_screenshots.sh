#!/usr/bin/env bash
# make report-screenshots: the README's pictures of PDF reports, from a scratch
# database (created and dropped here), saved under static/description/. An Odoo
# server runs meanwhile: wkhtmltopdf loads the reports' style sheets from it.
source "$(dirname "$0")/odoo_env.sh"
need_debian_packages poppler-utils:pdftoppm

PORT=$(free_port)
SERVER_PID=
on_exit() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
}
use_scratch_database report_shots
echo "== installing $MODULE into $DB"
"$ODOO_PYTHON" -m odoo server -d "$DB" --addons-path="$ADDONS_DIR" -i "$MODULE" \
    --stop-after-init --no-http --log-level=warn
"$ODOO_PYTHON" -m odoo server -d "$DB" --addons-path="$ADDONS_DIR" --db-filter="^$DB\$" \
    --http-interface=127.0.0.1 --http-port="$PORT" --log-level=warn \
    >"$ADDONS_DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 60); do
    "$ODOO_PYTHON" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/web/login')" \
        >/dev/null 2>&1 && break
    sleep 1
done
"$ODOO_PYTHON" "$REPO_DIR/scripts/report_screenshots.py" --database "$DB" \
    --addons-path "$ADDONS_DIR" --out "$REPO_DIR/static/description" \
    --report-url "http://127.0.0.1:$PORT"
