#!/usr/bin/env bash
# make odoo-tests: Odoo's own tests about partners, users, record rules and mail, run
# on a database without the addon (the baseline) and on one with it, compared test by
# test. Exits 1 when a test fails or errors only with the addon (after running it
# again on both databases, to tell a flaky test from a broken one). Both databases
# and their filestores are dropped whatever happens.
#
#   scripts/odoo_tests.sh [--mail=subset|all] [--suite=base|contacts|mail]...
#   (make odoo-tests MAIL=all; all three suites unless --suite is given)
#
# Runner: odoo.tests.shell.run_tests inside `odoo shell`, on databases where every
# module is installed: at_install and post_install tests alike then run with the
# addon's code in the registry. With `odoo -i partner_dossier --test-enable`, the
# at_install tests of base and mail (most of the ones chosen here) would run while
# base and mail are being installed, before partner_dossier exists: they would not
# test the addon at all.
source "$(dirname "$0")/odoo_env.sh"

MAIL=subset
SUITES=()
for arg in "$@"; do
    case "$arg" in
        --mail=subset | --mail=all) MAIL=${arg#--mail=} ;;
        --suite=base | --suite=contacts | --suite=mail) SUITES+=("${arg#--suite=}") ;;
        *) die "unknown argument '$arg': use --mail=subset|all and --suite=base|contacts|mail (all three by default)" ;;
    esac
done
[ "${#SUITES[@]}" -gt 0 ] || SUITES=(base contacts mail)

# base: partners (all of test_res_partner.py, merge), users, companies, groups,
# access rights and record rules, the domain engine on partners, every model's
# display name (the addon's models included).
BASE_TAGS="/base:TestPartner,/base:TestPartnerAddressCompany,/base:TestPartnerForm,\
/base:TestPartnerRecursion,/base:TestPartnerCategory,/base:TestMergePartner,\
/base:TestACL,/base:TestIrRule,/base:TestUsers,/base:TestUsers2,/base:TestUsersTweaks,\
/base:TestUsersIdentitycheck,/base:TestCompany,/base:TestHasGroup,/base:TestGroupsOdoo,\
/base:TestExpression,/base:TestEveryModel"
# contacts: its browser tour on the partner form, which the addon extends.
CONTACTS_TAGS="/contacts"
# mail, subset: partners and users, chatter (mail.thread, messages, composer,
# templates, rendering), activities, app menus, uninstall, partner avatars, the
# thread and message controllers. Left out (about 5 of the 6.5 minutes of the
# whole suite on 2 cores): Discuss channels, guests, public pages, presence, RTC,
# websocket, mail servers, fetchmail, link previews, none of which the addon touches.
MAIL_TAGS="/mail/tests/test_res_partner.py,/mail/tests/test_res_users.py,\
/mail/tests/test_mail_activity.py,/mail/tests/test_mail_message.py,\
/mail/tests/test_mail_composer.py,/mail/tests/test_mail_mail.py,\
/mail/tests/test_mail_template.py,/mail/tests/test_mail_render.py,\
/mail/tests/test_mail_tools.py,/mail/tests/test_ir_ui_menu.py,/mail/tests/test_uninstall.py,\
/mail/tests/discuss/test_avatar_acl.py,/mail/tests/discuss/test_discuss_thread_controller.py,\
/mail/tests/discuss/test_message_controller.py"
[ "$MAIL" = all ] && MAIL_TAGS="/mail"
declare -A TAGS=([base]=$BASE_TAGS [contacts]=$CONTACTS_TAGS [mail]=$MAIL_TAGS)
declare -A TITLE=([base]="base: partners, users, rules" [contacts]="contacts: partner form tour"
    [mail]="mail ($MAIL)")

STAMP="$(date +%Y%m%d%H%M%S)_$$"
declare -A DBS=([without]="partner_dossier_otests_without_$STAMP"
    [with]="partner_dossier_otests_with_$STAMP")
LOGS="$ADDONS_DIR/logs"
drop_databases() {
    for db in "${DBS[@]}"; do
        dropdb --if-exists "$db" >/dev/null 2>&1 || true
        rm -rf "$(odoo_filestore "$db")"
    done
}
at_exit drop_databases
mkdir -p "$LOGS"

# create_db without|with MODULES
create_db() {
    local log="$LOGS/create_$1.log"
    if ! "$ODOO_PYTHON" -m odoo server -d "${DBS[$1]}" --addons-path="$ADDONS_DIR" -i "$2" \
            --stop-after-init --no-http --log-level=warn >"$log" 2>&1 \
            || grep -qE ' (ERROR|CRITICAL) ' "$log"; then
        tail -n 60 "$log"
        die "creating ${DBS[$1]} with $2 failed (log above)"
    fi
}

# run_tests without|with NAME TAGS: Odoo's shell runner; its log in $LOGS/NAME_db.log
# and the wall time in $LOGS/NAME_db.time. An HTTP server is needed by the browser
# tests: on a free loopback port, not to disturb a `make run` on 8069.
run_tests() {
    local log="$LOGS/$2_$1.log" t0=$SECONDS
    if ! PD_TEST_TAGS="$3" "$ODOO_PYTHON" -m odoo shell -d "${DBS[$1]}" \
            --addons-path="$ADDONS_DIR" --http-interface=127.0.0.1 --http-port="$(free_port)" \
            >"$log" 2>&1 <<'PY'; then
import os, sys
from odoo.tests.shell import run_tests
sys.stdout.write(f"partner_dossier loaded: {'dossier.dossier' in env.registry}\n")
run_tests(env, os.environ["PD_TEST_TAGS"])
PY
        tail -n 60 "$log"
        die "the test run '$2' on ${DBS[$1]} crashed (log above)"
    fi
    echo $((SECONDS - t0)) >"$LOGS/$2_$1.time"
    local loaded=False
    [ "$1" = with ] && loaded=True
    if ! grep -q "^partner_dossier loaded: $loaded\$" "$log"; then
        tail -n 20 "$log"
        die "the test run '$2' on ${DBS[$1]} was to run $1 the addon, and did not"
    fi
    if ! grep -qE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$log"; then
        tail -n 60 "$log"
        die "the test run '$2' on ${DBS[$1]} logged no summary line (log above)"
    fi
}

