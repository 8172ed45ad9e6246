#!/usr/bin/env bash
# Sourced by the other scripts: finds (or installs) Odoo 19.0, the Debian packages it
# needs and PostgreSQL (a private cluster when there is none), links this clone into an
# addons directory under its module name, and cleans all that up on exit.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS_DIR="$REPO_DIR/scripts"
MODULE=partner_dossier
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/partner_dossier"

die() { printf 'partner_dossier: %s\n' "$*" >&2; exit 2; }

# One exit handler for everything the scripts set up, undone in reverse order (scratch
# database, then addons directory, then the private PostgreSQL), also on Ctrl-C.
EXIT_STEPS=()
at_exit() { EXIT_STEPS+=("$1"); }
run_exit_steps() {
    local rc=$? i
    trap - EXIT INT TERM
    for ((i = ${#EXIT_STEPS[@]} - 1; i >= 0; i--)); do eval "${EXIT_STEPS[i]}" || true; done
    exit "$rc"
}
trap run_exit_steps EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

source "$SCRIPTS_DIR/system_packages.sh"
source "$SCRIPTS_DIR/odoo_install.sh"
source "$SCRIPTS_DIR/postgres.sh"

# Runtime needs: PostgreSQL's client tools, wkhtmltopdf for PDFs, Chinese fonts for
# the Chinese PDFs (WenQuanYi first: its text extracts as real ideographs, see
# static/src/scss/report_chinese_fonts.scss). Each script adds its own (make test:
# chromium, poppler-utils).
need_debian_packages postgresql-client:psql wkhtmltopdf:wkhtmltopdf fonts-noto-cjk \
    fonts-wqy-zenhei

# First, so that a server that is down is said before a long Odoo install.
use_postgres # the PG* server, or a private cluster started now and stopped on exit

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
    else
        cached_odoo_python
    fi
}

ODOO_PYTHON=$(find_odoo_python)
if [ -z "$ODOO_PYTHON" ]; then
    install_odoo # sets ODOO_PYTHON, or stops saying which step failed
fi
ODOO_VERSION=$("$ODOO_PYTHON" -c 'import odoo.release as r; print(r.series)' 2>/dev/null) \
    || die "'$ODOO_PYTHON' cannot import odoo: set ODOO_PYTHON to the python of an Odoo 19.0 install, or unset it to let the scripts install one (see README.md, 'Quick start')."
[ "$ODOO_VERSION" = "19.0" ] \
    || die "'$ODOO_PYTHON' runs Odoo $ODOO_VERSION; this addon needs Odoo 19.0 (see README.md, 'Quick start')."

# Odoo's own launcher beside the interpreter: a multi-worker server re-executes it
# (python -m odoo cannot be re-executed that way).
ODOO_BIN="$(dirname "$ODOO_PYTHON")/odoo"
[ -x "$ODOO_BIN" ] || ODOO_BIN="$(command -v odoo || true)"

# Odoo looks addons up by folder name, and CI clones under another name.
ADDONS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/partner_dossier_addons.XXXXXX")
at_exit 'rm -rf "$ADDONS_DIR"'
ln -s "$REPO_DIR" "$ADDONS_DIR/$MODULE"
# A slim Odoo source lacks the addons that declare some categories base's data needs.
"$ODOO_PYTHON" "$SCRIPTS_DIR/category_stubs.py" "$ADDONS_DIR" \
    || die "could not prepare the module categories Odoo's base expects (above)"

# Tooling (pytest-odoo…) lives in Odoo's own environment: pytest-odoo imports odoo.
install_dev_requirements() {
    local stamp="$CACHE_ROOT/dev-requirements.stamp"
    local want
    want="$ODOO_PYTHON $(sha1sum "$REPO_DIR/requirements-dev.txt" | cut -d' ' -f1)"
    # The import too: the same Python path may be a new install (the cache removed
    # and Odoo installed again), without them.
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] \
        || ! "$ODOO_PYTHON" -c 'import pytest_odoo' 2>/dev/null; then
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
    need_debian_packages chromium
    command -v chromium >/dev/null 2>&1 \
        || die "the browser tests need Chrome or Chromium: install it (e.g. 'sudo apt-get install chromium')."
}

# A TCP port nothing listens on, for a server of our own.
free_port() {
    "$ODOO_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A scratch database, dropped with its filestore whatever happens (failure, Ctrl-C).
# A script with more to clean up first (a server using it) defines on_exit() first.
use_scratch_database() {
    DB="partner_dossier_$1_$(date +%Y%m%d%H%M%S)_$$"
    at_exit drop_scratch_database
}
drop_scratch_database() {
    if declare -F on_exit >/dev/null; then on_exit || true; fi
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    rm -rf "$(odoo_filestore "$DB")"
}
