#!/usr/bin/env bash
# Prints performance figures (not a test): release sizes, the article route's initial transfer, the partner
# embeds (loader bytes, each widget's first download, loader tag → widget paint), Lighthouse medians (each
# page next to a static copy of its DOM), the main thread's tasks in CPU time, the repeat visit under the service worker (e2e/bench/pwa.mjs),
# the 1,000-comment thread render time, and the content server under load beside nginx.
# the WordPress sync (e2e/bench/wordpress.mjs), the instances behind nginx and Varnish (e2e/bench/cluster.mjs)
# and search on 20,000 articles (e2e/bench/search.mjs).
# Usage: bench.sh [--no-build] [--lighthouse-runs N] [--load-only | --no-load] [--load-seconds N]
set -euo pipefail
source "$(dirname "$0")/env.sh"
build=1; runs=3; load=1; front=1; load_secs=10
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --lighthouse-runs) runs="$2"; shift ;;
    --load-only) front=0 ;;
    --no-load) load=0 ;;
    --load-seconds) load_secs="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# The content server under load (issue 13), on loopback only: wrk (Debian's 4.1.0) against difang-server
# (profile `server`) with a 20,000-article corpus, and against nginx (Debian's) serving the same article's
# JSON bytes as a static file, in the same run. Article reads at 50 and 200 connections, alone and while
# 10 clients fetch article widget sets (all 8 kinds, a different article each time, so the cache rarely
# helps) and 2 clients post comments. Every wrk run is bounded by --load-seconds.
load_bench() {
  local need=()
  command -v wrk >/dev/null || need+=(wrk)
  [ -x /usr/sbin/nginx ] || need+=(nginx)
  if [ ${#need[@]} -gt 0 ]; then
    echo "[bench] installing ${need[*]} (Debian)"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "${need[@]}" >/dev/null; else sudo apt-get install -y -qq "${need[@]}" >/dev/null; fi
  fi
  [ "$build" = 1 ] && cargo build -q -p difang-server --profile server
  local bin="$ROOT/target/server/difang-server" tmp port=18801 nport=18802 article=1000
  tmp="$(mktemp -d /tmp/difang-load.XXXXXX)"; chmod 755 "$tmp"
  local pids=()
  # shellcheck disable=SC2064
  trap "kill \${pids[*]:-} 2>/dev/null; wait 2>/dev/null; rm -rf '$tmp'" RETURN
  "$bin" generate --articles 20000 --comments-per-thread 200 --threads 10 --out "$tmp/corpus" >/dev/null
  mkdir -p "$tmp/empty"
  # Logging at warn: the access log is one line per request (nginx's is off below too). The rate limit is
  # lifted: two posting clients on one address would otherwise be 429s after 5 posts.
  # wrk's connections all come from one address: no per-client caps here.
  "$bin" serve --bind "127.0.0.1:$port" --data-dir "$tmp/data" --content-dir "$tmp/corpus" \
    --dist-dir "$tmp/empty" --log-level warn --rate-limit 1000000 --max-client-requests 1000000 \
    --max-client-connections 1000000 >/dev/null 2>"$tmp/server.log" &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  mkdir -p "$tmp/www/api/v1/articles" "$tmp/nginx/logs"
  curl -fs "http://127.0.0.1:$port/api/v1/articles/$article" -o "$tmp/www/api/v1/articles/$article"
  cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body; proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fcgi; uwsgi_temp_path $tmp/nginx/uwsgi; scgi_temp_path $tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$nport;
    root $tmp/www;
    default_type application/json;
    add_header Cache-Control "public, max-age=30";
  }
}
CONF
  /usr/sbin/nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" 2>>"$tmp/nginx/logs/error.log" &
  pids+=($!)
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$nport/api/v1/articles/$article" >/dev/null && break; sleep 0.1; done
  cmp -s <(curl -fs "http://127.0.0.1:$port/api/v1/articles/$article") <(curl -fs "http://127.0.0.1:$nport/api/v1/articles/$article") \
    || { echo "[bench] nginx does not serve the same bytes" >&2; return 1; }
  cat >"$tmp/widgets.lua" <<'LUA'
local n = 0
local kinds = "recommended,related,guess-you-like,channel-picks,hot-reading,picture-highlights,neighbourhood,hot-ranking"
request = function()
  n = n + 1
  -- A different article each time (a stride through the corpus), as readers of many articles do.
  local id = (n * 7919) % 20000 + 1
  return wrk.format("GET", "/api/v1/widgets?kinds=" .. kinds .. "&article=" .. id)
end
LUA
  cat >"$tmp/comments.lua" <<'LUA'
local n = 0
local run = tostring(os.time())
request = function()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-" .. run .. "-" .. n }
  local body = '{"author":"压测","text":"第' .. n .. '条评论"}'
  return wrk.format("POST", "/api/v1/articles/" .. ((n % 20000) + 1) .. "/comments", headers, body)
end
LUA
  curl -fs "http://127.0.0.1:$port/api/v1/widgets?kinds=recommended,related,guess-you-like,channel-picks,hot-reading,picture-highlights,neighbourhood,hot-ranking&article=5" >/dev/null \
    || { echo "[bench] the widget set request fails" >&2; return 1; }

  # wrk output → "req/s p99 errors": errors are socket errors (connect, read, write, timeout) plus non-2xx/3xx.
  summary() {
    awk '/Requests\/sec/ {rps=$2} $1=="99%" {p99=$2}
         /Socket errors/ {gsub(",", ""); err+=$4+$6+$8+$10}
         /Non-2xx or 3xx/ {err+=$5}
         END {printf "%10.0f %9s %7d", rps, p99, err}' "$1"
  }
  local secs="$load_secs"
  reads() { # $1 label, $2 url, $3 connections, $4 output
    wrk -t2 -c"$3" -d"${secs}s" --timeout 5s --latency "$2" >"$4" 2>&1
    printf '%-34s %5s %s\n' "$1" "$3" "$(summary "$4")"
  }
  echo "== content server under load ($secs s per run; article $article of 20,000; loopback) =="
  printf '%-34s %5s %10s %9s %7s\n' target conns req/s p99 errors
  local c
  for c in 50 200; do
    reads "difang-server, reads alone" "http://127.0.0.1:$port/api/v1/articles/$article" "$c" "$tmp/d-$c.txt"
    reads "nginx, reads alone" "http://127.0.0.1:$nport/api/v1/articles/$article" "$c" "$tmp/n-$c.txt"
  done
  for c in 50 200; do
    for target in difang nginx; do
      local url="http://127.0.0.1:$port/api/v1/articles/$article"
      [ "$target" = nginx ] && url="http://127.0.0.1:$nport/api/v1/articles/$article"
      # The background load always goes to difang-server; it starts first and outlasts the measured run.
      wrk -t1 -c10 -d"$((secs + 2))s" --timeout 5s --latency -s "$tmp/widgets.lua" "http://127.0.0.1:$port" >"$tmp/w-$target-$c.txt" 2>&1 &
      local w=$!
      wrk -t1 -c2 -d"$((secs + 2))s" --timeout 5s --latency -s "$tmp/comments.lua" "http://127.0.0.1:$port" >"$tmp/p-$target-$c.txt" 2>&1 &
      local p=$!
      sleep 1
      reads "$target, reads + widgets + comments" "$url" "$c" "$tmp/m-$target-$c.txt"
      wait "$w" "$p"
      printf '%-34s %5s %s\n' "  background: widget sets" 10 "$(summary "$tmp/w-$target-$c.txt")"
      printf '%-34s %5s %s\n' "  background: comment posts" 2 "$(summary "$tmp/p-$target-$c.txt")"
    done
  done
  if grep -qiE "error|panic" "$tmp/server.log"; then
    echo "[bench] server log:"; grep -iE "error|panic" "$tmp/server.log" | sort | uniq -c | head
  fi
  # Beyond one machine (issue 24) and the WordPress source (issue 23), each printing its goals.
  node "$ROOT/e2e/bench/cluster.mjs" "$bin" 18830 "$secs"
  node "$ROOT/e2e/bench/wordpress.mjs" "$bin" 18870
  # Search on 20,000 articles (issue 26): p95 per query, goal ≤ 50 ms, on SQLite and on PostgreSQL.
  node "$ROOT/e2e/bench/search.mjs" "$bin" 18890
  local pg="$tmp/search-pg" url failed=0
  url=$("$ROOT/scripts/postgres.sh" start "$pg" 18891 | tail -1)
  node "$ROOT/e2e/bench/search.mjs" "$bin" 18892 40 -- --database "$url" || failed=$?
  "$ROOT/scripts/postgres.sh" stop "$pg" >/dev/null
  return "$failed"
}

