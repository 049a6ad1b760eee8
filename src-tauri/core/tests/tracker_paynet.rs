//! The tracker against the Paynet sandbox over HTTP, with the real store.

mod tracker_common;

use std::time::Duration;
use tahsildar_core::providers::{ErrorKind, Provider};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::lock;
use tahsildar_core::sandbox::page::TEST_CARD_OK;
use tahsildar_core::store::{LinkRecord, LinkStatus};
use tahsildar_core::tracker::{Cadence, SweepOutcome, TrackerConfig, TrackerEvent};
use tracker_common::*;

const LIST: &str = "/v1/mailorder/list";
const DETAIL: &str = "/v1/mailorder/detail";
const CHECK: &str = "/v1/transaction/check";

/// Pays on the sandbox's HTML payment page, as a payer's browser does.
async fn pay_on_page(env: &Env, link: &LinkRecord) {
    let url = link.url.clone().unwrap();
    let html = env.http.get(&url).send().await.unwrap().text().await.unwrap();
    let start = html.find("<form id=\"pay\"").expect("the page has the card form");
    let tail = &html[start..];
    let a = tail.find("action=\"").unwrap() + "action=\"".len();
    let action = &tail[a..a + tail[a..].find('"').unwrap()];
    let action = url::Url::parse(&url).unwrap().join(&action.replace("&amp;", "&")).unwrap();
    let fields = [
        ("card_holder", "Ali Veli"),
        ("card_number", TEST_CARD_OK),
        ("expiry", "12/39"),
        ("cvc", "123"),
        ("installments", "1"),
    ];
    let r = env.http.post(action).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("data-outcome=\"paid\""));
}

fn paid_events(events: &[TrackerEvent], id: i64) -> usize {
    events.iter().filter(|e| matches!(e, TrackerEvent::Paid { link_id, .. } if *link_id == id)).count()
}

#[tokio::test]
async fn a_link_paid_on_the_page_turns_paid_within_one_cycle_and_notifies_once() {
    let env = Env::start().await;
    let ali = env.paynet_link(12_050, "Ali Veli").await;
    let other = env.paynet_link(9_900, "Ayşe").await;
    // A real (short) cadence: the tracker finds the payment by itself.
    let fast = Duration::from_millis(300);
    let config = TrackerConfig {
        cadence: Cadence { fast, normal: fast, slow: fast, ..Cadence::default() },
        ..TrackerConfig::default()
    };
    let (tracker, mut rx) = env.tracker(config);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sweeps_before = tracker.sweeps(Provider::Paynet);
    pay_on_page(&env, &ali).await;

    let paid = wait_for(&mut rx, 5, |e| match e {
        TrackerEvent::Paid { link_id, customer, amount_minor, .. } => Some((*link_id, customer.clone(), *amount_minor)),
        _ => None,
    })
    .await
    .expect("a Paid event");
    assert_eq!(paid, (ali.id, "Ali Veli".to_string(), 12_050));
    assert!(tracker.sweeps(Provider::Paynet) - sweeps_before <= 2, "found within one cycle after the payment");
    let stored = env.get(ali.id);
    assert_eq!(stored.status, LinkStatus::Paid);
    assert!(stored.payment_ref.as_deref().is_some_and(|x| x.starts_with("xk_")), "{stored:?}");
    assert_eq!(env.get(other.id).status, LinkStatus::Waiting);

    // More cycles: no second notification.
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(paid_events(&drain(&mut rx), ali.id), 0, "Paid is sent once");
    tracker.shutdown().await;
}

#[tokio::test]
async fn one_sweep_is_one_list_call_and_detail_only_when_the_list_does_not_settle() {
    let env = Env::start().await;
    let mut links = Vec::new();
    for i in 0..5 {
        links.push(env.paynet_link(1_000 + i, "Müşteri").await);
    }
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Paynet), SweepOutcome::Done { changed: 0 });
    assert_eq!((env.requests(LIST), env.requests(DETAIL), env.requests(CHECK)), (1, 0, 0));

    env.http
        .post(format!("{}/_sandbox/paynet/pay", env.sb.base_url()))
        .json(&serde_json::json!({"id": links[2].provider_id, "outcome": "paid"}))
        .send()
        .await
        .unwrap();
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Paynet), SweepOutcome::Done { changed: 1 });
    assert_eq!(
        (env.requests(LIST), env.requests(DETAIL), env.requests(CHECK)),
        (1, 0, 1),
        "paid is confirmed with transaction/check"
    );
    assert_eq!(env.get(links[2].id).status, LinkStatus::Paid);
    tracker.shutdown().await;
}

