//! The Paynet client against the sandbox over real HTTP: every endpoint, every documented failure.

use chrono::Duration;
use secrecy::SecretString;
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::phone::TrMobile;
use tahsildar_core::providers::paynet::*;
use tahsildar_core::providers::ErrorKind;
use tahsildar_core::sandbox::{lock, Sandbox, SandboxConfig, DEMO_PAYNET_SECRET_KEY};

async fn start() -> (Sandbox, PaynetClient) {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.expect("sandbox starts");
    let client = PaynetClient::new(sb.base_url(), SecretString::from(DEMO_PAYNET_SECRET_KEY)).unwrap();
    (sb, client)
}

fn tl(minor: i64) -> Money {
    Money::new(minor, Currency::Tl).unwrap()
}

#[tokio::test]
async fn create_then_detail_by_id_and_by_reference() {
    let (sb, c) = start().await;
    let mut req = CreateLink::new(tl(14_990), "Ayşe Yılmaz");
    req.reference_no = Some("INV-2024-001".into());
    req.note = Some("Kasım aidatı".into());
    req.expire_hours = Some(12);
    req.email = Some("ayse@example.com".into());
    req.send_mail = true;
    req.phone = Some(TrMobile::parse("0555 123 45 67").unwrap());
    req.send_sms = true;
    let created = c.create(&req).await.unwrap();
    assert!(created.url.starts_with(&format!("{}/S/M?id=", sb.base_url())), "{}", created.url);
    assert!(!created.url.contains(&created.id.0), "the page GUID is not the link id");

    let d = c.detail(&LinkRef::Id(created.id.clone())).await.unwrap();
    assert_eq!(d.amount_minor, 14_990);
    assert_eq!(d.currency, "TL");
    assert_eq!(d.status, PaynetStatus::Waiting);
    assert_eq!(d.name_surname, "Ayşe Yılmaz");
    assert_eq!(d.reference_no.as_deref(), Some("INV-2024-001"));
    assert_eq!(d.note.as_deref(), Some("Kasım aidatı"));
    assert_eq!(d.phone.as_deref(), Some("5551234567"));
    assert_eq!(d.email.as_deref(), Some("ayse@example.com"));
    assert_eq!(d.xact_id, None);
    assert!(d.payments.is_empty());
    let (made, exp) = (d.create_date.unwrap(), d.expire_date.unwrap());
    assert_eq!((exp - made).num_minutes(), 12 * 60);
    // Turkish local time, as Paynet writes it.
    let now_tr = tahsildar_core::time::to_istanbul(sb.state().clock.now());
    assert!((now_tr - made).abs() < Duration::minutes(1), "{made} vs {now_tr}");

    let by_ref = c.detail(&LinkRef::Reference("INV-2024-001".into())).await.unwrap();
    assert_eq!(by_ref, d);
}

#[tokio::test]
async fn amounts_keep_every_kurus() {
    let (_sb, c) = start().await;
    for minor in [1, 29, 10_000, 14_990, 123_456, 100_000_000] {
        let id = c.create(&CreateLink::new(tl(minor), "Ali Veli")).await.unwrap().id;
        assert_eq!(c.detail(&LinkRef::Id(id)).await.unwrap().amount_minor, minor);
    }
}

