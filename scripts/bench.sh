#!/usr/bin/env bash
# Prints performance figures (not a test): release sizes, the article route's initial transfer, Lighthouse
# medians and the 1,000-comment thread render time. Usage: bench.sh [--no-build] [--lighthouse-runs N]
set -euo pipefail
source "$(dirname "$0")/env.sh"
build=1; runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --lighthouse-runs) runs="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$build" = 1 ] && { "$(dirname "$0")/setup.sh" >/dev/null; "$ROOT/scripts/build.sh" --server-profile server >/dev/null; }

echo "== release build sizes (bytes) =="
printf '%-6s %10s %10s %10s  %s\n' kind raw gzip-9 brotli-11 file
total_raw=0; total_gz=0; total_br=0
for pattern in '*.wasm' '*.js' '*.css' 'index.html'; do
  for f in dist/$pattern; do
    [ -f "$f" ] || continue
    raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
    printf '%-6s %10d %10d %10d  %s\n' "${f##*.}" "$raw" "$gz" "$br" "${f#dist/}"
  done
done
printf '%-6s %10d %10d %10d  (every file: main module, all chunks, js, css, html)\n' total "$total_raw" "$total_gz" "$total_br"

data="$(mktemp -d /tmp/difang-bench.XXXXXX)"; port=18799
"$ROOT/target/server/difang-server" serve --bind "127.0.0.1:$port" --data-dir "$data/demo" --dist-dir dist \
  --content-dir content >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

node e2e/bench/transfer.mjs "http://127.0.0.1:$port"
node e2e/bench/lighthouse.mjs "http://127.0.0.1:$port" "$runs"
if [ -f e2e/bench/comments.mjs ]; then
  node e2e/bench/comments.mjs "$ROOT/target/server/difang-server" "$data"
fi
