//! The iyzico tracker when iyzico fails or answers oddly, over HTTP against the sandbox (and a
//! pass-through that bends its list rows as §10.10 allows): each failure is told, backed off and
//! retried; one odd row or link never stops the sweep for the others.

mod tracker_common;

use std::time::Duration;
use tahsildar_core::providers::{ErrorKind, Provider};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::LinkStatus;
use tahsildar_core::tracker::{Cadence, SweepOutcome, TrackerConfig, TrackerEvent};
use tracker_common::iyzico::*;
use tracker_common::*;

#[tokio::test]
async fn a_rate_limit_backs_off_then_the_payment_is_found() {
    let env = Env::start().await;
    let a = env.iyzico_link(10_000, "Ali").await;
    env.pay_iyzico(a.provider_id.as_deref().unwrap()).await;
    lock(&env.sb.state().faults).set(LIST, Fault::RateLimit, Some(1));
    // Fresh links are looked at every 50 ms; a failure waits 800 ms.
    let backoff = Duration::from_millis(800);
    let config = TrackerConfig {
        cadence: Cadence { fast: Duration::from_millis(50), backoff_base: backoff, ..Cadence::default() },
        ..TrackerConfig::default()
    };
    let (tracker, mut rx) = iyzico_only(&env, env.sb.base_url(), config);
    let limited = wait_for(&mut rx, 5, |e| match e {
        TrackerEvent::Error { provider: Provider::Iyzico, kind, .. } => Some(*kind),
        TrackerEvent::Paid { .. } => Some(ErrorKind::Rejected),
        _ => None,
    })
    .await;
    assert_eq!(
        limited,
        Some(ErrorKind::RateLimited),
        "the limit is a retryable failure of its own kind, told to the UI"
    );
    assert_eq!(env.get(a.id).status, LinkStatus::Waiting, "nothing changed on its account");
    let paid = wait_for(&mut rx, 10, |e| matches!(e, TrackerEvent::Paid { .. }).then_some(())).await;
    assert!(paid.is_some(), "retried by itself");
    assert_eq!(env.get(a.id).status, LinkStatus::Paid);
    let lists: Vec<_> =
        lock(&env.sb.state().faults).requests().into_iter().filter(|r| r.path == LIST && r.method == "GET").collect();
    assert_eq!(lists.len(), 2, "{lists:?}");
    let gap = (lists[1].at - lists[0].at).to_std().unwrap();
    assert!(gap >= backoff, "retried after the backoff, not at the 50 ms pace: {gap:?}");
    tracker.shutdown().await;
}

#[tokio::test]
async fn odd_rows_are_skipped_and_the_sweep_goes_on() {
    let env = Env::start().await;
    let a = env.iyzico_link(10_000, "Ali").await;
    let b = env.iyzico_link(20_000, "Veli").await;
    let odd = vec![
        serde_json::json!({"name": "no token", "price": 10.0, "soldCount": 1}),
        serde_json::json!({"token": "bad token/..", "soldCount": 1}),
        serde_json::json!({"token": "Zz9", "price": "on iki lira", "soldCount": "many", "productStatus": "ACTIVE"}),
        serde_json::json!("not an object"),
    ];
    let proxy = odd_rows::start(env.sb.base_url(), odd).await;
    let (tracker, mut rx) = iyzico_only(&env, &proxy.base_url, manual());
    tracker.cycle_now().await.unwrap();
    env.pay_iyzico(a.provider_id.as_deref().unwrap()).await;
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 1 }, "{report:?}");
    assert_eq!(env.get(a.id).status, LinkStatus::Paid);
    assert_eq!(env.get(b.id).status, LinkStatus::Waiting);
    let events = drain(&mut rx);
    assert!(events.iter().all(|e| !matches!(e, TrackerEvent::Error { .. })), "{events:?}");
    tracker.shutdown().await;
}

#[tokio::test]
async fn list_rows_without_sold_count_leave_the_answer_to_get() {
    let env = Env::start().await;
    let a = env.iyzico_link(10_000, "Ali").await;
    let b = env.iyzico_link(20_000, "Veli").await;
    let proxy = odd_rows::start_with(env.sb.base_url(), vec![], &["soldCount"]).await;
    let (tracker, _rx) = iyzico_only(&env, &proxy.base_url, manual());
    tracker.cycle_now().await.unwrap();
    env.pay_iyzico(b.provider_id.as_deref().unwrap()).await;
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 1 });
    assert_eq!((env.get(a.id).status, env.get(b.id).status), (LinkStatus::Waiting, LinkStatus::Paid));
    assert_eq!((env.requests(LIST), gets_of(&env, &a), gets_of(&env, &b)), (1, 1, 1), "one page, then a get each");
    tracker.shutdown().await;
}

