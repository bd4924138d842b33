#!/usr/bin/env bash
# Serves the sqs-sim web app with its default scenario on http://127.0.0.1:8080.
# Installs whatever is missing first (see scripts/setup.sh); extra arguments go to `trunk serve`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh serve
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "serve: building (release) and serving on http://127.0.0.1:8080 — Ctrl-C stops"
# No auto-reload: its injected inline script would break the page's Content-Security-Policy.
exec trunk serve --release --no-autoreload "$@"
