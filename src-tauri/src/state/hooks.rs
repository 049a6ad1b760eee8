//! Test hooks: environment variables that point the app at a sandbox instead of the providers.
//! They exist in debug and test builds only. A release build never reads them (the names are not
//! even in its binary; `tests/release-hooks.sh` checks), so no environment can send the owner's
//! live keys to another host.

use std::net::SocketAddr;

/// Overrides the Paynet host for saved keys (E2E points them at a sandbox).
#[cfg(debug_assertions)]
pub const PAYNET_URL_ENV: &str = "TAHSILDAR_PAYNET_BASE_URL";
/// Overrides the PayTR host for saved keys.
#[cfg(debug_assertions)]
pub const PAYTR_URL_ENV: &str = "TAHSILDAR_PAYTR_BASE_URL";
/// Overrides the iyzico host for saved keys.
#[cfg(debug_assertions)]
pub const IYZICO_URL_ENV: &str = "TAHSILDAR_IYZICO_BASE_URL";
/// A fixed address for the demo sandbox (`127.0.0.1:PORT`), for tests that pay on it.
#[cfg(debug_assertions)]
pub const DEMO_SANDBOX_LISTEN_ENV: &str = "TAHSILDAR_DEMO_SANDBOX_LISTEN";

/// What the hooks ask for; all `None` in a release build.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Hooks {
    pub demo_listen: Option<SocketAddr>,
    pub paynet_url: Option<String>,
    pub paytr_url: Option<String>,
    pub iyzico_url: Option<String>,
}

/// Reads the hooks. A malformed sandbox address is an error: whoever set it expects that address.
#[cfg(debug_assertions)]
pub fn from_env() -> Result<Hooks, String> {
    let demo_listen = match super::env_text(DEMO_SANDBOX_LISTEN_ENV) {
        Some(v) => {
            Some(v.parse().map_err(|_| format!("{DEMO_SANDBOX_LISTEN_ENV} must look like 127.0.0.1:8790, got '{v}'"))?)
        }
        None => None,
    };
    Ok(Hooks {
        demo_listen,
        paynet_url: super::env_text(PAYNET_URL_ENV),
        paytr_url: super::env_text(PAYTR_URL_ENV),
        iyzico_url: super::env_text(IYZICO_URL_ENV),
    })
}

#[cfg(not(debug_assertions))]
pub fn from_env() -> Result<Hooks, String> {
    Ok(Hooks::default())
}
