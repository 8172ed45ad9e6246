#!/usr/bin/env bash
# Sourced by odoo_env.sh: installs Odoo 19.0 into a virtualenv in the user's cache when
# no Odoo is found, from ODOO_SOURCE (a folder, a .tar.gz/.tar.xz archive or a URL;
# Odoo's 19.0 nightly source archive by default). One install per source and Python
# version, shared by every clone: $CACHE_ROOT/odoo-19.0-<checksum>/{odoo,venv}.

ODOO_NIGHTLY_URL=https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz
# Alongside Odoo: lxml 4.9.3 and lxml-html-clean (Odoo's requirements leave the cleaner
# out below Python 3.12); zope.interface 7.2 and zope.event 5.0 because newer dists are
# not found by the pkg_resources of the venv's setuptools, and the gevent process of a
# multi-worker server then dies at start (DistributionNotFound: zope.interface).
ODOO_PINS=(lxml==4.9.3 lxml-html-clean==0.1.1 zope.interface==7.2 zope.event==5.0)
# cbor2's source build (Python 3.11) fails with setuptools 70 and newer; PIP_CONSTRAINT,
# unlike -c, also reaches pip's isolated build environments.
ODOO_BUILD_CONSTRAINT='setuptools<70'

# The interpreter the venv is made from: python3 on PATH, in Odoo 19.0's range.
base_python() {
    BASE_PYTHON=$(command -v python3 || true)
    [ -n "$BASE_PYTHON" ] || die "installing Odoo needs Python 3.10 to 3.13 as 'python3' on PATH (Debian: 'sudo apt-get install -y python3 python3-venv')."
    "$BASE_PYTHON" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 13))' \
        || die "installing Odoo 19.0 needs Python 3.10 to 3.13, and '$BASE_PYTHON' is $("$BASE_PYTHON" -V 2>&1): put a suitable python3 first on PATH or set ODOO_PYTHON."
}

# Sets SOURCE_KIND (url, archive, folder), SOURCE (absolute for local ones) and
# ODOO_CHECKSUM: what the source is (archive content, folder path and git commit, URL),
# the Python it is installed for and the install recipe.
resolve_odoo_source() {
    # Without ODOO_SOURCE: the offline archive kept beside the repository
    # (../shared/vendor, as on the project's machines and CI), else the nightly.
    local vendored
    vendored="$(dirname "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)")/shared/vendor/odoo-19.0-community-slim.tar.xz"
    [ -f "$vendored" ] || vendored=$ODOO_NIGHTLY_URL
    SOURCE="${ODOO_SOURCE:-$vendored}"
    local key
    case "$SOURCE" in
    http://* | https://*)
        SOURCE_KIND=url key="url $SOURCE"
        ;;
    *)
        [ -e "$SOURCE" ] || die "ODOO_SOURCE='$SOURCE' does not exist: point it at an Odoo 19.0 source folder, a .tar.gz/.tar.xz archive of one, or a URL."
        SOURCE=$(realpath "$SOURCE")
        if [ -d "$SOURCE" ]; then
            SOURCE_KIND=folder
            key="folder $SOURCE $(git -C "$SOURCE" rev-parse HEAD 2>/dev/null || true)"
        elif [[ "$SOURCE" =~ \.(tar\.gz|tgz|tar\.xz|txz)$ ]]; then
            SOURCE_KIND=archive key="archive $(sha256sum "$SOURCE" | cut -d' ' -f1)"
        else
            die "ODOO_SOURCE='$SOURCE' is neither a folder nor a .tar.gz/.tar.xz archive: point it at an Odoo 19.0 source folder, archive or URL."
        fi
        ;;
    esac
    base_python
    ODOO_CHECKSUM=$(printf '%s\n' "$key" "$("$BASE_PYTHON" -c 'import sys; print(sys.version)')" \
        "$BASE_PYTHON" "${ODOO_PINS[*]}" "$ODOO_BUILD_CONSTRAINT" | sha256sum | cut -c1-12)
}

