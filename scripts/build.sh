#!/usr/bin/env bash
# Builds the release app into dist/ (precompressed) and the server. Usage: build.sh [--server-profile dev|server]
# [--hydrate]. `--hydrate` also builds the measured alternative to the staged takeover (docs/architecture.md,
# "Hydration, measured"): the app hydrating the server's first screen, into dist-hydrate/, and a server whose
# views are type-erased as the wasm's are (their markup must match node for node), target/hydrate-server/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
profile=server; hydrate=0
while [ $# -gt 0 ]; do
  case "$1" in
    --server-profile) profile="${2:-server}"; shift ;;
    --hydrate) hydrate=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

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
if [ "$hydrate" = 1 ]; then
  echo "[build] hydration variant (trunk, release): dist-hydrate/"
  # index.html with the `hydrate` feature added; made here so it never drifts from index.html (git ignores it).
  sed 's/data-cargo-features="split"/data-cargo-features="split,hydrate"/' index.html > index-hydrate.html
  grep -q 'data-cargo-features="split,hydrate"' index-hydrate.html
  trunk build --release --skip-version-check index-hydrate.html --dist dist-hydrate
  # The other targets are the same as the takeover's.
  for part in embed widget desk embed.js; do cp -r "dist/$part" dist-hydrate/; done
fi
# Precompress once so the server can send .br/.gz as they are (brotli -q 11 is too slow per request).
find dist $([ "$hydrate" = 1 ] && echo dist-hydrate) -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.webmanifest' \) \
  -print0 | while IFS= read -r -d '' f; do
  brotli -f -q 11 -o "$f.br" "$f"
  gzip -f -k -9 "$f"
done

echo "[build] server (profile: $profile)"
cargo build -p difang-server --profile "$profile"
if [ "$hydrate" = 1 ]; then
  echo "[build] hydration variant's server (profile: $profile, views type-erased as in the wasm)"
  RUSTFLAGS="--cfg erase_components --cfg difang_hydrate" cargo build -p difang-server --profile "$profile" --target-dir "$ROOT/target/hydrate-server"
fi
