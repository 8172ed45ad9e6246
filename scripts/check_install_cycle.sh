#!/usr/bin/env bash
# make check-uninstall: the addon's life in a scratch database, as an administrator
# lives it: Odoo with Contacts and demo data and a customer of its own; the addon
# installed with its demo data, upgraded, used (scripts/install_cycle.py use), then
# uninstalled; then every trace of it is looked for. Prints a PASS/FAIL report and
# exits non-zero on any leftover. The database and its filestore are dropped
# whatever happens.
source "$(dirname "$0")/odoo_env.sh"

use_scratch_database cycle
STATE="$ADDONS_DIR/state"
mkdir -p "$STATE"
# `odoo module` takes no --addons-path: it reads it from a configuration file.
printf '[options]\naddons_path = %s\n' "$ADDONS_DIR" >"$STATE/odoo.conf"

started=$SECONDS
# odoo_step NAME ARGS...: run `odoo ARGS`, its log in $STATE/NAME.log; stop on a
# failure or on an ERROR/CRITICAL line (Odoo logs loading errors and exits 0),
# except for the uninstall, whose errors the report counts and shows.
odoo_step() {
    local name=$1 t0=$SECONDS
    shift
    if ! "$ODOO_PYTHON" -m odoo "$@" >"$STATE/$name.log" 2>&1; then
        tail -n 60 "$STATE/$name.log"
        die "$name failed (log above)"
    fi
    if [ "$name" != uninstall ] && grep -E ' (ERROR|CRITICAL) ' "$STATE/$name.log"; then
        die "$name logged errors (above)"
    fi
    echo "   done in $((SECONDS - t0)) s"
}
helper() {
    "$ODOO_PYTHON" "$REPO_DIR/scripts/install_cycle.py" "$1" "$DB" "$ADDONS_DIR" "$STATE"
}

echo "== $DB: Odoo $ODOO_VERSION with contacts and mail, demo data ($ODOO_PYTHON)"
odoo_step prepare server -d "$DB" --addons-path="$ADDONS_DIR" -i contacts,mail \
    --with-demo --stop-after-init --no-http --log-level=warn
echo "== a customer and its contact person, created before the addon"
helper before
echo "== installing $MODULE with its demo data"
odoo_step install server -d "$DB" --addons-path="$ADDONS_DIR" -i "$MODULE" \
    --with-demo --stop-after-init --no-http --log-level=warn
echo "== upgrading $MODULE"
odoo_step upgrade server -d "$DB" --addons-path="$ADDONS_DIR" -u "$MODULE" \
    --stop-after-init --no-http --log-level=warn
echo "== using it: dossiers (one in a second company), a scanned document, chatter, activity, favourite"
helper use
echo "== uninstalling $MODULE (odoo module uninstall)"
odoo_step uninstall module uninstall -c "$STATE/odoo.conf" -d "$DB" "$MODULE"
echo "== looking for what $MODULE left"
grep -E ' (ERROR|CRITICAL) ' "$STATE/uninstall.log" >"$STATE/uninstall_errors.log" || true
if helper check; then
    echo "check-uninstall: PASS in $((SECONDS - started)) s"
else
    grep -E "could not be deleted| (WARNING|ERROR|CRITICAL) " "$STATE/uninstall.log" || true
    echo "check-uninstall: FAIL in $((SECONDS - started)) s"
    exit 1
fi
