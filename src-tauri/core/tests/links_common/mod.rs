//! Helpers shared by the link service tests: the sandbox over real HTTP, a real SQLite file in a
//! temp folder, and the service wired to both.

#![allow(dead_code)] // each test binary uses a different part of this

use secrecy::SecretString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tahsildar_core::links::{CreateForm, ExpiryChoice, LinkService};
use tahsildar_core::money::Currency;
use tahsildar_core::providers::iyzico::IyzicoClient;
use tahsildar_core::providers::paynet::PaynetClient;
use tahsildar_core::providers::paytr::{PaytrClient, PaytrCredentials};
use tahsildar_core::providers::{Clients, Provider};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::{self, lock, Sandbox, SandboxConfig};
use tahsildar_core::store::{LinkRecord, Store};

pub const PAYNET_CREATE: &str = "/v1/mailorder/create";
pub const PAYTR_CREATE: &str = "/odeme/api/link/create";
pub const PAYTR_DELETE: &str = "/odeme/api/link/delete";
pub const IYZICO_PRODUCTS: &str = "/v2/iyzilink/products";

/// A temp folder removed when dropped, even if the test fails.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("tahsildar-links-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct Env {
    pub sb: Sandbox,
    pub svc: LinkService,
    pub store: Arc<Mutex<Store>>,
    _dir: TempDir,
}

pub fn paynet_client(sb: &Sandbox, timeout: Duration) -> PaynetClient {
    PaynetClient::new(sb.base_url(), SecretString::from(sandbox::DEMO_PAYNET_SECRET_KEY)).unwrap().with_timeout(timeout)
}

pub fn paytr_client(sb: &Sandbox, timeout: Duration) -> PaytrClient {
    let creds = PaytrCredentials {
        merchant_id: sandbox::DEMO_PAYTR_MERCHANT_ID.into(),
        merchant_key: SecretString::from(sandbox::DEMO_PAYTR_MERCHANT_KEY),
        merchant_salt: SecretString::from(sandbox::DEMO_PAYTR_MERCHANT_SALT),
    };
    PaytrClient::new(sb.base_url(), creds).unwrap().with_timeout(timeout)
}

pub fn iyzico_client_with(base: &str, secret: &str, timeout: Duration) -> IyzicoClient {
    IyzicoClient::new(
        base,
        SecretString::from(sandbox::DEMO_IYZICO_API_KEY),
        SecretString::from(secret.to_string()),
        timeout,
    )
    .unwrap()
}

pub fn iyzico_client(sb: &Sandbox, timeout: Duration) -> IyzicoClient {
    iyzico_client_with(sb.base_url(), sandbox::DEMO_IYZICO_SECRET_KEY, timeout)
}

impl Env {
    pub async fn new() -> Env {
        Env::with_timeout(Duration::from_secs(10)).await
    }

    /// Both providers, each client with `timeout` (short for the "no answer" tests).
    pub async fn with_timeout(timeout: Duration) -> Env {
        let sb = Sandbox::start_local(SandboxConfig::demo()).await.expect("sandbox starts");
        let dir = TempDir::new();
        let store = Arc::new(Mutex::new(Store::open(&dir.0.join("tahsildar.sqlite3")).unwrap()));
        let svc = LinkService::new(
            store.clone(),
            Clients::default().with(Some(paynet_client(&sb, timeout))).with(Some(paytr_client(&sb, timeout))),
        );
        Env { sb, svc, store, _dir: dir }
    }

    /// All three providers, iyzico's client with `timeout`.
    pub async fn with_iyzico(timeout: Duration) -> Env {
        let env = Env::with_timeout(timeout).await;
        env.svc.set_client(Some(iyzico_client(&env.sb, timeout)));
        env
    }

    pub fn iyzico_links(&self) -> usize {
        lock(&self.sb.state().iyzico).link_count()
    }

    /// Pays an iyzico link on the sandbox (`/_sandbox/iyzico/pay`): the HTTP status.
    pub async fn pay_iyzico(&self, token: &str) -> u16 {
        let r = reqwest::Client::new()
            .post(format!("{}/_sandbox/iyzico/pay", self.sb.base_url()))
            .json(&serde_json::json!({ "token": token, "outcome": "paid" }))
            .send()
            .await
            .unwrap();
        r.status().as_u16()
    }

    /// Sets the iyzico sandbox's §9 switches (`/_sandbox/iyzico/settings`).
    pub async fn iyzico_settings(&self, settings: serde_json::Value) {
        let r = reqwest::Client::new()
            .post(format!("{}/_sandbox/iyzico/settings", self.sb.base_url()))
            .json(&settings)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }

    pub fn paynet_links(&self) -> usize {
        lock(&self.sb.state().paynet).link_count()
    }

    pub fn paytr_links(&self) -> usize {
        lock(&self.sb.state().paytr).link_count()
    }

    /// Requests the sandbox received on `path`.
    pub fn requests(&self, path: &str) -> usize {
        lock(&self.sb.state().faults).request_count(path)
    }

    pub fn all_requests(&self) -> usize {
        lock(&self.sb.state().faults).requests().len()
    }

    /// The next request on `path` is carried out but never answered.
    pub fn hold_next(&self, path: &str) {
        lock(&self.sb.state().faults).set(path, Fault::Hold, Some(1));
    }

    pub fn fault_next(&self, path: &str, fault: Fault) {
        lock(&self.sb.state().faults).set(path, fault, Some(1));
    }

    /// Every stored link, oldest first.
    pub fn rows(&self) -> Vec<LinkRecord> {
        let store = self.store.lock().unwrap();
        let mut rows = store.query(&Default::default()).unwrap().rows;
        rows.reverse();
        rows
    }

    /// Pays a Paynet link on the sandbox by its reference; returns the xact_id.
    pub async fn pay_paynet(&self, reference_no: &str) -> String {
        let r = reqwest::Client::new()
            .post(format!("{}/_sandbox/paynet/pay", self.sb.base_url()))
            .json(&serde_json::json!({ "reference_no": reference_no, "outcome": "paid" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().await.unwrap();
        body["xact_id"].as_str().unwrap().to_string()
    }
}

pub fn paynet_form(amount: &str, customer: &str) -> CreateForm {
    CreateForm {
        provider: Some(Provider::Paynet),
        amount_text: amount.into(),
        currency: Currency::Tl,
        description: "Halı yıkama".into(),
        customer: customer.into(),
        expiry: ExpiryChoice::Days(3),
        ..CreateForm::default()
    }
}

/// An iyzico form as the window sends it for iyzico: no expiry, no sending.
pub fn iyzico_form(amount: &str, description: &str) -> CreateForm {
    CreateForm {
        provider: Some(Provider::Iyzico),
        amount_text: amount.into(),
        currency: Currency::Tl,
        description: description.into(),
        expiry: ExpiryChoice::None,
        ..CreateForm::default()
    }
}

pub fn paytr_form(amount: &str, description: &str) -> CreateForm {
    CreateForm {
        provider: Some(Provider::Paytr),
        amount_text: amount.into(),
        currency: Currency::Tl,
        description: description.into(),
        customer: "Ayşe Yılmaz".into(),
        expiry: ExpiryChoice::Days(7),
        ..CreateForm::default()
    }
}