#[tokio::test]
async fn server_errors_and_timeouts_change_nothing_and_are_retried() {
    let env = Env::start().await;
    let link = env.paynet_link(5_000, "Ali").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    env.http
        .post(format!("{}/_sandbox/paynet/pay", env.sb.base_url()))
        .json(&serde_json::json!({"id": link.provider_id, "outcome": "paid"}))
        .send()
        .await
        .unwrap();

    lock(&env.sb.state().faults).set(LIST, Fault::Http500, Some(1));
    let report = tracker.cycle_now().await.unwrap();
    assert!(
        matches!(*report.of(Provider::Paynet), SweepOutcome::Failed { ref error } if error.kind == ErrorKind::Server),
        "{report:?}"
    );
    assert_eq!(env.get(link.id).status, LinkStatus::Waiting);

    // The list answers, but the confirmation times out: still not paid.
    lock(&env.sb.state().faults).set(CHECK, Fault::Hang, Some(1));
    let report = tracker.cycle_now().await.unwrap();
    assert!(
        matches!(*report.of(Provider::Paynet), SweepOutcome::Failed { ref error } if error.kind == ErrorKind::Timeout),
        "{report:?}"
    );
    assert_eq!(env.get(link.id).status, LinkStatus::Waiting);
    let events = drain(&mut rx);
    assert_eq!(paid_events(&events, link.id), 0);
    assert_eq!(
        events.iter().filter(|e| matches!(e, TrackerEvent::Error { provider: Provider::Paynet, .. })).count(),
        2
    );

    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Paynet), SweepOutcome::Done { changed: 1 });
    assert_eq!(env.get(link.id).status, LinkStatus::Paid);
    assert_eq!(paid_events(&drain(&mut rx), link.id), 1);
    tracker.shutdown().await;
}

#[tokio::test]
async fn expired_at_paynet_is_marked_expired() {
    let env = Env::start().await;
    let link = env.paynet_link(5_000, "Ali").await;
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    env.sb.state().clock.advance(25 * 3600);
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(link.id).status, LinkStatus::Expired);
    tracker.shutdown().await;
}

#[tokio::test]
async fn uncertain_creates_are_reconciled_by_reference() {
    let env = Env::start().await;
    // The create reached Paynet but its answer was lost.
    let reached = lock(&env.store).begin_create(&new_link(Provider::Paynet, 7_500, "Zeynep")).unwrap();
    let mut req = tahsildar_core::providers::paynet::CreateLink::new(
        tahsildar_core::money::Money::new(7_500, tahsildar_core::money::Currency::Tl).unwrap(),
        "Zeynep",
    );
    req.reference_no = Some(reached.local_ref.clone());
    let created = env.paynet.create(&req).await.unwrap();
    lock(&env.store).mark_unknown(reached.id, "timeout").unwrap();
    // This one never reached Paynet.
    let lost = lock(&env.store).begin_create(&new_link(Provider::Paynet, 8_000, "Can")).unwrap();
    lock(&env.store).mark_unknown(lost.id, "connection dropped").unwrap();

    let config = TrackerConfig { unknown_grace: Duration::ZERO, ..manual() };
    let (tracker, _rx) = env.tracker(config);
    tracker.cycle_now().await.unwrap();
    let found = env.get(reached.id);
    assert_eq!(found.status, LinkStatus::Waiting);
    assert_eq!(found.provider_id.as_deref(), Some(created.id.0.as_str()));
    assert_eq!(found.url.as_deref(), Some(created.url.as_str()));
    assert_eq!(env.get(lost.id).status, LinkStatus::Failed);
    tracker.shutdown().await;
}

/// A create whose answer was lost: the sandbox has the link, our record is `unknown` without id or page. Returns (record, Paynet id, page URL).
async fn lost_answer(env: &Env, minor: i64, customer: &str) -> (LinkRecord, String, String) {
    let rec = lock(&env.store).begin_create(&new_link(Provider::Paynet, minor, customer)).unwrap();
    let mut req = tahsildar_core::providers::paynet::CreateLink::new(
        tahsildar_core::money::Money::new(minor, tahsildar_core::money::Currency::Tl).unwrap(),
        customer,
    );
    req.reference_no = Some(rec.local_ref.clone());
    let created = env.paynet.create(&req).await.unwrap();
    let rec = lock(&env.store).mark_unknown(rec.id, "timeout").unwrap();
    (rec, created.id.0, created.url)
}

/// Someone else's link at Paynet (not one of our records) whose list row shows `list_reference`.
async fn other_link(env: &Env, minor: i64, list_reference: &str) -> String {
    let mut req = tahsildar_core::providers::paynet::CreateLink::new(
        tahsildar_core::money::Money::new(minor, tahsildar_core::money::Currency::Tl).unwrap(),
        "Başka Müşteri",
    );
    req.reference_no = Some(format!("ELSEWHERE-{minor}"));
    let id = env.paynet.create(&req).await.unwrap().id.0;
    assert!(lock(&env.sb.state().paynet).set_list_reference(&id, list_reference));
    id
}

