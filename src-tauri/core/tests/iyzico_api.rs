//! The iyzico client against the sandbox over real HTTP: every endpoint, the documented failures
//! (in both the HTTP 200 and the 4xx styles), and each injected fault mapped to its `ErrorKind`.

use secrecy::SecretString;
use serde_json::{json, Value};
use std::time::Duration;
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::iyzico::*;
use tahsildar_core::providers::ErrorKind;
use tahsildar_core::sandbox::{Sandbox, SandboxConfig, DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY};
use tahsildar_core::Lang;

const TIMEOUT: Duration = Duration::from_millis(800);

async fn start() -> (Sandbox, IyzicoClient) {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.expect("sandbox starts");
    let c = client(&sb, DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY);
    (sb, c)
}

fn client(sb: &Sandbox, api: &str, secret: &str) -> IyzicoClient {
    IyzicoClient::new(sb.base_url(), SecretString::from(api), SecretString::from(secret), TIMEOUT).unwrap()
}

async fn control(sb: &Sandbox, path: &str, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new().post(format!("{}{path}", sb.base_url())).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn pay(sb: &Sandbox, token: &IyzicoToken) -> (u16, Value) {
    control(sb, "/_sandbox/iyzico/pay", json!({"token": token.0, "outcome": "paid"})).await
}

fn tl(minor: i64) -> Money {
    Money::new(minor, Currency::Tl).unwrap()
}

async fn create(c: &IyzicoClient, name: &str, minor: i64) -> CreatedLink {
    let fields = LinkFields::single_use(name, "Sipariş açıklaması", tl(minor));
    let image = card::render(fields.price, &fields.description, Some("Çınar Kırtasiye")).unwrap();
    c.create(&fields, &image).await.unwrap()
}

#[tokio::test]
async fn create_get_pay_once_and_see_the_sale() {
    let (sb, c) = start().await;
    let mut fields = LinkFields::single_use("Şeker kutusu", "İki kilo, özel ambalaj", tl(123_456));
    fields.conversation_id = Some("ORD-1".into());
    let image = card::render(fields.price, &fields.description, Some("Güneş Şekerleme")).unwrap();
    let made = c.create(&fields, &image).await.unwrap();
    assert!(made.url.contains(&made.token.0), "{}", made.url);

    let l = c.get(&made.token, Lang::Tr).await.unwrap();
    assert_eq!(l.name.as_deref(), Some("Şeker kutusu"));
    assert_eq!(l.description.as_deref(), Some("İki kilo, özel ambalaj"));
    assert_eq!((l.price_minor, l.currency_code.as_deref()), (Some(123_456), Some("TRY")));
    assert_eq!((l.status.clone(), l.sold_count), (Some(LinkStatus::Active), Some(0)));
    assert_eq!(l.conversation_id.as_deref(), Some("ORD-1"));

    assert_eq!(pay(&sb, &made.token).await.0, 200);
    assert_eq!(c.get(&made.token, Lang::Tr).await.unwrap().sold_count, Some(1));
    // Single use: the sandbox refuses a second sale, as iyzico does once the stock is used up.
    let (status, answer) = pay(&sb, &made.token).await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(c.get(&made.token, Lang::Tr).await.unwrap().sold_count, Some(1));
}

#[tokio::test]
async fn amounts_keep_every_kurus() {
    let (_sb, c) = start().await;
    for minor in [1, 29, 10_000, 14_990, 123_456, 100_000_000] {
        let made = create(&c, "Tutar", minor).await;
        assert_eq!(c.get(&made.token, Lang::En).await.unwrap().price_minor, Some(minor), "{minor}");
    }
}

#[tokio::test]
async fn list_pages_newest_first_with_sold_counts() {
    let (sb, c) = start().await;
    let a = create(&c, "A", 100).await;
    let b = create(&c, "B", 200).await;
    let d = create(&c, "C", 300).await;
    pay(&sb, &b.token).await;
    let first = c.list(1, 2, Lang::Tr).await.unwrap();
    assert_eq!((first.total_count, first.current_page, first.page_count), (Some(3), Some(1), Some(2)));
    let tokens: Vec<_> = first.items.iter().map(|l| l.token.clone()).collect();
    assert_eq!(tokens, [d.token.clone(), b.token.clone()]);
    assert_eq!(first.items[1].sold_count, Some(1));
    let second = c.list(2, 2, Lang::Tr).await.unwrap();
    assert_eq!(second.items.iter().map(|l| l.token.clone()).collect::<Vec<_>>(), [a.token]);
    assert_eq!(second.skipped, 0);
}

#[tokio::test]
async fn update_replaces_fields_and_keeps_the_image() {
    let (_sb, c) = start().await;
    let made = create(&c, "Eski ad", 1_000).await;
    let fields = LinkFields::single_use("Yeni ad", "Yeni açıklama", tl(2_550));
    let updated = c.update(&made.token, &fields, None).await.unwrap();
    assert_eq!(updated.token, made.token);
    let l = c.get(&made.token, Lang::Tr).await.unwrap();
    assert_eq!((l.name.as_deref(), l.price_minor), (Some("Yeni ad"), Some(2_550)));
    assert!(l.image_url.is_some());
}

#[tokio::test]
async fn passive_stops_payments_and_active_reopens() {
    let (sb, c) = start().await;
    let made = create(&c, "Durum", 500).await;
    c.set_status(&made.token, SetStatus::Passive, Lang::Tr).await.unwrap();
    assert_eq!(c.get(&made.token, Lang::Tr).await.unwrap().status, Some(LinkStatus::Passive));
    assert_eq!(pay(&sb, &made.token).await.0, 409);
    c.set_status(&made.token, SetStatus::Active, Lang::Tr).await.unwrap();
    assert_eq!(c.get(&made.token, Lang::Tr).await.unwrap().status, Some(LinkStatus::Active));
    assert_eq!(pay(&sb, &made.token).await.0, 200);
}

#[tokio::test]
async fn delete_makes_it_not_found_everywhere() {
    let (_sb, c) = start().await;
    let made = create(&c, "Silinecek", 500).await;
    c.delete(&made.token, Lang::Tr).await.unwrap();
    let e = c.get(&made.token, Lang::Tr).await.unwrap_err();
    assert_eq!((e.kind, e.http_status), (ErrorKind::NotFound, Some(200)));
    assert!(e.code.is_some() && !e.message.is_empty());
    assert_eq!(c.delete(&made.token, Lang::Tr).await.unwrap_err().kind, ErrorKind::NotFound);
    assert_eq!(c.set_status(&made.token, SetStatus::Active, Lang::Tr).await.unwrap_err().kind, ErrorKind::NotFound);
    assert!(c.list(1, 100, Lang::Tr).await.unwrap().items.iter().all(|l| l.token != made.token));
}

#[tokio::test]
async fn wrong_keys_are_auth_with_iyzicos_codes() {
    let (sb, _) = start().await;
    let e = client(&sb, DEMO_IYZICO_API_KEY, "sandbox-wrong-secret").list(1, 10, Lang::Tr).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Auth, Some("1000")));
    assert!(!e.message.contains("sandbox-wrong-secret"));
    let e = client(&sb, "sandbox-unknown-key", DEMO_IYZICO_SECRET_KEY).list(1, 10, Lang::Tr).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Auth, Some("1001")));
}

