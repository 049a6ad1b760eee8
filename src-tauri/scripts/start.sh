#!/usr/bin/env bash
# `npm start`: installs what a fresh machine lacks (on Debian/Ubuntu the WebKitGTK build packages,
# as root or via sudo; the npm packages), builds the UI and the app, and opens the app. With no
# credentials set it runs in demo mode against its built-in sandbox.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=tests/lib/setup.sh
source "$ROOT/tests/lib/setup.sh"

if is_linux; then
  install_packages "${BUILD_PACKAGES[@]}" || warn "continuing; the build below fails if a library is missing"
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    warn "no display (DISPLAY/WAYLAND_DISPLAY unset): the app needs a desktop session to open its window"
    exit 1
  fi
fi

say "npm install"
npm_install
say "build the UI"
build_ui
say "build the app"
build_app

if ! env | grep -q '^TAHSILDAR_\(PAYNET\|PAYTR\)_'; then
  say "no provider credentials in the environment: unless credentials were saved in the app, it opens in demo mode (built-in sandbox)"
fi
app=$(app_binary)
say "start $app"
exec "$app" "$@"
