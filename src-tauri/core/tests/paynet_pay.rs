//! Paying Paynet links in the sandbox: the HTML page as a browser uses it, the sandbox-only pay
//! endpoint, expiry by the sandbox clock, and the confirmation_url POST.

use secrecy::SecretString;
use std::time::Duration;
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::paynet::*;
use tahsildar_core::providers::ErrorKind;
use tahsildar_core::sandbox::page::{TEST_CARD_DECLINED, TEST_CARD_OK};
use tahsildar_core::sandbox::{lock, Sandbox, SandboxConfig, DEMO_PAYNET_SECRET_KEY};

async fn start() -> (Sandbox, PaynetClient) {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.expect("sandbox starts");
    let client = PaynetClient::new(sb.base_url(), SecretString::from(DEMO_PAYNET_SECRET_KEY)).unwrap();
    (sb, client)
}

async fn new_link(c: &PaynetClient, minor: i64, reference: &str) -> CreatedLink {
    let mut req = CreateLink::new(Money::new(minor, Currency::Tl).unwrap(), "Ayşe Yılmaz");
    req.reference_no = Some(reference.into());
    c.create(&req).await.unwrap()
}

/// The form's `action`, resolved against the page URL as a browser would.
fn form_action(html: &str, page_url: &str) -> String {
    let start = html.find("<form id=\"pay\"").expect("the page has the card form");
    let tail = &html[start..];
    let a = tail.find("action=\"").unwrap() + "action=\"".len();
    let action = &tail[a..a + tail[a..].find('"').unwrap()];
    url::Url::parse(page_url).unwrap().join(&action.replace("&amp;", "&")).unwrap().to_string()
}

async fn submit_card(url: &str, card: &str) -> (u16, String) {
    let http = reqwest::Client::new();
    let page = http.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let action = form_action(&html, url);
    let fields = [
        ("card_holder", "Ayşe Yılmaz"),
        ("card_number", card),
        ("expiry", "12/39"),
        ("cvc", "123"),
        ("installments", "1"),
    ];
    let r = http.post(action).form(&fields).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn paying_on_the_page_marks_the_link_paid() {
    let (_sb, c) = start().await;
    let link = new_link(&c, 12_050, "PAGE-1").await;
    let html = reqwest::get(&link.url).await.unwrap().text().await.unwrap();
    assert!(html.contains("120,50 TL"), "the page shows the amount");
    assert!(html.contains("Ayşe Yılmaz"));
    assert!(!html.contains("<script"), "works without JavaScript");

    let (status, result) = submit_card(&link.url, TEST_CARD_OK).await;
    assert_eq!(status, 200, "{result}");
    assert!(result.contains("data-outcome=\"paid\""), "{result}");

    let d = c.detail(&LinkRef::Id(link.id.clone())).await.unwrap();
    assert_eq!(d.status, PaynetStatus::Paid);
    let xact = d.xact_id.clone().expect("a paid link has an xact_id");
    assert!(xact.starts_with("xk_"), "{xact}");
    assert_eq!(d.payments.len(), 1);
    assert_eq!(d.payments[0].xact_id.as_deref(), Some(xact.as_str()));

    let txs = c.check_transaction(&TxRef::XactId(xact.clone())).await.unwrap();
    assert_eq!(txs.len(), 1);
    assert!(txs[0].is_succeed);
    assert_eq!((txs[0].amount_minor, txs[0].reference_no.as_deref()), (12_050, Some("PAGE-1")));
    assert_eq!(c.check_transaction(&TxRef::Reference("PAGE-1".into())).await.unwrap(), txs);

    // The page is closed now, and the link can no longer change status.
    let again = reqwest::get(&link.url).await.unwrap().text().await.unwrap();
    assert!(again.contains("id=\"closed\"") && !again.contains("<form"), "{again}");
    let e = c.set_status(&LinkRef::Id(link.id), PaynetStatus::Passive).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref(), e.http_status), (ErrorKind::Rejected, Some("1"), Some(200)));
    assert!(!e.message.is_empty());
}

#[tokio::test]
async fn a_declined_card_leaves_the_link_waiting() {
    let (_sb, c) = start().await;
    let link = new_link(&c, 5_000, "PAGE-2").await;
    let (status, result) = submit_card(&link.url, TEST_CARD_DECLINED).await;
    assert!(result.contains("data-outcome=\"declined\""), "{status} {result}");
    let d = c.detail(&LinkRef::Id(link.id.clone())).await.unwrap();
    assert_eq!((d.status, d.xact_id), (PaynetStatus::Waiting, None));
    let txs = c.check_transaction(&TxRef::Reference("PAGE-2".into())).await.unwrap();
    assert_eq!(txs.len(), 1);
    assert!(!txs[0].is_succeed);

    // A mistyped card shows the form again with the problem; nothing is charged.
    let (status, again) = submit_card(&link.url, "4111111111111112").await;
    assert_eq!(status, 422);
    assert!(again.contains("id=\"error\"") && again.contains("<form id=\"pay\""), "{again}");
    assert_eq!(c.check_transaction(&TxRef::Reference("PAGE-2".into())).await.unwrap().len(), 1);

    // Then a good card pays it.
    assert!(submit_card(&link.url, TEST_CARD_OK).await.1.contains("data-outcome=\"paid\""));
    assert_eq!(c.detail(&LinkRef::Id(link.id)).await.unwrap().status, PaynetStatus::Paid);
}

