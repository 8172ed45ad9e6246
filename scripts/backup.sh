#!/usr/bin/env bash
# make backup DEST=<folder> [DB=<database>]: the database (the `make run` one by
# default) and its filestore, with a SHA-256 manifest, in a new folder under DEST;
# the run recorded in the database (Settings › Backups). See scripts/backup.py.
source "$(dirname "$0")/odoo_env.sh"

[ -n "${DEST:-}" ] || die "make backup needs the folder to write into: make backup DEST=/var/backups/partner_dossier"
DB="${DB:-${DEMO_DB:-partner_dossier_demo}}"
"$ODOO_PYTHON" "$SCRIPTS_DIR/backup.py" --addons-path="$ADDONS_DIR" backup "$DB" "$DEST"
