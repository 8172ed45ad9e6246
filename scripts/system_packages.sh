#!/usr/bin/env bash
# Sourced by odoo_env.sh: Debian packages the commands need, installed when missing and
# the user is root with apt, else one sentence with the command to run. On a system
# without dpkg nothing is checked (the step that needs a package then says what failed).

# need_debian_packages PKG[:COMMAND]...: returns when all are there. With a COMMAND,
# that command on PATH is enough (it may come from elsewhere than Debian's package).
need_debian_packages() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    local entry pkg missing=()
    for entry in "$@"; do
        pkg=${entry%%:*}
        if [ "$pkg" != "$entry" ] && command -v "${entry#*:}" >/dev/null 2>&1; then
            continue
        fi
        # DPKG_ADMINDIR (read by dpkg-query) lets a test simulate a missing package.
        [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ] \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} = 0 ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        die "missing Debian packages ${missing[*]}: install them with 'sudo apt-get install -y ${missing[*]}' and run the command again."
    fi
    local log="$CACHE_ROOT/apt-get.log"
    mkdir -p "$CACHE_ROOT"
    echo "== installing Debian packages: ${missing[*]} (log: $log)"
    # Appended: the log is also the record of what to remove (README, 'Quick start').
    echo "== $(date -u '+%F %T') apt-get install ${missing[*]}" >>"$log"
    # The package lists may be absent (fresh image) or stale: refresh them once.
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >>"$log" 2>&1; then
        (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}") \
            >>"$log" 2>&1 \
            || die "installing Debian packages ${missing[*]} failed (log: $log): fix apt (network, sources) and run the command again."
    fi
}
