#!/usr/bin/env bash
# Sourced by odoo_env.sh: PostgreSQL for the commands. The server the PG* variables (or
# the default socket) name; when none is set and none answers, or PD_POSTGRES=private,
# a private cluster in the user's cache: Unix socket there only (no TCP), started for
# the command and stopped after it, its data kept for the next command.

pg_settings() {
    printf "PGHOST='%s', PGPORT='%s', PGUSER='%s'" "${PGHOST:-local socket}" \
        "${PGPORT:-5432}" "${PGUSER:-$(id -un)}"
}

use_postgres() {
    if [ "${PD_POSTGRES:-}" != private ]; then
        psql -d postgres -Atc 'select 1' >/dev/null 2>&1 && return 0
        local state=0
        pg_isready -q >/dev/null 2>&1 || state=$?
        # A server that answers but refuses us is a set-up to fix, not to work around.
        [ "$state" -ge 2 ] \
            || die "PostgreSQL answers but refuses the connection ($(pg_settings)): create that role (createuser -s $(id -un)) or set PGUSER/PGPASSWORD."
        [ -z "$(compgen -e | grep '^PG' || true)" ] \
            || die "PostgreSQL does not answer with the PG* settings ($(pg_settings)): start that server, or correct the PG* variables (or unset them all to let the commands run a private PostgreSQL)."
    fi
    start_private_postgres
}

# The newest server binaries: initdb on PATH, else Debian's /usr/lib/postgresql/*/bin.
pg_bindir() {
    local initdb
    initdb=$(command -v initdb || ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$initdb" ] && [ -x "$(dirname "$(realpath "$initdb")")/pg_ctl" ] \
        && dirname "$(realpath "$initdb")"
}

# as_pg COMMAND...: the server refuses to run as root; root runs it as Debian's
# postgres system user.
as_pg() {
    # From /: postgres may not be allowed into the caller's current directory.
    if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

start_private_postgres() {
    local bindir
    bindir=$(pg_bindir) || {
        need_debian_packages postgresql
        bindir=$(pg_bindir) || die "no PostgreSQL server binaries (initdb, pg_ctl) found: install PostgreSQL 13 or newer (Debian: 'sudo apt-get install -y postgresql')."
    }
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || need_debian_packages postgresql
        id postgres >/dev/null 2>&1 || die "the private PostgreSQL runs as the 'postgres' system user, which does not exist: install Debian's postgresql package (it creates it)."
    fi
    local major
    major=$("$bindir/initdb" --version | grep -oE '[0-9]+' | head -n 1)
    PG_PRIVATE="$CACHE_ROOT/postgres-$major"
    local data="$PG_PRIVATE/data" run="$PG_PRIVATE/run"
    mkdir -p "$run"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$PG_PRIVATE" "$run"
        # postgres must traverse (x, not read) root's home down to its data: grant
        # that to it alone with an ACL rather than opening the folders to everyone.
        local dir="$PG_PRIVATE"
        while [ "$dir" != / ]; do
            dir=$(dirname "$dir")
            runuser -u postgres -- test -x "$dir" && continue
            need_debian_packages acl:setfacl
            setfacl -m u:postgres:x "$dir"
            echo "$dir" >>"$CACHE_ROOT/postgres-acl-dirs" # make clean-cache undoes it
        done
    fi
    # Every command using the cluster holds a shared lock on users.lock; the last one
    # out stops it. control.lock serializes creating, starting and stopping.
    exec 7>"$PG_PRIVATE/control.lock" 8>"$PG_PRIVATE/users.lock"
    flock 7
    flock -s 8
    if [ ! -f "$data/PG_VERSION" ]; then
        echo "== creating a private PostgreSQL $major cluster in $data"
        as_pg "$bindir/initdb" -D "$data" -U "$(id -un)" --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$PG_PRIVATE/initdb.log" 2>&1 \
            || die "creating the private PostgreSQL cluster failed (log: $PG_PRIVATE/initdb.log)."
        printf "%s\n" "listen_addresses = ''" "unix_socket_directories = '$run'" \
            "unix_socket_permissions = 0700" >>"$data/postgresql.conf"
    fi
    if ! as_pg "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1; then
        echo "== starting the private PostgreSQL $major (socket in $run; stopped when the command ends)"
        # 7>&- 8>&-: the server must not hold the locks.
        as_pg "$bindir/pg_ctl" start -D "$data" -l "$PG_PRIVATE/server.log" -w -t 60 \
            >/dev/null 7>&- 8>&- || die "the private PostgreSQL did not start (log: $PG_PRIVATE/server.log)."
        touch "$PG_PRIVATE/started-by-command"
    fi
    exec 7>&-
    PG_BINDIR=$bindir
    at_exit stop_private_postgres
    unset PGUSER PGPASSWORD PGDATABASE PGSERVICE PGSSLMODE
    export PGHOST="$run" PGPORT=5432
}

stop_private_postgres() {
    # Another command still using it keeps it running; one started by hand (no
    # marker) is left running too.
    exec 7>"$PG_PRIVATE/control.lock"
    flock 7
    if flock -n -x 8 && [ -f "$PG_PRIVATE/started-by-command" ]; then
        echo "== stopping the private PostgreSQL (data kept in $PG_PRIVATE/data)"
        as_pg "$PG_BINDIR/pg_ctl" stop -D "$PG_PRIVATE/data" -m fast -w >/dev/null 7>&- 8>&- \
            && rm -f "$PG_PRIVATE/started-by-command"
    fi
    exec 7>&- 8>&-
}
