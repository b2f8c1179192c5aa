#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Unix socket only, in a private
# temporary folder, removed on stop. Used by scripts/test.sh (and so by CI).
#
#   eval "$(bash scripts/postgres.sh start)"   # prints: export GLOSSATOR_TEST_POSTGRES=... GLOSSATOR_PG_DIR=...
#   bash scripts/postgres.sh stop "$GLOSSATOR_PG_DIR"
#
# initdb and pg_ctl refuse to run as root, so as root they run as the
# `postgres` user (runuser). When the server binaries are missing, Debian's
# `postgresql` package is installed with apt (as root), else the reason is
# printed and nothing is started.
set -euo pipefail

find_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    return 1
}

as_owner() {  # run a server command as the data folder's owner
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local bin
    if ! bin=$(find_bin); then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing PostgreSQL (apt: postgresql) for the team-store tests..." >&2
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
            bin=$(find_bin) || { echo "PostgreSQL was installed but its binaries were not found" >&2; exit 1; }
        else
            echo "PostgreSQL server binaries not found (install the 'postgresql' package)" >&2
            exit 1
        fi
    fi
    local dir
    dir=$(mktemp -d /tmp/glossator-pg.XXXXXX)
    chmod 700 "$dir"
    [ "$(id -u)" = "0" ] && chown postgres: "$dir"
    echo "Starting a throwaway PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) on a socket in $dir..." >&2
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=100" start >/dev/null
    echo "export GLOSSATOR_PG_DIR='$dir' GLOSSATOR_TEST_POSTGRES='postgresql://postgres@/postgres?host=$dir'"
}

stop() {
    local dir="${1:-${GLOSSATOR_PG_DIR:-}}" bin
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    case "$dir" in /tmp/glossator-pg.*) ;; *) echo "refusing to remove $dir" >&2; return 1 ;; esac
    if bin=$(find_bin) && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: bash scripts/postgres.sh start|stop [DIR]" >&2; exit 2 ;;
esac
