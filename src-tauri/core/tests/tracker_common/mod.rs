//! Shared by the tracker tests: the sandbox over real HTTP, the real store in a temp SQLite file,
//! links created the way the app creates them, and payments made on the sandbox.

#![allow(dead_code)] // each test binary uses a different part of this

pub mod iyzico;
pub mod odd_rows;

use secrecy::SecretString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::iyzico::{IyzicoClient, LinkFields, LinkImage};
use tahsildar_core::providers::paynet::{self, PaynetClient};
use tahsildar_core::providers::paytr::{self, PaytrClient, PaytrCredentials};
use tahsildar_core::providers::Provider;
use tahsildar_core::sandbox::{self, lock, Sandbox, SandboxConfig};
use tahsildar_core::store::{LinkRecord, NewLink, Store};
use tahsildar_core::tracker::{
    Cadence, Clients, SqliteTrackerStore, Tracker, TrackerConfig, TrackerEvent, TrackerHandle,
};
use tokio::sync::broadcast;

/// A temp folder removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("tahsildar-tracker-{}", uuid::Uuid::new_v4().simple()));
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
    pub store: Arc<Mutex<Store>>,
    pub tracked: Arc<SqliteTrackerStore>,
    pub paynet: PaynetClient,
    pub paytr: PaytrClient,
    pub iyzico: IyzicoClient,
    pub http: reqwest::Client,
    _dir: TempDir,
}

impl Env {
    pub async fn start() -> Env {
        let sb = Sandbox::start_local(SandboxConfig::demo()).await.expect("sandbox starts");
        let dir = TempDir::new();
        let db = dir.0.join("tahsildar.sqlite3");
        let store = Arc::new(Mutex::new(Store::open(&db).unwrap()));
        let tracked = Arc::new(SqliteTrackerStore::new(store.clone(), &db).unwrap());
        let paynet = PaynetClient::new(sb.base_url(), SecretString::from(sandbox::DEMO_PAYNET_SECRET_KEY))
            .unwrap()
            .with_timeout(Duration::from_secs(2));
        let creds = PaytrCredentials {
            merchant_id: sandbox::DEMO_PAYTR_MERCHANT_ID.into(),
            merchant_key: SecretString::from(sandbox::DEMO_PAYTR_MERCHANT_KEY),
            merchant_salt: SecretString::from(sandbox::DEMO_PAYTR_MERCHANT_SALT),
        };
        let paytr = PaytrClient::new(sb.base_url(), creds)
            .unwrap()
            .with_timeout(Duration::from_secs(2))
            .with_report_timeout(Duration::from_secs(2));
        let iyzico = iyzico_client(sb.base_url());
        Env { sb, store, tracked, paynet, paytr, iyzico, http: reqwest::Client::new(), _dir: dir }
    }

    pub fn clients(&self) -> Clients {
        Clients::default()
            .with(Some(self.paynet.clone()))
            .with(Some(self.paytr.clone()))
            .with(Some(self.iyzico.clone()))
    }

    /// A tracker that only sweeps when told (`cycle_now`) after its first look at start.
    pub fn tracker(&self, config: TrackerConfig) -> (TrackerHandle, broadcast::Receiver<TrackerEvent>) {
        let (tx, rx) = broadcast::channel(1024);
        (Tracker::spawn(self.tracked.clone(), self.clients(), tx, config), rx)
    }

    pub fn get(&self, id: i64) -> LinkRecord {
        lock(&self.store).get(id).unwrap()
    }

    /// Creates a Paynet link as the app does: store first, then the provider, then the store.
    pub async fn paynet_link(&self, minor: i64, customer: &str) -> LinkRecord {
        let rec = lock(&self.store).begin_create(&new_link(Provider::Paynet, minor, customer)).unwrap();
        let mut req = paynet::CreateLink::new(Money::new(minor, Currency::Tl).unwrap(), customer);
        req.reference_no = Some(rec.local_ref.clone());
        req.expire_hours = Some(24);
        let created = self.paynet.create(&req).await.unwrap();
        let expires = rec.created_at + 24 * 3600 * 1000;
        lock(&self.store).finish_create(rec.id, &created.id.0, &created.url, Some(expires)).unwrap()
    }

    /// Creates a single-use PayTR link (store, provider, store).
    pub async fn paytr_link(&self, minor: i64, customer: &str) -> LinkRecord {
        let rec = lock(&self.store).begin_create(&new_link(Provider::Paytr, minor, customer)).unwrap();
        self.finish_paytr(rec, minor).await
    }

