# shellcheck shell=bash
# Shared set-up for scripts/demo and scripts/test: finds Odoo 19 (or fetches
# it), prepares a virtual environment with Odoo in it, Debian packages and
# PostgreSQL. Sourced, not run.
set -euo pipefail

KP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KP_CACHE="${KP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kumppanuuspoyta}"
KP_LOCAL="${KP_LOCAL:-$KP_ROOT/.local}"  # git-ignored: configs, logs, private PostgreSQL
mkdir -p "$KP_CACHE" "$KP_LOCAL"
# wkhtmltopdf (PDF reports) complains on stderr when this is unset.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$KP_LOCAL/runtime}"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

# runuser, pg_ctl and friends live in sbin, which a minimal PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

kp_say() { printf '\033[1m[kumppanuuspoyta]\033[0m %s\n' "$*" >&2; }
kp_die() { printf '\033[31m[kumppanuuspoyta] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }
# The usage of the running script: its leading comment, without the "# ".
kp_usage() { sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p;};}' "$0"; }

# Is $1 an Odoo 19 source checkout?
kp_is_odoo19() {
    [ -f "$1/odoo-bin" ] && [ -f "$1/odoo/release.py" ] && [ -d "$1/addons/mail" ] &&
        grep -Eq '^version_info = \(19, ' "$1/odoo/release.py"
}

# Where a fetched Odoo lives, and where it comes from.
KP_ODOO_GIT_URL="${KP_ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
KP_ODOO_BRANCH="${KP_ODOO_BRANCH:-19.0}"

# Installs Debian packages ($@) the way this machine allows: in CI (CI=true)
# or with KP_ASSUME_YES=1 without asking; on a terminal after asking; else
# (no one to ask) it prints the command and stops.
kp_apt_install() {
    local sudo="" answer
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    local cmd="$sudo apt-get install -y $*"
    if [ "${CI:-}" != true ] && [ "${KP_ASSUME_YES:-0}" != 1 ]; then
        if [ -t 0 ]; then
            read -r -p "[kumppanuuspoyta] Install the Debian packages $* (${cmd# })? [y/N] " answer
            case "$answer" in [yY]*) ;; *) kp_die "Install them and run again: ${cmd# }" ;; esac
        else
            kp_die "Missing Debian packages: $*. Install them (${cmd# }) or run with KP_ASSUME_YES=1 to let the scripts do it."
        fi
    fi
    kp_say "Installing Debian packages: $*"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# A shallow clone of Odoo's $KP_ODOO_BRANCH from $KP_ODOO_GIT_URL into $1,
# checked before it is used: a clone that stopped half way is not Odoo.
kp_fetch_odoo() {
    local dest="$1" tmp="$1.partial"
    command -v git >/dev/null || kp_apt_install git
    kp_say "Odoo 19 was not found: fetching it from $KP_ODOO_GIT_URL (branch $KP_ODOO_BRANCH) into $dest"
    rm -rf "$tmp"
    mkdir -p "$(dirname "$dest")"
    git clone -q --depth 1 --single-branch --branch "$KP_ODOO_BRANCH" "$KP_ODOO_GIT_URL" "$tmp" ||
        { rm -rf "$tmp"; kp_die "Could not clone Odoo from $KP_ODOO_GIT_URL (set KP_ODOO_GIT_URL to a mirror, or ODOO_SRC to a checkout)."; }
    kp_is_odoo19 "$tmp" ||
        { rm -rf "$tmp"; kp_die "$KP_ODOO_GIT_URL (branch $KP_ODOO_BRANCH) is not Odoo 19."; }
    rm -rf "$dest"
    mv "$tmp" "$dest"
}

