#!/usr/bin/env bash
# Starts the real server on a generated corpus (2,400 articles: channels of ~90, five pages each) for the
# paging journeys; the corpus and database live in a temporary folder removed when stopped.
set -u
cd "$(dirname "$0")/.."
port="$1"; shift
data="$(mktemp -d /tmp/difang-e2e-corpus.XXXXXX)"
server=target/debug/difang-server
[ -x "$server" ] || { echo "build the server first (scripts/build.sh)" >&2; exit 1; }
"$server" generate --articles 2400 --comments-per-thread 30 --threads 2 --out "$data/content" >/dev/null || exit 1
RUST_LOG="${RUST_LOG:-warn}" "$server" serve --bind "127.0.0.1:$port" --data-dir "$data/db" --dist-dir dist \
  --content-dir "$data/content" --rate-limit 1000 "$@" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid; rm -rf "$data"' EXIT INT TERM
wait $pid
