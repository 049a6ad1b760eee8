//! The PayTR client against the sandbox over real HTTP on 127.0.0.1: every Link API endpoint,
//! the error mapping and the sandbox's checks.

use chrono::{Duration, NaiveDateTime};
use secrecy::SecretString;
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::phone::TrMobile;
use tahsildar_core::providers::paytr::{
    paytr_token, Callback, CreateLink, LinkType, PaytrClient, PaytrCredentials, PaytrLinkId,
};
use tahsildar_core::providers::ErrorKind;
use tahsildar_core::sandbox::{
    lock, Sandbox, SandboxConfig, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT,
};

fn client(sb: &Sandbox, key: &str) -> PaytrClient {
    let creds = PaytrCredentials {
        merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
        merchant_key: SecretString::from(key.to_string()),
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

fn calls(sb: &Sandbox, path: &str) -> usize {
    lock(&sb.state().faults).request_count(path)
}

#[tokio::test]
async fn create_with_every_option_returns_a_payable_link_and_its_qr() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb, DEMO_PAYTR_MERCHANT_KEY);
    let req = CreateLink {
        max_installment: 6,
        link_type: LinkType::Product { min_count: 1, max_count: Some(3) },
        expiry: Some(now_tr(&sb) + Duration::days(2)),
        get_qr: true,
        callback: Some(Callback { link: "https://relay.example.com/paytr".into(), id: "ORDER42".into() }),
        ..CreateLink::product("Örnek Ürün / Hizmet Adı", tl(1445))
    };
    let created = c.create(&req).await.unwrap();
    assert_eq!(created.id.0.len(), 7);
    assert!(created.id.0.bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(created.link, format!("{}/link/{}", sb.base_url(), created.id));
    let png =
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, created.qr_png_base64.unwrap()).unwrap();
    let img = image::load_from_memory(&png).unwrap().to_luma8();
    let mut grid = rqrr::PreparedImage::prepare(img);
    let (_, text) = grid.detect_grids()[0].decode().unwrap();
    assert_eq!(text, created.link);
    let html = reqwest::get(&created.link).await.unwrap().text().await.unwrap();
    assert!(html.contains("14,45 TL") && html.contains("Örnek Ürün / Hizmet Adı"), "{html}");
    assert_eq!(lock(&sb.state().paytr).link_count(), 1);

    // Without get_qr there is no QR; collection and flex links are accepted too.
    let plain = c.create(&CreateLink::product("Kahve çekirdeği", tl(25000))).await.unwrap();
    assert!(plain.qr_png_base64.is_none());
    let collection = CreateLink {
        link_type: LinkType::Collection { email: "musteri@example.com".into() },
        lang: tahsildar_core::Lang::En,
        ..CreateLink::product("Invoice 2024-001", Money::new(9999, Currency::Usd).unwrap())
    };
    c.create(&collection).await.unwrap();
    let flex = CreateLink {
        link_type: LinkType::Flex { max_price: Some(tl(100000)), user_name: Some("Ayşe Yılmaz".into()) },
        ..CreateLink::product("Bağış linki", tl(1000))
    };
    c.create(&flex).await.unwrap();
    assert_eq!(lock(&sb.state().paytr).link_count(), 4);
}

#[tokio::test]
async fn a_wrong_key_is_an_auth_error_on_every_endpoint() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let bad = client(&sb, "not-the-key");
    let e = bad.create(&CreateLink::product("Kahve", tl(100))).await.unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Auth, "paytr_token gonderilmedi veya gecersiz"));
    assert_eq!(bad.delete(&[PaytrLinkId("AAAA111".into())]).await.unwrap_err().kind, ErrorKind::Auth);
    let phone = TrMobile::parse("05551234567").unwrap();
    assert_eq!(bad.send_sms(&PaytrLinkId("AAAA111".into()), &phone).await.unwrap_err().kind, ErrorKind::Auth);
    assert_eq!(
        bad.send_email(&PaytrLinkId("AAAA111".into()), "a@example.com").await.unwrap_err().kind,
        ErrorKind::Auth
    );
    let e = bad.payment_status("PT123").await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Auth, Some("003")));
    let now = now_tr(&sb);
    assert_eq!(bad.transactions(now - Duration::hours(1), now).await.unwrap_err().kind, ErrorKind::Auth);
    assert_eq!(lock(&sb.state().paytr).link_count(), 0);
}