if [ "$front" = 0 ]; then
  load_bench
  exit 0
fi
[ "$build" = 1 ] && { "$(dirname "$0")/setup.sh" >/dev/null; "$ROOT/scripts/build.sh" --server-profile server --hydrate >/dev/null; }

echo "== release build sizes (bytes) =="
printf '%-6s %10s %10s %10s  %s\n' kind raw gzip-9 brotli-11 file
total_raw=0; total_gz=0; total_br=0
for pattern in '*.wasm' '*.js' '*.css' 'index.html'; do
  for f in dist/$pattern dist/embed/$pattern dist/widget/$pattern; do
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
node e2e/bench/embeds.mjs "http://127.0.0.1:$port" 5 18798
node e2e/bench/lighthouse.mjs "http://127.0.0.1:$port" "$runs"
node e2e/bench/tasks.mjs "http://127.0.0.1:$port" "$runs"
node e2e/bench/pwa.mjs "http://127.0.0.1:$port" "$runs"
# Issue 27: the same pages with the app hydrating the server's markup instead of the staged takeover,
# measured in this run beside the figures above (built by `build.sh --hydrate`; docs/architecture.md).
hbin="$ROOT/target/hydrate-server/server/difang-server"
if [ -f dist-hydrate/index.html ] && [ -x "$hbin" ]; then
  echo "== hydration variant (dist-hydrate/, the same pages and measures as above) =="
  hport=18797
  "$hbin" serve --bind "127.0.0.1:$hport" --data-dir "$data/hydrate" --dist-dir dist-hydrate \
    --content-dir content >/dev/null 2>&1 &
  hpid=$!
  trap 'kill $pid $hpid 2>/dev/null; wait $pid $hpid 2>/dev/null; rm -rf "$data"' EXIT
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$hport/healthz" >/dev/null && break; sleep 0.2; done
  node e2e/bench/hydrate.mjs "http://127.0.0.1:$hport"
  node e2e/bench/transfer.mjs "http://127.0.0.1:$hport"
  node e2e/bench/lighthouse.mjs "http://127.0.0.1:$hport" "$runs" dist-hydrate
  node e2e/bench/tasks.mjs "http://127.0.0.1:$hport" "$runs"
  # Lines of code: what hydration could replace is the takeover's own code (its swap and staging).
  echo "lines: src/ $(find src -name '*.rs' -print0 | xargs -0 cat | wc -l); the takeover's own (src/handover.rs, src/staged.rs): $(cat src/handover.rs src/staged.rs | wc -l)"
  kill "$hpid" 2>/dev/null; wait "$hpid" 2>/dev/null || true
else
  echo "[bench] no hydration variant (scripts/build.sh --hydrate builds it)"
fi
if [ -f e2e/bench/comments.mjs ]; then
  node e2e/bench/comments.mjs "$ROOT/target/server/difang-server" "$data"
fi
if [ "$load" = 1 ]; then
  load_bench
fi
