#!/usr/bin/env bash
# Release builds honour no test hooks: the environment variables that point the app at a sandbox
# exist only in debug and test builds (behind `cfg(debug_assertions)`, all of them in the app crate:
# src-tauri/src/state/hooks.rs, src-tauri/src/updater/hooks.rs). A release build is the build with
# debug assertions off, so none of the hooks' names may be in such a binary.
#
#   tests/release-hooks.sh              (npm test) builds the app crate with debug assertions off,
#                                       as release compiles it, reusing every dependency of the debug
#                                       build (about a minute, where a whole release-profile build of
#                                       the dependencies took five), and checks it; the debug binary
#                                       is the control: the check does see a name that is there.
#   tests/release-hooks.sh --binary F   checks an existing release binary F (the release workflow
#                                       runs this on what tauri-action built, and `npm run bench`
#                                       on its release build).
set -euo pipefail
cd "$(dirname "$0")/.."

HOOKS=(TAHSILDAR_PAYNET_BASE_URL TAHSILDAR_PAYTR_BASE_URL TAHSILDAR_IYZICO_BASE_URL TAHSILDAR_DEMO_SANDBOX_LISTEN
  TAHSILDAR_UPDATE_URL TAHSILDAR_UPDATE_PUBKEY)

# no_hooks BINARY: fails when any hook name is in BINARY.
no_hooks() {
  local failed=0 hook
  for hook in "${HOOKS[@]}"; do
    if grep -q -a -F "$hook" "$1"; then
      echo "FAIL: $hook is in the release binary $1"; failed=1
    else
      echo "ok: $hook is not in the release binary"
    fi
  done
  return $failed
}

if [ "${1:-}" = --binary ]; then
  [ -f "${2:-}" ] || { echo "no such binary: ${2:-}" >&2; exit 2; }
  no_hooks "$2"
  exit
fi

EXE=""
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) EXE=".exe" ;; esac
debug="target/debug/tahsildar-app$EXE"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

start=$(date +%s)
# Only the app crate (`tahsildar`) changes: cargo keeps it under another hash beside the debug one,
# and the plain build below puts the debug binary back in place (a copy, no compile).
cargo build --quiet -p tahsildar --bin tahsildar-app --config 'profile.dev.package.tahsildar.debug-assertions=false'
cp "$debug" "$work/tahsildar-app-release$EXE"
cargo build --quiet -p tahsildar --bin tahsildar-app
echo "app crate with debug assertions off: $(($(date +%s) - start)) s"

failed=0
for hook in "${HOOKS[@]}"; do
  if ! grep -q -a -F "$hook" "$debug"; then
    echo "FAIL: the control: $hook is not in the debug binary $debug"; failed=1
  fi
done
no_hooks "$work/tahsildar-app-release$EXE" || failed=1
exit $failed
