//! Creating links through the service: the store row before and after, the provider calls, the
//! validation that keeps bad forms from ever being sent, refusals and double clicks.

mod links_common;

use links_common::*;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;
use tahsildar_core::links::{Channel, CreateOutcome, ExpiryChoice, LinkService, PaytrKind};
use tahsildar_core::money::Currency;
use tahsildar_core::providers::paynet::{LinkRef, PaynetClient, PaynetStatus};
use tahsildar_core::providers::{Clients, Provider};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::LinkStatus;

#[tokio::test]
async fn paynet_create_records_a_waiting_link_with_its_id_and_address() {
    let env = Env::new().await;
    let mut form = paynet_form("1.234,56", "  Ali   Veli ");
    form.reference = "Fatura 42".into();
    form.phone_text = "0555 123 45 67".into();
    let out = env.svc.create(&form).await.unwrap();
    let CreateOutcome::Created { link, deliveries } = out else { panic!("{out:?}") };
    assert_eq!(link.status, LinkStatus::Waiting);
    assert_eq!((link.amount_minor, link.currency, link.provider), (123_456, Currency::Tl, Provider::Paynet));
    assert_eq!(link.customer, "Ali Veli");
    assert_eq!(link.phone.as_deref(), Some("0555 123 45 67"));
    assert!(deliveries.is_empty(), "nothing was asked to be sent");
    let pid = link.provider_id.clone().expect("provider id stored");
    assert!(link.url.as_deref().is_some_and(|u| u.starts_with(env.sb.base_url())), "{:?}", link.url);
    // Expires in three days (give or take the test's own run time).
    let left = link.expires_at.unwrap() - link.created_at;
    assert!((3 * 86_400_000 - 60_000..=3 * 86_400_000 + 60_000).contains(&left), "{left}");

    // Paynet has it under our reference, with the description as the payer's note.
    let c = paynet_client(&env.sb, Duration::from_secs(5));
    let d = c.detail(&LinkRef::Reference(link.local_ref.clone())).await.unwrap();
    assert_eq!((d.amount_minor, d.status, d.name_surname.as_str()), (123_456, PaynetStatus::Waiting, "Ali Veli"));
    assert_eq!(d.note.as_deref(), Some("Halı yıkama"));
    let by_id = c.detail(&LinkRef::Id(tahsildar_core::providers::paynet::PaynetLinkId(pid))).await.unwrap();
    assert_eq!(by_id.reference_no.as_deref(), Some(link.local_ref.as_str()));
    assert_eq!(env.rows(), vec![link]);
    // The provider becomes the form's default.
    assert_eq!(env.svc.default_provider().await.unwrap(), Some(Provider::Paynet));
}

#[tokio::test]
async fn paytr_create_sends_sms_and_email_right_after() {
    let env = Env::new().await;
    let mut form = paytr_form("149,90", "Kahve makinesi servisi");
    form.phone_text = "+90 (532) 000 11 22".into();
    form.email = "ayse@example.com".into();
    form.send_sms = true;
    form.send_email = true;
    form.max_installment = 6;
    form.paytr.max_count = Some(3);
    let out = env.svc.create(&form).await.unwrap();
    let CreateOutcome::Created { link, deliveries } = out else { panic!("{out:?}") };
    assert_eq!((link.status, link.amount_minor, link.provider), (LinkStatus::Waiting, 14_990, Provider::Paytr));
    let pid = link.provider_id.clone().unwrap();
    assert_eq!(deliveries.len(), 2);
    assert!(deliveries.iter().all(|d| d.sent && d.error.is_none()), "{deliveries:?}");
    assert_eq!(deliveries[0].channel, Channel::Sms);
    assert_eq!(deliveries[0].to, "0532 000 11 22");
    assert_eq!(deliveries[1].channel, Channel::Email);
    let st = lock(&env.sb.state().paytr);
    assert_eq!(st.sms_sent(), [(pid.clone(), "05320001122".to_string())]);
    assert_eq!(st.emails_sent(), [(pid, "ayse@example.com".to_string())]);
    assert_eq!(st.link_count(), 1);
}