#[tokio::test]
async fn failures_as_http_4xx_map_the_same() {
    let (sb, c) = start().await;
    assert_eq!(control(&sb, "/_sandbox/iyzico/settings", json!({"http_errors": true})).await.0, 200);
    let ghost = IyzicoToken::parse("Zz9Zz9").unwrap();
    let e = c.get(&ghost, Lang::En).await.unwrap_err();
    assert_eq!((e.kind, e.http_status), (ErrorKind::NotFound, Some(404)));
    let e = client(&sb, DEMO_IYZICO_API_KEY, "sandbox-wrong-secret").get(&ghost, Lang::En).await.unwrap_err();
    assert_eq!((e.kind, e.http_status, e.code.as_deref()), (ErrorKind::Auth, Some(401), Some("1000")));
}

#[tokio::test]
async fn strict_random_key_mode_accepts_our_requests() {
    let (sb, c) = start().await;
    assert_eq!(control(&sb, "/_sandbox/iyzico/settings", json!({"require_rnd": true})).await.0, 200);
    let made = create(&c, "Rnd", 100).await;
    c.get(&made.token, Lang::Tr).await.unwrap();
}

async fn fault(sb: &Sandbox, path: &str, name: &str) {
    let (status, answer) = control(sb, "/_sandbox/faults", json!({"path": path, "fault": name, "times": 1})).await;
    assert_eq!(status, 200, "{answer}");
}

#[tokio::test]
async fn faults_reach_the_caller_as_their_kinds() {
    let (sb, c) = start().await;
    let made = create(&c, "Arıza", 100).await;
    let path = format!("/v2/iyzilink/products/{}", made.token);
    for (name, kind) in [
        ("http500", ErrorKind::Server),
        ("malformed", ErrorKind::Protocol),
        ("drop", ErrorKind::Network),
        ("hang", ErrorKind::Timeout),
    ] {
        fault(&sb, &path, name).await;
        let e = c.get(&made.token, Lang::Tr).await.unwrap_err();
        assert_eq!(e.kind, kind, "{name}: {e:?}");
        // Only the next request was faulted.
        assert_eq!(c.get(&made.token, Lang::Tr).await.unwrap().token, made.token, "{name}");
    }
    fault(&sb, "/v2/iyzilink/products", "ratelimit").await;
    let e = c.list(1, 10, Lang::Tr).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::RateLimited, Some(RATE_LIMIT_CODE)));
    assert!(e.is_rate_limited() && e.kind.retryable());
}

#[tokio::test]
async fn a_held_create_is_uncertain_and_found_in_the_list() {
    let (sb, c) = start().await;
    fault(&sb, "/v2/iyzilink/products", "hold").await;
    let fields =
        LinkFields { conversation_id: Some("HELD-1".into()), ..LinkFields::single_use("Bekleyen", "x", tl(700)) };
    let image = card::render(fields.price, "x", None).unwrap();
    let e = c.create(&fields, &image).await.unwrap_err();
    assert!(e.kind.outcome_uncertain(), "{e:?}");
    let page = c.list(1, 100, Lang::Tr).await.unwrap();
    assert!(page.items.iter().any(|l| l.conversation_id.as_deref() == Some("HELD-1")));
}
