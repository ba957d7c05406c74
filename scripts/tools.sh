# shellcheck shell=bash
# Idempotent tool installation shared by ./run and ./test. Each `ensure_*` is silent when the tool
# is already there, so a warm run costs a few `--version` calls.
#
# Pinned versions (see README "Development"):
#   trunk 0.21.14 (0.22 needs a newer rustc), wasm-bindgen-cli == the wasm-bindgen crate (=0.2.130),
#   wasm-opt from npm `binaryen` (Debian's 108 corrupts wasm-bindgen externref tables),
#   Chromium + ChromeDriver from Debian, Playwright via npm `playwright-core` (no browser download).

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (one-time, ~7 min)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (one-time, ~3 min)"
    # Not --locked: its lockfile names a crate version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_node_modules() {
  # binaryen (wasm-opt), playwright-core and axe-core, pinned by package-lock.json.
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian chromium and chromium-driver"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_node_modules
}

# Release build of the web app into dist/ (relative URLs; the post-build hook adds CSP hashes and
# writes the service worker's file list).
build_web() {
  cargo fetch --locked >/dev/null 2>&1 || cargo fetch
  trunk build --release --offline "$@"
}

# The single-file offline page, dist-single/micronum.html, from the release dist/ (prints its size).
build_single_file() {
  node scripts/single-file.mjs dist dist-single/micronum.html
}
