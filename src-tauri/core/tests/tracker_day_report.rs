//! What the tracker keeps for the day report and the summary strip (issue 11 §1 gaps), against
//! the sandbox over HTTP with the real store: PayTR refunds (`islem_tipi` `I` rows of
//! `rapor/islem-dokumu`, made with the sandbox's refund endpoint) recorded on the link once each,
//! and Paynet's installments and charged amount from `transaction/check`.

mod tracker_common;

use tahsildar_core::providers::Provider;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::summary::istanbul_days_ms;
use tahsildar_core::store::{CurrencyTotal, LinkFilter, LinkRecord, LinkStatus};
use tahsildar_core::tracker::{SweepOutcome, TrackerEvent, TrackerStore};
use tracker_common::*;

const REPORT: &str = "/rapor/islem-dokumu";

fn refunds(events: &[TrackerEvent]) -> Vec<(i64, i64)> {
    events
        .iter()
        .filter_map(|e| match e {
            TrackerEvent::Refunded { link_id, refunded_minor, .. } => Some((*link_id, *refunded_minor)),
            _ => None,
        })
        .collect()
}

/// `POST /_sandbox/paytr/refund`, as the merchant refunds from PayTR's panel.
async fn refund(env: &Env, oid: &str, minor: Option<i64>) {
    let mut body = serde_json::json!({ "merchant_oid": oid });
    if let Some(m) = minor {
        body["amount_minor"] = m.into();
    }
    let r = env.http.post(format!("{}/_sandbox/paytr/refund", env.sb.base_url())).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
}

fn tl(count: u64, total_minor: i64) -> CurrencyTotal {
    CurrencyTotal { currency: tahsildar_core::money::Currency::Tl, count, total_minor }
}

fn summary(env: &Env) -> tahsildar_core::store::LinkSummary {
    lock(&env.store).summary(&LinkFilter::default()).unwrap()
}

#[tokio::test]
async fn a_paytr_refund_is_recorded_once_and_taken_off_the_totals() {
    let env = Env::start().await;
    let ali = env.paytr_link(10_000, "Ali").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let oid = env.pay_paytr(&ali, 1).await;
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(ali.id).status, LinkStatus::Paid);
    assert_eq!(summary(&env).paid, vec![tl(1, 10_000)]);
    drain(&mut rx);

    // Nothing waits any more, yet the report is read on for the payment's refunds.
    refund(&env, &oid, Some(4_000)).await;
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Paytr), SweepOutcome::Done { changed: 1 });
    assert!(env.requests(REPORT) >= 1);
    let after: LinkRecord = env.get(ali.id);
    assert_eq!((after.status, after.refunded_minor, after.fully_refunded()), (LinkStatus::Paid, 4_000, false));
    assert_eq!(refunds(&drain(&mut rx)), vec![(ali.id, 4_000)]);
    let s = summary(&env);
    assert_eq!((s.paid.clone(), s.refunded.clone()), (vec![tl(1, 6_000)], vec![tl(1, 4_000)]));

    // Read again (the sweeps overlap), and from scratch (new credentials reset the cursor):
    // the same row records nothing.
    tracker.cycle_now().await.unwrap();
    tracker.set_clients(env.clients()).await.unwrap();
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(ali.id).refunded_minor, 4_000);
    assert!(refunds(&drain(&mut rx)).is_empty());
    assert_eq!(lock(&env.store).refunds(ali.id).unwrap().len(), 1);

    // The rest: refunded in full, no longer a payment in the totals.
    refund(&env, &oid, None).await;
    tracker.cycle_now().await.unwrap();
    let after = env.get(ali.id);
    assert_eq!((after.refunded_minor, after.fully_refunded()), (10_000, true));
    assert_eq!(refunds(&drain(&mut rx)), vec![(ali.id, 10_000)]);
    let s = summary(&env);
    assert!(s.paid.is_empty(), "{s:?}");
    assert_eq!(s.refunded, vec![tl(1, 10_000)]);
    let (start, end) = istanbul_days_ms(
        tahsildar_core::store::summary::istanbul_day(after.paid_at.unwrap()),
        tahsildar_core::store::summary::istanbul_day(after.paid_at.unwrap()),
    );
    let day = lock(&env.store).day_report(start, end).unwrap();
    let g = &day.groups[0];
    assert_eq!((g.provider, g.payments.len(), g.paid_count, g.paid_total_minor), (Provider::Paytr, 1, 0, 0));
    assert_eq!((g.refunded_count, g.refunded_total_minor), (1, 10_000));
    tracker.shutdown().await;
}

