//! The sandbox: our own faithful simulation of Paynet PayLink, PayTR Link API and iyzico Link
//! over HTTP on 127.0.0.1, with payment pages a person can pay on. It powers demo mode and the tests.
//!
//! Layout: `paynet`, `paytr` and `iyzico` hold each provider's state, API routes and payment page;
//! `faults` is the per-endpoint fault injection and request log; `server` the accept loop;
//! `control` the sandbox-only `/_sandbox/...` endpoints tests use; `page` the shared HTML of the
//! payment pages.

pub mod control;
pub mod faults;
pub mod guard;
pub mod iyzico;
pub mod page;
pub mod paynet;
pub mod paytr;
mod server;

pub use guard::SandboxOptions;

use chrono::{DateTime, Utc};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Fixed demo credentials, used when the environment sets none. Printed by `tahsildar sandbox`.
pub const DEMO_PAYNET_SECRET_KEY: &str = "sck_demo_sandbox_TAHSILDAR_0000000001";
pub const DEMO_PAYTR_MERCHANT_ID: &str = "100001";
pub const DEMO_PAYTR_MERCHANT_KEY: &str = "demoKEYsandbox0001";
pub const DEMO_PAYTR_MERCHANT_SALT: &str = "demoSALTsandbox0001";
/// iyzico sandbox keys start with `sandbox-` (shared/iyzico.md §1); the sandbox refuses others.
pub const DEMO_IYZICO_API_KEY: &str = "sandbox-TahsildarDemoApiKey0000000001";
pub const DEMO_IYZICO_SECRET_KEY: &str = "sandbox-TahsildarDemoSecretKey00000001";

/// The merchant credentials the sandbox accepts.
#[derive(Clone)]
pub struct SandboxConfig {
    pub paynet_secret_key: String,
    pub paytr_merchant_id: String,
    pub paytr_merchant_key: String,
    pub paytr_merchant_salt: String,
    pub iyzico_api_key: String,
    pub iyzico_secret_key: String,
}

impl std::fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig").field("paytr_merchant_id", &self.paytr_merchant_id).finish_non_exhaustive()
    }
}

impl SandboxConfig {
    /// Fresh random credentials (the sandbox inside the app: a page or program that knows the
    /// public demo values still cannot create links on it).
    pub fn random() -> Self {
        let word = |n: usize| -> String {
            use rand::Rng;
            const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            let mut rng = rand::thread_rng();
            (0..n).map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char).collect()
        };
        let digits: u32 = rand::Rng::gen_range(&mut rand::thread_rng(), 100_000..1_000_000);
        SandboxConfig {
            paynet_secret_key: format!("sck_{}", word(28)),
            paytr_merchant_id: digits.to_string(),
            paytr_merchant_key: word(16),
            paytr_merchant_salt: word(16),
            iyzico_api_key: format!("sandbox-{}", word(32)),
            iyzico_secret_key: format!("sandbox-{}", word(32)),
        }
    }

    pub fn demo() -> Self {
        SandboxConfig {
            paynet_secret_key: DEMO_PAYNET_SECRET_KEY.into(),
            paytr_merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
            paytr_merchant_key: DEMO_PAYTR_MERCHANT_KEY.into(),
            paytr_merchant_salt: DEMO_PAYTR_MERCHANT_SALT.into(),
            iyzico_api_key: DEMO_IYZICO_API_KEY.into(),
            iyzico_secret_key: DEMO_IYZICO_SECRET_KEY.into(),
        }
    }

    /// Reads `TAHSILDAR_SANDBOX_PAYNET_SECRET_KEY`, `TAHSILDAR_SANDBOX_PAYTR_MERCHANT_ID`,
    /// `…_MERCHANT_KEY`, `…_MERCHANT_SALT`, `TAHSILDAR_SANDBOX_IYZICO_API_KEY`,
    /// `…_IYZICO_SECRET_KEY`; each unset one takes its demo value. Also returns the
    /// names of the variables that fell back to demo values.
    pub fn from_env() -> (Self, Vec<&'static str>) {
        let mut config = SandboxConfig::demo();
        let mut defaulted = Vec::new();
        let fields: [(&'static str, &mut String); 6] = [
            ("TAHSILDAR_SANDBOX_PAYNET_SECRET_KEY", &mut config.paynet_secret_key),
            ("TAHSILDAR_SANDBOX_PAYTR_MERCHANT_ID", &mut config.paytr_merchant_id),
            ("TAHSILDAR_SANDBOX_PAYTR_MERCHANT_KEY", &mut config.paytr_merchant_key),
            ("TAHSILDAR_SANDBOX_PAYTR_MERCHANT_SALT", &mut config.paytr_merchant_salt),
            ("TAHSILDAR_SANDBOX_IYZICO_API_KEY", &mut config.iyzico_api_key),
            ("TAHSILDAR_SANDBOX_IYZICO_SECRET_KEY", &mut config.iyzico_secret_key),
        ];
        for (name, slot) in fields {
            match std::env::var(name) {
                Ok(v) if !v.trim().is_empty() => *slot = v.trim().to_string(),
                _ => defaulted.push(name),
            }
        }
        (config, defaulted)
    }
}

