//! Issue 8 §1: the PayTR sandbox accepts and refuses what PayTR's docs and samples say, and the
//! client reads what it answers (providers.md §4.2, §5.1, §5.7, §9.9–§9.12; seed 003).

use chrono::{Duration, NaiveDateTime};
use secrecy::SecretString;
use serde_json::{json, Value};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::paytr::{paytr_token, CreateLink, LinkType, PaytrClient, PaytrCredentials};
use tahsildar_core::providers::ErrorKind;
use tahsildar_core::sandbox::{
    lock, Sandbox, SandboxConfig, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT,
};

fn client(sb: &Sandbox) -> PaytrClient {
    let creds = PaytrCredentials {
        merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
        merchant_key: SecretString::from(DEMO_PAYTR_MERCHANT_KEY.to_string()),
        merchant_salt: SecretString::from(DEMO_PAYTR_MERCHANT_SALT.to_string()),
    };
    PaytrClient::new(sb.base_url(), creds).unwrap()
}

fn tl(minor: i64) -> Money {
    Money::new(minor, Currency::Tl).unwrap()
}

fn now_tr(sb: &Sandbox) -> NaiveDateTime {
    tahsildar_core::time::to_istanbul(sb.state().clock.now())
}

/// The body PHP's curl sends for `CURLOPT_POSTFIELDS => array(...)`: multipart/form-data with a
/// `------------------------<hex>` boundary.
fn php_multipart(fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "------------------------d74496d66958873e";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_raw(sb: &Sandbox, path: &str, content_type: &str, body: Vec<u8>) -> Value {
    reqwest::Client::new()
        .post(format!("{}{path}", sb.base_url()))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn control(sb: &Sandbox, path: &str, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new().post(format!("{}{path}", sb.base_url())).json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn pay(sb: &Sandbox, body: Value) -> Value {
    let (status, v) = control(sb, "/_sandbox/paytr/pay", body).await;
    assert_eq!(status, 200, "{v}");
    v
}

/// Seed 003: PayTR's own PHP sample for `link/delete`, as curl posts it, gets `success`.
#[tokio::test]
async fn the_php_sample_for_delete_posts_multipart_and_succeeds() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let created = client(&sb).create(&CreateLink::product("Kahve çekirdeği", tl(25000))).await.unwrap();
    let id = created.id.0.as_str();
    let token =
        paytr_token(&format!("{id}{DEMO_PAYTR_MERCHANT_ID}{DEMO_PAYTR_MERCHANT_SALT}"), DEMO_PAYTR_MERCHANT_KEY);
    let (ct, body) = php_multipart(&[
        ("merchant_id", DEMO_PAYTR_MERCHANT_ID),
        ("id", id),
        ("debug_on", "1"),
        ("paytr_token", &token),
    ]);
    assert_eq!(post_raw(&sb, "/odeme/api/link/delete", &ct, body).await, json!({"status": "success"}));
    // Deleted for real: a second delete is refused with PayTR's reason.
    let (ct, body) = php_multipart(&[
        ("merchant_id", DEMO_PAYTR_MERCHANT_ID),
        ("id", id),
        ("debug_on", "1"),
        ("paytr_token", &token),
    ]);
    assert_eq!(post_raw(&sb, "/odeme/api/link/delete", &ct, body).await["status"], "failed");

    // A create posted the PHP way works too (UTF-8 name, token over the same text).
    let msg = format!("Örnek Ürün1445TL1producttr1{DEMO_PAYTR_MERCHANT_SALT}");
    let token = paytr_token(&msg, DEMO_PAYTR_MERCHANT_KEY);
    let (ct, body) = php_multipart(&[
        ("merchant_id", DEMO_PAYTR_MERCHANT_ID),
        ("name", "Örnek Ürün"),
        ("price", "1445"),
        ("currency", "TL"),
        ("max_installment", "1"),
        ("link_type", "product"),
        ("lang", "tr"),
        ("min_count", "1"),
        ("paytr_token", &token),
    ]);
    let answer = post_raw(&sb, "/odeme/api/link/create", &ct, body).await;
    assert_eq!(answer["status"], "success", "{answer}");
}

/// `flex_max_price` is required for flex links: the sandbox refuses a flex create without it,
/// and the client never sends one.
#[tokio::test]
async fn a_flex_link_without_its_maximum_is_refused() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let msg = format!("Bağış1000TL1flextr{DEMO_PAYTR_MERCHANT_SALT}");
    let form = [
        ("merchant_id", DEMO_PAYTR_MERCHANT_ID),
        ("name", "Bağış"),
        ("price", "1000"),
        ("currency", "TL"),
        ("max_installment", "1"),
        ("link_type", "flex"),
        ("lang", "tr"),
        ("paytr_token", &paytr_token(&msg, DEMO_PAYTR_MERCHANT_KEY)),
    ];
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let answer = post_raw(&sb, "/odeme/api/link/create", "application/x-www-form-urlencoded", body.into()).await;
    assert_eq!(
        answer,
        json!({"status":"failed","reason":"Zorunlu alan degeri gecersiz veya gonderilmedi (Link API - create): flex_max_price"})
    );
    let flex = CreateLink {
        link_type: LinkType::Flex { max_price: None, user_name: None },
        ..CreateLink::product("Bağış", tl(1000))
    };
    assert_eq!(client(&sb).create(&flex).await.unwrap_err().kind, ErrorKind::Validation);
    assert_eq!(lock(&sb.state().paytr).link_count(), 0);
}

/// `rapor/islem-dokumu` as documented: dot amounts with two decimals, `odeme_tutari` only when
/// more than the order amount was charged, refund rows (`I`) after a refund; the client reads it.
#[tokio::test]
async fn the_report_has_dot_amounts_optional_odeme_tutari_and_refund_rows() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb);
    let mut req = CreateLink::product("Kahve", tl(1000));
    req.max_installment = 3;
    let one = c.create(&req).await.unwrap();
    let two = c.create(&req).await.unwrap();
    let plain = pay(&sb, json!({"id": one.id.0, "outcome": "paid"})).await;
    let spread = pay(&sb, json!({"id": two.id.0, "outcome": "paid", "installments": 3})).await;
    let (status, refund) =
        control(&sb, "/_sandbox/paytr/refund", json!({"merchant_oid": plain["merchant_oid"], "amount_minor": 400}))
            .await;
    assert_eq!(status, 200, "{refund}");

    let now = now_tr(&sb);
    let (start, end) = (
        (now - Duration::hours(1)).format("%Y-%m-%d %H:%M:%S").to_string(),
        now.format("%Y-%m-%d %H:%M:%S").to_string(),
    );
    let token = paytr_token(
        &format!("{DEMO_PAYTR_MERCHANT_ID}{start}{end}{DEMO_PAYTR_MERCHANT_SALT}"),
        DEMO_PAYTR_MERCHANT_KEY,
    );
    let form =
        [("merchant_id", DEMO_PAYTR_MERCHANT_ID), ("start_date", &start), ("end_date", &end), ("paytr_token", &token)];
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let answer = post_raw(&sb, "/rapor/islem-dokumu", "application/x-www-form-urlencoded", body.into()).await;
    let rows = answer["data"].as_array().unwrap();
    let by = |oid: &Value, kind: &str| {
        rows.iter().find(|r| r["siparis_no"] == *oid && r["islem_tipi"] == kind).unwrap().clone()
    };
    let sale = by(&plain["merchant_oid"], "S");
    assert_eq!(sale["islem_tutari"], "10.00");
    assert!(sale.get("odeme_tutari").is_none(), "charged exactly the amount: no odeme_tutari ({sale})");
    let surcharged = by(&spread["merchant_oid"], "S");
    assert_eq!(
        (surcharged["islem_tutari"].as_str(), surcharged["odeme_tutari"].as_str()),
        (Some("10.00"), Some("10.60"))
    );
    assert_eq!(by(&plain["merchant_oid"], "I")["islem_tutari"], "4.00");

    let read = c.transactions(now - Duration::hours(1), now).await.unwrap();
    assert_eq!(read.len(), 3);
    let sale =
        read.iter().find(|r| r.kind == "S" && Some(r.merchant_oid.as_str()) == plain["merchant_oid"].as_str()).unwrap();
    assert_eq!((sale.amount_minor, sale.paid_minor), (1000, 1000));
    assert!(read.iter().any(|r| r.kind == "I" && r.amount_minor == 400));
}

