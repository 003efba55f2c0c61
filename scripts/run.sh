#!/usr/bin/env bash
# The run command: installs what is missing, builds the release app and the server, and starts the whole
# product on its embedded default (SQLite in ./data, demo content from ./content, one origin).
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/build.sh" --server-profile server
exec "$ROOT/target/server/difang-server" serve \
  --bind "${DIFANG_BIND:-127.0.0.1:8080}" \
  --data-dir "${DIFANG_DATA_DIR:-$ROOT/data}" \
  --dist-dir "$ROOT/dist" \
  --content-dir "$ROOT/content" "$@"
