#!/usr/bin/env bash
# make check-upgrade [FROM=<git ref>]: a database made by an earlier version of the
# addon (installed with its demo data, as a company runs it) upgraded to this working
# tree with `-u`, as a company upgrades. FROM defaults to the last commit of main
# older than 12 hours (an earlier session's landing), else the first commit. Fails
# on a failed upgrade or an ERROR/CRITICAL line; then checks that the upgraded
# database still holds every dossier, document, loan and access-log line it had
# (the newer version's demo data may add some) and every tracked change still
# linked to its field. SEED=<file>: rows the demo data lacks, made before the upgrade
# and checked after it by that file (scripts/upgrade_seeds/). The database, its
# filestore and the earlier version's checkout are removed whatever happens.
source "$(dirname "$0")/odoo_env.sh"

cd "$REPO_DIR"
FROM=${FROM:-$(git rev-list -n1 --first-parent --before="12 hours ago" HEAD)}
FROM=${FROM:-$(git rev-list --max-parents=0 HEAD | tail -n1)}
from_commit=$(git rev-parse --verify "$FROM^{commit}") || die "FROM=$FROM is not a commit"
OLD_TREE=$(mktemp -d "${TMPDIR:-/tmp}/partner_dossier_old.XXXXXX")
at_exit 'rm -rf "$OLD_TREE"'
git archive "$from_commit" | tar -x -C "$OLD_TREE"

use_scratch_database upgrade
LOG_DIR="$ADDONS_DIR/logs"
mkdir -p "$LOG_DIR"
odoo_step() {
    local name=$1 t0=$SECONDS
    shift
    if ! "$ODOO_PYTHON" -m odoo "$@" >"$LOG_DIR/$name.log" 2>&1; then
        tail -n 60 "$LOG_DIR/$name.log"
        die "$name failed (log above)"
    fi
    if grep -E ' (ERROR|CRITICAL) ' "$LOG_DIR/$name.log"; then
        die "$name logged errors (above)"
    fi
    echo "   done in $((SECONDS - t0)) s"
}
# The records of the addon's main tables (those the earlier version had).
counts() {
    local table out=""
    for table in dossier_dossier dossier_document dossier_loan dossier_access_log; do
        if [ "$(psql -d "$DB" -Atc "SELECT to_regclass('$table') IS NOT NULL")" = t ]; then
            out+="$table $(psql -d "$DB" -Atc "SELECT count(*) FROM $table"); "
        fi
    done
    # Tracked changes still linked to their field: a field renamed without its
    # ir_model_fields row (migrations/) would unlink its history from it.
    out+="tracked_changes $(psql -d "$DB" -Atc \
        "SELECT count(*) FROM mail_tracking_value WHERE field_id IS NOT NULL"); "
    echo "$out"
}

# The SEED file in `odoo shell`, told the phase; a traceback fails the check.
seed() {
    [ -n "${SEED:-}" ] || return 0
    local out
    out=$(CHECK_UPGRADE_PHASE=$1 "$ODOO_PYTHON" -m odoo shell -d "$DB" \
        --addons-path="$ADDONS_DIR" --no-http --log-level=warn <"$SEED" 2>&1)
    if grep -q Traceback <<<"$out"; then
        tail -n 30 <<<"$out"
        die "SEED $SEED failed $1 the upgrade (above)"
    fi
    echo "   SEED $SEED: $1 the upgrade, done"
}

echo "== $DB: the addon as of $(git log -1 --format='%h %cs %s' "$from_commit"), with demo data"
rm "$ADDONS_DIR/$MODULE"
ln -s "$OLD_TREE" "$ADDONS_DIR/$MODULE"
odoo_step install server -d "$DB" --addons-path="$ADDONS_DIR" -i "$MODULE" \
    --with-demo --stop-after-init --no-http --log-level=warn
seed before
before=$(counts)
echo "   $before"

echo "== upgraded to this working tree (-u $MODULE)"
rm "$ADDONS_DIR/$MODULE"
ln -s "$REPO_DIR" "$ADDONS_DIR/$MODULE"
odoo_step upgrade server -d "$DB" --addons-path="$ADDONS_DIR" -u "$MODULE" \
    --stop-after-init --no-http --log-level=warn
seed after
after=$(counts)
echo "   $after"
state=$(psql -d "$DB" -Atc "SELECT state FROM ir_module_module WHERE name = '$MODULE'")
[ "$state" = installed ] || die "the addon is '$state' after the upgrade"
# Nothing lost; the newer version's demo data may add records.
lost=$(awk -v before="$before" -v after="$after" 'BEGIN {
    n = split(before, b, "; "); split(after, a, "; ")
    for (i = 1; i <= n; i++) if (b[i] != "") {
        split(b[i], x, " "); split(a[i], y, " ")
        if (y[2] + 0 < x[2] + 0) printf "%s %s -> %s; ", x[1], x[2], y[2]
    } }')
[ -z "$lost" ] || die "records lost by the upgrade: $lost"
echo "check-upgrade: PASS ($from_commit -> working tree)"
