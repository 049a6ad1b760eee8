# Shared by tests/run-all.sh (`npm test`) and src-tauri/scripts/start.sh (`npm start`): install
# what a fresh machine lacks, then build. Sourced, not run. Every step is idempotent and quick
# when its work is already done. Rust (cargo) and Node (npm) are the only prerequisites.

SETUP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TARGET_DIR=${CARGO_TARGET_DIR:-$SETUP_ROOT/target}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR=$SETUP_ROOT/$TARGET_DIR ;; esac
TOOLS_DIR=$SETUP_ROOT/.tools
TAURI_DRIVER_VERSION=2.1.0

# Debian/Ubuntu packages to build the app (Tauri's WebKitGTK list).
BUILD_PACKAGES=(libwebkit2gtk-4.1-dev build-essential curl wget file pkg-config libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev)
# …and to test it: a virtual display, the WebDriver for WebKitGTK, a session bus with an unlocked
# keychain (and `secret-tool` to look into it), ImageMagick's `import` for screenshots of the whole
# display, and `xclip` to read what the app put on the clipboard.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools keyutils imagemagick xclip)

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
