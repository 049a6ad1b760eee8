//! The tracker against the PayTR sandbox over HTTP, with the real store: sales from the report
//! matched to waiting links, confirmed with durum-sorgu, never guessed.

mod tracker_common;

use std::time::Duration;
use tahsildar_core::providers::{ErrorKind, Provider};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::LinkStatus;
use tahsildar_core::tracker::{SaleState, SweepOutcome, TrackerConfig, TrackerError, TrackerEvent, TrackerStore};
use tracker_common::*;

const REPORT: &str = "/rapor/islem-dokumu";
const STATUS: &str = "/odeme/durum-sorgu";

fn paid_ids(events: &[TrackerEvent]) -> Vec<i64> {
    events
        .iter()
        .filter_map(|e| if let TrackerEvent::Paid { link_id, .. } = e { Some(*link_id) } else { None })
        .collect()
}

#[tokio::test]
async fn different_amounts_the_paid_one_turns_paid() {
    let env = Env::start().await;
    let a = env.paytr_link(10_000, "Ali").await;
    let b = env.paytr_link(25_000, "Ayşe").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let oid = env.pay_paytr(&b, 1).await;
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Paytr), SweepOutcome::Done { changed: 1 });
    assert_eq!((env.requests(REPORT), env.requests(STATUS)), (1, 1), "one report window, one confirmation");
    assert_eq!(env.get(a.id).status, LinkStatus::Waiting);
    let paid = env.get(b.id);
    assert_eq!(paid.status, LinkStatus::Paid);
    assert_eq!(paid.payment_ref.as_deref(), Some(oid.as_str()));
    assert_eq!(paid_ids(&drain(&mut rx)), vec![b.id]);
    tracker.shutdown().await;
}

#[tokio::test]
async fn same_amount_asks_the_owner_and_guesses_nothing() {
    let env = Env::start().await;
    let a = env.paytr_link(10_000, "Ali").await;
    let b = env.paytr_link(10_000, "Veli").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let oid = env.pay_paytr(&a, 1).await;
    tracker.cycle_now().await.unwrap();
    let events = drain(&mut rx);
    assert!(paid_ids(&events).is_empty(), "{events:?}");
    let asked: Vec<_> = events
        .iter()
        .filter_map(|e| {
            if let TrackerEvent::AmbiguousSale { oid, candidates, .. } = e {
                Some((oid.clone(), candidates.clone()))
            } else {
                None
            }
        })
        .collect();
    assert_eq!(asked, vec![(oid.clone(), vec![a.id, b.id])]);
    assert_eq!((env.get(a.id).status, env.get(b.id).status), (LinkStatus::Waiting, LinkStatus::Waiting));
    // Asked once, not every cycle.
    tracker.cycle_now().await.unwrap();
    assert!(drain(&mut rx).iter().all(|e| !matches!(e, TrackerEvent::AmbiguousSale { .. })));
    assert_eq!(env.tracked.ambiguous_sales().unwrap().len(), 1);

    // A link that is not a candidate is refused; the owner's pick is recorded.
    let stranger = env.paytr_link(20_000, "Can").await;
    assert!(matches!(tracker.resolve_sale(&oid, stranger.id).await, Err(TrackerError::NotACandidate { .. })));
    let after = tracker.resolve_sale(&oid, a.id).await.unwrap();
    assert_eq!(after.status, LinkStatus::Paid);
    assert_eq!(env.get(b.id).status, LinkStatus::Waiting);
    assert_eq!(paid_ids(&drain(&mut rx)), vec![a.id]);
    assert_eq!(env.tracked.sale(&oid).unwrap().unwrap().state, SaleState::Attributed);
    assert!(
        matches!(tracker.resolve_sale(&oid, b.id).await, Err(TrackerError::NoSuchPendingSale(_))),
        "never attributed twice"
    );
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_sale_with_an_installment_surcharge_still_matches() {
    let env = Env::start().await;
    let a = env.paytr_link(10_000, "Ali").await;
    // 100 TL in 3 installments is charged 106 TL: a 106 TL link must not take it.
    let b = env.paytr_link(10_600, "Veli").await;
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    env.pay_paytr(&a, 3).await;
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(a.id).status, LinkStatus::Paid);
    assert_eq!(env.get(b.id).status, LinkStatus::Waiting);
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_report_row_read_again_is_not_counted_twice() {
    let env = Env::start().await;
    let a = env.paytr_link(10_000, "Ali").await;
    let (tracker, mut rx) = env.tracker(manual());
    let oid = env.pay_paytr(&a, 1).await;
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(a.id).status, LinkStatus::Paid);
    // Another waiting link of the same price, dated before the sale (so time alone would allow
    // it), and a tracker that re-reads the whole report (new credentials reset its cursor).
    let rec =
        lock(&env.store).begin_create_at(&new_link(Provider::Paytr, 10_000, "Veli"), a.created_at - 60_000).unwrap();
    let b = env.finish_paytr(rec, 10_000).await;
    tracker.set_clients(env.clients()).await.unwrap();
    lock(&env.sb.state().faults).clear_requests();
    for _ in 0..2 {
        tracker.cycle_now().await.unwrap();
    }
    assert!(env.requests(REPORT) >= 2, "the sale's row was read again");
    assert_eq!(env.requests(STATUS), 0, "and not even confirmed again");
    assert_eq!(env.get(b.id).status, LinkStatus::Waiting);
    assert_eq!(paid_ids(&drain(&mut rx)), vec![a.id]);
    assert_eq!(env.tracked.sale(&oid).unwrap().unwrap().link_id, Some(a.id));
    tracker.shutdown().await;
}