#[tokio::test]
async fn an_unreadable_get_skips_its_link_but_a_rate_limit_stops_the_sweep() {
    let env = Env::start().await;
    let a = env.iyzico_link(10_000, "Ali").await;
    let b = env.iyzico_link(20_000, "Veli").await;
    // List rows without soldCount: every link is asked for with `get`, `a` first.
    let proxy = odd_rows::start_with(env.sb.base_url(), vec![], &["soldCount"]).await;
    let (tracker, mut rx) = iyzico_only(&env, &proxy.base_url, manual());
    tracker.cycle_now().await.unwrap();
    env.pay_iyzico(a.provider_id.as_deref().unwrap()).await;
    env.pay_iyzico(b.provider_id.as_deref().unwrap()).await;
    drain(&mut rx);

    lock(&env.sb.state().faults).set(&one(&a), Fault::Malformed, Some(1));
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 1 }, "{report:?}");
    assert_eq!((env.get(a.id).status, env.get(b.id).status), (LinkStatus::Waiting, LinkStatus::Paid));
    assert!(drain(&mut rx).iter().all(|e| !matches!(e, TrackerEvent::Error { .. })));

    // iyzico limiting us is everyone's failure: the sweep stops, is told, and is retried later.
    lock(&env.sb.state().faults).set(&one(&a), Fault::RateLimit, Some(1));
    let report = tracker.cycle_now().await.unwrap();
    assert!(
        matches!(*report.of(Provider::Iyzico), SweepOutcome::Failed { ref error }
            if error.kind == ErrorKind::RateLimited && error.code.as_deref() == Some("50000")),
        "{report:?}"
    );
    assert_eq!(env.get(a.id).status, LinkStatus::Waiting);
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 1 });
    assert_eq!(env.get(a.id).status, LinkStatus::Paid);
    tracker.shutdown().await;
}

#[tokio::test]
async fn after_a_rate_limit_the_links_not_yet_asked_go_first() {
    let env = Env::start().await;
    let links = [
        env.iyzico_link(10_000, "Ali").await,
        env.iyzico_link(20_000, "Veli").await,
        env.iyzico_link(30_000, "Can").await,
    ];
    // Every link is asked for with `get` (list rows without soldCount).
    let proxy = odd_rows::start_with(env.sb.base_url(), vec![], &["soldCount"]).await;
    let (tracker, _rx) = iyzico_only(&env, &proxy.base_url, manual());
    tracker.cycle_now().await.unwrap();
    for l in &links {
        env.pay_iyzico(l.provider_id.as_deref().unwrap()).await;
    }
    // The limit strikes at the second `get`: the third link was not reached.
    lock(&env.sb.state().faults).set(&one(&links[1]), Fault::RateLimit, Some(1));
    let report = tracker.cycle_now().await.unwrap();
    assert!(matches!(*report.of(Provider::Iyzico), SweepOutcome::Failed { .. }), "{report:?}");
    assert_eq!(env.get(links[2].id).status, LinkStatus::Waiting);
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 2 });
    let order: Vec<String> =
        lock(&env.sb.state().faults).requests().into_iter().filter(|r| r.method == "GET").map(|r| r.path).collect();
    // A limit that always strikes after the same number of calls still reaches every link.
    assert_eq!(order, vec![LIST.to_string(), one(&links[2]), one(&links[1])]);
    assert!(links.iter().all(|l| env.get(l.id).status == LinkStatus::Paid));
    tracker.shutdown().await;
}

#[tokio::test]
async fn iyzico_runs_beside_the_others_and_fails_on_its_own() {
    let env = Env::start().await;
    let pn = env.paynet_link(10_000, "Ali").await;
    let iy = env.iyzico_link(10_000, "Veli").await;
    env.pay_iyzico(iy.provider_id.as_deref().unwrap()).await;
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let iy2 = env.iyzico_link(20_000, "Can").await;
    lock(&env.sb.state().faults).set(LIST, Fault::Http500, None);
    let report = tracker.cycle_now().await.unwrap();
    assert!(
        matches!(*report.of(Provider::Iyzico), SweepOutcome::Failed { ref error } if error.kind == ErrorKind::Server),
        "{report:?}"
    );
    assert_eq!(*report.of(Provider::Paynet), SweepOutcome::Done { changed: 0 });
    assert_eq!(
        (env.get(iy.id).status, env.get(iy2.id).status, env.get(pn.id).status),
        (LinkStatus::Paid, LinkStatus::Waiting, LinkStatus::Waiting)
    );
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_refused_list_leaves_the_answer_to_get() {
    let env = Env::start().await;
    let a = env.iyzico_link(10_000, "Ali").await;
    let b = env.iyzico_link(20_000, "Veli").await;
    let proxy = odd_rows::refusing_list(env.sb.base_url()).await;
    let (tracker, _rx) = iyzico_only(&env, &proxy.base_url, manual());
    tracker.cycle_now().await.unwrap();
    env.pay_iyzico(a.provider_id.as_deref().unwrap()).await;
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 1 }, "{report:?}");
    assert_eq!((env.get(a.id).status, env.get(b.id).status), (LinkStatus::Paid, LinkStatus::Waiting));
    assert_eq!((gets_of(&env, &a), gets_of(&env, &b)), (1, 1));
    tracker.shutdown().await;
}