# The python of a finished install in the cache: the one for ODOO_SOURCE when it is
# set, else the newest one (so `ODOO_SOURCE=… make test` then `make run` share it).
cached_odoo_python() {
    local python
    if [ -n "${ODOO_SOURCE:-}" ]; then
        (resolve_odoo_source >/dev/null 2>&1 \
            && python="$CACHE_ROOT/odoo-19.0-$ODOO_CHECKSUM/venv/bin/python" \
            && [ -x "$python" ] && printf '%s' "$python") || true
    else
        python=$(ls -1dt "$CACHE_ROOT"/odoo-19.0-*/venv/bin/python 2>/dev/null | head -n 1)
        printf '%s' "$python"
    fi
}

# install_step TITLE HINT COMMAND...: one line per step with its duration; on failure
# the step, the log and what to do.
install_step() {
    local title=$1 hint=$2 start=$SECONDS
    shift 2
    INSTALL_STEP=$((INSTALL_STEP + 1))
    printf '   [%d/%d] %s … ' "$INSTALL_STEP" "$INSTALL_STEPS" "$title"
    if "$@" >>"$INSTALL_LOG" 2>&1; then
        printf 'done (%ds)\n' $((SECONDS - start))
    else
        printf 'FAILED (%ds)\n' $((SECONDS - start))
        die "installing Odoo 19.0 failed at step '$title' (full log: $INSTALL_LOG): $hint."
    fi
}

fetch_source() { # URL → $1
    "$BASE_PYTHON" - "$SOURCE" "$1" <<'PY'
import shutil, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=120) as response, open(sys.argv[2], "wb") as out:
    shutil.copyfileobj(response, out)
PY
}

unpack_source() { # archive or folder → $1/odoo (the folder holding odoo/release.py)
    local archive=$1 into=$2 root
    # Called in a condition, where set -e does not apply: every failure returns.
    mkdir -p "$into/unpacked" || return 1
    if [ -d "$archive" ]; then
        tar -C "$archive" --exclude=.git -cf - . | tar -C "$into/unpacked" -xf - || return 1
    else
        tar -C "$into/unpacked" -xf "$archive" || return 1
    fi
    root=$(find "$into/unpacked" -maxdepth 3 -path '*/odoo/release.py' | head -n 1)
    root=$(dirname "$(dirname "${root:-/nonexistent/x}")")
    if [ ! -f "$root/setup.py" ] && [ ! -f "$root/pyproject.toml" ]; then
        echo "no Odoo source (odoo/release.py beside setup.py) in $archive"
        return 1
    fi
    mv "$root" "$into/odoo" && rm -rf "$into/unpacked"
}

source_series() { # the series odoo/release.py of $1 declares, without importing odoo
    "$BASE_PYTHON" -c 'import sys; ns = {}; exec(open(sys.argv[1]).read(), ns); print(ns["series"])' \
        "$1/odoo/release.py"
}

pip_in() { # pip of the venv $1, quiet about its own version
    local venv=$1
    shift
    "$venv/bin/python" -m pip --disable-pip-version-check "$@"
}

check_install() { # the installed Odoo is 19.0, and the gevent process will find its dists
    "$1/venv/bin/python" - <<'PY'
import odoo.release
import pkg_resources
assert odoo.release.series == "19.0", f"installed Odoo is {odoo.release.series}"
pkg_resources.require("zope.interface", "zope.event", "gevent")
import gevent, ldap, lxml.html.clean, psycopg2  # noqa: E401,F401 - the compiled ones
print("Odoo", odoo.release.version, "ok")
PY
    [ $? = 0 ] && "$1/venv/bin/odoo" --version
}

# Build folders no install name points to: left by an interrupted install. Called
# holding the install lock, so none of them is being built.
remove_interrupted_builds() {
    local dir link used
    for dir in "$CACHE_ROOT"/.odoo-19.0-*.build.*; do
        [ -e "$dir" ] || [ -L "$dir" ] || continue
        used=
        for link in "$CACHE_ROOT"/odoo-19.0-*; do
            [ -L "$link" ] && [ "$(readlink "$link")" = "$(basename "$dir")" ] && used=1
        done
        [ -n "$used" ] || rm -rf "$dir"
    done
}

