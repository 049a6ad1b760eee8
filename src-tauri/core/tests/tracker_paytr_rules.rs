//! Issue 8 §2–§3 for the PayTR tracker, over HTTP against the sandbox with the real store: one
//! sale whose `durum-sorgu` fails never stalls the others; a sale attributes itself only on an
//! exact amount; a store that sells elsewhere confirms every sale.

mod tracker_common;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::{paytr, Provider};
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::LinkStatus;
use tahsildar_core::tracker::{SaleState, SweepOutcome, TrackerEvent, TrackerStore};
use tracker_common::*;

const STATUS: &str = "/odeme/durum-sorgu";

fn paid_ids(events: &[TrackerEvent]) -> Vec<i64> {
    let mut ids: Vec<i64> = events
        .iter()
        .filter_map(|e| if let TrackerEvent::Paid { link_id, .. } = e { Some(*link_id) } else { None })
        .collect();
    ids.sort();
    ids
}

fn asked(events: &[TrackerEvent]) -> Vec<(String, Vec<i64>)> {
    events
        .iter()
        .filter_map(|e| match e {
            TrackerEvent::AmbiguousSale { oid, candidates, .. } => Some((oid.clone(), candidates.clone())),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_failed_status_inquiry_between_two_good_sales_waits_and_the_others_are_paid() {
    let env = Env::start().await;
    let offset = Arc::new(AtomicI64::new(0));
    let clock = offset.clone();
    let config = tahsildar_core::tracker::TrackerConfig {
        clock: Arc::new(move || chrono::Utc::now() + chrono::Duration::seconds(clock.load(Ordering::SeqCst))),
        ..manual()
    };
    let a = env.paytr_link(10_000, "Ali").await;
    let b = env.paytr_link(20_000, "Veli").await;
    let c = env.paytr_link(30_000, "Ayşe").await;
    let (tracker, mut rx) = env.tracker(config);
    tracker.cycle_now().await.unwrap();
    env.pay_paytr(&a, 1).await;
    let middle = env.pay_paytr(&b, 1).await;
    env.pay_paytr(&c, 1).await;
    lock(&env.sb.state().paytr).fail_status(&middle, 1);

    let r = tracker.cycle_now().await.unwrap();
    assert_eq!(*r.of(Provider::Paytr), SweepOutcome::Done { changed: 2 }, "the sweep is not stalled by one sale");
    assert_eq!(paid_ids(&drain(&mut rx)), vec![a.id, c.id]);
    assert_eq!(env.get(b.id).status, LinkStatus::Waiting);
    assert_eq!(env.tracked.sale(&middle).unwrap().map(|s| s.state), Some(SaleState::Unmatched), "kept for later");

    // Backoff: right after, it is not asked again.
    let before = env.requests(STATUS);
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.requests(STATUS), before);
    assert_eq!(env.get(b.id).status, LinkStatus::Waiting);

    // Later it is, and PayTR now confirms it.
    offset.store(5 * 60, Ordering::SeqCst);
    let r = tracker.cycle_now().await.unwrap();
    assert_eq!(*r.of(Provider::Paytr), SweepOutcome::Done { changed: 1 });
    assert_eq!(paid_ids(&drain(&mut rx)), vec![b.id]);
    assert_eq!(env.get(b.id).payment_ref.as_deref(), Some(middle.as_str()));
    tracker.shutdown().await;
}

/// A 200 TL sale (two of a 100 TL item, on a multi-use link made elsewhere) once paid a waiting
/// 150 TL link by itself through the 1.5× fallback. Now only an exact amount attributes; the
/// looser fit is the owner's question, and the link stays waiting.
#[tokio::test]
async fn a_looser_fit_goes_to_the_owner_instead_of_paying_a_link() {
    let env = Env::start().await;
    let waiting = env.paytr_link(15_000, "Ali").await;
    let elsewhere = paytr::CreateLink {
        link_type: paytr::LinkType::Product { min_count: 1, max_count: Some(10) },
        ..paytr::CreateLink::product("Simit tepsisi", Money::new(10_000, Currency::Tl).unwrap())
    };
    let shelf = env.paytr.create(&elsewhere).await.unwrap();
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let r = env
        .http
        .post(format!("{}/_sandbox/paytr/pay", env.sb.base_url()))
        .json(&serde_json::json!({"id": shelf.id.0, "outcome": "paid", "quantity": 2}))
        .send()
        .await
        .unwrap();
    let oid = r.json::<serde_json::Value>().await.unwrap()["merchant_oid"].as_str().unwrap().to_string();

    tracker.cycle_now().await.unwrap();
    let events = drain(&mut rx);
    assert!(paid_ids(&events).is_empty(), "{events:?}");
    assert_eq!(asked(&events), vec![(oid.clone(), vec![waiting.id])]);
    assert_eq!(env.get(waiting.id).status, LinkStatus::Waiting);
    // The owner says it was not this link's payment.
    tracker.dismiss_sale(&oid).await.unwrap();
    assert_eq!(env.get(waiting.id).status, LinkStatus::Waiting);
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_store_that_sells_elsewhere_confirms_even_an_exact_sale() {
    let env = Env::start().await;
    {
        let store = lock(&env.store);
        let mut s = store.settings().unwrap();
        assert!(!s.paytr_sells_elsewhere, "off by default");
        s.paytr_sells_elsewhere = true;
        store.save_settings(&s).unwrap();
    }
    let a = env.paytr_link(10_000, "Ali").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let oid = env.pay_paytr(&a, 3).await;
    tracker.cycle_now().await.unwrap();
    let events = drain(&mut rx);
    assert!(paid_ids(&events).is_empty(), "{events:?}");
    assert_eq!(asked(&events), vec![(oid.clone(), vec![a.id])]);
    assert_eq!(env.get(a.id).status, LinkStatus::Waiting);
    // The owner confirms: paid.
    let after = tracker.resolve_sale(&oid, a.id).await.unwrap();
    assert_eq!(after.status, LinkStatus::Paid);
    tracker.shutdown().await;
}