/// A multi-use product link sells a quantity of 2 in one payment; a single-use link cannot; a
/// flex payer chooses the amount between the minimum and the maximum.
#[tokio::test]
async fn quantity_and_flex_amounts_are_the_payers_choice_within_the_link() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb);
    let multi = CreateLink {
        link_type: LinkType::Product { min_count: 1, max_count: Some(5) },
        ..CreateLink::product("Simit", tl(1500))
    };
    let multi = c.create(&multi).await.unwrap();
    let sale = pay(&sb, json!({"id": multi.id.0, "outcome": "paid", "quantity": 2})).await;
    assert_eq!(sale["payment_amount"], 3000);
    let html = reqwest::get(&multi.link).await.unwrap().text().await.unwrap();
    assert!(html.contains("name=\"quantity\"") && html.contains("max=\"3\""), "3 left in stock: {html}");

    let single = c.create(&CreateLink::product("Simit", tl(1500))).await.unwrap();
    let (status, v) =
        control(&sb, "/_sandbox/paytr/pay", json!({"id": single.id.0, "outcome": "paid", "quantity": 2})).await;
    assert_eq!(status, 400, "{v}");
    pay(&sb, json!({"id": single.id.0, "outcome": "paid"})).await;
    let (status, _) = control(&sb, "/_sandbox/paytr/pay", json!({"id": single.id.0, "outcome": "paid"})).await;
    assert_eq!(status, 409, "a single-use link closes after its payment");

    let flex = CreateLink {
        link_type: LinkType::Flex { max_price: Some(tl(50000)), user_name: None },
        ..CreateLink::product("Bağış", tl(1000))
    };
    let flex = c.create(&flex).await.unwrap();
    let (status, _) =
        control(&sb, "/_sandbox/paytr/pay", json!({"id": flex.id.0, "outcome": "paid", "amount_minor": 50001})).await;
    assert_eq!(status, 400);
    // On the page, as a payer types it.
    let form = [
        ("card_holder", "Ayşe"),
        ("card_number", "4111 1111 1111 1111"),
        ("expiry", "12/30"),
        ("cvc", "000"),
        ("amount", "275,50"),
    ];
    let r = reqwest::Client::new().post(&flex.link).form(&form).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("275,50"), "charged what the payer chose");
    let now = now_tr(&sb);
    let rows = c.transactions(now - Duration::hours(1), now).await.unwrap();
    assert!(rows.iter().any(|r| r.amount_minor == 3000), "the quantity-2 sale");
    assert!(rows.iter().any(|r| r.amount_minor == 27550), "the flex sale");
}

/// Issue 8 §2: our guess at PayTR's `merchant_oid` format never decides; the id is asked about
/// as given and only PayTR's answer says it is unknown.
#[tokio::test]
async fn a_merchant_oid_of_any_shape_is_asked_about_not_refused_by_us() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let before = lock(&sb.state().faults).request_count("/odeme/durum-sorgu");
    let e = client(&sb).payment_status("PT-2026_11/29").await.unwrap_err();
    assert_eq!(lock(&sb.state().faults).request_count("/odeme/durum-sorgu"), before + 1, "it was sent");
    assert_eq!((e.kind, e.error_type.as_deref()), (ErrorKind::NotFound, Some("error")), "PayTR's own answer");
}
