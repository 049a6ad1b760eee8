#!/usr/bin/env bash
# `npm run bench`: the app's figures, not a test (never part of `npm test`). Builds the release app
# and its .deb, runs the store benchmark, then the app benchmark (tests/bench/app_bench.rs) in a
# real window under Xvfb with its own session bus, keychain and HOME. Prints a table: cold start,
# "Linkler" open and search over 100,000 links, memory after 10 idle minutes beside a blank Tauri
# window (tests/bench/blank, built here too) run at the same time, binary/.deb sizes.
#
#   tests/bench/app-bench.sh [--no-build] [--idle-secs N] [--memory-only] [--runs N] [--rows N] [--settle-ms N]
#
# --no-build reuses target/release/tahsildar-app and the newest .deb (the blank window is still
# brought up to date: a no-op once built). --idle-secs 0 skips the memory phase (default 600; a
# shorter one is fine while exploring). --memory-only skips the timed launches and the store
# benchmark. --runs launches per phase, the first dropped (default 6). --start-only: the cold
# starts alone (the app's and the blank window's), no store benchmark, no memory phase.
# --settle-ms: Linkler is clicked this long after the window is ready (default 2000; 0 = at once).
# The app inherits the environment: e.g. `WEBKIT_DISABLE_DMABUF_RENDERER=1 npm run bench -- --no-build`
# compares a WebKit setting. Other processes on the machine skew the timings: see the load line.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=tests/lib/setup.sh
source "$ROOT/tests/lib/setup.sh"

BUILD=1
MEMORY_ONLY=0
ROWS=100000
PASS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --rows) ROWS=$2; PASS+=(--rows "$2"); shift ;;
    --memory-only) MEMORY_ONLY=1; PASS+=("$1") ;;
    --start-only) MEMORY_ONLY=1; PASS+=("$1" --idle-secs 0) ;;
    --idle-secs | --runs | --settle-ms) PASS+=("$1" "$2"); shift ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

for tool in xvfb-run WebKitWebDriver dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "$tool not found: run \`npm test\` once (it installs the test packages)" >&2; exit 1; }
done
DRIVER=${TAURI_DRIVER:-$TOOLS_DIR/bin/tauri-driver}
[ -x "$DRIVER" ] || install_tauri_driver

# BENCH_APP: another build of the app to measure (e.g. a debug build while trying UI changes).
APP=${BENCH_APP:-$TARGET_DIR/release/tahsildar-app}
if [ "$BUILD" = 1 ]; then
  say "release build + .deb (npx tauri build --bundles deb; ~8 min on 2 cores)"
  t0=$SECONDS
  # No updater artifacts: they need the release signing key, which only the release workflow has.
  npx tauri build --bundles deb --config '{"bundle":{"createUpdaterArtifacts":false}}'
  echo "release build + .deb: $((SECONDS - t0)) s"
fi
[ -x "$APP" ] || { echo "$APP is missing: run without --no-build" >&2; exit 1; }
# The binary measured is a release one: none of the test hooks in it (as the release workflow checks).
bash "$ROOT/tests/release-hooks.sh" --binary "$APP"
DEB=$(ls -t "$TARGET_DIR"/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
[ -n "$DEB" ] || warn "no .deb under $TARGET_DIR/release/bundle/deb: its size will read n/a"

# The baseline: a minimal Tauri 2 window with the app's tauri version, features and release profile
# (its own workspace, the app's Cargo.lock, its own target folder so the app's builds never wait).
BLANK_DIR=$ROOT/tests/bench/blank
BLANK=${BENCH_BLANK:-$TARGET_DIR/bench-blank/release/tahsildar-bench-blank}
if [ -z "${BENCH_BLANK:-}" ]; then
  say "blank Tauri window (the memory baseline; ~10 min the first time)"
  cp "$ROOT/Cargo.lock" "$BLANK_DIR/Cargo.lock"
  CARGO_TARGET_DIR=$TARGET_DIR/bench-blank cargo build --release -q \
    --manifest-path "$BLANK_DIR/Cargo.toml" --features tauri/custom-protocol
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

STORE_ARGS=()
if [ "$MEMORY_ONLY" = 0 ]; then
  say "store benchmark (Rust query times alone, release)"
  cargo run --release -q -p tahsildar-core --bin bench_store -- "$ROWS" | tee "$WORK/store.txt"
  STORE_ARGS=(--store-bench "$WORK/store.txt")
fi

say "app benchmark build"
cargo build -q -p tahsildar-e2e --bin app-bench
# The UI's deliberate wait after the last keystroke before it searches, from its source.
DEBOUNCE=$(sed -n 's/.*SEARCH_DELAY_MS = \([0-9]*\).*/\1/p' ui/src/views/links.ts | head -1)
[ -n "$DEBOUNCE" ] || { echo "SEARCH_DELAY_MS not found in ui/src/views/links.ts" >&2; exit 1; }

say "app benchmark (window under Xvfb; the idle phase alone takes its --idle-secs)"
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo} RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
mkdir -p "$WORK/home"
DEB_ARGS=()
[ -z "$DEB" ] || DEB_ARGS=(--deb "$DEB")
env HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share" \
  XDG_CACHE_HOME="$WORK/home/.cache" XDG_STATE_HOME="$WORK/home/.local/state" TAURI_DRIVER="$DRIVER" \
  xvfb-run -a -s "-screen 0 1280x900x24" bash "$ROOT/tests/lib/keychain-session.sh" \
  "$TARGET_DIR/debug/app-bench" --app "$APP" --blank "$BLANK" "${DEB_ARGS[@]}" "${STORE_ARGS[@]}" \
  --search-debounce-ms "$DEBOUNCE" "${PASS[@]}"

# What the sizes are made of.
if [ -n "$DEB" ]; then
  echo
  echo "largest files in $(basename "$DEB") (uncompressed bytes):"
  dpkg-deb -c "$DEB" | awk '{print $3, $6}' | sort -rn | head -8 | sed 's/^/  /'
fi