# Sets ODOO_SRC: ODOO_SRC when it is Odoo 19, else the usual places of a
# source checkout (KP_ODOO_PLACES, folders separated by spaces, replaces
# them), else Odoo fetched into the cache ($KP_CACHE/odoo-19.0).
# An ODOO_SRC that does not exist yet (or is empty) is where Odoo is fetched
# to; one that holds something else stops the set-up untouched.
kp_find_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        if ! kp_is_odoo19 "$ODOO_SRC"; then
            if [ -d "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
                kp_die "ODOO_SRC=$ODOO_SRC is not an Odoo 19 source checkout (odoo-bin, odoo/release.py with version 19, addons/). Point it at one, or unset it to let the scripts fetch Odoo."
            fi
            kp_fetch_odoo "$ODOO_SRC"
        fi
        ODOO_SRC="$(cd "$ODOO_SRC" && pwd)"
    else
        local c places
        if [ -n "${KP_ODOO_PLACES+set}" ]; then
            read -r -a places <<<"$KP_ODOO_PLACES"
        else
            places=("$KP_ROOT/../odoo" "$KP_ROOT/../odoo19" "$HOME/odoo19" "$HOME/odoo" /opt/odoo19
                    /opt/odoo /opt/odoo/odoo /usr/src/odoo /srv/odoo19 /srv/odoo)
        fi
        for c in ${places[@]+"${places[@]}"} "$KP_CACHE/odoo-$KP_ODOO_BRANCH"; do
            if kp_is_odoo19 "$c"; then ODOO_SRC="$(cd "$c" && pwd)"; break; fi
        done
        if [ -z "${ODOO_SRC:-}" ]; then
            ODOO_SRC="$KP_CACHE/odoo-$KP_ODOO_BRANCH"
            kp_fetch_odoo "$ODOO_SRC"
        fi
    fi
    export ODOO_SRC
    kp_say "Odoo 19 source: $ODOO_SRC"
}

# Debian packages Odoo's requirements and our tests need.
kp_debian_packages() {
    command -v dpkg-query >/dev/null || return 0
    local want=(libldap2-dev libsasl2-dev libpq-dev chromium wkhtmltopdf fonts-dejavu-core postgresql-client poppler-utils dovecot-imapd)
    local missing=() p
    for p in "${want[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    kp_apt_install "${missing[@]}"
}

# A virtual environment per Odoo requirements + our own tool list, cached,
# with Odoo itself installed into it (kp_venv_odoo).
kp_venv() {
    local py="${KP_PYTHON:-python3}" key
    key=$(cat "$ODOO_SRC/requirements.txt" "$KP_ROOT/scripts/requirements-dev.txt" | sha1sum | cut -c1-12)
    KP_VENV="$KP_CACHE/venv-$key"
    if [ ! -f "$KP_VENV/.complete" ]; then
        kp_say "Creating the virtual environment $KP_VENV (first run takes a few minutes)"
        rm -rf "$KP_VENV"
        "$py" -m venv "$KP_VENV"
        "$KP_VENV/bin/pip" install -q --upgrade pip wheel "setuptools<81"
        "$KP_VENV/bin/pip" install -q -r "$ODOO_SRC/requirements.txt" -r "$KP_ROOT/scripts/requirements-dev.txt"
        touch "$KP_VENV/.complete"
    fi
    export KP_VENV
    export PATH="$KP_VENV/bin:$PATH"
    kp_venv_odoo
}

# Odoo from $ODOO_SRC installed into $KP_VENV in editable mode (its
# requirements come from requirements.txt, hence --no-deps), so `import
# odoo` works there and the addon wheel's dependency odoo==19.0.* is met.
# Copies of Odoo without setup/odoo (the script setup.py names) cannot be
# built by setuptools; for them the two files of an editable install (a .pth
# naming the source and the dist-info) are written as pip would write them.
kp_venv_odoo() {
    local where
    where=$(env -u PYTHONPATH "$KP_VENV/bin/python" -c 'import os, odoo.release as r; print(os.path.dirname(os.path.dirname(os.path.realpath(r.__file__))))' 2>/dev/null || true)
    if [ "$where" = "$(cd "$ODOO_SRC" && pwd -P)" ] && env -u PYTHONPATH "$KP_VENV/bin/python" -m pip show -q odoo >/dev/null 2>&1; then
        return 0
    fi
    kp_say "Installing Odoo from $ODOO_SRC into $KP_VENV (editable)"
    if [ -f "$ODOO_SRC/setup/odoo" ]; then
        env -u PYTHONPATH "$KP_VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e "$ODOO_SRC" ||
            kp_die "pip could not install Odoo from $ODOO_SRC into $KP_VENV."
    else
        env -u PYTHONPATH "$KP_VENV/bin/python" "$KP_ROOT/scripts/odoo_editable.py" "$ODOO_SRC" >&2 ||
            kp_die "Could not install Odoo from $ODOO_SRC into $KP_VENV."
    fi
}

