#!/usr/bin/env bash
# make odoo-test-runner: the addon's tests run by Odoo's own runner, the way Odoo's CI
# (and runbot) runs them, in a fresh database dropped whatever happens:
#   odoo -i partner_dossier --test-enable --test-tags /partner_dossier --stop-after-init
# `/partner_dossier` selects the addon's 'standard' tests (every test not tagged
# '-standard'); with -i, the at_install ones run right after the addon is installed and
# the post_install ones once the registry is complete. Only the test modules that
# tests/__init__.py imports are run (tests/test_test_modules.py checks they all are).
# `make test` runs the same tests with pytest-odoo; both must pass.
# Extra arguments go to odoo, e.g. --test-tags=/partner_dossier:TestInstall (the last
# --test-tags given wins).
source "$(dirname "$0")/odoo_env.sh"

use_scratch_database otr
# Kept after the run: the whole log, to read what failed.
LOG=$(mktemp "${TMPDIR:-/tmp}/partner_dossier_odoo_test_runner.XXXXXX.log")

install_dev_requirements # websocket-client, for the browser tests (tours)
install_chromium
# The Chinese PDF test reads its PDF back (pdftotext, pdffonts).
need_debian_packages poppler-utils:pdftotext

# Tours need the HTTP server: a port of our own, beside other servers.
PORT=$(free_port)
echo "== Odoo's runner: installing $MODULE into $DB with its tests (Odoo $ODOO_VERSION, HTTP port $PORT)"
echo "   log: $LOG"
start=$(date +%s)
rc=0
"$ODOO_PYTHON" -m odoo server -d "$DB" --addons-path="$ADDONS_DIR" -i "$MODULE" \
    --test-enable --test-tags "/$MODULE" --stop-after-init \
    --http-interface=127.0.0.1 --http-port="$PORT" --gevent-port="$(free_port)" \
    --log-level=info "$@" >"$LOG" 2>&1 || rc=$?
echo "== done in $(($(date +%s) - start))s (odoo exited with $rc)"

# The warnings, to be seen: each message once, with its count (Odoo's note about its
# editable install's path hook left out).
grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ WARNING ' "$LOG" | grep -v '__editable__' \
    | sed -E 's/^[0-9-]+ [0-9:,]+ [0-9]+ WARNING [^ ]+ //; s/\(([0-9]+,? ?)+\)/(...)/g' \
    | sort | uniq -c | sort -rn | head -n 30 || true

failed=0
# A failing test logs "ERROR ... FAIL: Class.test" or "ERROR ... ERROR: Class.test";
# loading errors log ERROR or CRITICAL without failing the command.
if grep -nE ' (ERROR|CRITICAL) |^(FAIL|ERROR): ' "$LOG" | head -n 80; then
    echo "== the log has ERROR/FAIL lines (above; whole log: $LOG)"
    failed=1
fi
# Odoo 19 ends with "N failed, N error(s) of N tests when loading database 'DB'".
summary=$(grep -E '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$LOG" | tail -n 1 || true)
if [ -z "$summary" ]; then
    tail -n 60 "$LOG"
    echo "== no test summary in the log (above)"
    failed=1
else
    summary=$(sed -E 's/.*: ([0-9]+ failed, .* tests).*/\1/' <<<"$summary")
    echo "== summary: $summary"
    read -r n_failed n_errors n_tests < <(sed -E \
        's/^([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests$/\1 \2 \3/' <<<"$summary")
    if [ "$n_failed" != 0 ] || [ "$n_errors" != 0 ] || [ "$n_tests" = 0 ]; then
        failed=1
    fi
fi
# Where the time went: the at_install tests (inside the module's loading) and the
# post_install ones.
grep -E "Module $MODULE loaded in|post-tests in" "$LOG" | sed -E 's/^.* INFO [^ ]+ [^ ]+: /   /' || true

if [ "$rc" != 0 ] || [ "$failed" != 0 ]; then
    die "Odoo's runner: the tests of $MODULE failed (whole log: $LOG)"
fi
echo "odoo-test-runner: passed (log: $LOG)"
