#!/usr/bin/env bash
# make clean-cache: removes everything the commands installed in the user's cache (the
# Odoo installs, the private PostgreSQL and its databases, the lint and screenshot
# venvs), after stopping that PostgreSQL if it runs. Debian packages and pip's own
# download cache stay (see README.md, 'Quick start').
set -euo pipefail
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/partner_dossier"
[ -d "$CACHE_ROOT" ] || { echo "nothing to remove: $CACHE_ROOT does not exist"; exit 0; }
for data in "$CACHE_ROOT"/postgres-*/data; do
    [ -f "$data/postmaster.pid" ] || continue
    bindir=$(ls -1d /usr/lib/postgresql/"$(cat "$data/PG_VERSION")"/bin 2>/dev/null \
        || dirname "$(realpath "$(command -v pg_ctl)")")
    echo "== stopping the private PostgreSQL of $data"
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$bindir/pg_ctl" stop -D "$data" -m fast -w >/dev/null)
    else
        "$bindir/pg_ctl" stop -D "$data" -m fast -w >/dev/null
    fi
done
# The traverse rights granted to the postgres user on the way to its data.
if [ -f "$CACHE_ROOT/postgres-acl-dirs" ]; then
    sort -u "$CACHE_ROOT/postgres-acl-dirs" | while read -r dir; do
        setfacl -x u:postgres "$dir" 2>/dev/null || true
    done
fi
du -sh "$CACHE_ROOT" 2>/dev/null || true
rm -rf "$CACHE_ROOT"
echo "removed $CACHE_ROOT"
