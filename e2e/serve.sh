#!/usr/bin/env bash
# Starts the real server for the e2e run on a fresh temporary database; removes it when stopped.
set -u
cd "$(dirname "$0")/.."
port="$1"; shift
data="$(mktemp -d /tmp/difang-e2e.XXXXXX)"
server=target/debug/difang-server
[ -x "$server" ] || { echo "build the server first (scripts/build.sh)" >&2; exit 1; }
RUST_LOG="${RUST_LOG:-warn}" "$server" serve --bind "127.0.0.1:$port" --data-dir "$data" --dist-dir dist --content-dir content "$@" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid; rm -rf "$data"' EXIT INT TERM
wait $pid