#[tokio::test]
async fn a_failed_send_is_reported_without_failing_the_create() {
    let env = Env::new().await;
    env.fault_next("/odeme/api/link/send-sms", Fault::Http500);
    let mut form = paytr_form("50", "Kurs ücreti");
    form.phone_text = "05551234567".into();
    form.send_sms = true;
    let CreateOutcome::Created { link, deliveries } = env.svc.create(&form).await.unwrap() else { panic!() };
    assert_eq!(link.status, LinkStatus::Waiting);
    assert!(!deliveries[0].sent);
    assert!(deliveries[0].error.as_deref().unwrap().contains("SMS gönderilemedi"), "{deliveries:?}");
}

#[tokio::test]
async fn an_invalid_form_lists_every_problem_and_sends_nothing() {
    let env = Env::new().await;
    let paynet = tahsildar_core::links::CreateForm {
        amount_text: "12,345".into(),
        currency: Currency::Usd,
        customer: "   ".into(),
        phone_text: "0212 123 45 67".into(),
        email: "ali@".into(),
        send_sms: true,
        expiry: ExpiryChoice::Hours(9000),
        ..paynet_form("", "")
    };
    let e = env.svc.create(&paynet).await.unwrap_err();
    assert_eq!(e.kind(), "invalid");
    let fields: Vec<(&str, &str)> = e.fields().iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(
        fields,
        [
            ("amountText", "amount_too_many_decimals"),
            ("currency", "currency_paynet_tl_only"),
            ("customer", "customer_required"),
            ("phoneText", "phone_not_mobile"),
            ("email", "email_invalid"),
            ("expiry", "expiry_hours_range"),
        ]
    );
    assert!(e.fields()[2].message.contains("Paynet"), "{}", e.fields()[2].message);

    let paytr = tahsildar_core::links::CreateForm {
        description: "abc".into(),
        max_installment: 13,
        reference: "R".repeat(51),
        expiry: ExpiryChoice::At(tahsildar_core::time::to_istanbul(chrono::Utc::now()) - chrono::Duration::hours(1)),
        paytr: tahsildar_core::links::PaytrOptions { link_type: PaytrKind::Collection, ..Default::default() },
        ..paytr_form("0", "")
    };
    let e = env.svc.create(&paytr).await.unwrap_err();
    let fields: Vec<(&str, &str)> = e.fields().iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(
        fields,
        [
            ("amountText", "amount_zero"),
            ("description", "description_length"),
            ("email", "email_required"),
            ("expiry", "expiry_in_past"),
            ("maxInstallment", "installment_range"),
            ("reference", "reference_too_long"),
        ]
    );
    assert_eq!(env.all_requests(), 0, "no request for an invalid form");
    assert!(env.rows().is_empty(), "and no row either");
}

#[tokio::test]
async fn a_refused_create_is_recorded_as_failed() {
    let env = Env::new().await;
    let wrong = PaynetClient::new(env.sb.base_url(), SecretString::from("sck_wrong_key")).unwrap();
    let svc = LinkService::new(Arc::clone(&env.store), Clients::default().with(Some(wrong)));
    let e = svc.create(&paynet_form("100", "Ali Veli")).await.unwrap_err();
    assert_eq!(e.kind(), "provider_auth");
    assert!(e.message(tahsildar_core::Lang::Tr).contains("Ayarlar"), "{}", e.message(tahsildar_core::Lang::Tr));
    let rows = env.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, LinkStatus::Failed);
    assert!(rows[0].last_error.is_some());
    assert_eq!(env.paynet_links(), 0);
    // An unconfigured provider writes nothing at all.
    let e = svc.create(&paytr_form("100", "Kahve servisi")).await.unwrap_err();
    assert_eq!(e.kind(), "not_configured");
    assert_eq!(env.rows().len(), 1);
}

