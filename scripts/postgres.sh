#!/usr/bin/env bash
# A throwaway PostgreSQL cluster (Debian's packages) on loopback, for tests and benchmarks: trust
# authentication, no durability (fsync off), its data and socket in one folder. As root it runs as the
# `postgres` user (initdb refuses root); otherwise as the caller.
#
#   postgres.sh start DIR PORT   initdb in DIR if new, start; prints the server URL (postgres://…/postgres)
#   postgres.sh stop DIR         stops it (the folder stays; remove it yourself)
set -euo pipefail

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL is missing: run scripts/setup.sh" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    [ $# -ge 3 ] || { echo "usage: $0 start DIR PORT" >&2; exit 2; }
    dir="$(mkdir -p "$2" && cd "$2" && pwd)"
    port="$3"
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$dir"
      # The postgres user must reach the folder.
      chmod o+x "$(dirname "$dir")"
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
      >/dev/null || { tail -n 20 "$dir/log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir="$2"
    [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
