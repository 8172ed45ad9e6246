#!/usr/bin/env bash
# make screenshots: the README's screenshots from the demo database served by
# `make run` (start it first), saved under static/description/.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/partner_dossier/shots-venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet -r "$REPO_DIR/requirements-screenshots.txt" 2>&1 | grep -v "is ignored" || true
fi
DB="${DEMO_DB:-partner_dossier_demo}"
# `make run` on the private PostgreSQL (README, 'Quick start'): its socket is in the cache.
if ! psql -d "$DB" -Atc 'select 1' >/dev/null 2>&1; then
    for socket in "${XDG_CACHE_HOME:-$HOME/.cache}"/partner_dossier/postgres-*/run/.s.PGSQL.5432; do
        [ -S "$socket" ] && export PGHOST="$(dirname "$socket")"
    done
fi
q() { psql -d "$DB" -Atc "$1"; }
partner=$(q "SELECT d.partner_id FROM dossier_dossier d JOIN dossier_loan l ON l.dossier_id = d.id WHERE l.state = 'out' LIMIT 1")
loan=$(q "SELECT id FROM dossier_loan WHERE state = 'out' LIMIT 1")
dossier=$(q "SELECT dossier_id FROM dossier_loan WHERE id = $loan")
counter_code=$(q "SELECT barcode FROM dossier_dossier WHERE id = $dossier")
incident=$(q "SELECT id FROM dossier_incident WHERE state = 'reported' ORDER BY id LIMIT 1")
"$VENV/bin/python" "$REPO_DIR/scripts/screenshots.py" --url "http://localhost:${HTTP_PORT:-8069}" \
    --out "$REPO_DIR/static/description" --ids "$partner,$dossier,$loan,$incident" \
    --counter-code "$counter_code" "$@"
