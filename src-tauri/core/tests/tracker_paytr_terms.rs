//! Issue 8 §3 and §6 over HTTP against the sandbox with the real store: a flex link's sale and a
//! quantity-2 sale on a multi-use link are found by the tracker and asked of the owner with that
//! link as a candidate (never attributed by themselves, never left unmatched); the owner's
//! choice marks the link paid. Links are made through the app's own link service, so their
//! terms are recorded as the app records them.

mod tracker_common;

use tahsildar_core::links::{CreateForm, CreateOutcome, LinkService, PaytrKind, PaytrOptions};
use tahsildar_core::money::Currency;
use tahsildar_core::providers::{Clients, Provider};
use tahsildar_core::store::{LinkRecord, LinkStatus, PaytrTerms};
use tahsildar_core::tracker::{SaleState, TrackerEvent, TrackerStore};
use tracker_common::*;

fn asked(events: &[TrackerEvent]) -> Vec<(String, Vec<i64>)> {
    events
        .iter()
        .filter_map(|e| match e {
            TrackerEvent::AmbiguousSale { oid, candidates, .. } => Some((oid.clone(), candidates.clone())),
            _ => None,
        })
        .collect()
}

fn paid(events: &[TrackerEvent]) -> Vec<i64> {
    events
        .iter()
        .filter_map(|e| if let TrackerEvent::Paid { link_id, .. } = e { Some(*link_id) } else { None })
        .collect()
}

/// Creates a PayTR link as the window does (validation, write before the request, finish).
async fn create(env: &Env, amount: &str, paytr: PaytrOptions) -> LinkRecord {
    let svc = LinkService::new(env.store.clone(), Clients::default().with(Some(env.paytr.clone())));
    let form = CreateForm {
        provider: Some(Provider::Paytr),
        amount_text: amount.into(),
        currency: Currency::Tl,
        description: "Kermes bileti".into(),
        customer: "Okul aile birliği".into(),
        max_installment: 6,
        paytr,
        ..CreateForm::default()
    };
    match svc.create(&form).await.unwrap() {
        CreateOutcome::Created { link, .. } => link,
        other => panic!("not created: {other:?}"),
    }
}

/// Pays link `link` on the sandbox with the payer's choice (`quantity` or `amount_minor`).
async fn pay(env: &Env, link: &LinkRecord, choice: serde_json::Value) -> String {
    let mut body = serde_json::json!({"id": link.provider_id, "outcome": "paid", "installments": 3});
    body.as_object_mut().unwrap().extend(choice.as_object().unwrap().clone());
    let r = env.http.post(format!("{}/_sandbox/paytr/pay", env.sb.base_url())).json(&body).send().await.unwrap();
    let v: serde_json::Value = r.json().await.unwrap();
    v["merchant_oid"].as_str().unwrap_or_else(|| panic!("the sandbox refused the payment: {v}")).to_string()
}

#[tokio::test]
async fn a_flex_sale_above_one_and_a_half_times_the_price_is_asked_of_the_owner() {
    let env = Env::start().await;
    let opts = PaytrOptions { link_type: PaytrKind::Flex, flex_max_text: "500,00".into(), ..PaytrOptions::default() };
    let link = create(&env, "100,00", opts).await;
    assert_eq!(link.paytr, Some(PaytrTerms::Flex { max_minor: 50_000 }));
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    // The payer chose 400 TL (four times the minimum).
    let oid = pay(&env, &link, serde_json::json!({"amount_minor": 40_000})).await;

    tracker.cycle_now().await.unwrap();
    let events = drain(&mut rx);
    assert!(paid(&events).is_empty(), "never attributed by itself: {events:?}");
    assert_eq!(asked(&events), vec![(oid.clone(), vec![link.id])]);
    assert_eq!(env.get(link.id).status, LinkStatus::Waiting);
    assert_eq!(env.tracked.sale(&oid).unwrap().map(|s| s.state), Some(SaleState::Ambiguous));

    // The owner picks it: PayTR's amounts are checked again, and the link is paid.
    let after = tracker.resolve_sale(&oid, link.id).await.unwrap();
    assert_eq!((after.status, after.payment_ref.as_deref()), (LinkStatus::Paid, Some(oid.as_str())));
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_quantity_two_sale_on_a_multi_use_link_is_asked_of_the_owner() {
    let env = Env::start().await;
    let opts = PaytrOptions { max_count: Some(3), ..PaytrOptions::default() };
    let link = create(&env, "120,00", opts).await;
    assert_eq!(link.paytr, Some(PaytrTerms::Product { min_count: 1, max_count: Some(3) }));
    let single = create(&env, "75,00", PaytrOptions::default()).await;
    assert_eq!(single.paytr, Some(PaytrTerms::Product { min_count: 1, max_count: Some(1) }), "single-use by default");
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    // Two tickets, in 3 installments: 240 TL ordered, a little more charged.
    let oid = pay(&env, &link, serde_json::json!({"quantity": 2})).await;

    tracker.cycle_now().await.unwrap();
    let events = drain(&mut rx);
    assert!(paid(&events).is_empty(), "{events:?}");
    assert_eq!(asked(&events), vec![(oid.clone(), vec![link.id])], "the single-use 75 TL link is no candidate");
    let sale = env.tracked.sale(&oid).unwrap().unwrap();
    assert_eq!(sale.amount_minor, 24_000);
    assert!(sale.paid_minor > 24_000, "the surcharge is on the charged total");

    let after = tracker.resolve_sale(&oid, link.id).await.unwrap();
    assert_eq!(after.status, LinkStatus::Paid);
    assert_eq!(paid(&drain(&mut rx)), vec![link.id]);

    // The last ticket is bought later. The link is already paid in the book (one payment per
    // link): that sale is not attributed to it a second time.
    let third = pay(&env, &link, serde_json::json!({"quantity": 1})).await;
    tracker.cycle_now().await.unwrap();
    let events = drain(&mut rx);
    assert!(paid(&events).is_empty() && asked(&events).is_empty(), "{events:?}");
    assert_eq!(env.get(link.id).payment_ref.as_deref(), Some(oid.as_str()));
    assert_eq!(env.get(single.id).status, LinkStatus::Waiting);
    assert_ne!(env.tracked.sale(&third).unwrap().map(|s| s.state), Some(SaleState::Attributed));
    tracker.shutdown().await;
}
