#!/usr/bin/env bash
# A real WordPress (Debian's packages: WordPress 6.1, MariaDB, PHP's built-in server) on loopback, for the
# WordPress sync's tests and benchmarks. Everything an instance writes lives in its folder DIR, apart from
# /etc/wordpress/config-difang-PORT.php (Debian's wp-config.php only reads /etc/wordpress), removed by stop.
#
#   wordpress.sh start DIR PORT [--pretty]   installs WordPress in DIR if new (a stopped DIR starts again
#                                           with its content: keep its PORT, the content's links name it),
#                                           serves it on 127.0.0.1:PORT and prints the site URL as the last
#                                           line (also in DIR/url). The user admin's password is in
#                                           DIR/admin-password. Plain permalinks (REST at /?rest_route=/), or
#                                           /%postname%/ and /wp-json/ with --pretty.
#   wordpress.sh stop DIR                   stops PHP and MariaDB, removes the file in /etc/wordpress
#   wordpress.sh seed DIR                   content/site.json as categories, content/media as attachments
#                                           8001…, content/articles as posts with the articles' ids, posts
#                                           9001 (core block markup) and 9002 (hostile HTML); once per DIR
#   wordpress.sh bulk DIR N                 N more published posts, ids from 100001 (10,000 take about a minute)
#   wordpress.sh wp DIR ACTION ARGS…        edits as an editor would: edit, meta, unpublish, publish, trash,
#                                           untrash, delete, create, category (see scripts/wordpress/wp.php)
#   wordpress.sh fault DIR MODE             the REST API fails until MODE is none: 500, html (maintenance
#                                           page), badjson (cut off), slow (8 s); see scripts/wordpress/faults.php
#
# Needs the packages scripts/setup.sh installs (wordpress mariadb-server php-cli php-mysql), and root or sudo
# for the file in /etc/wordpress. Instances in different folders on different ports run side by side.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HELPERS="$ROOT/scripts/wordpress"
WP_ROOT=/usr/share/wordpress
export PATH="$PATH:/usr/sbin:/sbin"