#[tokio::test]
async fn bad_fields_are_validation_errors_from_the_client_or_the_sandbox() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb, DEMO_PAYTR_MERCHANT_KEY);
    // Caught before sending: nothing reaches PayTR.
    let e = c.create(&CreateLink::product("abc", tl(100))).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    let localhost = CreateLink {
        callback: Some(Callback { link: "http://localhost:8080/cb".into(), id: "A1".into() }),
        ..CreateLink::product("Kahve", tl(100))
    };
    assert_eq!(c.create(&localhost).await.unwrap_err().kind, ErrorKind::Validation);
    assert_eq!(calls(&sb, "/odeme/api/link/create"), 0);

    // Refused by the sandbox: an expiry already past (by its clock).
    let past = CreateLink { expiry: Some(now_tr(&sb) - Duration::hours(1)), ..CreateLink::product("Kahve", tl(100)) };
    let e = c.create(&past).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Validation);
    assert_eq!(e.message, "Zorunlu alan degeri gecersiz veya gonderilmedi (Link API - create): expiry_date");

    // A correctly signed form with a bad price gets PayTR's documented answer.
    let msg = format!("Kahve0TL1producttr1{DEMO_PAYTR_MERCHANT_SALT}");
    let form = [
        ("merchant_id", DEMO_PAYTR_MERCHANT_ID),
        ("name", "Kahve"),
        ("price", "0"),
        ("currency", "TL"),
        ("max_installment", "1"),
        ("link_type", "product"),
        ("lang", "tr"),
        ("min_count", "1"),
        ("paytr_token", &paytr_token(&msg, DEMO_PAYTR_MERCHANT_KEY)),
    ];
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/odeme/api/link/create", sb.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["status"], "failed");
    assert_eq!(answer["reason"], "Zorunlu alan degeri gecersiz veya gonderilmedi (Link API - create): price");
    assert_eq!(lock(&sb.state().paytr).link_count(), 0);
}

#[tokio::test]
async fn delete_once_then_not_found_and_the_page_closes() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb, DEMO_PAYTR_MERCHANT_KEY);
    let link = c.create(&CreateLink::product("Kahve", tl(100))).await.unwrap();
    let out = c.delete(std::slice::from_ref(&link.id)).await.unwrap();
    assert_eq!(out.deleted, vec![link.id.clone()]);
    assert!(out.failed.is_empty());
    let e = c.delete(std::slice::from_ref(&link.id)).await.unwrap_err();
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::NotFound, "Invalid id or link has already been deleted"));
    let page = reqwest::get(&link.link).await.unwrap();
    assert_eq!(page.status(), 410);
    assert!(page.text().await.unwrap().contains("id=\"closed\""));
}