#[tokio::test]
async fn wrong_key_is_auth_and_keeps_paynet_words() {
    let (sb, _) = start().await;
    let bad = PaynetClient::new(sb.base_url(), SecretString::from("sck_wrong")).unwrap();
    let e = bad.create(&CreateLink::new(tl(100), "Ali")).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Auth);
    assert_eq!(e.http_status, Some(401));
    assert_eq!(e.error_type.as_deref(), Some("authorization_error"));
    assert_eq!(e.code.as_deref(), Some("7"));
    assert!(!e.message.contains("sck_"), "no key in the message: {}", e.message);
    assert_eq!(lock(&sb.state().paynet).link_count(), 0);

    // The base64 `key:` form some third-party code sends is refused too.
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("{DEMO_PAYNET_SECRET_KEY}:"));
    let r = reqwest::Client::new()
        .post(format!("{}/v1/mailorder/detail", sb.base_url()))
        .header("Authorization", format!("Basic {b64}"))
        .json(&serde_json::json!({"id": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["type"], "authorization_error");
    assert_eq!(body["result_code"], 7);
}

#[tokio::test]
async fn client_debug_never_shows_the_key() {
    let c = PaynetClient::new(TEST_BASE_URL, SecretString::from("sck_supersecret")).unwrap();
    let shown = format!("{c:?}");
    assert!(!shown.contains("supersecret") && shown.contains("pts-api.paynet.com.tr"), "{shown}");
    assert_eq!(PaynetClient::new("not a url", SecretString::from("k")).unwrap_err().kind, ErrorKind::Validation);
    assert_eq!(PaynetClient::new("ftp://x", SecretString::from("k")).unwrap_err().kind, ErrorKind::Validation);
    assert_eq!(c.base_url(), TEST_BASE_URL);
    assert_eq!(PaynetClient::new("http://h:1/api/", SecretString::from("k")).unwrap().base_url(), "http://h:1/api");
}

#[tokio::test]
async fn missing_fields_are_validation_errors() {
    let (_sb, c) = start().await;
    let e = c.create(&CreateLink::new(tl(100), "  ")).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref(), e.http_status), (ErrorKind::Validation, Some("11"), Some(400)));
    assert_eq!(e.error_type.as_deref(), Some("invalid_request_error"));
    assert!(e.message.contains("name_surname"), "{}", e.message);

    let mut req = CreateLink::new(tl(100), "Ali");
    req.send_mail = true;
    let e = c.create(&req).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert!(e.message.contains("email"), "{}", e.message);

    let mut req = CreateLink::new(tl(100), "Ali");
    req.send_sms = true;
    assert!(c.create(&req).await.unwrap_err().message.contains("phone"));

    let e = c.create(&CreateLink::new(Money::new(100, Currency::Usd).unwrap(), "Ali")).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation, "Paynet PayLink is TL only");
}

#[tokio::test]
async fn sandbox_checks_amounts_like_paynet() {
    let (sb, _) = start().await;
    let post = |body: &'static str| {
        reqwest::Client::new()
            .post(format!("{}/v1/mailorder/create", sb.base_url()))
            .header("Authorization", format!("Basic {DEMO_PAYNET_SECRET_KEY}"))
            .header("Content-Type", "application/json")
            .body(body)
            .send()
    };
    for bad in [
        r#"{"name_surname":"A","amount":0}"#,
        r#"{"name_surname":"A","amount":"-5"}"#,
        r#"{"name_surname":"A"}"#,
        r#"{"name_surname":"A","amount":1.999}"#,
    ] {
        let r = post(bad).await.unwrap();
        assert_eq!(r.status(), 400, "{bad}");
    }
    // A string amount with a decimal comma is accepted, as is `expire_date` as a string.
    let r = post(r#"{"name_surname":"A","amount":"20,50","expire_date":"2"}"#).await.unwrap();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["code"], 0);
    assert_eq!(v["object_name"], "mailorder");
}

#[tokio::test]
async fn unknown_link_is_not_found() {
    let (_sb, c) = start().await;
    let unknown = LinkRef::Id(PaynetLinkId("00000000-0000-0000-0000-000000000000".into()));
    let e = c.detail(&unknown).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref(), e.http_status), (ErrorKind::NotFound, Some("12"), Some(404)));
    assert_eq!(e.error_type.as_deref(), Some("no_data_error"));
    assert_eq!(
        c.set_status(&LinkRef::Reference("nope".into()), PaynetStatus::Passive).await.unwrap_err().kind,
        ErrorKind::NotFound
    );
    // "No transaction" is an empty answer, not a failure.
    assert!(c.check_transaction(&TxRef::Reference("nope".into())).await.unwrap().is_empty());
}

#[tokio::test]
async fn duplicate_reference_is_refused_with_code_5() {
    let (sb, c) = start().await;
    let mut req = CreateLink::new(tl(5_000), "Ali");
    req.reference_no = Some("DUP-1".into());
    c.create(&req).await.unwrap();
    let e = c.create(&req).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref(), e.http_status), (ErrorKind::Rejected, Some("5"), Some(200)));
    assert!(e.message.contains("DUP-1"), "{}", e.message);
    assert_eq!(lock(&sb.state().paynet).link_count(), 1);
}

