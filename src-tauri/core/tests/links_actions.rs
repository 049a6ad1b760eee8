//! Row actions over the sandbox: refresh (paid only once confirmed), cancel and reopen, delete in
//! batches, resend, WhatsApp sharing and the same-amount warning.

mod links_common;

use chrono::{TimeZone, Utc};
use links_common::*;
use std::time::Duration;
use tahsildar_core::links::{whatsapp_url_at, LinkError};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::paynet::{LinkRef, PaynetStatus};
use tahsildar_core::providers::Provider;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::{LinkRecord, LinkStatus};
use tahsildar_core::Lang;

#[tokio::test]
async fn refresh_records_a_payment_only_once_confirmed() {
    let env = Env::new().await;
    let link = env.svc.create(&paynet_form("1.500", "Ali Veli")).await.unwrap().link().clone();
    let r = env.svc.refresh(link.id).await.unwrap();
    assert_eq!((r.link.status, r.changed), (LinkStatus::Waiting, false));

    let xact = env.pay_paynet(&link.local_ref).await;
    let r = env.svc.refresh(link.id).await.unwrap();
    assert!(r.changed);
    assert_eq!(r.link.status, LinkStatus::Paid);
    assert_eq!(r.link.payment_ref.as_deref(), Some(xact.as_str()));
    assert!(r.link.paid_at.is_some());
    assert_eq!(env.requests("/v1/transaction/check"), 1, "the payment was confirmed");
    // Paid is final: cancel is refused locally, without a request.
    assert_eq!(env.svc.cancel(link.id).await.unwrap_err().kind(), "wrong_state");
    assert_eq!(env.requests("/v1/mailorder/status_update"), 0);
}

#[tokio::test]
async fn refresh_takes_expiry_from_paynet() {
    let env = Env::new().await;
    let mut form = paynet_form("10", "Ali Veli");
    form.expiry = tahsildar_core::links::ExpiryChoice::Hours(1);
    let id = env.svc.create(&form).await.unwrap().link().id;
    env.sb.state().clock.advance(2 * 3600);
    assert_eq!(env.svc.refresh(id).await.unwrap().link.status, LinkStatus::Expired);
}

#[tokio::test]
async fn cancel_and_reopen_a_paynet_link() {
    let env = Env::new().await;
    let link = env.svc.create(&paynet_form("60", "Ali Veli")).await.unwrap().link().clone();
    let c = paynet_client(&env.sb, Duration::from_secs(5));
    let at_paynet = || async { c.detail(&LinkRef::Reference(link.local_ref.clone())).await.unwrap().status };

    assert_eq!(env.svc.cancel(link.id).await.unwrap().status, LinkStatus::Cancelled);
    assert_eq!(at_paynet().await, PaynetStatus::Passive);
    assert_eq!(env.svc.refresh(link.id).await.unwrap().link.status, LinkStatus::Cancelled);
    assert_eq!(env.svc.cancel(link.id).await.unwrap_err().kind(), "wrong_state");

    assert_eq!(env.svc.reopen(link.id).await.unwrap().status, LinkStatus::Waiting);
    assert_eq!(at_paynet().await, PaynetStatus::Waiting);
    assert_eq!(env.svc.reopen(link.id).await.unwrap_err().kind(), "wrong_state");
}

#[tokio::test]
async fn deleting_twelve_paytr_links_takes_two_requests() {
    let env = Env::new().await;
    let mut ids = Vec::new();
    for n in 0..12 {
        let form = paytr_form(&format!("{}", 100 + n), &format!("Sipariş {n:02}"));
        ids.push(env.svc.create(&form).await.unwrap().link().id);
    }
    let paynet = env.svc.create(&paynet_form("70", "Ali Veli")).await.unwrap().link().id;
    let mut asked = ids.clone();
    asked.insert(5, paynet);
    asked.push(ids[0]); // selected twice
    let results = env.svc.delete(&asked).await.unwrap();
    assert_eq!(results.len(), 13);
    assert!(results.iter().all(|r| r.ok && r.error.is_none()), "{results:?}");
    assert_eq!(results.iter().map(|r| r.id).collect::<Vec<_>>(), asked[..13]);
    assert_eq!(env.requests(PAYTR_DELETE), 2, "ten ids per request");
    let rows = env.rows();
    assert!(rows.iter().filter(|l| l.provider == Provider::Paytr).all(|l| l.status == LinkStatus::Deleted));
    assert_eq!(rows.iter().find(|l| l.id == paynet).unwrap().status, LinkStatus::Cancelled, "Paynet: made passive");

    // Deleting again needs no request; PayTR cannot re-open or report a link's state.
    assert!(env.svc.delete(&ids[..2]).await.unwrap().iter().all(|r| r.ok));
    assert_eq!(env.requests(PAYTR_DELETE), 2);
    assert_eq!(env.svc.reopen(ids[0]).await.unwrap_err().kind(), "not_supported");
    assert_eq!(env.svc.refresh(ids[0]).await.unwrap_err().kind(), "not_supported");
}

