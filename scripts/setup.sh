#!/usr/bin/env bash
# Installs what building and testing sqs-sim needs, skipping whatever is already present.
#
#   scripts/setup.sh serve   # what `scripts/serve.sh` needs (wasm32 target, Trunk, wasm-bindgen, wasm-opt)
#   scripts/setup.sh test    # the above plus Chromium and the browser-test packages
#
# Every step prints what it did and how long it took; a failed step stops the script with a
# message naming it. Versions follow ../shared/TOOLCHAIN.md's verified recipe:
#   * Trunk 0.21.14 (0.22 needs a newer rustc), installed `--debug`: its own speed barely
#     matters and the debug build installs in half the time of the release one.
#   * wasm-bindgen-cli at exactly the version Cargo.lock pins, installed without `--locked`
#     (its own lockfile names a crate version the registry lacks).
#   * wasm-opt from the npm `binaryen` package, inside ./node_modules: Debian's binaryen is too
#     old to read modern wasm.
#   * Debian's chromium + chromium-driver: browser downloads do not work on these machines.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
purpose=${1:-test}
case "$purpose" in serve | test) ;; *)
	echo "usage: scripts/setup.sh [serve|test]" >&2
	exit 2
	;;
esac

TRUNK_VERSION=0.21.14
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# The wasm-bindgen version the build links against; the CLI must match it exactly.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wasm_bindgen_version" ]; then
	echo "setup: could not read the wasm-bindgen version from Cargo.lock" >&2
	exit 1
fi

# step NAME COMMAND...: runs an install step, timing it and naming it if it fails.
step() {
	local name=$1
	shift
	local started=$SECONDS
	echo "setup: installing $name ..."
	if ! "$@"; then
		echo "setup: FAILED: $name (after $((SECONDS - started)) s). Fix the error above and run again." >&2
		exit 1
	fi
	echo "setup: installed $name in $((SECONDS - started)) s"
}

have() { echo "setup: $1 present"; }

# 1. wasm32 target
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
	have "wasm32-unknown-unknown target"
else
	step "wasm32-unknown-unknown target" rustup target add wasm32-unknown-unknown
fi

# 2. Trunk
if command -v trunk >/dev/null && trunk --version | grep -q " $TRUNK_VERSION\$"; then
	have "trunk $TRUNK_VERSION"
else
	step "trunk $TRUNK_VERSION (cargo install, a few minutes)" \
		cargo install trunk --locked --version "$TRUNK_VERSION" --debug --force
fi

# 3. wasm-bindgen-cli (wasm-bindgen and wasm-bindgen-test-runner)
if command -v wasm-bindgen >/dev/null && wasm-bindgen --version | grep -q " $wasm_bindgen_version\$" &&
	command -v wasm-bindgen-test-runner >/dev/null; then
	have "wasm-bindgen-cli $wasm_bindgen_version"
else
	step "wasm-bindgen-cli $wasm_bindgen_version (cargo install, a few minutes)" \
		cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

# 4. npm packages: binaryen's wasm-opt (both purposes) and playwright-core (tests).
#    `npm ci` installs exactly package-lock.json; it is rerun only when the lockfile changed.
stamp=node_modules/.package-lock.stamp
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
	have "npm packages (binaryen, playwright-core)"
else
	step "npm packages (binaryen, playwright-core)" npm ci --no-audit --no-fund
	cp package-lock.json "$stamp"
fi

# 5. Debian packages, for the tests only: Chromium for the browser tests, shellcheck for the
#    AWS CLI export. One apt-get run installs whichever are missing.
if [ "$purpose" = test ]; then
	missing=()
	[ -x /usr/bin/chromium ] || missing+=(chromium)
	[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
	command -v shellcheck >/dev/null || missing+=(shellcheck)
	if [ ${#missing[@]} -eq 0 ]; then
		have "chromium, chromium-driver and shellcheck"
	else
		sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo"
		install_debian() {
			$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
		}
		step "${missing[*]} (apt)" install_debian
	fi
fi

# 6. Python tools for the export checks, for the tests only: moto, boto3 and cfn-lint at the
#    versions tests/exports/requirements.txt pins, in a virtual environment in .tools/python.
#    Reinstalled only when the requirements change.
if [ "$purpose" = test ]; then
	requirements=tests/exports/requirements.txt
	if [ -x .tools/python/bin/python ] && cmp -s "$requirements" .tools/python/requirements.stamp; then
		have "python tools (moto, boto3, cfn-lint)"
	else
		install_python_tools() {
			rm -rf .tools/python &&
				python3 -m venv .tools/python &&
				.tools/python/bin/pip install -q --disable-pip-version-check -r "$requirements" &&
				cp "$requirements" .tools/python/requirements.stamp
		}
		step "python tools (moto, boto3, cfn-lint; pip)" install_python_tools
	fi
fi
echo "setup: ready (PATH has ./node_modules/.bin and ~/.cargo/bin first)"