#[tokio::test]
async fn an_uncertain_create_whose_list_row_shows_the_banks_reference_is_found_through_detail() {
    let env = Env::start().await;
    let (rec, id, url) = lost_answer(&env, 7_500, "Zeynep").await;
    assert!(lock(&env.sb.state().paynet).set_list_reference(&id, "BNK-20261130-0001"));
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let found = env.get(rec.id);
    assert_eq!(found.status, LinkStatus::Waiting);
    assert_eq!((found.provider_id.as_deref(), found.url.as_deref()), (Some(id.as_str()), Some(url.as_str())));
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_list_row_with_our_reference_but_another_amount_does_not_settle_an_uncertain_create() {
    let env = Env::start().await;
    let (rec, id, url) = lost_answer(&env, 7_500, "Zeynep").await;
    assert!(lock(&env.sb.state().paynet).set_list_reference(&id, "BNK-1"));
    // The bank's reference of someone else's link happens to equal ours; it is cancelled.
    let other = other_link(&env, 9_900, &rec.local_ref).await;
    env.paynet
        .set_status(
            &tahsildar_core::providers::paynet::LinkRef::Id(tahsildar_core::providers::paynet::PaynetLinkId(
                other.clone(),
            )),
            tahsildar_core::providers::paynet::PaynetStatus::Passive,
        )
        .await
        .unwrap();
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let after = env.get(rec.id);
    assert_eq!(after.status, LinkStatus::Waiting, "not cancelled by the other link's row");
    assert_eq!((after.provider_id.as_deref(), after.url.as_deref()), (Some(id.as_str()), Some(url.as_str())));
    tracker.shutdown().await;
}

#[tokio::test]
async fn an_uncertain_create_paynet_does_not_know_fails_past_the_grace_whatever_the_list_says() {
    let env = Env::start().await;
    let lost = lock(&env.store).begin_create(&new_link(Provider::Paynet, 8_000, "Can")).unwrap();
    lock(&env.store).mark_unknown(lost.id, "connection dropped").unwrap();
    // A row with our reference and amount, but Paynet's detail does not know our reference.
    other_link(&env, 8_000, &lost.local_ref).await;
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(lost.id).status, LinkStatus::Unknown, "within the grace it stays unknown");
    tracker.shutdown().await;

    let config = TrackerConfig { unknown_grace: Duration::ZERO, ..manual() };
    let (tracker, _rx) = env.tracker(config);
    tracker.cycle_now().await.unwrap();
    let failed = env.get(lost.id);
    assert_eq!(failed.status, LinkStatus::Failed);
    assert_eq!(failed.provider_id, None);
    tracker.shutdown().await;
}

#[tokio::test]
async fn refresh_now_checks_one_link() {
    let env = Env::start().await;
    let link = env.paynet_link(5_000, "Ali").await;
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    env.http
        .post(format!("{}/_sandbox/paynet/pay", env.sb.base_url()))
        .json(&serde_json::json!({"id": link.provider_id, "outcome": "paid"}))
        .send()
        .await
        .unwrap();
    lock(&env.sb.state().faults).clear_requests();
    let after = tracker.refresh_now(link.id).await.unwrap();
    assert_eq!(after.status, LinkStatus::Paid);
    assert_eq!((env.requests(LIST), env.requests(DETAIL)), (0, 1));
    tracker.shutdown().await;
}

#[tokio::test]
async fn nothing_waiting_means_no_calls_and_no_wakeups() {
    let env = Env::start().await;
    let (tracker, _rx) = env.tracker(TrackerConfig::default());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let loops = tracker.loops();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(tracker.loops(), loops, "the idle task is parked, no timer");
    assert_eq!(env.provider_requests(), 0);
    // A created link wakes it, and it looks at once.
    let link = env.paynet_link(5_000, "Ali").await;
    tracker.wake();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(tracker.loops() > loops);
    assert_eq!(env.requests(LIST), 1);
    assert_eq!(env.get(link.id).status, LinkStatus::Waiting);
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_link_written_by_another_process_is_picked_up_by_the_next_look() {
    let env = Env::start().await;
    let (tracker, _rx) = env.tracker(TrackerConfig::default());
    tracker.look_again_every(Duration::from_millis(300));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(env.provider_requests(), 0, "nothing waits yet");
    // `tahsildar link create` writes the book and never wakes this process's tracker.
    let link = env.paynet_link(5_000, "Ali").await;
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert!(env.requests(LIST) >= 1, "the periodic look found the new link and swept it");
    assert_eq!(env.get(link.id).status, LinkStatus::Waiting);
    tracker.shutdown().await;
}
