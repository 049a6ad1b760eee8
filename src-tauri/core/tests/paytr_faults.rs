//! How the PayTR client reports a misbehaving network or server, using the sandbox's faults.

use secrecy::SecretString;
use std::time::Duration;
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::paytr::{CreateLink, PaytrClient, PaytrCredentials, PaytrLinkId};
use tahsildar_core::providers::{ErrorKind, ProviderError};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::{
    lock, Sandbox, SandboxConfig, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT,
};

async fn setup() -> (Sandbox, PaytrClient) {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let creds = PaytrCredentials {
        merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
        merchant_key: SecretString::from(DEMO_PAYTR_MERCHANT_KEY.to_string()),
        merchant_salt: SecretString::from(DEMO_PAYTR_MERCHANT_SALT.to_string()),
    };
    let c = PaytrClient::new(sb.base_url(), creds)
        .unwrap()
        .with_timeout(Duration::from_millis(1000))
        .with_report_timeout(Duration::from_millis(1000));
    (sb, c)
}

fn fault(sb: &Sandbox, path: &str, f: Fault) {
    lock(&sb.state().faults).set(path, f, Some(1));
}

async fn create(c: &PaytrClient) -> Result<tahsildar_core::providers::paytr::CreatedLink, ProviderError> {
    c.create(&CreateLink::product("Kahve", Money::new(1000, Currency::Tl).unwrap())).await
}

#[tokio::test]
async fn latency_beyond_the_timeout_is_a_timeout_and_within_it_succeeds() {
    let (sb, c) = setup().await;
    fault(&sb, "/odeme/api/link/create", Fault::Latency { ms: 3000 });
    let e = create(&c).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(e.kind.outcome_uncertain());
    fault(&sb, "/odeme/api/link/create", Fault::Latency { ms: 50 });
    create(&c).await.unwrap();
}

#[tokio::test]
async fn http_500_is_a_server_error_with_its_status() {
    let (sb, c) = setup().await;
    fault(&sb, "/odeme/durum-sorgu", Fault::Http500);
    let e = c.payment_status("PT1").await.unwrap_err();
    assert_eq!((e.kind, e.http_status), (ErrorKind::Server, Some(500)));
    assert!(e.kind.retryable());
}

#[tokio::test]
async fn malformed_json_is_a_protocol_error() {
    let (sb, c) = setup().await;
    fault(&sb, "/odeme/api/link/create", Fault::Malformed);
    assert_eq!(create(&c).await.unwrap_err().kind, ErrorKind::Protocol);
}

#[tokio::test]
async fn a_dropped_connection_is_a_network_error() {
    let (sb, c) = setup().await;
    fault(&sb, "/odeme/api/link/delete", Fault::Drop);
    let e = c.delete(&[PaytrLinkId("AAAA111".into())]).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Network);
}

#[tokio::test]
async fn no_answer_is_a_timeout_even_when_the_request_was_carried_out() {
    let (sb, c) = setup().await;
    fault(&sb, "/rapor/islem-dokumu", Fault::Hang);
    let now = tahsildar_core::time::to_istanbul(sb.state().clock.now());
    let e = c.transactions(now - chrono::Duration::hours(1), now).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    // `hold`: the link is created but the answer never comes.
    fault(&sb, "/odeme/api/link/create", Fault::Hold);
    assert_eq!(create(&c).await.unwrap_err().kind, ErrorKind::Timeout);
    assert_eq!(lock(&sb.state().paytr).link_count(), 1);
}

/// Issue 8 §2: reports and status inquiries get their own, longer timeout (PayTR's samples wait
/// 90 s); a create keeps the short one so an uncertain create is known soon.
#[tokio::test]
async fn reports_and_status_wait_longer_than_a_create() {
    let (sb, c) = setup().await;
    let c = c.with_report_timeout(Duration::from_millis(4000));
    let now = tahsildar_core::time::to_istanbul(sb.state().clock.now());
    fault(&sb, "/rapor/islem-dokumu", Fault::Latency { ms: 1500 });
    assert!(c.transactions(now - chrono::Duration::hours(1), now).await.unwrap().is_empty());
    fault(&sb, "/odeme/durum-sorgu", Fault::Latency { ms: 1500 });
    assert_eq!(c.payment_status("PT1").await.unwrap_err().kind, ErrorKind::NotFound, "PayTR answered");
    fault(&sb, "/odeme/api/link/create", Fault::Latency { ms: 1500 });
    assert_eq!(create(&c).await.unwrap_err().kind, ErrorKind::Timeout);
}

/// Issue 8 §1: a provider does not undo a create because the caller hung up. The slow create
/// finishes on the sandbox after the client timed out and left.
#[tokio::test]
async fn a_slow_create_finishes_even_when_the_client_has_gone() {
    let (sb, c) = setup().await;
    let c = c.with_timeout(Duration::from_millis(200));
    fault(&sb, "/odeme/api/link/create", Fault::Latency { ms: 700 });
    assert_eq!(create(&c).await.unwrap_err().kind, ErrorKind::Timeout);
    assert_eq!(lock(&sb.state().paytr).link_count(), 0, "not yet");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(lock(&sb.state().paytr).link_count(), 1, "the create went through at the provider");
}
