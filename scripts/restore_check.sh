#!/usr/bin/env bash
# make restore-check BACKUP=<a run's folder> [DB=<database>]: the backup restored into
# a scratch database and filestore, compared with its manifest, PASS or FAIL, the
# scratch copy removed; the check recorded in DB (default: the database backed up).
# Exit code 0 on PASS, 1 on FAIL. See scripts/backup.py.
source "$(dirname "$0")/odoo_env.sh"

[ -n "${BACKUP:-}" ] || die "make restore-check needs the folder of a backup run: make restore-check BACKUP=/var/backups/partner_dossier/<run>"
record=()
[ -z "${DB:-}" ] || record=(--record-db="$DB")
"$ODOO_PYTHON" "$SCRIPTS_DIR/backup.py" --addons-path="$ADDONS_DIR" "${record[@]}" \
    restore-check "$BACKUP"