# summary LOG: "tests failed errors" from Odoo's summary line.
summary() {
    grep -oE '[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests' "$1" | tail -n 1 \
        | sed -E 's/([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests/\3 \1 \2/'
}

# failures LOG: one line per failing test, as the test tag that runs it again:
# "FAIL: Class.method", "ERROR: Subtest Class.method (…)" from the test's module
# logger give /module:Class.method; "ERROR: setUpClass (odoo.addons.module….Class)"
# gives /module:Class.
failures() {
    { grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ ERROR \S+ \S+: (FAIL|ERROR): ' "$1" || true; } | sed -nE \
        -e 's/.* odoo\.addons\.([a-z0-9_]+)\.tests[a-z0-9_.]*: (FAIL|ERROR): (Subtest )?([A-Za-z0-9_]+\.[A-Za-z0-9_]+).*/\/\1:\4/p' \
        -e 't' \
        -e 's/.*: (FAIL|ERROR): [A-Za-z]+ \(odoo\.addons\.([a-z0-9_]+)\.[a-z0-9_.]*\.([A-Za-z0-9_]+)\).*/\/\2:\3/p' \
        | sort -u
}

echo "== creating ${DBS[without]}: contacts and mail (the addon's dependencies), no demo data"
create_db without contacts,mail
echo "== creating ${DBS[with]}: the same and $MODULE"
create_db with "$MODULE"

for suite in "${SUITES[@]}"; do
    for db in without with; do
        echo "== ${TITLE[$suite]}: ${DBS[$db]}"
        run_tests "$db" "$suite" "${TAGS[$suite]}"
        read -r n f e < <(summary "$LOGS/${suite}_$db.log")
        echo "   $f failed, $e error(s) of $n tests in $(cat "$LOGS/${suite}_$db.time") s"
    done
done

# Failing only with the addon: run again, on both databases, to tell flaky from broken.
for db in without with; do
    for suite in "${SUITES[@]}"; do failures "$LOGS/${suite}_$db.log"; done | sort -u >"$LOGS/failures_$db"
done
comm -12 "$LOGS/failures_without" "$LOGS/failures_with" >"$LOGS/both"
comm -13 "$LOGS/failures_without" "$LOGS/failures_with" >"$LOGS/addon_only"
comm -23 "$LOGS/failures_without" "$LOGS/failures_with" >"$LOGS/baseline_only"
cp "$LOGS/addon_only" "$LOGS/confirmed"
if [ -s "$LOGS/addon_only" ]; then
    retry_tags=$(paste -sd, "$LOGS/addon_only")
    for db in without with; do
        echo "== running again what failed only with the addon: ${DBS[$db]}"
        run_tests "$db" retry "$retry_tags"
        failures "$LOGS/retry_$db.log" >"$LOGS/retry_failures_$db"
    done
    # Broken by the addon: fails again with it, passes again without it.
    comm -12 "$LOGS/addon_only" "$LOGS/retry_failures_with" \
        | comm -23 - "$LOGS/retry_failures_without" >"$LOGS/confirmed"
fi

echo
printf '%-32s %-14s %7s %8s %7s %8s\n' suite database tests failed errors time
printf '%s\n' "--------------------------------------------------------------------------------"
for suite in "${SUITES[@]}"; do
    for db in without with; do
        read -r n f e < <(summary "$LOGS/${suite}_$db.log")
        printf '%-32s %-14s %7s %8s %7s %7ss\n' "${TITLE[$suite]}" "$db addon" "$n" "$f" "$e" \
            "$(cat "$LOGS/${suite}_$db.time")"
    done
done
printf '%s\n' "--------------------------------------------------------------------------------"
report_list() {
    echo "$1: $(wc -l <"$2")"
    sed 's/^/    /' "$2"
}
report_list "failing with and without the addon (Odoo's, not the addon's)" "$LOGS/both"
report_list "failing only without the addon" "$LOGS/baseline_only"
report_list "failing only with the addon, first run" "$LOGS/addon_only"
report_list "failing only with the addon, confirmed by a second run" "$LOGS/confirmed"
echo "odoo-tests: done in $SECONDS s"
if [ -s "$LOGS/confirmed" ]; then
    while read -r tag; do
        echo "---- $tag, with the addon:"
        for suite in "${SUITES[@]}"; do
            # The log record of the failure: its line and the traceback below it.
            awk -v name="${tag#*:}" '
                /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / {
                    if (shown) exit
                    on = ($0 ~ /: (FAIL|ERROR): /) && index($0, name)
                }
                on { print; shown = 1 }' "$LOGS/${suite}_with.log"
        done
    done <"$LOGS/confirmed"
    echo "odoo-tests: FAIL: the addon breaks $(wc -l <"$LOGS/confirmed") of Odoo's own tests (above)"
    exit 1
fi
echo "odoo-tests: PASS: the addon breaks none of the Odoo tests run here"
