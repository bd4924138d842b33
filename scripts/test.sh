#!/usr/bin/env bash
# Runs every test of sqs-sim, in order, stopping at the first failure:
#   format, lint (native and wasm32), native tests, queueing-theory checks (optimised build),
#   the exports checked by moto, cfn-lint and shellcheck,
#   release build of the web app, browser tests
#   (Playwright + Chromium against dist/ served on 127.0.0.1), wasm-bindgen tests in Chromium.
# Installs whatever is missing first (see scripts/setup.sh).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
started=$SECONDS
bash scripts/setup.sh test
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

timings=()
# phase NAME COMMAND...: runs one step; on failure, says which and stops.
phase() {
	local name=$1
	shift
	local phase_started=$SECONDS
	echo
	echo "=== $name: $*"
	if ! "$@"; then
		echo "=== FAILED: $name" >&2
		exit 1
	fi
	timings+=("$(printf '%-28s %4d s' "$name" $((SECONDS - phase_started)))")
}

phase "format" cargo fmt --check
phase "lint (native)" cargo clippy --all-targets --locked -- -D warnings
phase "lint (wasm32)" cargo clippy --target wasm32-unknown-unknown --lib --bins --test wasm --locked -- -D warnings
phase "native tests" cargo test --locked
phase "theory tests (optimised)" cargo test -p sqs-sim-engine --profile theory --test theory --locked
phase "export checks" cargo test --test exports --locked
phase "web build (release)" trunk build --release
phase "browser tests" node --test tests/browser/
phase "wasm tests (Chromium)" cargo test --target wasm32-unknown-unknown --test wasm --locked

echo
echo "=== all tests passed in $((SECONDS - started)) s"
printf '    %s\n' "${timings[@]}"