#[tokio::test]
async fn a_link_paytr_no_longer_has_is_reported_per_id() {
    let env = Env::new().await;
    let a = env.svc.create(&paytr_form("10", "Birinci")).await.unwrap().link().clone();
    let b = env.svc.create(&paytr_form("20", "İkinci")).await.unwrap().link().clone();
    // Deleted in the PayTR panel behind our back.
    paytr_client(&env.sb, Duration::from_secs(5))
        .delete(&[tahsildar_core::providers::paytr::PaytrLinkId(a.provider_id.clone().unwrap())])
        .await
        .unwrap();
    let results = env.svc.delete(&[a.id, b.id]).await.unwrap();
    assert!(!results[0].ok && results[0].error.as_deref().unwrap().contains("PayTR"), "{results:?}");
    assert!(results[1].ok);
    assert_eq!(env.svc.get(a.id).await.unwrap().status, LinkStatus::Waiting);
}

#[tokio::test]
async fn resend_works_on_paytr_and_says_why_not_on_paynet() {
    let env = Env::new().await;
    let paynet = env.svc.create(&paynet_form("90", "Ali Veli")).await.unwrap().link().id;
    let e = env.svc.resend_sms(paynet, "05551234567").await.unwrap_err();
    assert!(matches!(e, LinkError::NotSupported { provider: Provider::Paynet, .. }));
    assert!(e.message(Lang::Tr).contains("yalnızca oluştururken"), "{}", e.message(Lang::Tr));
    assert_eq!(env.svc.resend_email(paynet, "a@b.co").await.unwrap_err().kind(), "not_supported");

    let mut form = paytr_form("90", "Boya badana");
    form.phone_text = "0555 123 45 67".into();
    let link = env.svc.create(&form).await.unwrap().link().clone();
    let d = env.svc.resend_sms(link.id, "").await.unwrap();
    assert_eq!((d.sent, d.to.as_str()), (true, "0555 123 45 67"));
    env.svc.resend_email(link.id, "ayse@example.com").await.unwrap();
    let e = env.svc.resend_sms(link.id, "0212 000 00 00").await.unwrap_err();
    assert_eq!(e.fields()[0].code, "phone_not_mobile");
    let st = lock(&env.sb.state().paytr);
    assert_eq!((st.sms_sent().len(), st.emails_sent().len()), (1, 1));
}

fn shared_link() -> LinkRecord {
    LinkRecord {
        id: 7,
        local_ref: "ABC".into(),
        provider: Provider::Paynet,
        provider_id: Some("guid".into()),
        url: Some("https://pay.example/S/M?id=abc".into()),
        amount_minor: 123_456,
        currency: Currency::Tl,
        description: "Halı yıkama".into(),
        customer: "Ali Veli".into(),
        phone: None,
        email: None,
        status: LinkStatus::Waiting,
        created_at: 0,
        expires_at: None,
        paid_at: None,
        updated_at: 0,
        payment_ref: None,
        last_error: None,
        reference: None,
        paytr: None,
        refunded_minor: 0,
    }
}

