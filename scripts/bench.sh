#!/usr/bin/env bash
# make bench [SCALE=small|full]: fill a scratch database and measure every figure
# beside its baseline; writes bench/RESULTS.md (BENCH_OUTPUT: elsewhere; FIGURES=8,9:
# only those). The database is dropped afterwards.
source "$(dirname "$0")/odoo_env.sh"

SCALE="${SCALE:-small}"
use_scratch_database "bench_$SCALE"

echo "== installing $MODULE into $DB"
"$ODOO_PYTHON" -m odoo server -d "$DB" --addons-path="$ADDONS_DIR" -i "$MODULE" \
    --stop-after-init --no-http --log-level=warn
"$ODOO_PYTHON" "$REPO_DIR/bench/bench.py" --database "$DB" --addons-path "$ADDONS_DIR" \
    --scale "$SCALE" --only "${FIGURES:-1,2,3,4,5,6,7,8,9,10,11,12}" --output "${BENCH_OUTPUT:-$REPO_DIR/bench/RESULTS$([ "$SCALE" = full ] || echo "-$SCALE").md}"