install_odoo() {
    resolve_odoo_source
    local final="$CACHE_ROOT/odoo-19.0-$ODOO_CHECKSUM" build series
    # Build tools for the modules pip compiles (psycopg2, python-ldap, cbor2…); Debian's
    # own python needs its venv and headers packages.
    local packages=(build-essential:gcc libpq-dev:pg_config libldap2-dev libsasl2-dev)
    [[ "$(realpath "$BASE_PYTHON")" == /usr/bin/* ]] && packages+=(python3-venv python3-dev)
    [[ "$SOURCE" == *.xz ]] && packages+=(xz-utils)
    need_debian_packages "${packages[@]}"

    mkdir -p "$CACHE_ROOT"
    # Two commands at once: the second waits, then finds the first one's install.
    exec 9>"$CACHE_ROOT/odoo-install.lock"
    if ! flock -n 9; then
        echo "== another command is installing Odoo into $CACHE_ROOT: waiting for it"
        flock 9
    fi
    if [ ! -x "$final/venv/bin/python" ]; then
        # Built beside its final name, which appears (a symlink renamed into place)
        # only when complete: venvs and editable installs cannot be moved once built.
        remove_interrupted_builds
        build=$(mktemp -d "$CACHE_ROOT/.odoo-19.0-$ODOO_CHECKSUM.build.XXXXXX")
        INSTALL_BUILD=$build
        at_exit '[ -z "${INSTALL_BUILD:-}" ] || rm -rf "$INSTALL_BUILD"'
        INSTALL_LOG="$final.log"
        : >"$INSTALL_LOG"
        INSTALL_STEP=0 INSTALL_STEPS=6
        local started=$SECONDS archive=$SOURCE
        echo "== installing Odoo 19.0 from $SOURCE into $final (log: $INSTALL_LOG)"
        if [ "$SOURCE_KIND" = url ]; then
            INSTALL_STEPS=7
            archive="$build/source.tar.gz"
            install_step "download $SOURCE" \
                "check the network, or set ODOO_SOURCE to an Odoo 19.0 source folder or archive you have" \
                fetch_source "$archive"
        fi
        install_step "unpack the source" \
            "ODOO_SOURCE must be an Odoo source folder or a .tar.gz/.tar.xz archive of one" \
            unpack_source "$archive" "$build"
        series=$(source_series "$build/odoo" 2>>"$INSTALL_LOG") || series=unknown
        [ "$series" = "19.0" ] \
            || die "ODOO_SOURCE='$SOURCE' holds Odoo $series, not 19.0: point it at an Odoo 19.0 source folder, archive or URL."
        install_step "check the source is Odoo 19.0" "" true
        install_step "create the virtualenv ($("$BASE_PYTHON" -V 2>&1))" \
            "check that '$BASE_PYTHON -m venv' works (Debian: apt-get install python3-venv)" \
            "$BASE_PYTHON" -m venv "$build/venv"
        printf '%s\n' "$ODOO_BUILD_CONSTRAINT" >"$build/constraints.txt"
        install_step "pip install Odoo's requirements.txt" \
            "read the end of the log: a module that does not build usually lacks a Debian -dev package, a download error means pip's index is not reachable (pip config list)" \
            env PIP_CONSTRAINT="$build/constraints.txt" \
            "$build/venv/bin/python" -m pip --disable-pip-version-check install \
            -r "$build/odoo/requirements.txt"
        install_step "pip install -e odoo ${ODOO_PINS[*]}" \
            "read the end of the log (pip's index reachable? pip config list)" \
            pip_in "$build/venv" install -e "$build/odoo" "${ODOO_PINS[@]}"
        install_step "check the installed Odoo" "read the end of the log" check_install "$build"
        ln -sfn "$(basename "$build")" "$build.link"
        mv -T "$build.link" "$final"
        INSTALL_BUILD=
        echo "== Odoo 19.0 installed in $((SECONDS - started)) s: $final (remove with: make clean-cache)"
    fi
    exec 9>&-
    ODOO_PYTHON="$final/venv/bin/python"
}
