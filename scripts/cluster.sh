#!/usr/bin/env bash
# Difang as it runs under a spike, on loopback: PostgreSQL, two server instances on it, nginx balancing
# them (deploy/nginx/difang.conf) and Varnish in front (deploy/varnish/difang.vcl), each from Debian's
# packages. For the multi-instance journeys (e2e/tests/cluster.spec.ts) and benchmarks.
#
#   cluster.sh start DIR PORT   Varnish on PORT, nginx on PORT+1, instances A and B on PORT+2 and PORT+3,
#                               PostgreSQL on PORT+4; everything in DIR. Prints `export …` lines:
#                               CLUSTER_VARNISH, CLUSTER_NGINX, CLUSTER_A, CLUSTER_B (URLs), CLUSTER_DATABASE.
#   cluster.sh stop DIR         stops them all
#   cluster.sh kill DIR a|b     kills an instance at once (SIGKILL), as a crash would
#   cluster.sh restart DIR a|b  starts it again
#
# The server binary is $DIFANG_SERVER (default target/debug/difang-server); it serves dist/ and, on first
# start, imports $CLUSTER_CONTENT (default content/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER="${DIFANG_SERVER:-$ROOT/target/debug/difang-server}"
CONTENT="${CLUSTER_CONTENT:-$ROOT/content}"

wait_for() { # URL SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "cluster: $1 did not answer within $2 s" >&2
  return 1
}

start_instance() { # DIR NAME PORT
  local dir=$1 name=$2 port=$3
  RUST_LOG="${RUST_LOG:-warn}" setsid "$SERVER" serve --bind "127.0.0.1:$port" \
    --database "$(cat "$dir/database")" --dist-dir "$ROOT/dist" --content-dir "$CONTENT" \
    --trusted-proxies 127.0.0.1 --purge-url "http://127.0.0.1:$(cat "$dir/varnish-port")/" \
    --rate-limit 100000 --max-client-requests 100000 --max-client-connections 100000 \
    </dev/null >>"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
  echo "$port" >"$dir/$name.port"
}

stop_pid() { # FILE SIGNAL
  [ -f "$1" ] || return 0
  local pid i
  pid="$(cat "$1")"
  kill "-$2" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$1"
}

case "${1:-}" in
  start)
    [ $# -ge 3 ] || { echo "usage: $0 start DIR PORT" >&2; exit 2; }
    dir="$(mkdir -p "$2" && cd "$2" && pwd)"
    port=$3
    for p in "$port" $((port + 1)) $((port + 2)) $((port + 3)) $((port + 4)); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "cluster: port $p is in use" >&2; exit 1; fi
    done
    # A start that fails half-way stops what it started.
    trap '[ $? = 0 ] || "$0" stop "$dir"' EXIT
    echo "$port" >"$dir/varnish-port"
    "$ROOT/scripts/postgres.sh" start "$dir/pg" "$((port + 4))" >"$dir/database"
    # Both instances at once: the first start's import happens once.
    start_instance "$dir" a "$((port + 2))"
    start_instance "$dir" b "$((port + 3))"
    wait_for "http://127.0.0.1:$((port + 2))/healthz" 60
    wait_for "http://127.0.0.1:$((port + 3))/healthz" 60
    sed -e "s/127.0.0.1:8081/127.0.0.1:$((port + 2))/; s/127.0.0.1:8082/127.0.0.1:$((port + 3))/" \
      -e "s/listen 127.0.0.1:8080/listen 127.0.0.1:$((port + 1))/" "$ROOT/deploy/nginx/difang.conf" >"$dir/difang.conf"
    mkdir -p "$dir/nginx"
    cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/body; proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fcgi; uwsgi_temp_path $dir/nginx/uwsgi; scgi_temp_path $dir/nginx/scgi;
  include $dir/difang.conf;
}
CONF
    setsid /usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx.conf" </dev/null >>"$dir/nginx.log" 2>&1 &
    wait_for "http://127.0.0.1:$((port + 1))/healthz" 20
    sed -e "s/\.port = \"8080\"/.port = \"$((port + 1))\"/" "$ROOT/deploy/varnish/difang.vcl" >"$dir/difang.vcl"
    # -j none: as root, stay root (the work folder is ours); -F: in the foreground of its own group.
    setsid varnishd -j none -F -a "127.0.0.1:$port" -f "$dir/difang.vcl" -n "$dir/varnish" -s malloc,128m \
      </dev/null >>"$dir/varnish.log" 2>&1 &
    echo $! >"$dir/varnish.pid"
    wait_for "http://127.0.0.1:$port/api/v1/site" 30
    trap - EXIT
    cat <<ENV
export CLUSTER_VARNISH=http://127.0.0.1:$port CLUSTER_NGINX=http://127.0.0.1:$((port + 1))
export CLUSTER_A=http://127.0.0.1:$((port + 2)) CLUSTER_B=http://127.0.0.1:$((port + 3)) CLUSTER_DATABASE=$(cat "$dir/database")
ENV
    ;;
  kill)
    stop_pid "$2/$3.pid" KILL
    ;;
  restart)
    dir="$(cd "$2" && pwd)"
    start_instance "$dir" "$3" "$(cat "$dir/$3.port")"
    wait_for "http://127.0.0.1:$(cat "$dir/$3.port")/healthz" 60
    ;;
  stop)
    dir=$2
    stop_pid "$dir/varnish.pid" TERM
    stop_pid "$dir/nginx.pid" QUIT
    stop_pid "$dir/a.pid" TERM
    stop_pid "$dir/b.pid" TERM
    "$ROOT/scripts/postgres.sh" stop "$dir/pg"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR | kill DIR a|b | restart DIR a|b" >&2
    exit 2
    ;;
esac
