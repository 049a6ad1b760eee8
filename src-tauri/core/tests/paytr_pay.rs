//! Paying PayTR links in the sandbox: on the HTML page as a browser would, through
//! `/_sandbox/paytr/pay`, and the signed callback that follows.

use chrono::{Duration, NaiveDateTime};
use secrecy::SecretString;
use std::sync::{Arc, Mutex};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::paytr::{
    verify_callback, Callback, CallbackFields, CreateLink, LinkType, PaytrClient, PaytrCredentials,
};
use tahsildar_core::providers::ErrorKind;
use tahsildar_core::sandbox::page::{TEST_CARD_DECLINED, TEST_CARD_OK};
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

fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn post_form(url: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    let r = browser()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn control_pay(sb: &Sandbox, body: serde_json::Value) -> (u16, serde_json::Value) {
    let r = browser().post(format!("{}/_sandbox/paytr/pay", sb.base_url())).json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn card(number: &'static str, installments: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("card_holder", "Ayşe Yılmaz"),
        ("card_number", number),
        ("expiry", "12/39"),
        ("cvc", "123"),
        ("installments", installments),
    ]
}

#[tokio::test]
async fn a_person_pays_on_the_page_and_the_sale_shows_in_reports_and_status() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb);
    let link =
        c.create(&CreateLink { max_installment: 6, ..CreateLink::product("Kahve makinesi", tl(10000)) }).await.unwrap();

    let page = browser().get(&link.link).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("<form id=\"pay\"") && page.contains("100,00 TL") && page.contains("name=\"installments\""),
        "{page}"
    );
    assert!(!page.contains("<script"));

    // A declined card: no sale.
    let (_, declined) = post_form(&link.link, &card(TEST_CARD_DECLINED, "1")).await;
    assert!(declined.contains("data-outcome=\"declined\""), "{declined}");
    // A typing mistake shows the form again with the error.
    let (status, retry) =
        post_form(&link.link, &[("card_holder", "A"), ("card_number", "1234"), ("expiry", "12/39"), ("cvc", "123")])
            .await;
    assert_eq!(status, 422);
    assert!(retry.contains("id=\"error\"") && retry.contains("<form id=\"pay\""));
    assert_eq!(lock(&sb.state().paytr).sale_count(), 0);

    let (status, paid) = post_form(&link.link, &card(TEST_CARD_OK, "3")).await;
    assert_eq!(status, 200);
    assert!(paid.contains("data-outcome=\"paid\"") && paid.contains("106,00 TL"), "{paid}");

    let now = now_tr(&sb);
    let rows = c.transactions(now - Duration::days(1), now + Duration::hours(1)).await.unwrap();
    assert_eq!(rows.len(), 1);
    let sale = &rows[0];
    assert_eq!(
        (sale.kind.as_str(), sale.amount_minor, sale.paid_minor, sale.installments),
        ("S", 10000, 10600, Some(3))
    );
    assert_eq!(sale.date, now.date());
    assert!(paid.contains(&sale.merchant_oid), "the page shows the order number");
    let status = c.payment_status(&sale.merchant_oid).await.unwrap();
    assert_eq!((status.payment_amount_minor, status.payment_total_minor, status.installments), (10000, 10600, Some(3)));
    assert!(status.test_mode);
    assert_eq!(status.currency, "TL");
}

