#!/usr/bin/env bash
# Called by release.yml with the signing secrets in its environment: passes on to the later steps
# (through $GITHUB_ENV) only those that are set, and says which signing will happen.
set -euo pipefail
names=(TAURI_SIGNING_PRIVATE_KEY TAURI_SIGNING_PRIVATE_KEY_PASSWORD APPLE_CERTIFICATE APPLE_CERTIFICATE_PASSWORD
  APPLE_SIGNING_IDENTITY APPLE_ID APPLE_PASSWORD APPLE_TEAM_ID WINDOWS_CERTIFICATE WINDOWS_CERTIFICATE_PASSWORD)
for name in "${names[@]}"; do
  value=${!name:-}
  if [ -z "$value" ]; then
    echo "$name: not set"
    continue
  fi
  echo "$name: set"
  delimiter="EOF_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  { echo "$name<<$delimiter"; echo "$value"; echo "$delimiter"; } >>"$GITHUB_ENV"
done
[ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ] || echo "::warning::no TAURI_SIGNING_PRIVATE_KEY: no updater artifacts, no latest.json (installed apps will not see this release)"
[ -n "${APPLE_CERTIFICATE:-}" ] || [ "$(uname -s)" != Darwin ] || echo "::warning::no APPLE_CERTIFICATE: the macOS app is not signed or notarised (Gatekeeper will block it)"
[ -n "${WINDOWS_CERTIFICATE:-}" ] || [ "${RUNNER_OS:-}" != Windows ] || echo "::warning::no WINDOWS_CERTIFICATE: the Windows installers are not Authenticode-signed (SmartScreen will warn)"
