#!/usr/bin/env bash
# Runs "$@" inside its own D-Bus session with an unlocked Secret Service (gnome-keyring), which
# the keychain tests and the app need; without one: "Unable to autolaunch a dbus-daemon without a
# $DISPLAY". Give it a throwaway HOME: the keyring it unlocks lives there.
set -euo pipefail
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec dbus-run-session -- sh -c \
    'echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' sh "$@"
fi
echo "!!! no dbus-run-session/gnome-keyring-daemon: running without a Secret Service" >&2
exec "$@"
