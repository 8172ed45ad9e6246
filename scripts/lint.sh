#!/usr/bin/env bash
# make lint: ruff, pylint-odoo's mandatory checks, OCA's module and .po checks
# (oca-checks-odoo-module, oca-checks-po), well-formed XML. Needs no Odoo.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO_DIR=$(pwd)
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
echo "== eslint (the widgets' and tours' JavaScript)"
# Installed into the cache from scripts/eslint/package.json (npm's registry), and run
# from there so that its config finds ESLint's own rules; Node.js comes with the
# machine (or Debian's nodejs and npm).
if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >/dev/null
    else
        echo "lint: ESLint needs Node.js: sudo apt-get install -y nodejs npm" >&2
        exit 1
    fi
fi
ESLINT_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/partner_dossier/eslint"
want=$(sha1sum scripts/eslint/package.json | cut -d' ' -f1)
if [ ! -x "$ESLINT_DIR/node_modules/.bin/eslint" ] || [ "$(cat "$ESLINT_DIR/.stamp" 2>/dev/null)" != "$want" ]; then
    mkdir -p "$ESLINT_DIR"
    cp scripts/eslint/package.json "$ESLINT_DIR/"
    npm install --prefix "$ESLINT_DIR" --silent --no-audit --no-fund >/dev/null
    printf '%s' "$want" >"$ESLINT_DIR/.stamp"
fi
cp scripts/eslint/eslint.config.mjs "$ESLINT_DIR/"
"$ESLINT_DIR/node_modules/.bin/eslint" --config "$ESLINT_DIR/eslint.config.mjs" static

echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

# pylint-odoo and OCA's checks find the addon of a file by looking for its manifest in
# the folders above it, up to the git root but not in it: here the git root IS the
# addon, so they never saw the manifest (consider-merging-classes-inherited and the
# other checks about the addon as a whole said nothing). They lint a copy of the
# files (tracked, and new ones not ignored) in <tmp>/addons/partner_dossier, with
# the git root at <tmp>/addons, as in an addons repository.
LINT_DIR=$(mktemp -d "${TMPDIR:-/tmp}/partner_dossier_lint.XXXXXX")
trap 'rm -rf "$LINT_DIR"' EXIT
ADDON="$LINT_DIR/addons/partner_dossier"
mkdir -p "$ADDON"
git init --quiet "$LINT_DIR/addons"
git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
    | tar --null -T - -cf - | tar -xf - -C "$ADDON"
FINDINGS="$LINT_DIR/findings"
: >"$FINDINGS"

echo "== pylint-odoo (mandatory checks)"
mapfile -d '' py_files < <(cd "$ADDON" && find . -name '*.py' -printf '%P\0' | sort -z)
rc=0
(cd "$ADDON" && "$VENV/bin/pylint" --rcfile=.pylintrc "${py_files[@]}") >>"$FINDINGS" || rc=$?
# pylint's exit code is a bit mask (its findings are parsed below): 32 is a usage
# error, 1 a fatal message (e.g. resource-not-exist) or, with none, a crash.
if ((rc & 32)) || { ((rc & 1)) && ! grep -q '\[F[0-9]' "$FINDINGS"; }; then
    cat "$FINDINGS"
    echo "lint: pylint could not run (exit code $rc)" >&2
    exit 1
fi
echo "== oca-checks-odoo-module, oca-checks-po"
# They exit 1 on findings: a crash is told by its traceback (lint_findings.py).
# prefer-readme-rst: README.md is this repository's own README (the addon is the repo).
# po-pretty-format: i18n/ is written by `make i18n` (Odoo's export, then merge_po.py).
(cd "$LINT_DIR/addons" && "$VENV/bin/oca-checks-odoo-module" --disable=prefer-readme-rst \
    partner_dossier/__manifest__.py) >>"$FINDINGS" 2>&1 || true
(cd "$LINT_DIR/addons" && "$VENV/bin/oca-checks-po" --disable=po-pretty-format \
    partner_dossier/i18n/*.po partner_dossier/i18n/*.pot) >>"$FINDINGS" 2>&1 || true

# Findings fail the lint, but those scripts/lint_by_design.txt lists with a reason.
"$VENV/bin/python" "$REPO_DIR/scripts/lint_findings.py" "$FINDINGS" \
    "$REPO_DIR/scripts/lint_by_design.txt"

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
