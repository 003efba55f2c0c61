#!/usr/bin/env bash
# Builds the release app into dist/ (precompressed) and the server. Usage: build.sh [--server-profile dev|server]
set -euo pipefail
source "$(dirname "$0")/env.sh"
profile=server
[ "${1:-}" = "--server-profile" ] && profile="${2:-server}"

echo "[build] app (trunk, release)"
trunk build --release --skip-version-check --dist dist
# Partner widgets: a second, small wasm (src/bin/embed.rs) for /embed/{kind} and /embed, so a widget on a
# partner's page never downloads the reader's app. Trunk builds one html target per run and empties its
# dist, so this runs after the app's build, into dist/embed/ (the split hook skips embed.html).
echo "[build] partner widgets (trunk, release)"
trunk build --release --skip-version-check embed.html --dist dist/embed --public-url /embed/
# The read-only widgets' page: styles and frame.js, no wasm (the server draws the widget into it).
echo "[build] read-only widgets' page (trunk, release)"
trunk build --release --skip-version-check src/embed/widget.html --dist dist/widget --public-url /widget/
# The editors' desk: a third wasm (src/bin/desk.rs), so nothing of it is in the reader's download; the
# server hands its page only to logged-in accounts (/desk…) and serves its files from /desk/.
echo "[build] editors' desk (trunk, release)"
trunk build --release --skip-version-check desk.html --dist dist/desk --public-url /desk/
# The partners' loader, served at /embed.js (its source is readable in the repo).
echo "[build] widget loader (terser)"
"$(dirname "$0")/../e2e/node_modules/.bin/terser" src/embed/embed.js --compress passes=2 --mangle --output dist/embed.js
# Precompress once so the server can send .br/.gz as they are (brotli -q 11 is too slow per request).
find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.webmanifest' \) \
  -print0 | while IFS= read -r -d '' f; do
  brotli -f -q 11 -o "$f.br" "$f"
  gzip -f -k -9 "$f"
done

echo "[build] server (profile: $profile)"
cargo build -p difang-server --profile "$profile"