async fn control_pay(sb: &Sandbox, body: serde_json::Value) -> (u16, serde_json::Value) {
    let r =
        reqwest::Client::new().post(format!("{}/_sandbox/paynet/pay", sb.base_url())).json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn the_sandbox_pay_endpoint_pays_or_fails_a_link() {
    let (sb, c) = start().await;
    let a = new_link(&c, 99_900, "CTL-A").await;
    let (status, body) = control_pay(&sb, serde_json::json!({"id": a.id.0, "outcome": "failed"})).await;
    assert_eq!((status, &body["is_succeed"], &body["status"]), (200, &serde_json::json!(false), &serde_json::json!(0)));
    let (status, body) = control_pay(&sb, serde_json::json!({"reference_no": "CTL-A", "outcome": "paid"})).await;
    assert_eq!(status, 200, "{body}");
    let d = c.detail(&LinkRef::Reference("CTL-A".into())).await.unwrap();
    assert_eq!(d.status, PaynetStatus::Paid);
    assert_eq!(d.xact_id.as_deref(), body["xact_id"].as_str());
    let txs = c.check_transaction(&TxRef::Reference("CTL-A".into())).await.unwrap();
    assert_eq!(txs.iter().map(|t| t.is_succeed).collect::<Vec<_>>(), [false, true]);
    assert!(txs.iter().all(|t| t.amount_minor == 99_900));

    // Paying twice, unknown links and bad outcomes are refused.
    assert_eq!(control_pay(&sb, serde_json::json!({"id": a.id.0, "outcome": "paid"})).await.0, 409);
    assert_eq!(control_pay(&sb, serde_json::json!({"id": "nope", "outcome": "paid"})).await.0, 404);
    assert_eq!(control_pay(&sb, serde_json::json!({"id": a.id.0, "outcome": "maybe"})).await.0, 400);
    assert_eq!(lock(&sb.state().paynet).transaction_count(), 2);
}

#[tokio::test]
async fn links_expire_by_the_clock() {
    let (sb, c) = start().await;
    let mut req = CreateLink::new(Money::new(1_000, Currency::Tl).unwrap(), "Ali Veli");
    req.expire_hours = Some(1);
    let link = c.create(&req).await.unwrap();
    let r = LinkRef::Id(link.id.clone());
    sb.state().clock.advance(59 * 60);
    assert_eq!(c.detail(&r).await.unwrap().status, PaynetStatus::Waiting);
    sb.state().clock.advance(2 * 60);
    assert_eq!(c.detail(&r).await.unwrap().status, PaynetStatus::Expired);

    let e = c.set_status(&r, PaynetStatus::Passive).await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Rejected, Some("1")));
    let html = reqwest::get(&link.url).await.unwrap().text().await.unwrap();
    assert!(html.contains("id=\"closed\""), "{html}");
    assert_eq!(control_pay(&sb, serde_json::json!({"id": link.id.0, "outcome": "paid"})).await.0, 409);
    let today = tahsildar_core::time::to_istanbul(sb.state().clock.now() - chrono::Duration::hours(1)).date();
    let rows = c.list_all(today.pred_opt().unwrap(), today.succ_opt().unwrap()).await.unwrap();
    assert_eq!(rows[0].status, Some(PaynetStatus::Expired));
}

#[tokio::test]
async fn a_passive_link_shows_a_closed_page_and_cannot_be_paid() {
    let (sb, c) = start().await;
    let link = new_link(&c, 2_500, "PASSIVE-1").await;
    c.set_status(&LinkRef::Id(link.id.clone()), PaynetStatus::Passive).await.unwrap();
    let html = reqwest::get(&link.url).await.unwrap().text().await.unwrap();
    assert!(html.contains("id=\"closed\"") && !html.contains("<form"), "{html}");
    assert_eq!(control_pay(&sb, serde_json::json!({"id": link.id.0, "outcome": "paid"})).await.0, 409);
    let unknown = reqwest::get(format!("{}/S/M?id=unknown", sb.base_url())).await.unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn a_paid_link_posts_the_confirmation_json() {
    let (sb, c) = start().await;
    // A receiver standing in for the merchant's server.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let receiver = axum::Router::new().route(
        "/paynet-confirm",
        axum::routing::post(move |body: String| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(body);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, receiver).await });

    let mut req = CreateLink::new(Money::new(14_990, Currency::Tl).unwrap(), "Ayşe Yılmaz");
    req.reference_no = Some("CONF-1".into());
    req.confirmation_url = Some("https://shop.example.com/paynet-confirm".into());
    let link = c.create(&req).await.unwrap();
    *lock(&sb.state().callback_override) = Some(format!("http://{addr}/paynet-confirm"));
    // A link without confirmation_url posts nothing.
    let quiet = new_link(&c, 100, "CONF-0").await;
    assert_eq!(control_pay(&sb, serde_json::json!({"id": quiet.id.0, "outcome": "paid"})).await.0, 200);
    assert_eq!(control_pay(&sb, serde_json::json!({"id": link.id.0, "outcome": "paid"})).await.0, 200);

    let body = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await.expect("confirmation arrives").unwrap();
    assert!(body.contains("\"amount\":149.90"), "exact amount as a number: {body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["referance_no"], "CONF-1");
    assert_eq!(v["is_succeed"], true);
    assert_eq!(v["currency"], "TL");
    assert!(v["card_number"].as_str().unwrap().starts_with("411111"));
    assert!(tokio::time::timeout(Duration::from_millis(300), rx.recv()).await.is_err(), "only one POST");
}