/// A callback receiver on 127.0.0.1 that answers `OK` after `refusals` non-OK answers.
async fn receiver(refusals: usize) -> (String, Arc<Mutex<Vec<CallbackFields>>>) {
    let got: Arc<Mutex<Vec<CallbackFields>>> = Arc::default();
    let seen = got.clone();
    let app = axum::Router::new().route(
        "/paytr-callback",
        axum::routing::post(move |axum::Form(f): axum::Form<CallbackFields>| {
            let seen = seen.clone();
            async move {
                let mut v = seen.lock().unwrap();
                v.push(f);
                if v.len() > refusals {
                    "OK"
                } else {
                    "not yet"
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/paytr-callback", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

async fn wait_for(got: &Arc<Mutex<Vec<CallbackFields>>>, n: usize) -> Vec<CallbackFields> {
    for _ in 0..100 {
        if got.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    got.lock().unwrap().clone()
}

#[tokio::test]
async fn a_sandbox_payment_sends_a_signed_callback_retried_until_ok() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb);
    let (url, got) = receiver(1).await;
    *lock(&sb.state().callback_override) = Some(url);
    let req = CreateLink {
        max_installment: 12,
        callback: Some(Callback { link: "https://relay.example.com/paytr".into(), id: "LINK0001".into() }),
        ..CreateLink::product("Fatura 2024-001", tl(1445))
    };
    let link = c.create(&req).await.unwrap();
    let (status, paid) =
        control_pay(&sb, serde_json::json!({"id": link.id, "outcome": "paid", "installments": 2})).await;
    assert_eq!(status, 200);
    let oid = paid["merchant_oid"].as_str().unwrap().to_string();
    assert!(oid.bytes().all(|b| b.is_ascii_alphanumeric()));

    let calls = wait_for(&got, 2).await;
    assert_eq!(calls.len(), 2, "first answer was not OK, so PayTR tries again");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(got.lock().unwrap().len(), 2, "no more tries after OK");
    let cb = &calls[1];
    assert!(verify_callback(cb, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT));
    assert!(!verify_callback(cb, DEMO_PAYTR_MERCHANT_KEY, "wrong-salt"));
    assert_eq!(
        (cb.merchant_oid.as_str(), cb.callback_id.as_str(), cb.status.as_str(), cb.test_mode.as_str()),
        (oid.as_str(), "LINK0001", "success", "1")
    );
    assert_eq!((cb.payment_amount.as_str(), cb.total_amount.as_str()), ("1445", "1488"));
    assert_eq!((cb.merchant_id.as_str(), cb.currency.as_str()), (DEMO_PAYTR_MERCHANT_ID, "TL"));

    let status = c.payment_status(&oid).await.unwrap();
    assert_eq!((status.payment_amount_minor, status.payment_total_minor), (1445, 1488));
    let now = now_tr(&sb);
    let rows = c.transactions(now - Duration::hours(2), now + Duration::minutes(1)).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.merchant_oid.as_str()).collect::<Vec<_>>(), vec![oid.as_str()]);
}

#[tokio::test]
async fn a_failed_payment_is_no_sale_and_sends_no_callback() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb);
    let (url, got) = receiver(0).await;
    *lock(&sb.state().callback_override) = Some(url);
    let req = CreateLink {
        callback: Some(Callback { link: "https://relay.example.com/paytr".into(), id: "LINK0002".into() }),
        ..CreateLink::product("Kahve", tl(500))
    };
    let link = c.create(&req).await.unwrap();
    let (_, failed) = control_pay(&sb, serde_json::json!({"id": link.id, "outcome": "failed"})).await;
    let oid = failed["merchant_oid"].as_str().unwrap();
    let e = c.payment_status(oid).await.unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::NotFound, "merchant_oid ile basarili odeme bulunamadi"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(got.lock().unwrap().is_empty());
    assert_eq!(lock(&sb.state().paytr).sale_count(), 0);
    let (status, _) = control_pay(&sb, serde_json::json!({"id": link.id, "outcome": "paid", "installments": 2})).await;
    assert_eq!(status, 400, "this link allows no installments");
}

#[tokio::test]
async fn stock_and_expiry_close_the_link() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb);
    let single = CreateLink {
        link_type: LinkType::Product { min_count: 1, max_count: Some(1) },
        ..CreateLink::product("Tek kullanımlık", tl(2000))
    };
    let link = c.create(&single).await.unwrap();
    assert_eq!(control_pay(&sb, serde_json::json!({"id": link.id, "outcome": "paid"})).await.0, 200);
    let (status, body) = control_pay(&sb, serde_json::json!({"id": link.id, "outcome": "paid"})).await;
    assert_eq!(status, 409, "{body}");
    let page = browser().get(&link.link).send().await.unwrap();
    assert_eq!(page.status(), 410);
    assert!(page.text().await.unwrap().contains("id=\"closed\""));
    let (_, posted) = post_form(&link.link, &card(TEST_CARD_OK, "1")).await;
    assert!(posted.contains("id=\"closed\""));
    assert_eq!(lock(&sb.state().paytr).sale_count(), 1);

    let expiring =
        CreateLink { expiry: Some(now_tr(&sb) + Duration::hours(1)), ..CreateLink::product("Bugüne özel", tl(3000)) };
    let link = c.create(&expiring).await.unwrap();
    assert_eq!(browser().get(&link.link).send().await.unwrap().status(), 200);
    sb.state().clock.advance(2 * 3600);
    let page = browser().get(&link.link).send().await.unwrap();
    assert_eq!(page.status(), 410);
    assert!(page.text().await.unwrap().contains("süresi dolmuş"));
    assert_eq!(control_pay(&sb, serde_json::json!({"id": link.id, "outcome": "paid"})).await.0, 409);
    assert_eq!(control_pay(&sb, serde_json::json!({"id": "Nope000", "outcome": "paid"})).await.0, 404);
    assert_eq!(browser().get(format!("{}/link/Nope000", sb.base_url())).send().await.unwrap().status(), 404);
}
