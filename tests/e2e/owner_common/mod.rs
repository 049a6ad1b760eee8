//! What the owner's end-to-end tests (`owner.rs`, `owner_flow.rs`) share: starting the app in its
//! own world, ending a test with what explains a failure, and the sandbox's PayTR client.

use secrecy::SecretString;
use tahsildar_core::providers::paytr::{PaytrClient, PaytrCredentials};
use tahsildar_core::sandbox::{DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT};
use tahsildar_e2e::driver::AppSession;
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::{ready_or_skip_with, shots, system};

pub const PAYTR_CREATE: &str = "/odeme/api/link/create";
pub const PAYTR_DELETE: &str = "/odeme/api/link/delete";
/// The catalogue's "saved" pill (ui/src/i18n/tr.ts `settings.saved`).
pub const SAVED_TR: &str = "Kayıtlı";

/// Starts the app in its own world, or `None` when the test must skip (said loudly).
pub async fn start(name: &str) -> Option<(Isolated, AppSession)> {
    if !ready_or_skip_with(name, &system::TOOLS) {
        return None;
    }
    let iso = Isolated::new(name).await.unwrap_or_else(|e| fail(e));
    let app = AppSession::launch_with_env(name, &iso.app_env()).await.unwrap_or_else(|e| fail(e));
    Some((iso, app))
}

/// Ends the test: on failure, a picture of the window, the driver's log and what the sandbox saw.
pub async fn finish(name: &str, iso: Isolated, app: AppSession, result: Result<(), String>) {
    if let Err(e) = result {
        let shot = shots::save_window(app.client(), &format!("{name}-failed"))
            .await
            .map(|p| p.display().to_string())
            .unwrap_or_else(|e| format!("(no screenshot: {e})"));
        fail(format!("{e}\nwindow: {shot}\nsandbox requests: {}\n{}", iso.request_log(), app.driver_log()));
    }
    app.close().await;
    drop(iso);
}

/// Shows the test's error as written (an `Err(String)` would print escaped).
fn fail(e: String) -> ! {
    panic!("\n{e}\n")
}

pub fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what())
    }
}

/// A PayTR client with the demo merchant's keys, on the test's sandbox: what PayTR itself holds.
pub fn paytr_client(iso: &Isolated) -> Result<PaytrClient, String> {
    let creds = PaytrCredentials {
        merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
        merchant_key: SecretString::from(DEMO_PAYTR_MERCHANT_KEY),
        merchant_salt: SecretString::from(DEMO_PAYTR_MERCHANT_SALT),
    };
    PaytrClient::new(iso.sandbox.base_url(), creds).map_err(|e| e.to_string())
}
