#!/usr/bin/env bash
# Release builds honour no test hooks: the environment variables that point the app at a
# sandbox exist only in debug and test builds (src-tauri/src/state/hooks.rs). Builds the app with
# the `release-check` profile (release's settings, debug assertions off, without LTO so it takes
# minutes, not ten) and checks that none of the hooks' names is in the binary, while the debug
# binary (the control: the check does see a name that is there) has every one.
set -euo pipefail
cd "$(dirname "$0")/.."

HOOKS=(TAHSILDAR_PAYNET_BASE_URL TAHSILDAR_PAYTR_BASE_URL TAHSILDAR_DEMO_SANDBOX_LISTEN TAHSILDAR_UPDATE_URL
  TAHSILDAR_UPDATE_PUBKEY)
EXE=""
case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) EXE=".exe" ;; esac

cargo build --quiet -p tahsildar --bin tahsildar-app
start=$(date +%s)
cargo build --quiet --profile release-check -p tahsildar --bin tahsildar-app
echo "release-check build: $(( $(date +%s) - start )) s"

debug="target/debug/tahsildar-app$EXE"
release="target/release-check/tahsildar-app$EXE"
failed=0
for hook in "${HOOKS[@]}"; do
  if ! grep -q -a -F "$hook" "$debug"; then
    echo "FAIL: the control: $hook is not in the debug binary $debug"; failed=1
  fi
  if grep -q -a -F "$hook" "$release"; then
    echo "FAIL: $hook is in the release binary $release"; failed=1
  else
    echo "ok: $hook is not in the release binary"
  fi
done
exit $failed
