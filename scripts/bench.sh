#!/usr/bin/env bash
# make bench [SCALE=small|full]: fill a scratch database and measure every figure
# beside its baseline; writes bench/RESULTS.md (BENCH_OUTPUT: elsewhere; FIGURES=8,9:
# only those). The database is dropped afterwards. Figure 12 measures Odoo's own paths
# beside plain Odoo: a second scratch database with only contacts + mail, dropped too.
source "$(dirname "$0")/odoo_env.sh"

SCALE="${SCALE:-small}"
use_scratch_database "bench_$SCALE"

echo "== installing $MODULE into $DB"
"$ODOO_PYTHON" -m odoo server -d "$DB" --addons-path="$ADDONS_DIR" -i "$MODULE" \
    --stop-after-init --no-http --log-level=warn
FIGURES="${FIGURES:-1,2,3,4,5,6,7,8,9,10,11,12,13,14}"
PLAIN_ARGS=()
if [[ ",$FIGURES," == *,12,* ]]; then
    PLAIN_DB="${DB/_bench_/_bench_plain_}"
    at_exit 'dropdb --if-exists "$PLAIN_DB" >/dev/null 2>&1 || true; rm -rf "$(odoo_filestore "$PLAIN_DB")"'
    echo "== installing Odoo's contacts and mail (no $MODULE) into $PLAIN_DB"
    "$ODOO_PYTHON" -m odoo server -d "$PLAIN_DB" --addons-path="$ADDONS_DIR" -i contacts,mail \
        --stop-after-init --no-http --log-level=warn
    PLAIN_ARGS=(--plain-database "$PLAIN_DB")
fi
"$ODOO_PYTHON" "$REPO_DIR/bench/bench.py" --database "$DB" --addons-path "$ADDONS_DIR" \
    --scale "$SCALE" --only "$FIGURES" "${PLAIN_ARGS[@]}" --output "${BENCH_OUTPUT:-$REPO_DIR/bench/RESULTS$([ "$SCALE" = full ] || echo "-$SCALE").md}"