/// The sandbox's clock: real time plus an offset tests can move forward (expiry by the clock).
#[derive(Default)]
pub struct Clock {
    offset_secs: Mutex<i64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        now.checked_add_signed(chrono::Duration::seconds(*lock(&self.offset_secs))).unwrap_or(now)
    }
    pub fn advance(&self, secs: i64) {
        let mut offset = lock(&self.offset_secs);
        *offset = offset.saturating_add(secs);
    }
}

/// Everything the sandbox knows. Shared by all handlers; every lock is short and never held
/// across an `.await`.
pub struct SandboxState {
    pub config: SandboxConfig,
    /// `http://127.0.0.1:PORT`, the address links and pages point at.
    pub base_url: String,
    pub port: u16,
    pub options: SandboxOptions,
    pub clock: Clock,
    pub paynet: Mutex<paynet::PaynetState>,
    pub paytr: Mutex<paytr::PaytrState>,
    pub iyzico: Mutex<iyzico::IyzicoState>,
    pub faults: Mutex<faults::Faults>,
    /// For callbacks (PayTR `callback_link`, Paynet `confirmation_url`).
    pub http: reqwest::Client,
    /// When set (by `/_sandbox/...` or a test), callbacks are delivered here instead of to the
    /// link's own callback URL. The URL is still validated as the provider would (PayTR refuses
    /// localhost and ports), so tests can receive callbacks on 127.0.0.1 all the same.
    pub callback_override: Mutex<Option<String>>,
}

/// Locks a sandbox mutex; a panic elsewhere never makes the sandbox unusable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub type SharedState = Arc<SandboxState>;

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    state: SharedState,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `listen` (use port 0 for any free port) and serves every provider on it, with every
    /// control route.
    pub async fn start(config: SandboxConfig, listen: SocketAddr) -> std::io::Result<Sandbox> {
        Sandbox::start_with(config, listen, SandboxOptions::FULL).await
    }

    /// [`Sandbox::start`] with explicit [`SandboxOptions`] (the app uses `IN_APP`).
    pub async fn start_with(
        config: SandboxConfig,
        listen: SocketAddr,
        options: SandboxOptions,
    ) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(SandboxState {
            config,
            base_url: format!("http://{addr}"),
            port: addr.port(),
            options,
            clock: Clock::default(),
            paynet: Mutex::new(paynet::PaynetState::default()),
            paytr: Mutex::new(paytr::PaytrState::default()),
            iyzico: Mutex::new(iyzico::IyzicoState::default()),
            faults: Mutex::new(faults::Faults::default()),
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .map_err(std::io::Error::other)?,
            callback_override: Mutex::new(None),
        });
        let (tx, rx) = oneshot::channel();
        let task = tokio::spawn(server::serve(listener, state.clone(), rx));
        Ok(Sandbox { state, addr, shutdown: Some(tx), task: Some(task) })
    }

    /// Starts on 127.0.0.1 with a free port.
    pub async fn start_local(config: SandboxConfig) -> std::io::Result<Sandbox> {
        Sandbox::start(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn state(&self) -> &SharedState {
        &self.state
    }

    /// Stops accepting and waits for the server task to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serves until the process ends (for `tahsildar sandbox`).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// The full router: every provider's API paths, their payment pages and `/_sandbox/...`.
pub fn router(state: SharedState) -> axum::Router {
    axum::Router::new()
        .merge(paynet::routes())
        .merge(paytr::routes())
        .merge(iyzico::routes())
        .merge(control::routes())
        .layer(axum::middleware::from_fn_with_state(state.clone(), faults::middleware))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::middleware))
        .with_state(state)
}
