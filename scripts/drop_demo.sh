#!/usr/bin/env bash
# make drop-demo: forget the demo database, filestore included.
source "$(dirname "$0")/odoo_env.sh"
DB="${DEMO_DB:-partner_dossier_demo}"
dropdb --if-exists "$DB"
rm -rf "$(odoo_filestore "$DB")"
echo "dropped $DB"
