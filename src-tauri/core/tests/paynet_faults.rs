//! Each network or server fault, injected through the sandbox's `/_sandbox/faults`, reaches the
//! caller as the right `ErrorKind`.

use secrecy::SecretString;
use serde_json::json;
use std::time::{Duration, Instant};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::paynet::*;
use tahsildar_core::providers::ErrorKind;
use tahsildar_core::sandbox::{Sandbox, SandboxConfig, DEMO_PAYNET_SECRET_KEY};

const TIMEOUT: Duration = Duration::from_millis(400);

async fn start() -> (Sandbox, PaynetClient) {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.expect("sandbox starts");
    let client =
        PaynetClient::new(sb.base_url(), SecretString::from(DEMO_PAYNET_SECRET_KEY)).unwrap().with_timeout(TIMEOUT);
    (sb, client)
}

async fn fault(sb: &Sandbox, body: serde_json::Value) {
    let r = reqwest::Client::new().post(format!("{}/_sandbox/faults", sb.base_url())).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

async fn waiting_link(c: &PaynetClient, reference: &str) -> LinkRef {
    let mut req = CreateLink::new(Money::new(1_000, Currency::Tl).unwrap(), "Ali Veli");
    req.reference_no = Some(reference.into());
    LinkRef::Id(c.create(&req).await.unwrap().id)
}

#[tokio::test]
async fn latency_beyond_the_timeout_is_timeout_and_within_it_is_fine() {
    let (sb, c) = start().await;
    let r = waiting_link(&c, "LAT-1").await;
    fault(&sb, json!({"path": "/v1/mailorder/detail", "fault": "latency", "ms": 150})).await;
    assert_eq!(c.detail(&r).await.unwrap().status, PaynetStatus::Waiting);

    fault(&sb, json!({"path": "/v1/mailorder/detail", "fault": "latency", "ms": 3000})).await;
    let started = Instant::now();
    let e = c.detail(&r).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(started.elapsed() < Duration::from_millis(2500), "the client's own timeout ended it");
    assert!(e.kind.retryable() && e.kind.outcome_uncertain());
}

#[tokio::test]
async fn http_500_is_server() {
    let (sb, c) = start().await;
    let r = waiting_link(&c, "S500").await;
    fault(&sb, json!({"path": "/v1/mailorder/detail", "fault": "http500", "times": 1})).await;
    let e = c.detail(&r).await.unwrap_err();
    assert_eq!((e.kind, e.http_status), (ErrorKind::Server, Some(500)));
    // Only the next request was faulted: a read may simply be repeated.
    assert_eq!(c.detail(&r).await.unwrap().status, PaynetStatus::Waiting);
}

#[tokio::test]
async fn malformed_json_is_protocol() {
    let (sb, c) = start().await;
    fault(&sb, json!({"path": "/v1/mailorder/list", "fault": "malformed"})).await;
    let today = tahsildar_core::time::to_istanbul(sb.state().clock.now()).date();
    let e = c.list_all(today, today).await.unwrap_err();
    assert_eq!((e.kind, e.http_status), (ErrorKind::Protocol, Some(200)));
}

#[tokio::test]
async fn dropped_connection_is_network() {
    let (sb, c) = start().await;
    fault(&sb, json!({"path": "/v1/transaction/check", "fault": "drop"})).await;
    let e = c.check_transaction(&TxRef::Reference("X".into())).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network);
}

#[tokio::test]
async fn no_answer_is_timeout() {
    let (sb, c) = start().await;
    let r = waiting_link(&c, "HANG-1").await;
    fault(&sb, json!({"path": "/v1/mailorder/status_update", "fault": "hang"})).await;
    let e = c.set_status(&r, PaynetStatus::Passive).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    // The sandbox never ran the handler: the link is still waiting.
    assert_eq!(c.detail(&r).await.unwrap().status, PaynetStatus::Waiting);
}

#[tokio::test]
async fn a_create_without_answer_may_have_happened_and_is_found_by_reference() {
    let (sb, c) = start().await;
    fault(&sb, json!({"path": "/v1/mailorder/create", "fault": "hold", "times": 1})).await;
    let mut req = CreateLink::new(Money::new(7_500, Currency::Tl).unwrap(), "Ali Veli");
    req.reference_no = Some("HOLD-1".into());
    let e = c.create(&req).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(e.kind.outcome_uncertain());
    // Reconcile by reference instead of creating again.
    let d = c.detail(&LinkRef::Reference("HOLD-1".into())).await.unwrap();
    assert_eq!((d.amount_minor, d.status), (7_500, PaynetStatus::Waiting));
    let again = c.create(&req).await.unwrap_err();
    assert_eq!((again.kind, again.code.as_deref()), (ErrorKind::Rejected, Some("5")));
}

#[tokio::test]
async fn nothing_listening_is_network() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = PaynetClient::new(&format!("http://{addr}"), SecretString::from("sck_x")).unwrap().with_timeout(TIMEOUT);
    let e = c.detail(&LinkRef::Reference("x".into())).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network);
    assert_eq!(e.http_status, None);
}
