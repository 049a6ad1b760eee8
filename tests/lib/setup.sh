# Shared by tests/run-all.sh (`npm test`) and src-tauri/scripts/start.sh (`npm start`): install
# what a fresh machine lacks, then build. Sourced, not run. Every step is idempotent and quick
# when its work is already done. Rust (cargo) and Node (npm) are the only prerequisites.

SETUP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$SETUP_ROOT/target}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR=$SETUP_ROOT/$TARGET_DIR ;; esac
TOOLS_DIR=$SETUP_ROOT/.tools
TAURI_DRIVER_VERSION=2.1.0
# Windows is type-checked (and linted) from Linux: the GNU target needs only MinGW's C compiler
# (for the C in ring and friends) and windres (for the app's icon resource).
WINDOWS_TARGET=x86_64-pc-windows-gnu
WINDOWS_PACKAGES=(mingw-w64)
# macOS is type-checked from Linux too (cargo check, no linking): the Rust target, and clang for
# tests/lib/macos-check-cc.sh (Apple's SDK is not downloadable here; see that script).
MACOS_TARGET=aarch64-apple-darwin
MACOS_PACKAGES=(clang)
# The GitHub workflows are checked offline by two PyPI tools, in a venv under .tools/.
LINT_VENV=$TOOLS_DIR/lint-venv
LINT_TOOLS=(check-jsonschema==0.39.0 zizmor==1.32.0)

# Debian/Ubuntu packages to build the app (Tauri's WebKitGTK list).
BUILD_PACKAGES=(libwebkit2gtk-4.1-dev build-essential curl wget file pkg-config libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev)
# …and to test it: a virtual display, the WebDriver for WebKitGTK, a session bus with an unlocked
# keychain (and `secret-tool` to look into it), ImageMagick's `import` for screenshots of the whole
# display, and `xclip` to read what the app put on the clipboard.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools keyutils imagemagick xclip
  python3-venv)

# Bold/yellow on a terminal only: CI logs stay plain text.
if [ -t 1 ]; then BOLD=$'\033[1m' YELLOW=$'\033[1;33m' PLAIN=$'\033[0m'; else BOLD="" YELLOW="" PLAIN=""; fi
say() { printf '%s==> %s%s\n' "$BOLD" "$*" "$PLAIN"; }
warn() { printf '%s!!! %s%s\n' "$YELLOW" "$*" "$PLAIN" >&2; }

is_linux() { [ "$(uname -s)" = Linux ]; }
has_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; }

# Prints the packages among "$@" that dpkg does not have installed.
missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$p"
  done
}

# Installs the missing packages among "$@" as root or through passwordless sudo. Returns 1 (after
# saying what is missing) when it cannot: not Debian-like, or no root. Not Linux: nothing to do.
install_packages() {
  is_linux || return 0
  if ! has_apt; then
    warn "not a Debian/Ubuntu system: make sure these (or your distribution's equivalents) are installed: $*"
    return 1
  fi
  local missing
  missing=$(missing_packages "$@" | tr '\n' ' ')
  if [ -z "${missing// /}" ]; then
    echo "system packages: all present"
    return 0
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      warn "missing system packages, and no root or passwordless sudo to install them: $missing"
      warn "install them with: sudo apt-get install -y $missing"
      return 1
    fi
  fi
  say "apt-get install $missing"
  # shellcheck disable=SC2086 # one word per package
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
}

# tauri-driver (the WebDriver bridge for the E2E tests) into .tools/, once.
install_tauri_driver() {
  local bin=$TOOLS_DIR/bin/tauri-driver
  if [ -x "$bin" ] && "$bin" --help >/dev/null 2>&1; then
    echo "tauri-driver: present ($bin)"
    return 0
  fi
  say "cargo install tauri-driver $TAURI_DRIVER_VERSION into .tools/"
  cargo install --locked tauri-driver --version "$TAURI_DRIVER_VERSION" --root "$TOOLS_DIR"
}

# The Rust standard library for Windows, once (rustup downloads it from the Rust dist server).
install_windows_target() {
  if rustup target list --installed 2>/dev/null | grep -qx "$WINDOWS_TARGET"; then
    echo "Rust target $WINDOWS_TARGET: present"
    return 0
  fi
  say "rustup target add $WINDOWS_TARGET"
  rustup target add "$WINDOWS_TARGET"
}

# Where the cross-target checks build (`npm test` runs them beside the tests, and cargo locks a
# target folder per build: the tests' own is target/).
CROSS_TARGET_DIR=$TARGET_DIR/cross

