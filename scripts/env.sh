# Sourced by the other scripts: paths and the pinned tools first on PATH (wasm-opt 132 before any other).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROME_PATH=/usr/bin/chromium
cd "$ROOT"
