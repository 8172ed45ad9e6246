#!/usr/bin/env bash
# make test: a fresh database, the addon installed without demo data, its tests run
# by pytest-odoo, the database dropped whatever happens. Extra arguments go to pytest.
source "$(dirname "$0")/odoo_env.sh"

use_scratch_database test
LOG="$ADDONS_DIR/install.log"

install_dev_requirements
install_chromium
# The Chinese PDF test reads its PDF back (pdftotext, pdffonts).
need_debian_packages poppler-utils:pdftotext

echo "== installing $MODULE into $DB (Odoo $ODOO_VERSION, $ODOO_PYTHON)"
if ! "$ODOO_PYTHON" -m odoo server -d "$DB" --addons-path="$ADDONS_DIR" -i "$MODULE" \
        --stop-after-init --no-http --log-level=warn >"$LOG" 2>&1; then
    tail -n 60 "$LOG"
    die "installing $MODULE failed (log above)"
fi
# Odoo logs loading errors without failing the command: treat them as failures,
# and show the warnings of the addon so they are seen.
grep -E " WARNING .*$MODULE" "$LOG" || true
if grep -E ' (ERROR|CRITICAL) ' "$LOG"; then
    die "installing $MODULE logged errors (above)"
fi

echo "== running the tests of $MODULE with pytest-odoo"
cd "$ADDONS_DIR"
"$ODOO_PYTHON" -m pytest -p no:cacheprovider \
    --odoo-database="$DB" --odoo-addons-path="$ADDONS_DIR" --odoo-http \
    "$ADDONS_DIR/$MODULE/tests" "$@"
