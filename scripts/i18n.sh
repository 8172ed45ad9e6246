#!/usr/bin/env bash
# make i18n: export i18n/partner_dossier.pot from a scratch database with the addon
# installed, then bring i18n/zh_CN.po in line with it (new terms empty, gone terms
# dropped, translations kept). Translate the empty msgstr afterwards.
source "$(dirname "$0")/odoo_env.sh"

use_scratch_database i18n

"$ODOO_PYTHON" -m odoo server -d "$DB" --addons-path="$ADDONS_DIR" -i "$MODULE" \
    --stop-after-init --no-http --log-level=warn
"$ODOO_PYTHON" -m odoo --addons-path="$ADDONS_DIR" i18n export -d "$DB" \
    -o "$REPO_DIR/i18n/$MODULE.pot" "$MODULE"
"$ODOO_PYTHON" "$REPO_DIR/scripts/merge_po.py" "$REPO_DIR/i18n/$MODULE.pot" "$REPO_DIR/i18n/zh_CN.po"