#[tokio::test]
async fn two_identical_creates_at_once_make_one_link() {
    let env = Env::new().await;
    lock(&env.sb.state().faults).set(PAYNET_CREATE, Fault::Latency { ms: 300 }, Some(1));
    let form = paynet_form("250", "Ali Veli");
    let (a, b) = tokio::join!(env.svc.create(&form), env.svc.create(&form));
    let (ok, dup) = match (a, b) {
        (Ok(o), Err(e)) | (Err(e), Ok(o)) => (o, e),
        other => panic!("expected one create and one refusal: {other:?}"),
    };
    assert_eq!(dup.kind(), "already_in_flight");
    assert_eq!(ok.link().status, LinkStatus::Waiting);
    assert_eq!((env.paynet_links(), env.rows().len()), (1, 1));
    // Once done, the same form may be sent again on purpose.
    env.svc.create(&form).await.unwrap();
    assert_eq!(env.paynet_links(), 2);
}

#[tokio::test]
async fn the_provider_defaults_to_the_last_one_used() {
    let env = Env::new().await;
    let mut form = paytr_form("75", "Kitap siparişi");
    env.svc.create(&form).await.unwrap();
    form.provider = None;
    form.description = "İkinci sipariş".into();
    let out = env.svc.create(&form).await.unwrap();
    assert_eq!(out.link().provider, Provider::Paytr);
    assert_eq!(env.paytr_links(), 2);
}

#[tokio::test]
async fn the_owners_reference_is_kept_for_paytr_and_searchable() {
    let env = Env::new().await;
    let mut form = paytr_form("75", "Kargo ücreti");
    form.reference = "FTR-2024-77".into();
    let CreateOutcome::Created { link, .. } = env.svc.create(&form).await.unwrap() else { panic!("not created") };
    assert_eq!(link.reference.as_deref(), Some("FTR-2024-77"));
    let filter =
        tahsildar_core::store::LinkFilter { text: Some("ftr-2024-77".into()), limit: Some(10), ..Default::default() };
    let page = env.store.lock().unwrap().query(&filter).unwrap();
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [link.id], "found by its reference");
}

/// Issue 8 §3: a PayTR link from the form is single-use (`max_count=1`): once paid it closes at
/// PayTR, so a second payment cannot arrive on it. "Birden çok ödeme" (a stock) takes more; a
/// flex link needs its maximum.
#[tokio::test]
async fn paytr_links_are_single_use_unless_the_owner_asks_for_more() {
    let env = Env::new().await;
    let pay = |pid: String| {
        let url = format!("{}/_sandbox/paytr/pay", env.sb.base_url());
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .json(&serde_json::json!({"id": pid, "outcome": "paid"}))
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        }
    };
    let single = env.svc.create(&paytr_form("100", "Tek seferlik ödeme")).await.unwrap().link().clone();
    let pid = single.provider_id.clone().unwrap();
    assert_eq!(pay(pid.clone()).await, 200);
    assert_eq!(pay(pid).await, 409, "a paid link is closed at PayTR");

    let mut form = paytr_form("100", "Birden çok ödeme");
    form.paytr.max_count = Some(2);
    let multi = env.svc.create(&form).await.unwrap().link().clone();
    let pid = multi.provider_id.clone().unwrap();
    assert_eq!((pay(pid.clone()).await, pay(pid.clone()).await, pay(pid).await), (200, 200, 409));

    let mut flex = paytr_form("100", "Bağış");
    flex.paytr.link_type = PaytrKind::Flex;
    let e = env.svc.create(&flex).await.unwrap_err();
    assert!(format!("{e:?}").contains("flex_max_required"), "{e:?}");
    assert_eq!(env.paytr_links(), 2, "nothing sent for the flex link without its maximum");
}