#[tokio::test]
async fn server_errors_and_timeouts_change_nothing_and_are_retried() {
    let env = Env::start().await;
    let a = env.paytr_link(10_000, "Ali").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    env.pay_paytr(&a, 1).await;

    lock(&env.sb.state().faults).set(REPORT, Fault::Http500, Some(1));
    let r = tracker.cycle_now().await.unwrap();
    assert!(
        matches!(*r.of(Provider::Paytr), SweepOutcome::Failed { ref error } if error.kind == ErrorKind::Server),
        "{r:?}"
    );
    lock(&env.sb.state().faults).set(STATUS, Fault::Hang, Some(1));
    let r = tracker.cycle_now().await.unwrap();
    assert!(
        matches!(*r.of(Provider::Paytr), SweepOutcome::Failed { ref error } if error.kind == ErrorKind::Timeout),
        "{r:?}"
    );
    lock(&env.sb.state().faults).set(STATUS, Fault::Drop, Some(1));
    let r = tracker.cycle_now().await.unwrap();
    assert!(
        matches!(*r.of(Provider::Paytr), SweepOutcome::Failed { ref error } if error.kind == ErrorKind::Network),
        "{r:?}"
    );
    assert_eq!(env.get(a.id).status, LinkStatus::Waiting);
    let events = drain(&mut rx);
    assert!(paid_ids(&events).is_empty());
    assert_eq!(events.iter().filter(|e| matches!(e, TrackerEvent::Error { provider: Provider::Paytr, .. })).count(), 3);

    let r = tracker.cycle_now().await.unwrap();
    assert_eq!(*r.of(Provider::Paytr), SweepOutcome::Done { changed: 1 });
    assert_eq!(paid_ids(&drain(&mut rx)), vec![a.id]);
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_link_past_its_expiry_is_marked_expired_by_time() {
    let env = Env::start().await;
    let rec = lock(&env.store).begin_create(&new_link(Provider::Paytr, 10_000, "Ali")).unwrap();
    let expires = rec.created_at - 20 * 60_000;
    lock(&env.store).finish_create(rec.id, "EXPIRED1", "http://x/link/EXPIRED1", Some(expires)).unwrap();
    let fresh = env.paytr_link(10_000, "Veli").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(rec.id).status, LinkStatus::Expired);
    assert_eq!(env.get(fresh.id).status, LinkStatus::Waiting);
    assert!(drain(&mut rx).contains(&TrackerEvent::LinkStatusChanged { link_id: rec.id, status: LinkStatus::Expired }));
    tracker.shutdown().await;
}

#[tokio::test]
async fn the_tracker_finds_a_paytr_payment_by_itself() {
    let env = Env::start().await;
    let a = env.paytr_link(4_990, "Ali").await;
    let fast = Duration::from_millis(300);
    let cadence = tahsildar_core::tracker::Cadence { fast, normal: fast, slow: fast, ..Default::default() };
    let (tracker, mut rx) = env.tracker(TrackerConfig { cadence, ..TrackerConfig::default() });
    env.pay_paytr(&a, 2).await;
    let got =
        wait_for(&mut rx, 5, |e| if let TrackerEvent::Paid { link_id, .. } = e { Some(*link_id) } else { None }).await;
    assert_eq!(got, Some(a.id));
    tracker.shutdown().await;
}
