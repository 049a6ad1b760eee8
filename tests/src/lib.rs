//! Helpers for the end-to-end tests: the real Tahsildar window under Xvfb, driven through
//! `tauri-driver` + `WebKitWebDriver` (see `e2e/app.rs`).
//!
//! - [`paths`]: where the built app, the CLI, tauri-driver and the screenshots are.
//! - [`driver`]: spawns tauri-driver, opens a WebDriver session on the app, and cleans both up
//!   on drop, even when a test fails half-way.
//! - [`ui`]: small waiting/reading helpers over fantoccini.
//! - [`payform`]: reads a payment page's `form#pay` so the test can pay it like a browser.
//! - [`shots`]: screenshots of the window (and of the whole X display).
//! - [`isolation`]: a fresh data folder, keychain service and provider sandbox per app launch.
//! - [`owner`]: the owner's steps by the app's element ids (Ayarlar, Yeni link, Linkler).
//! - [`updates`]: a signed update served on 127.0.0.1 for the app's updater.
//! - [`system`]: the clipboard and the Secret Service, read with `xclip` and `secret-tool`.

pub mod driver;
pub mod html;
pub mod isolation;
pub mod owner;
pub mod paths;
pub mod payform;
pub mod shots;
pub mod system;
pub mod ui;
pub mod updates;

use std::io::Write;

/// Why the end-to-end tests cannot run here, if they cannot: no display, no `WebKitWebDriver`,
/// no `tauri-driver`, or the app not built.
pub fn missing_prerequisites() -> Vec<String> {
    let mut missing = Vec::new();
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none()
    {
        missing.push("no display: run under `xvfb-run -a`".to_string());
    }
    if paths::find_on_path(driver::NATIVE_DRIVER).is_none() {
        missing.push(format!("`{}` is not on PATH (Debian: apt-get install webkit2gtk-driver)", driver::NATIVE_DRIVER));
    }
    if let Err(e) = paths::tauri_driver() {
        missing.push(e);
    }
    for bin in [paths::app_binary(), paths::cli_binary()] {
        if !bin.is_file() {
            missing.push(format!("{} is not built (npm test builds it)", bin.display()));
        }
    }
    missing
}

/// `true` when the tests must run: under CI (`CI` set to anything but `false`/empty) or when
/// `TAHSILDAR_E2E_REQUIRED=1` (tests/run-all.sh sets it).
pub fn required() -> bool {
    let set = |name: &str| std::env::var(name).map(|v| !v.is_empty() && v != "0" && v != "false").unwrap_or(false);
    set("CI") || set("TAHSILDAR_E2E_REQUIRED")
}

/// Returns `false` (after a loud message) when a test should skip; panics with the reasons when
/// the prerequisites are missing but the test is [`required`]. Never skips silently.
pub fn ready_or_skip(test: &str) -> bool {
    ready_or_skip_with(test, &[])
}

/// [`ready_or_skip`], when the test also runs the programs `tools` (looked up on PATH).
pub fn ready_or_skip_with(test: &str, tools: &[&str]) -> bool {
    let mut missing = missing_prerequisites();
    for tool in tools {
        if paths::find_on_path(tool).is_none() {
            missing.push(format!("`{tool}` is not on PATH (npm test installs it)"));
        }
    }
    if missing.is_empty() {
        return true;
    }
    let reasons = missing.join("\n  - ");
    if required() {
        panic!("E2E `{test}` cannot run, and it is required here (CI / TAHSILDAR_E2E_REQUIRED):\n  - {reasons}");
    }
    // Straight to stderr: the test harness captures `eprintln!`, and a skip must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!! E2E `{test}` SKIPPED: its prerequisites are missing:\n  - {reasons}\n!!!!! `npm test` installs them and runs it.\n"
    );
    false
}
