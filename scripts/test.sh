#!/usr/bin/env bash
# The test command: every check and test, in the order that fails fastest. CI (.ci/run) runs exactly this.
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"
# A clean clone builds everything once: incremental caches and full debug info only fill the disk there
# (a CI run failed with "No space left on device"). Line tables keep panics' file:line.
if [ -n "${CI:-}" ]; then
  export CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=line-tables-only
fi
step() { printf '\n\033[1m[test] %s\033[0m\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "no module cycles in the app"
python3 "$ROOT/scripts/module-cycles.py"

step "clippy (model, server; app for wasm32 and as the server renders it)"
cargo clippy -p difang-model -p difang-server --all-targets -- -D warnings
cargo clippy -p difang --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p difang --no-default-features --features ssr --all-targets -- -D warnings
# The measured hydration variant (docs/architecture.md) still compiles, clean.
cargo clippy -p difang --target wasm32-unknown-unknown --features split,hydrate --bin difang -- -D warnings

step "real services for the native tests (scripts/services.sh: WordPress, plain and pretty permalinks; PostgreSQL)"
services="$(mktemp -d /tmp/difang-svc.XXXXXX)"
trap '"$ROOT/scripts/services.sh" stop "$services"' EXIT
eval "$("$ROOT/scripts/services.sh" start "$services")"

step "native tests (model, server; the HTTP suite on SQLite; the app's server-side render)"
cargo test -p difang-model -p difang-server
cargo test -p difang --no-default-features --features ssr --lib

step "the server's HTTP suite again, on PostgreSQL (a fresh database per server)"
DIFANG_TEST_STORE=postgres cargo test -p difang-server --test http
"$ROOT/scripts/services.sh" stop "$services"
trap - EXIT

step "wasm tests in headless Chromium"
cargo test -p difang --target wasm32-unknown-unknown

step "release build of the app; server binary for e2e"
# The e2e server is the debug build: it shares the test build's dependencies (build once, test many).
"$ROOT/scripts/build.sh" --server-profile dev

step "Playwright e2e (390x844 and 1280x800) against the real server"
(cd e2e && npx playwright test)
# One closing line in the plain form CI reads: the e2e counts.
node -e 'const s=require("./e2e/test-results/results.json").stats;
console.log(`e2e: ${s.expected} passed, ${s.unexpected + s.flaky} failed, ${s.skipped} skipped`)'
