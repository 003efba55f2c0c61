#!/usr/bin/env bash
# Installs every tool Difang builds and tests with, pinned and idempotently (second run: seconds).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
WASM_SPLIT_VERSION=0.2.4
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v brotli >/dev/null || missing+=(brotli)
# CJK glyphs for screenshots and for the browser tests to measure real text.
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
command -v curl >/dev/null || missing+=(curl)
command -v node >/dev/null || missing+=(nodejs npm)
# A real WordPress for the WordPress sync's tests and benchmarks (scripts/wordpress.sh): Debian's WordPress
# 6.1 with its default theme, MariaDB, and PHP's CLI (its built-in server) with mysqli.
[ -f /usr/share/wordpress/wp-settings.php ] || missing+=(wordpress)
[ -d /usr/share/wordpress/wp-content/themes/twentytwentythree ] || missing+=(wordpress-theme-twentytwentythree)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
command -v php >/dev/null || missing+=(php-cli)
php -r 'exit(extension_loaded("mysqli") ? 0 : 1);' 2>/dev/null || missing+=(php-mysql)
# PostgreSQL for the second store (--database) and its tests (scripts/postgres.sh); nginx and Varnish (with
# the xkey module of varnish-modules) for the multi-instance journeys (scripts/cluster.sh).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v varnishd >/dev/null || missing+=(varnish)
ls /usr/lib/*/varnish/vmods/libvmod_xkey.so >/dev/null 2>&1 || missing+=(varnish-modules)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt: ${missing[*]}"
  as_root apt-get update -qq
  # Never Debian's binaryen: its wasm-opt 108 produces a blank page (see DEVELOPERS.md).
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (~4 min)"
  # No --locked: its lock file names a crate the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (~10 min)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# The wasm splitter Trunk's post_build hook runs (scripts/split-wasm.mjs); it has no --version flag.
if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (~2.5 min)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

# npm tools (wasm-opt from binaryen@132, Playwright, Lighthouse, axe) live in e2e/node_modules, pinned
# by e2e/package-lock.json.
if [ ! -x e2e/node_modules/.bin/wasm-opt ] || [ ! -d e2e/node_modules/@playwright/test ] \
  || [ e2e/package-lock.json -nt e2e/node_modules/.installed ]; then
  log "npm ci (e2e/)"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed)
fi
log "toolchain ready"
