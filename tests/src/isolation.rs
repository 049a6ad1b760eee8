//! One app launch's own world: a fresh data folder (empty SQLite), a keychain service name no
//! one else uses, and the provider hosts pointed at a sandbox the test runs in-process. Dropping
//! it removes the folder and the keychain entries, so runs never see each other's links or keys.

use crate::paths;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};
use tahsildar_core::sandbox::{Sandbox, SandboxConfig};
use tahsildar_core::secrets::Keychain;

/// The env variables the app reads (see `src-tauri/src/state`).
pub const DATA_DIR_ENV: &str = "TAHSILDAR_DATA_DIR";
pub const KEYCHAIN_SERVICE_ENV: &str = "TAHSILDAR_KEYCHAIN_SERVICE";
pub const PAYNET_URL_ENV: &str = "TAHSILDAR_PAYNET_BASE_URL";
pub const PAYTR_URL_ENV: &str = "TAHSILDAR_PAYTR_BASE_URL";
pub const IYZICO_URL_ENV: &str = "TAHSILDAR_IYZICO_BASE_URL";

pub struct Isolated {
    pub name: String,
    pub data_dir: PathBuf,
    pub keychain_service: String,
    /// Plays every provider; the keys typed into Ayarlar are its demo credentials.
    pub sandbox: Sandbox,
}

impl Isolated {
    /// A fresh data folder and keychain service, and a sandbox on 127.0.0.1 with the demo
    /// credentials. Call from inside the test's tokio runtime (the sandbox runs on it).
    pub async fn new(name: &str) -> Result<Isolated, String> {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
        let unique = format!("{name}-{}-{nanos}", std::process::id());
        let data_dir = paths::target_dir().join("e2e-data").join(&unique);
        std::fs::create_dir_all(&data_dir).map_err(|e| format!("creating {}: {e}", data_dir.display()))?;
        let sandbox = Sandbox::start_local(SandboxConfig::demo())
            .await
            .map_err(|e| format!("starting the test's sandbox: {e}"))?;
        Ok(Isolated { name: name.to_string(), data_dir, keychain_service: format!("tahsildar-e2e-{unique}"), sandbox })
    }

    /// The variables to hand the app (through tauri-driver).
    pub fn app_env(&self) -> Vec<(String, String)> {
        let url = self.sandbox.base_url().to_string();
        vec![
            (DATA_DIR_ENV.into(), self.data_dir.to_string_lossy().into_owned()),
            (KEYCHAIN_SERVICE_ENV.into(), self.keychain_service.clone()),
            (PAYNET_URL_ENV.into(), url.clone()),
            (PAYTR_URL_ENV.into(), url.clone()),
            (IYZICO_URL_ENV.into(), url),
        ]
    }

    /// How many requests the sandbox received on exactly `path` so far.
    pub fn request_count(&self, path: &str) -> usize {
        tahsildar_core::sandbox::lock(&self.sandbox.state().faults).request_count(path)
    }

    /// Every request the sandbox logged, as `METHOD path` lines (for error messages).
    pub fn request_log(&self) -> String {
        let log = tahsildar_core::sandbox::lock(&self.sandbox.state().faults).requests();
        if log.is_empty() {
            return "(none)".into();
        }
        log.iter().map(|r| format!("{} {}", r.method, r.path)).collect::<Vec<_>>().join(", ")
    }
}

impl Drop for Isolated {
    fn drop(&mut self) {
        // Best effort: a test that failed half-way must still not leave keys behind.
        let keychain = Keychain::with_service(self.keychain_service.clone());
        if let Err(e) = keychain.clear_paynet() {
            eprintln!("removing the test's Paynet key from the keychain: {e}");
        }
        if let Err(e) = keychain.clear_paytr() {
            eprintln!("removing the test's PayTR keys from the keychain: {e}");
        }
        if let Err(e) = keychain.clear_iyzico() {
            eprintln!("removing the test's iyzico keys from the keychain: {e}");
        }
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.data_dir);
        }
    }
}
