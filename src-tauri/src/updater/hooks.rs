//! Test hooks: only debug builds read them, and only they contain the variables' names (a
//! release binary can be searched for them, as tests/release-hooks.sh does for the others). A release build always uses the endpoint and the
//! public key from `tauri.conf.json` (an environment variable must never redirect where the app
//! takes its code from).

use tauri::Url;

#[cfg_attr(not(debug_assertions), allow(dead_code))]
/// Where the tests serve their `latest.json`.
pub const ENDPOINT_ENV: &str = "TAHSILDAR_UPDATE_URL";
#[cfg_attr(not(debug_assertions), allow(dead_code))]
/// The public key of the key pair a test made.
pub const PUBKEY_ENV: &str = "TAHSILDAR_UPDATE_PUBKEY";

#[cfg(debug_assertions)]
fn env_text(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

#[cfg(debug_assertions)]
pub fn endpoint() -> Option<Url> {
    let text = env_text(ENDPOINT_ENV)?;
    Url::parse(&text).map_err(|e| log::warn!("{ENDPOINT_ENV} is not a URL ({e}); ignored")).ok()
}

#[cfg(not(debug_assertions))]
pub fn endpoint() -> Option<Url> {
    None
}

#[cfg(debug_assertions)]
pub fn pubkey() -> Option<String> {
    env_text(PUBKEY_ENV)
}

#[cfg(not(debug_assertions))]
pub fn pubkey() -> Option<String> {
    None
}
