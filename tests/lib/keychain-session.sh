#!/usr/bin/env bash
# Runs "$@" inside its own D-Bus session with an unlocked Secret Service (gnome-keyring), which
# the keychain tests and the app need; without one: "Unable to autolaunch a dbus-daemon without a
# $DISPLAY". Give it a throwaway HOME: the keyring it unlocks lives there.
#
# `gnome-keyring-daemon --unlock` returns before the daemon owns `org.freedesktop.secrets` on the
# bus. A client asking in that gap makes D-Bus activate a second daemon, whose keyring is locked,
# and every keychain call then fails. So wait until the name has an owner before running "$@".
set -euo pipefail
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec dbus-run-session -- sh -c '
    echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    if command -v dbus-send >/dev/null 2>&1; then
      tries=0
      until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
          org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 100 ]; then
          echo "!!! gnome-keyring-daemon did not take org.freedesktop.secrets on the session bus within 10 s" >&2
          exit 1
        fi
        sleep 0.1
      done
    else
      echo "!!! no dbus-send: cannot wait for the Secret Service to be ready (keychain tests may be flaky)" >&2
    fi
    exec "$@"' sh "$@"
fi
echo "!!! no dbus-run-session/gnome-keyring-daemon: running without a Secret Service" >&2
exec "$@"