#[tokio::test]
async fn bulk_delete_of_twelve_ids_goes_in_two_batches_with_mixed_results() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb, DEMO_PAYTR_MERCHANT_KEY);
    let mut ids = Vec::new();
    for n in 0..10 {
        ids.push(c.create(&CreateLink::product(format!("Ürün {n}"), tl(100 + n))).await.unwrap().id);
    }
    // Two already deleted, two that never existed.
    c.delete(&ids[3..4]).await.unwrap();
    c.delete(&ids[9..10]).await.unwrap();
    let before = calls(&sb, "/odeme/api/link/delete");
    let mut all = ids.clone();
    all.push(PaytrLinkId("Zzzz999".into()));
    all.push(PaytrLinkId("Yyyy888".into()));
    let out = c.delete(&all).await.unwrap();
    assert_eq!(calls(&sb, "/odeme/api/link/delete") - before, 2);
    let expected_ok: Vec<_> =
        ids.iter().enumerate().filter(|(i, _)| *i != 3 && *i != 9).map(|(_, id)| id.clone()).collect();
    assert_eq!(out.deleted, expected_ok);
    let failed: Vec<_> = out.failed.iter().map(|(id, _)| id.0.as_str()).collect();
    assert_eq!(failed, vec![ids[3].0.as_str(), ids[9].0.as_str(), "Zzzz999", "Yyyy888"]);
    // Now everything is gone: a second bulk delete deletes nothing.
    let again = c.delete(&all).await.unwrap();
    assert!(again.deleted.is_empty());
    assert_eq!(again.failed.len(), 12);
}

#[tokio::test]
async fn sms_goes_out_as_05_and_email_as_given() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb, DEMO_PAYTR_MERCHANT_KEY);
    let link = c.create(&CreateLink::product("Kahve", tl(100))).await.unwrap();
    let phone = TrMobile::parse("+90 555 123 45 67").unwrap();
    c.send_sms(&link.id, &phone).await.unwrap();
    c.send_email(&link.id, "musteri@example.com").await.unwrap();
    {
        let st = lock(&sb.state().paytr);
        assert_eq!(st.sms_sent(), &[(link.id.0.clone(), "05551234567".to_string())]);
        assert_eq!(st.emails_sent(), &[(link.id.0.clone(), "musteri@example.com".to_string())]);
    }
    assert_eq!(c.send_email(&link.id, "not-an-address").await.unwrap_err().kind, ErrorKind::Validation);
    let unknown = PaytrLinkId("Qqqq000".into());
    assert_eq!(c.send_sms(&unknown, &phone).await.unwrap_err().kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn reports_are_asked_in_three_day_windows_and_status_of_an_unknown_oid_is_not_found() {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    let c = client(&sb, DEMO_PAYTR_MERCHANT_KEY);
    let now = now_tr(&sb);
    let rows = c.transactions(now - Duration::days(7), now).await.unwrap();
    assert!(rows.is_empty());
    assert_eq!(calls(&sb, "/rapor/islem-dokumu"), 3);
    let e = c.payment_status("PTNOSUCHORDER1").await.unwrap_err();
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::NotFound, Some("004")));

    // The sandbox itself refuses a window over three days, and `dummy=1` gives simulated rows.
    let post = |start: &str, end: &str, dummy: bool| {
        let token = paytr_token(
            &format!("{DEMO_PAYTR_MERCHANT_ID}{start}{end}{DEMO_PAYTR_MERCHANT_SALT}"),
            DEMO_PAYTR_MERCHANT_KEY,
        );
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        s.append_pair("merchant_id", DEMO_PAYTR_MERCHANT_ID)
            .append_pair("start_date", start)
            .append_pair("end_date", end);
        if dummy {
            s.append_pair("dummy", "1");
        }
        let body = s.append_pair("paytr_token", &token).finish();
        let url = format!("{}/rapor/islem-dokumu", sb.base_url());
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            r.json::<serde_json::Value>().await.unwrap()
        }
    };
    let too_long = post("2024-05-01 00:00:00", "2024-05-04 00:00:01", false).await;
    assert_eq!(too_long["status"], "error");
    assert!(too_long["err_no"].is_string() && too_long["err_msg"].as_str().unwrap().contains("3 gun"));
    let dummy = post("2024-05-01 00:00:00", "2024-05-03 23:59:59", true).await;
    assert_eq!(dummy["status"], "success");
    assert_eq!(dummy["data"][0]["islem_tarihi"], "01.05.2024");
    assert_eq!(post("2024-05-01 00:00:00", "2024-05-03 23:59:59", false).await["status"], "failed");
}