#[tokio::test]
async fn deactivate_and_reopen() {
    let (sb, c) = start().await;
    let id = c.create(&CreateLink::new(tl(100), "Ali")).await.unwrap().id;
    let r = LinkRef::Id(id);
    c.set_status(&r, PaynetStatus::Passive).await.unwrap();
    assert_eq!(c.detail(&r).await.unwrap().status, PaynetStatus::Passive);
    c.set_status(&r, PaynetStatus::Waiting).await.unwrap();
    assert_eq!(c.detail(&r).await.unwrap().status, PaynetStatus::Waiting);

    // Paid/expired/unknown targets are refused before any request goes out.
    let before = lock(&sb.state().faults).request_count("/v1/mailorder/status_update");
    for s in [PaynetStatus::Paid, PaynetStatus::Expired, PaynetStatus::Unknown(9)] {
        assert_eq!(c.set_status(&r, s).await.unwrap_err().kind, ErrorKind::Validation);
    }
    assert_eq!(lock(&sb.state().faults).request_count("/v1/mailorder/status_update"), before);
}

#[tokio::test]
async fn list_pages_by_index_and_list_all_follows() {
    let (sb, c) = start().await;
    let mut ids = Vec::new();
    for i in 0..25 {
        let mut req = CreateLink::new(tl(100 + i), format!("Müşteri {i}"));
        req.reference_no = Some(format!("L-{i}"));
        ids.push(c.create(&req).await.unwrap().id);
    }
    let today = tahsildar_core::time::to_istanbul(sb.state().clock.now()).date();
    let page = c.list(&ListQuery { from: today, to: today, limit: 10, starting_after: None }).await.unwrap();
    assert_eq!((page.rows.len(), page.total, page.has_more), (10, Some(25), true));
    let row = &page.rows[3];
    assert_eq!(row.id.as_ref(), Some(&ids[3]));
    assert_eq!(row.reference_no.as_deref(), Some("L-3"));
    assert_eq!((row.amount_minor, row.status), (103, Some(PaynetStatus::Waiting)));
    assert!(row.url.as_deref().is_some_and(|u| u.contains("/S/M?id=")));
    assert!(row.create_date.is_some() && row.expire_date.is_some());

    let last = c.list(&ListQuery { from: today, to: today, limit: 10, starting_after: Some(20) }).await.unwrap();
    assert_eq!((last.rows.len(), last.has_more), (5, false));
    assert_eq!(last.rows[0].id.as_ref(), Some(&ids[20]));

    let all = c.list_all(today, today).await.unwrap();
    assert_eq!(all.iter().map(|r| r.id.clone().unwrap()).collect::<Vec<_>>(), ids);

    // Other days hold nothing; a reversed range is refused before sending.
    let yesterday = today.pred_opt().unwrap();
    assert!(c.list_all(yesterday, yesterday).await.unwrap().is_empty());
    let q = ListQuery { from: today, to: yesterday, limit: 10, starting_after: None };
    assert_eq!(c.list(&q).await.unwrap_err().kind, ErrorKind::Validation);
}

#[tokio::test]
async fn detail_answers_by_our_reference_without_id_or_page_and_list_may_show_the_banks() {
    let (sb, c) = start().await;
    let mut req = CreateLink::new(tl(4_250), "Ali Veli");
    req.reference_no = Some("TH-REF-1".into());
    let created = c.create(&req).await.unwrap();
    assert!(lock(&sb.state().paynet).set_list_reference(&created.id.0, "BNK-000123"));
    assert!(!lock(&sb.state().paynet).set_list_reference("no-such-link", "BNK-1"));

    // `detail` documents neither `id` nor `url` (providers.md §3.2): the sandbox sends neither.
    let r = reqwest::Client::new()
        .post(format!("{}/v1/mailorder/detail", sb.base_url()))
        .header("Authorization", format!("Basic {DEMO_PAYNET_SECRET_KEY}"))
        .json(&serde_json::json!({"reference_no": "TH-REF-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["reference_no"], "TH-REF-1", "detail keeps our reference");
    assert!(body.get("id").is_none() && body.get("url").is_none(), "{body}");
    let d = c.detail(&LinkRef::Reference("TH-REF-1".into())).await.unwrap();
    assert_eq!((d.id, d.url, d.amount_minor), (None, None, 4_250));

    // The list's `reference_no` is the bank's (§9 item 13): here it differs from ours.
    let today = tahsildar_core::time::to_istanbul(sb.state().clock.now()).date();
    let rows = c.list_all(today, today).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].id.as_ref(), rows[0].reference_no.as_deref()), (Some(&created.id), Some("BNK-000123")));
    assert_eq!(rows[0].create_date, d.create_date, "the row and detail tell the same creation time");
}
