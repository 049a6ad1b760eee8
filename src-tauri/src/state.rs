//! What the app holds for its whole life: which mode it runs in and the provider client.

use secrecy::SecretString;
use std::net::SocketAddr;
use tahsildar_core::providers::paynet::PaynetClient;
use tahsildar_core::sandbox::{Sandbox, SandboxConfig, DEMO_PAYNET_SECRET_KEY};

/// Optional fixed address for the demo sandbox (`127.0.0.1:PORT`), e.g. for tests that pay on it.
pub const DEMO_SANDBOX_LISTEN_ENV: &str = "TAHSILDAR_DEMO_SANDBOX_LISTEN";

/// Where links are created.
pub enum Mode {
    /// No credentials: an in-process sandbox plays the provider; no real money moves.
    Demo { sandbox: Sandbox },
}

pub struct AppState {
    pub mode: Mode,
    /// Shared, not locked: the client holds its own connection pool.
    pub paynet: PaynetClient,
}

impl AppState {
    /// Starts the sandbox on the current Tokio runtime (Tauri's) and points a Paynet client at it
    /// with the demo key. The sandbox lives as long as the returned state.
    pub async fn start_demo(listen: Option<SocketAddr>) -> Result<AppState, String> {
        let config = SandboxConfig::demo();
        let sandbox = match listen {
            Some(addr) => Sandbox::start(config, addr).await,
            None => Sandbox::start_local(config).await,
        }
        .map_err(|e| format!("could not start the demo sandbox: {e}"))?;
        let paynet = PaynetClient::new(sandbox.base_url(), SecretString::from(DEMO_PAYNET_SECRET_KEY))
            .map_err(|e| format!("could not set up the Paynet client: {e}"))?;
        log::info!("demo mode: sandbox at {}", sandbox.base_url());
        Ok(AppState { mode: Mode::Demo { sandbox }, paynet })
    }

    /// Demo sandbox address from the environment, if set. A malformed value is an error rather
    /// than silently picking another port, since whoever set it expects that address.
    pub fn demo_listen_from_env() -> Result<Option<SocketAddr>, String> {
        match std::env::var(DEMO_SANDBOX_LISTEN_ENV) {
            Ok(v) if !v.trim().is_empty() => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| format!("{DEMO_SANDBOX_LISTEN_ENV} must look like 127.0.0.1:8790, got '{v}'")),
            _ => Ok(None),
        }
    }

    pub fn is_demo(&self) -> bool {
        matches!(self.mode, Mode::Demo { .. })
    }

    /// The sandbox's base URL in demo mode.
    pub fn sandbox_url(&self) -> Option<&str> {
        match &self.mode {
            Mode::Demo { sandbox } => Some(sandbox.base_url()),
        }
    }
}