#[test]
fn whatsapp_url_is_exact() {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
    let link = LinkRecord { expires_at: Some(now.timestamp_millis() + 3 * 86_400_000), ..shared_link() };
    assert_eq!(
        whatsapp_url_at(&link, "0555 123 45 67", Lang::Tr, now).unwrap(),
        "https://wa.me/905551234567?text=Merhaba%20Ali%20Veli%2C%201.234%2C56%20TL%20tutar%C4%B1ndaki%20\
         %C3%B6demeniz%20i%C3%A7in%20link%3A%20https%3A%2F%2Fpay.example%2FS%2FM%3Fid%3Dabc%20%283%20g%C3%BCn%20\
         ge%C3%A7erli%29"
    );
    let english = whatsapp_url_at(&link, "+90 555 123 4567", Lang::En, now).unwrap();
    assert!(english.ends_with("%28valid%20for%203%20days%29"), "{english}");
    // No name, no expiry: no greeting name, no validity.
    let plain = LinkRecord { customer: String::new(), ..shared_link() };
    let url = whatsapp_url_at(&plain, "5551234567", Lang::Tr, now).unwrap();
    assert!(url.contains("text=Merhaba%2C%201.234") && url.ends_with("id%3Dabc"), "{url}");
    // No phone: WhatsApp opens with the message and lets the owner pick the contact (issue 10
    // item 1), even when the link has a phone of its own (the share view shows it, editable).
    let url = whatsapp_url_at(&link, "  ", Lang::Tr, now).unwrap();
    assert!(url.starts_with("https://wa.me/?text=Merhaba%20Ali%20Veli%2C%201.234"), "{url}");
    // A phone that is not a Turkish mobile is refused with the phone's own message.
    let e = whatsapp_url_at(&link, "0212 123 45 67", Lang::Tr, now).unwrap_err();
    assert_eq!(e.fields()[0].field, "phoneText");
}

#[tokio::test]
async fn same_amount_paytr_links_are_flagged_with_a_distinct_suggestion() {
    let env = Env::new().await;
    let tl = |minor| Money::new(minor, Currency::Tl).unwrap();
    env.svc.create(&paytr_form("250", "Birinci iş")).await.unwrap();
    env.svc.create(&paytr_form("250,01", "İkinci iş")).await.unwrap();
    env.svc.create(&paynet_form("250", "Ali Veli")).await.unwrap();
    let cancelled = env.svc.create(&paytr_form("300", "Üçüncü iş")).await.unwrap().link().id;
    env.svc.cancel(cancelled).await.unwrap();

    let same = env.svc.same_amount_warning(tl(25_000)).await.unwrap();
    assert_eq!(
        same.iter().map(|l| l.description.as_str()).collect::<Vec<_>>(),
        ["Birinci iş"],
        "PayTR, waiting, TL only"
    );
    assert!(env.svc.same_amount_warning(Money::new(25_000, Currency::Usd).unwrap()).await.unwrap().is_empty());
    assert!(env.svc.same_amount_warning(tl(30_000)).await.unwrap().is_empty(), "deleted links do not count");
    assert_eq!(env.svc.suggest_distinct_amount(tl(25_000)).await.unwrap(), tl(25_002));
    assert_eq!(env.svc.suggest_distinct_amount(tl(9_900)).await.unwrap(), tl(9_900));
}

/// Issue 8 §2: "refresh" confirms a payment with `transaction/check` by our reference, falling
/// back to the `xact_id` Paynet gave (as the tracker does): a link whose reference Paynet does
/// not hold (made before references were sent) still turns paid once its transaction is found.
#[tokio::test]
async fn refresh_confirms_by_xact_id_when_the_reference_finds_nothing() {
    let env = Env::new().await;
    let rec = env
        .store
        .lock()
        .unwrap()
        .begin_create(&tahsildar_core::store::NewLink {
            provider: Provider::Paynet,
            amount: Money::new(12_000, Currency::Tl).unwrap(),
            description: "Eski link".into(),
            customer: "Ali Veli".into(),
            phone: None,
            email: None,
            local_ref: None,
            reference: None,
            paytr: None,
        })
        .unwrap();
    // Created at Paynet without our reference.
    let req = tahsildar_core::providers::paynet::CreateLink::new(Money::new(12_000, Currency::Tl).unwrap(), "Ali Veli");
    let created = paynet_client(&env.sb, Duration::from_secs(5)).create(&req).await.unwrap();
    let id = env.store.lock().unwrap().finish_create(rec.id, &created.id.0, &created.url, None).unwrap().id;
    let r = reqwest::Client::new()
        .post(format!("{}/_sandbox/paynet/pay", env.sb.base_url()))
        .json(&serde_json::json!({ "id": created.id.0, "outcome": "paid" }))
        .send()
        .await
        .unwrap();
    let xact = r.json::<serde_json::Value>().await.unwrap()["xact_id"].as_str().unwrap().to_string();
    let out = env.svc.refresh(id).await.unwrap();
    assert_eq!((out.link.status, out.changed), (LinkStatus::Paid, true), "{:?}", out.note);
    assert_eq!(out.link.payment_ref.as_deref(), Some(xact.as_str()));
    assert_eq!(env.requests("/v1/transaction/check"), 2, "by reference, then by xact_id");
}
