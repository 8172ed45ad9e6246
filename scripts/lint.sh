#!/usr/bin/env bash
# make lint: ruff, pylint-odoo's mandatory checks, well-formed XML. Needs no Odoo.
set -euo pipefail
cd "$(dirname "$0")/.."
# Outside the addon: Odoo scans every .py under an addon (translations export).
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/partner_dossier/lint-venv"
want=$(sha1sum requirements-lint.txt | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$want" ]; then
    mkdir -p "$(dirname "$VENV")"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements-lint.txt 2>&1 \
        | grep -v 'is ignored' || true
    printf '%s' "$want" >"$VENV/.stamp"
fi
echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
echo "== pylint-odoo (mandatory checks)"
"$VENV/bin/pylint" --rcfile=.pylintrc $(git ls-files '*.py')
echo "== XML well-formed"
"$VENV/bin/python" - <<'PY'
import pathlib, sys, xml.dom.minidom
bad = 0
for path in sorted(pathlib.Path(".").rglob("*.xml")):
    try:
        xml.dom.minidom.parse(str(path))
    except Exception as exc:  # noqa: BLE001 - report every broken file
        print(f"{path}: {exc}")
        bad += 1
sys.exit(1 if bad else 0)
PY
echo "lint: clean"