/// A sale paid and refunded before the tracker first reads the report: the sale is attributed
/// from its own row (not the refund row with the same `siparis_no`), then the refund recorded.
#[tokio::test]
async fn a_sale_refunded_before_it_was_read_is_paid_then_refunded() {
    let env = Env::start().await;
    let ayse = env.paytr_link(19_200, "Ayşe").await;
    let other = env.paytr_link(5_000, "Veli").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let oid = env.pay_paytr(&ayse, 3).await;
    refund(&env, &oid, None).await;
    tracker.cycle_now().await.unwrap();
    let after = env.get(ayse.id);
    assert_eq!(after.status, LinkStatus::Paid);
    // 192,00 TL in 3 installments was charged more: all of it given back.
    assert!(after.refunded_minor > 19_200 && after.fully_refunded(), "{after:?}");
    assert_eq!(env.get(other.id).status, LinkStatus::Waiting);
    let sale = env.tracked.sale(&oid).unwrap().unwrap();
    assert_eq!((sale.amount_minor, sale.paid_minor), (19_200, after.refunded_minor), "the sale's own row");
    assert!(sale.net_minor.is_some_and(|n| n > 0), "the sale's net, not the refund's: {sale:?}");
    let events = drain(&mut rx);
    assert_eq!(refunds(&events), vec![(ayse.id, after.refunded_minor)]);
    assert!(events.iter().any(|e| matches!(e, TrackerEvent::Paid { link_id, .. } if *link_id == ayse.id)));
    tracker.shutdown().await;
}

/// A refund of a sale that paid none of our links (a link made elsewhere) is left alone and
/// stops nothing.
#[tokio::test]
async fn a_refund_of_a_sale_made_elsewhere_is_left_alone() {
    let env = Env::start().await;
    let ours = env.paytr_link(10_000, "Ali").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let mut req = tahsildar_core::providers::paytr::CreateLink::product(
        "Başka yerden".to_string(),
        tahsildar_core::money::Money::new(77_700, tahsildar_core::money::Currency::Tl).unwrap(),
    );
    req.max_installment = 1;
    let elsewhere = env.paytr.create(&req).await.unwrap();
    let stranger = LinkRecord { provider_id: Some(elsewhere.id.0.clone()), ..ours.clone() };
    let foreign = env.pay_paytr(&stranger, 1).await;
    refund(&env, &foreign, None).await;
    let oid = env.pay_paytr(&ours, 1).await;
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Paytr), SweepOutcome::Done { changed: 1 });
    let after = env.get(ours.id);
    assert_eq!((after.status, after.refunded_minor, after.payment_ref), (LinkStatus::Paid, 0, Some(oid)));
    assert!(refunds(&drain(&mut rx)).is_empty());
    tracker.shutdown().await;
}

/// Paynet: `transaction/check` gives the installments and what the card was charged (`amount`);
/// both are kept for the day report. The sandbox, like Paynet for a link made without
/// `addcomission_to_amount`, charges the link's amount: no surcharge, so none is shown.
#[tokio::test]
async fn paynet_installments_and_charge_are_kept_for_the_day_report() {
    let env = Env::start().await;
    let cem = env.paynet_link(15_050, "Cem").await;
    let (tracker, _rx) = env.tracker(manual());
    let r = env
        .http
        .post(format!("{}/_sandbox/paynet/pay", env.sb.base_url()))
        .json(&serde_json::json!({"id": cem.provider_id, "outcome": "paid", "installments": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    tracker.cycle_now().await.unwrap();
    let after = env.get(cem.id);
    assert_eq!(after.status, LinkStatus::Paid);
    let day = tahsildar_core::store::summary::istanbul_day(after.paid_at.unwrap());
    let (start, end) = istanbul_days_ms(day, day);
    let report = lock(&env.store).day_report(start, end).unwrap();
    let p = &report.groups[0].payments[0];
    assert_eq!((p.link_id, p.installments, p.surcharge_minor, p.net_minor), (cem.id, Some(3), None, Some(15_050)));
    tracker.shutdown().await;
}

/// Payments watched only for their refunds (nothing waits) are looked at once at start, then at
/// the slow refund pace, never at the pace of a fresh link (the report is not read every few
/// seconds for refunds). The first look records a refund made while the app was closed.
#[tokio::test]
async fn payments_are_watched_for_refunds_at_a_slow_pace() {
    let env = Env::start().await;
    let ali = env.paytr_link(10_000, "Ali").await;
    let (tracker, _rx) = env.tracker(manual());
    let oid = env.pay_paytr(&ali, 1).await;
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(ali.id).status, LinkStatus::Paid);
    tracker.shutdown().await;
    refund(&env, &oid, Some(1_000)).await;

    // A fast cadence for waiting links; the refund pace stays its default (minutes).
    let fast = std::time::Duration::from_millis(200);
    let config = tahsildar_core::tracker::TrackerConfig {
        cadence: tahsildar_core::tracker::Cadence { fast, normal: fast, slow: fast, ..Default::default() },
        ..Default::default()
    };
    let (tracker, mut rx) = env.tracker(config);
    let recorded = wait_for(&mut rx, 5, |e| match e {
        TrackerEvent::Refunded { link_id, refunded_minor, .. } => Some((*link_id, *refunded_minor)),
        _ => None,
    })
    .await;
    assert_eq!(recorded, Some((ali.id, 1_000)), "the first look finds the refund");
    let after_first = tracker.sweeps(Provider::Paytr);
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    assert_eq!(tracker.sweeps(Provider::Paytr), after_first, "no sweep at a waiting link's pace");
    tracker.shutdown().await;
}