    pub async fn finish_paytr(&self, rec: LinkRecord, minor: i64) -> LinkRecord {
        let mut req =
            paytr::CreateLink::product(format!("Sipariş {}", rec.id), Money::new(minor, Currency::Tl).unwrap());
        req.link_type = paytr::LinkType::Product { min_count: 1, max_count: Some(1) };
        req.max_installment = 6;
        let created = self.paytr.create(&req).await.unwrap();
        lock(&self.store).finish_create(rec.id, &created.id.0, &created.link, None).unwrap()
    }

    /// Pays a PayTR link through the sandbox; returns the sale's merchant_oid.
    pub async fn pay_paytr(&self, link: &LinkRecord, installments: u8) -> String {
        let r = self
            .http
            .post(format!("{}/_sandbox/paytr/pay", self.sb.base_url()))
            .json(&serde_json::json!({"id": link.provider_id, "outcome": "paid", "installments": installments}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        v["merchant_oid"].as_str().unwrap().to_string()
    }

    /// Creates a single-use iyzico link as the link service does: store, provider (our
    /// reference as `conversationId`), store.
    pub async fn iyzico_link(&self, minor: i64, customer: &str) -> LinkRecord {
        let rec = lock(&self.store).begin_create(&new_link(Provider::Iyzico, minor, customer)).unwrap();
        let created = self.iyzico_create(minor, Some(&rec.local_ref)).await;
        lock(&self.store).finish_create(rec.id, &created.0, &created.1, None).unwrap()
    }

    /// A link at iyzico only: (token, url). `None`: no `conversationId` (made elsewhere).
    pub async fn iyzico_create(&self, minor: i64, conversation_id: Option<&str>) -> (String, String) {
        let mut fields = LinkFields::single_use("Sipariş", "Test ödemesi", Money::new(minor, Currency::Tl).unwrap());
        fields.conversation_id = conversation_id.map(str::to_string);
        let created = self.iyzico.create(&fields, &png()).await.unwrap();
        (created.token.0, created.url)
    }

    /// Pays an iyzico link on the sandbox (its `soldCount` goes up).
    pub async fn pay_iyzico(&self, token: &str) {
        let r = self
            .http
            .post(format!("{}/_sandbox/iyzico/pay", self.sb.base_url()))
            .json(&serde_json::json!({"token": token, "outcome": "paid"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    }

    pub fn requests(&self, path: &str) -> usize {
        lock(&self.sb.state().faults).request_count(path)
    }

    pub fn provider_requests(&self) -> usize {
        lock(&self.sb.state().faults).requests().len()
    }
}

/// An iyzico client with the sandbox's demo keys at `base`.
pub fn iyzico_client(base: &str) -> IyzicoClient {
    IyzicoClient::new(
        base,
        SecretString::from(sandbox::DEMO_IYZICO_API_KEY),
        SecretString::from(sandbox::DEMO_IYZICO_SECRET_KEY),
        Duration::from_secs(2),
    )
    .unwrap()
}

/// A valid 1×1 PNG (`shared/iyzico.md` §8) for the link image.
pub fn png() -> LinkImage {
    use base64::Engine;
    let b64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
    LinkImage::new(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap()
}

pub fn new_link(provider: Provider, minor: i64, customer: &str) -> NewLink {
    NewLink {
        provider,
        amount: Money::new(minor, Currency::Tl).unwrap(),
        description: "Test".into(),
        customer: customer.into(),
        phone: None,
        email: None,
        local_ref: None,
        reference: None,
        paytr: None,
    }
}

/// Sweeps only when asked: the regular cadence is far beyond any test.
pub fn manual() -> TrackerConfig {
    let hour = Duration::from_secs(3600);
    TrackerConfig {
        cadence: Cadence { fast: hour, normal: hour, slow: hour, ..Cadence::default() },
        ..TrackerConfig::default()
    }
}

/// Waits (up to `secs`) for an event matching `pick`; other events are skipped.
pub async fn wait_for<T>(
    rx: &mut broadcast::Receiver<TrackerEvent>,
    secs: u64,
    mut pick: impl FnMut(&TrackerEvent) -> Option<T>,
) -> Option<T> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(e)) => {
                if let Some(t) = pick(&e) {
                    return Some(t);
                }
            }
            Ok(Err(broadcast::error::RecvError::Lagged(_))) => {}
            _ => return None,
        }
    }
}

/// Every event already sent.
pub fn drain(rx: &mut broadcast::Receiver<TrackerEvent>) -> Vec<TrackerEvent> {
    let mut out = Vec::new();
    while let Ok(e) = rx.try_recv() {
        out.push(e);
    }
    out
}
