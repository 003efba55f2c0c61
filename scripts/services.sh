#!/usr/bin/env bash
# The real services the native tests run against, started once per test run on loopback and stopped after:
# WordPress with plain permalinks (seeded, shared by the tests; each edits posts of its own), WordPress
# with pretty permalinks (seeded; the failure test breaks its REST API on purpose), and PostgreSQL (the
# HTTP suite's second run makes a fresh database per server on it).
#
#   services.sh start DIR   starts them with their data in DIR; prints `export …` lines for the tests
#   services.sh stop DIR    stops them and removes DIR
#
# Ports: DIFANG_TEST_PORT_BASE (default 18190) and the next two.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORDPRESS="$ROOT/scripts/wordpress.sh"
base="${DIFANG_TEST_PORT_BASE:-18190}"

case "${1:-}" in
  start)
    dir="$(mkdir -p "$2" && cd "$2" && pwd)"
    "$WORDPRESS" start "$dir/wp" "$base" >/dev/null
    "$WORDPRESS" seed "$dir/wp" >/dev/null
    "$WORDPRESS" start "$dir/wpp" "$((base + 1))" --pretty >/dev/null
    "$WORDPRESS" seed "$dir/wpp" >/dev/null
    pg="$("$ROOT/scripts/postgres.sh" start "$dir/pg" "$((base + 2))")"
    echo "export DIFANG_TEST_WORDPRESS='$dir/wp' DIFANG_TEST_WORDPRESS_PRETTY='$dir/wpp' DIFANG_TEST_POSTGRES='$pg'"
    ;;
  stop)
    dir="$2"
    for wp in "$dir/wp" "$dir/wpp"; do
      [ -d "$wp" ] && "$WORDPRESS" stop "$wp" >/dev/null 2>&1 || true
    done
    [ -d "$dir/pg" ] && "$ROOT/scripts/postgres.sh" stop "$dir/pg" || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