log() { printf '\033[1m[wordpress]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
usage() { sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }

# The absolute path of folder $1, created if missing.
folder() { mkdir -p "$1" && (cd "$1" && pwd); }

# A random password of 24 letters and digits.
random_secret() { tr -dc 'A-Za-z0-9' </dev/urandom | head -c 24 || true; }

# True when process $1 runs and its command line names $2 (a recorded PID may have been reused).
alive() { [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && [[ "$(tr '\0' ' ' <"/proc/$1/cmdline")" == *"$2"* ]]; }

# Stops the process group recorded in pid file $1 if its leader still runs $2: TERM, then KILL after $3 s.
stop_group() {
  local file=$1 name=$2 grace=$3 pid i
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if alive "$pid" "$name"; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do alive "$pid" "$name" || break; sleep 0.1; done
    if alive "$pid" "$name"; then
      log "$name ($pid) still running after ${grace}s: killing it"
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

# Exports what the PHP helpers need to load the running instance in folder $1.
instance_env() {
  local dir=$1 url
  if [ ! -f "$dir/url" ] || ! alive "$(cat "$dir/php.pid" 2>/dev/null)" php \
    || ! alive "$(cat "$dir/mariadbd.pid" 2>/dev/null)" mariadbd; then
    die "$dir: no instance runs there; run: $0 start $dir PORT"
  fi
  url="$(cat "$dir/url")"
  export DIFANG_WP_HOST="${url#http://}"
  export DIFANG_WP_CONFIG="difang-${DIFANG_WP_HOST##*:}"
}

cmd_start() {
  [ $# -ge 2 ] || usage
  local dir port=$2 pretty=0 structure=''
  dir="$(folder "$1")"
  [ "${3:-}" = --pretty ] && { pretty=1; structure='/%postname%/'; }
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number: $port"
  # The folder is written into PHP and SQL strings below.
  [[ "$dir" =~ ^[A-Za-z0-9._/-]+$ ]] || die "DIR may only hold letters, digits and . _ / -: $dir"
  local url="http://127.0.0.1:$port" config="difang-$port"
  local etc_file="/etc/wordpress/config-$config.php" sock="$dir/mysqld.sock"

  if alive "$(cat "$dir/php.pid" 2>/dev/null)" php || alive "$(cat "$dir/mariadbd.pid" 2>/dev/null)" mariadbd; then
    die "$dir: an instance already runs there (stop it first)"
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use"; fi
  [ ${#sock} -lt 108 ] || die "$sock is too long for a Unix socket: use a shorter DIR"
  [ -f "$WP_ROOT/wp-settings.php" ] && command -v mariadbd >/dev/null && command -v php >/dev/null \
    || die "WordPress, MariaDB or PHP is missing: run scripts/setup.sh"

  # From here on, a failure stops whatever was started.
  trap 'rc=$?; if [ $rc != 0 ]; then log "start failed: see $dir/*.log"; cmd_stop "$dir" || true; fi' EXIT

  # MariaDB: a data folder of its own, reached only through its socket.
  local me; me="$(id -un)"
  if [ ! -d "$dir/db/mysql" ]; then
    log "initialising MariaDB in $dir/db"
    mariadb-install-db --no-defaults --user="$me" --datadir="$dir/db" --skip-test-db --innodb-log-file-size=32M \
      --auth-root-authentication-method=socket >"$dir/mariadb-install.log" 2>&1
  fi
  # Durability is not wanted here, speed is (a whole instance is thrown away after a test).
  setsid mariadbd --no-defaults --user="$me" --datadir="$dir/db" --socket="$sock" --skip-networking \
    --pid-file="$dir/db/mariadbd.pid" --log-error="$dir/mariadbd.log" --skip-log-bin --skip-name-resolve \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-buffer-pool-size=256M --innodb-log-file-size=32M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/mariadbd.pid"
  local i
  for ((i = 0; i < 300; i++)); do
    [ -S "$sock" ] && mariadb-admin --socket="$sock" -u "$me" ping >/dev/null 2>&1 && break
    kill -0 "$(cat "$dir/mariadbd.pid")" 2>/dev/null || die "mariadbd exited: $(tail -n 5 "$dir/mariadbd.log" 2>/dev/null)"
    sleep 0.1
  done
  [ "$i" -lt 300 ] || die "mariadbd did not answer on $sock within 30 s"

  [ -f "$dir/db-password" ] || random_secret >"$dir/db-password"
  [ -f "$dir/admin-password" ] || random_secret >"$dir/admin-password"
  mariadb --socket="$sock" -u "$me" <<SQL
CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY '$(cat "$dir/db-password")';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';
SQL

  # A writable wp-content: real folders, the packaged themes, plugins and translations linked file by file,
  # uploads, and Difang's must-use plugin.
  if [ ! -d "$dir/wp-content" ]; then
    mkdir -p "$dir/wp-content"
    cp -rs "$WP_ROOT/wp-content/." "$dir/wp-content/"
    mkdir -p "$dir/wp-content/uploads" "$dir/wp-content/mu-plugins"
  fi
  cp "$ROOT/deploy/wordpress/difang-source.php" "$dir/wp-content/mu-plugins/"
  # Test instances only: failures on demand (cmd_fault).
  cp "$HELPERS/faults.php" "$dir/wp-content/mu-plugins/difang-test-faults.php"

  local salts='' key
  for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
    salts+="define('$key', '$(random_secret)');"$'\n'
  done
  cat >"$dir/wp-config.php" <<PHP
<?php
// The configuration of the WordPress in this folder, written by scripts/wordpress.sh start and loaded by
// Debian's /usr/share/wordpress/wp-config.php through $etc_file.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', '$(cat "$dir/db-password")');
define('DB_HOST', 'localhost:$sock');
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', '$url');
define('WP_SITEURL', '$url');
define('WP_CONTENT_DIR', '$dir/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
// Offline and predictable: no requests to other hosts (updates, oEmbed, pings), no cron run on page loads.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
$salts
PHP
  # Debian's wp-config.php picks /etc/wordpress/config-HOST.php with HOST = the Host header without its
  # port ("127.0.0.1" for every instance), unless WORDPRESS_CONFIG names another file: the router and the
  # PHP helpers set it to difang-PORT.
  printf "<?php\n// scripts/wordpress.sh: the instance in %s (removed by its stop).\nrequire '%s/wp-config.php';\n" \
    "$dir" "$dir" | as_root tee "$etc_file" >/dev/null
  echo "$etc_file" >"$dir/etc-file"

  export DIFANG_WP_HOST="127.0.0.1:$port" DIFANG_WP_CONFIG="$config"
  log "installing WordPress ($([ $pretty = 1 ] && echo "pretty" || echo "plain") permalinks)"
  php "$HELPERS/install.php" "$dir/admin-password" "$structure" >>"$dir/install.log" 2>&1 \
    || die "install failed: $(tail -n 5 "$dir/install.log")"

  # PHP's built-in server, four workers so requests run side by side, with OPcache.
  DIFANG_WP_CONTENT="$dir/wp-content" PHP_CLI_SERVER_WORKERS=4 setsid php \
    -d opcache.enable_cli=1 -d display_errors=0 -d log_errors=1 -d memory_limit=256M \
    -S "127.0.0.1:$port" -t "$WP_ROOT" "$HELPERS/router.php" </dev/null >>"$dir/php.log" 2>&1 &
  echo $! >"$dir/php.pid"

  # Ready when the REST API answers and the home page announces it.
  local rest="$url/?rest_route=/"
  [ $pretty = 1 ] && rest="$url/wp-json/"
  local headers
  for ((i = 0; i < 300; i++)); do
    if curl -sf -o /dev/null "$rest" && headers="$(curl -sf -D - -o /dev/null "$url/")" \
      && grep -qi '^link: <[^>]*>; rel="https://api.w.org/"' <<<"$headers"; then
      break
    fi
    kill -0 "$(cat "$dir/php.pid")" 2>/dev/null || die "php exited: $(tail -n 5 "$dir/php.log" 2>/dev/null)"
    sleep 0.1
  done
  [ "$i" -lt 300 ] || die "WordPress did not answer on $url within 30 s"
  trap - EXIT
  echo "$url" >"$dir/url"
  echo "$url"
}

cmd_stop() {
  [ $# -ge 1 ] || usage
  local dir=$1 etc_file
  [ -d "$dir" ] || die "no folder $dir"
  dir="$(cd "$dir" && pwd)"
  stop_group "$dir/php.pid" php 5
  stop_group "$dir/mariadbd.pid" mariadbd 30
  if [ -f "$dir/etc-file" ]; then
    etc_file="$(cat "$dir/etc-file")"
    # Only the file this instance wrote (a later instance on the same port would point to its own folder).
    if [ -f "$etc_file" ] && grep -qF "require '$dir/wp-config.php';" "$etc_file"; then as_root rm -f "$etc_file"; fi
    rm -f "$dir/etc-file"
  fi
  rm -f "$dir/url" "$dir/mysqld.sock"
}

cmd_seed() {
  [ $# -ge 1 ] || usage
  instance_env "$1"
  php "$HELPERS/seed.php" "$ROOT/content"
}

cmd_bulk() {
  [ $# -ge 2 ] || usage
  [[ "$2" =~ ^[0-9]+$ ]] || die "N must be a number: $2"
  instance_env "$1"
  php "$HELPERS/bulk.php" "$ROOT/content/site.json" "$2"
}

cmd_wp() {
  [ $# -ge 2 ] || usage
  instance_env "$1"
  shift
  php "$HELPERS/wp.php" "$@"
}

cmd_fault() {
  [ $# -ge 2 ] || usage
  local dir
  dir="$(cd "$1" && pwd)"
  case "$2" in
    none) rm -f "$dir/fault" ;;
    500 | html | badjson | slow) echo "$2" >"$dir/fault" ;;
    *) die "MODE must be none, 500, html, badjson or slow: $2" ;;
  esac
}

[ $# -ge 1 ] || usage
command="$1"
shift
case "$command" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  seed) cmd_seed "$@" ;;
  bulk) cmd_bulk "$@" ;;
  wp) cmd_wp "$@" ;;
  fault) cmd_fault "$@" ;;
  *) usage ;;
esac