# Both cross-target checks, one after the other (one target folder), each timed.
cross_checks() {
  local t0=$SECONDS
  say "Windows: cargo clippy -D warnings (x86_64-pc-windows-gnu)"
  CARGO_TARGET_DIR=$CROSS_TARGET_DIR clippy_windows || return
  echo "Windows clippy: $((SECONDS - t0)) s"
  t0=$SECONDS
  say "macOS: cargo check (aarch64-apple-darwin)"
  CARGO_TARGET_DIR=$CROSS_TARGET_DIR check_macos || return
  echo "macOS check: $((SECONDS - t0)) s"
}

# Clippy with warnings as errors for Windows over the whole workspace: it type-checks everything
# `cargo check` does (a separate check would only repeat the workspace crates), then lints.
clippy_windows() {
  (cd "$SETUP_ROOT" && cargo clippy --target "$WINDOWS_TARGET" --workspace --all-targets -- -D warnings)
}

# clang and the Rust standard library for macOS, once.
install_macos_target() {
  install_packages "${MACOS_PACKAGES[@]}" || return 1
  if rustup target list --installed 2>/dev/null | grep -qx "$MACOS_TARGET"; then
    echo "Rust target $MACOS_TARGET: present"
    return 0
  fi
  say "rustup target add $MACOS_TARGET"
  rustup target add "$MACOS_TARGET"
}

# cargo check of the app for macOS: the #[cfg(target_os = "macos")] code of the app and the core
# (a dependency of the app) is compiled. Only the app's lib and binaries: what differs on macOS
# is there, and the tests add nothing platform-specific. Host build scripts and macros are shared
# with the Windows check when both build in one target folder.
check_macos() {
  local cc_var=CC_${MACOS_TARGET//-/_}
  (cd "$SETUP_ROOT" && env "$cc_var=$SETUP_ROOT/tests/lib/macos-check-cc.sh" \
    cargo check --target "$MACOS_TARGET" -p tahsildar --lib --bins)
}

# check-jsonschema and zizmor into .tools/lint-venv, once (pinned, from PyPI).
install_workflow_linters() {
  # A stamp names what was installed: a changed pin reinstalls, an unchanged one costs nothing.
  local stamp=$LINT_VENV/.installed
  if [ -x "$LINT_VENV/bin/zizmor" ] && [ -x "$LINT_VENV/bin/check-jsonschema" ] &&
    [ "$(cat "$stamp" 2>/dev/null)" = "${LINT_TOOLS[*]}" ]; then
    echo "workflow linters: present ($LINT_VENV)"
    return 0
  fi
  say "pip install ${LINT_TOOLS[*]} into .tools/lint-venv"
  local python=python3
  command -v "$python" >/dev/null 2>&1 || python=python
  rm -rf "$LINT_VENV"
  "$python" -m venv "$LINT_VENV" &&
    "$LINT_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${LINT_TOOLS[@]}" &&
    printf '%s' "${LINT_TOOLS[*]}" >"$stamp"
}

# Both workflows against GitHub's schema (bundled with check-jsonschema: no network) and zizmor's
# offline audits (unpinned actions, broad permissions, template injection, credential leaks…).
lint_workflows() {
  local files=("$SETUP_ROOT"/.github/workflows/*.yml)
  "$LINT_VENV/bin/check-jsonschema" --builtin-schema vendor.github-workflows "${files[@]}" &&
    "$LINT_VENV/bin/zizmor" --offline --no-progress "${files[@]}"
}

# `npm install`, not `npm ci`: the npm registry mirror lacks some platform-only optional packages
# of @tauri-apps/cli, which makes a lockfile written on one OS fail `npm ci` on another.
npm_install() {
  (cd "$SETUP_ROOT" && npm install --no-audit --no-fund)
}

# True when package.json defines the npm script "$1".
has_npm_script() {
  (cd "$SETUP_ROOT" && node -e '
    const s = JSON.parse(require("fs").readFileSync("package.json", "utf8")).scripts || {};
    process.exit(s[process.argv[1]] ? 0 : 1)' "$1")
}

# The UI into ui/dist, which even a debug build of the app embeds.
build_ui() {
  if ! has_npm_script build:ui; then
    warn "package.json has no \"build:ui\" script yet: the app will embed whatever ui/dist holds"
    return 0
  fi
  (cd "$SETUP_ROOT" && npm run --silent build:ui)
}

# The desktop app (target/debug/tahsildar-app) and the CLI (target/debug/tahsildar).
build_app() {
  (cd "$SETUP_ROOT" && cargo build -p tahsildar -p tahsildar-core)
}

app_binary() {
  local exe=""
  case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) exe=.exe ;; esac
  printf '%s\n' "$TARGET_DIR/debug/tahsildar-app$exe"
}
