#!/usr/bin/env bash
# Sourced by the other scripts: finds the Odoo 19.0 interpreter and PostgreSQL,
# links this clone into an addons directory under its module name.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE=partner_dossier

die() { printf 'partner_dossier: %s\n' "$*" >&2; exit 2; }

find_odoo_python() {
    if [ -n "${ODOO_PYTHON:-}" ]; then
        printf '%s' "$ODOO_PYTHON"
    elif python3 -c 'import odoo.release' >/dev/null 2>&1; then
        command -v python3
    elif command -v odoo >/dev/null 2>&1; then
        # The interpreter named on the odoo script's shebang line (a venv's python).
        local shebang
        shebang=$(head -n 1 "$(command -v odoo)")
        printf '%s' "${shebang#\#!}"
    fi
}

ODOO_PYTHON=$(find_odoo_python)
[ -n "$ODOO_PYTHON" ] || die "Odoo 19.0 was not found: set ODOO_PYTHON to the python of an Odoo 19.0 install, or put its 'odoo' command on PATH (see README.md, 'Installing Odoo')."
ODOO_VERSION=$("$ODOO_PYTHON" -c 'import odoo.release as r; print(r.series)' 2>/dev/null) \
    || die "'$ODOO_PYTHON' cannot import odoo: set ODOO_PYTHON to the python of an Odoo 19.0 install (see README.md, 'Installing Odoo')."
[ "$ODOO_VERSION" = "19.0" ] \
    || die "'$ODOO_PYTHON' runs Odoo $ODOO_VERSION; this addon needs Odoo 19.0 (see README.md, 'Installing Odoo')."

# Odoo's own launcher beside the interpreter: a multi-worker server re-executes it
# (python -m odoo cannot be re-executed that way).
ODOO_BIN="$(dirname "$ODOO_PYTHON")/odoo"
[ -x "$ODOO_BIN" ] || ODOO_BIN="$(command -v odoo || true)"

psql -d postgres -Atc 'select 1' >/dev/null 2>&1 \
    || die "PostgreSQL is not reachable with the current PG* settings (PGHOST='${PGHOST:-local socket}', PGPORT='${PGPORT:-5432}', PGUSER='${PGUSER:-$(id -un)}'): start it or set PGHOST/PGPORT/PGUSER/PGPASSWORD."

# Odoo looks addons up by folder name, and CI clones under another name.
ADDONS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/partner_dossier_addons.XXXXXX")
ln -s "$REPO_DIR" "$ADDONS_DIR/$MODULE"
# A slim Odoo source lacks the addons that declare some categories base's data needs.
"$ODOO_PYTHON" "$REPO_DIR/scripts/category_stubs.py" "$ADDONS_DIR" \
    || die "could not prepare the module categories Odoo's base expects (above)"

# Tooling (pytest-odoo…) lives in Odoo's own environment: pytest-odoo imports odoo.
install_dev_requirements() {
    local stamp="${XDG_CACHE_HOME:-$HOME/.cache}/partner_dossier/dev-requirements.stamp"
    local want
    want="$ODOO_PYTHON $(sha1sum "$REPO_DIR/requirements-dev.txt" | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        "$ODOO_PYTHON" -m pip install --quiet --disable-pip-version-check \
            -r "$REPO_DIR/requirements-dev.txt" 2>&1 | grep -v 'is ignored' || true
        "$ODOO_PYTHON" -c 'import pytest_odoo' || die "installing requirements-dev.txt failed"
        mkdir -p "$(dirname "$stamp")"
        printf '%s' "$want" >"$stamp"
    fi
}

odoo_filestore() {
    "$ODOO_PYTHON" -c 'import sys; from odoo.tools import config; config.parse_config([]); print(config.filestore(sys.argv[1]))' "$1" 2>/dev/null
}

# Browser journeys (tours) need Chrome or Chromium; Odoo would silently skip them.
install_chromium() {
    local bin
    for bin in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$bin" >/dev/null 2>&1 && return 0
    done
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing Debian's chromium for the browser tests"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
            >/dev/null || die "installing chromium failed: install it by hand (apt-get install chromium)."
    else
        die "the browser tests need Chromium: install it (e.g. 'sudo apt-get install chromium')."
    fi
}

# A scratch database, dropped with its filestore whatever happens (failure, Ctrl-C).
# A script with more to clean up defines on_exit() first.
use_scratch_database() {
    DB="partner_dossier_$1_$(date +%Y%m%d%H%M%S)_$$"
    trap drop_scratch_database EXIT
    trap 'exit 130' INT TERM
}
drop_scratch_database() {
    local rc=$?
    trap - EXIT INT TERM
    if declare -F on_exit >/dev/null; then on_exit || true; fi
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    rm -rf "$(odoo_filestore "$DB")" "$ADDONS_DIR"
    exit "$rc"
}
