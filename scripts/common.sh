# shellcheck shell=bash
# Shared set-up for scripts/demo and scripts/test: finds Odoo 19, prepares a
# virtual environment, Debian packages and PostgreSQL. Sourced, not run.
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

# Is $1 an Odoo 19 source checkout?
kp_is_odoo19() {
    [ -f "$1/odoo-bin" ] && [ -f "$1/odoo/release.py" ] && [ -d "$1/addons/mail" ] &&
        grep -Eq '^version_info = \(19, ' "$1/odoo/release.py"
}

# Sets ODOO_SRC. An explicit ODOO_SRC must be right; otherwise look where
# people usually keep a source checkout.
kp_find_odoo() {
    local help="Get Odoo 19 Community's source (git clone --depth 1 -b 19.0 https://github.com/odoo/odoo) and run again with ODOO_SRC=/path/to/odoo, or put it in /opt/odoo19."
    if [ -n "${ODOO_SRC:-}" ]; then
        kp_is_odoo19 "$ODOO_SRC" || kp_die "ODOO_SRC=$ODOO_SRC is not an Odoo 19 source checkout (odoo-bin, odoo/release.py with version 19, addons/). $help"
    else
        local c
        for c in "$KP_ROOT/../odoo" "$KP_ROOT/../odoo19" "$HOME/odoo19" "$HOME/odoo" \
                 /opt/odoo19 /opt/odoo /opt/odoo/odoo /usr/src/odoo /srv/odoo19 /srv/odoo; do
            if kp_is_odoo19 "$c"; then ODOO_SRC="$(cd "$c" && pwd)"; break; fi
        done
        [ -n "${ODOO_SRC:-}" ] || kp_die "Odoo 19 was not found (set ODOO_SRC or use /opt/odoo19). $help"
    fi
    export ODOO_SRC
    kp_say "Odoo 19 source: $ODOO_SRC"
}

# Debian packages Odoo's requirements and our tests need.
kp_debian_packages() {
    command -v dpkg-query >/dev/null || return 0
    local want=(libldap2-dev libsasl2-dev libpq-dev chromium wkhtmltopdf fonts-dejavu-core postgresql-client)
    local missing=() p
    for p in "${want[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    kp_say "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# A virtual environment per Odoo requirements + our own tool list, cached.
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
}

# Odoo addons whose manifest names a data file that is not there (seen in
# some published copies of Odoo 19) get a corrected copy in an overlay folder
# placed before Odoo's own addons; the Odoo checkout itself is never touched.
kp_overlay() {
    KP_OVERLAY="$KP_LOCAL/addons-overlay"
    "$KP_VENV/bin/python" "$KP_ROOT/scripts/manifest_overlay.py" "$ODOO_SRC" "$KP_OVERLAY" kumppanuuspoyta "$KP_ROOT"
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
        if ! command -v npm >/dev/null; then
            kp_say "Installing Debian's npm (for axe-core)"
            local sudo=""
            [ "$(id -u)" -eq 0 ] || sudo="sudo"
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >/dev/null
        fi
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