# Odoo addons whose manifest names a data file that is not there (seen in
# some published copies of Odoo 19) get a corrected copy in an overlay folder
# placed before Odoo's own addons; the Odoo checkout itself is never touched.
kp_overlay() {
    KP_OVERLAY="$KP_LOCAL/addons-overlay"
    "$KP_VENV/bin/python" "$KP_ROOT/scripts/manifest_overlay.py" "$ODOO_SRC" "$KP_OVERLAY" kumppanuuspoyta_dashboard "$KP_ROOT"
    KP_ADDONS_PATH="$KP_OVERLAY,$KP_ROOT,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons"
    export KP_ADDONS_PATH
}

# PostgreSQL: the one at PGHOST/PGPORT (default 127.0.0.1:5432) or a private
# server under .local/postgres when none answers.
kp_postgres() {
    export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
    export PGUSER="${PGUSER:-$(id -un)}"
    [ "$PGUSER" = postgres ] && kp_die "Odoo refuses to connect as the role 'postgres': set PGUSER to another role."
    if pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        return 0
    fi
    local bindir data="$KP_LOCAL/postgres" run_as=()
    export PGHOST=127.0.0.1 PGPORT="${KP_PRIVATE_PGPORT:-54329}"
    if pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        return 0  # our private server from an earlier run
    fi
    kp_say "No PostgreSQL answers; starting a private one under $data on port $PGPORT"
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    [ -n "$bindir" ] || bindir=$(dirname "$(command -v initdb || echo /nonexistent/initdb)")
    [ -x "$bindir/initdb" ] || kp_die "PostgreSQL is neither running nor installed (install the Debian package postgresql)."
    # PostgreSQL refuses to run as root: use the postgres system user then.
    if [ "$(id -u)" -eq 0 ]; then run_as=(runuser -u postgres --); fi
    mkdir -p "$data"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$data"; chmod 700 "$data"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
        "${run_as[@]}" "$bindir/initdb" -D "$data" -U "$PGUSER" --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-h 127.0.0.1 -p $PGPORT -k $data" start >/dev/null
    pg_isready -q -h "$PGHOST" -p "$PGPORT" || kp_die "The private PostgreSQL did not start; see $data/server.log"
}

# axe-core, the accessibility checker the portal tests run in Chromium, from
# the npm registry into the cache; KP_AXE_JS points at its script.
KP_AXE_VERSION=4.10.3
kp_axe() {
    local dir="$KP_CACHE/axe-core-$KP_AXE_VERSION"
    KP_AXE_JS="$dir/node_modules/axe-core/axe.min.js"
    if [ ! -s "$KP_AXE_JS" ]; then
        command -v npm >/dev/null || kp_apt_install npm  # for axe-core
        kp_say "Installing axe-core $KP_AXE_VERSION into $dir"
        rm -rf "$dir"
        mkdir -p "$dir"
        npm install --prefix "$dir" --no-save --no-audit --no-fund --silent \
            "axe-core@$KP_AXE_VERSION" >/dev/null ||
            kp_die "Could not install axe-core from the npm registry."
        [ -s "$KP_AXE_JS" ] || kp_die "axe-core was installed but $KP_AXE_JS is missing."
    fi
    export KP_AXE_JS
}

# A free TCP port on loopback.
kp_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Writes an Odoo configuration file: $1 path, $2 database, $3 http port, $4 log file.
kp_odoo_conf() {
    cat >"$1" <<CONF
[options]
addons_path = $KP_ADDONS_PATH
data_dir = $KP_LOCAL/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_name = $2
dbfilter = ^$2\$
list_db = False
http_interface = 127.0.0.1
http_port = $3
gevent_port = $(kp_free_port)
logfile = ${4:-}
log_level = info
max_cron_threads = 0
CONF
}

kp_setup() {
    kp_find_odoo
    kp_debian_packages
    kp_venv
    kp_overlay
    kp_postgres
}
