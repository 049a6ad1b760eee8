//! The tracker against the iyzico sandbox over HTTP, with the real store: a payment shows as the
//! link's own `soldCount`, read from the list pages or with `get`, exactly per token.
//! Faults and odd answers: `tracker_iyzico_faults.rs`.

mod tracker_common;

use std::time::Duration;
use tahsildar_core::providers::iyzico::SetStatus;
use tahsildar_core::providers::{Clients, Provider};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::LinkStatus;
use tahsildar_core::tracker::{SweepOutcome, TrackerConfig, TrackerEvent};
use tahsildar_core::Lang;
use tracker_common::iyzico::*;
use tracker_common::*;

#[tokio::test]
async fn the_paid_link_turns_paid_and_the_others_keep_waiting() {
    let env = Env::start().await;
    let a = env.iyzico_link(10_000, "Ali").await;
    let b = env.iyzico_link(10_000, "Ayşe").await;
    let c = env.iyzico_link(25_000, "Can").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    assert!(paid_ids(&drain(&mut rx)).is_empty(), "nothing paid yet");
    env.pay_iyzico(b.provider_id.as_deref().unwrap()).await;
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 1 });
    assert_eq!(
        report.outcomes().find(|(p, _)| *p == Provider::Iyzico).map(|(_, o)| o),
        Some(report.of(Provider::Iyzico))
    );
    assert_eq!((env.requests(LIST), gets(&env)), (1, 0), "one list page answers for all three");
    // Same amount as `a`: told apart by the token, not the price.
    assert_eq!((env.get(a.id).status, env.get(c.id).status), (LinkStatus::Waiting, LinkStatus::Waiting));
    let paid = env.get(b.id);
    assert_eq!(paid.status, LinkStatus::Paid);
    let events = drain(&mut rx);
    assert_eq!(paid_ids(&events), vec![b.id]);
    assert!(events.iter().any(|e| matches!(e,
        TrackerEvent::Paid { link_id, amount_minor: 10_000, customer, .. } if *link_id == b.id && customer == "Ayşe")));
    // Paid is final: the next cycle does not look at it again, nor announce it twice.
    tracker.cycle_now().await.unwrap();
    assert!(paid_ids(&drain(&mut rx)).is_empty());
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_link_on_the_second_page_is_read_from_it() {
    let env = Env::start().await;
    let ours = env.iyzico_link(12_345, "Ali").await;
    // 150 newer links of the shop's own (made in iyzico's panel): ours is on page 2.
    for _ in 0..150 {
        env.iyzico_create(5_000, None).await;
    }
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    env.pay_iyzico(ours.provider_id.as_deref().unwrap()).await;
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 1 });
    assert_eq!(env.get(ours.id).status, LinkStatus::Paid);
    assert_eq!((env.requests(LIST), gets(&env)), (2, 0), "one more page costs no more than a get");
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_link_deep_in_the_list_is_asked_for_with_get() {
    let env = Env::start().await;
    let ours = env.iyzico_link(12_345, "Ali").await;
    for _ in 0..250 {
        env.iyzico_create(5_000, None).await;
    }
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    env.pay_iyzico(ours.provider_id.as_deref().unwrap()).await;
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 1 });
    assert_eq!(env.get(ours.id).status, LinkStatus::Paid);
    // Two pages left for one link: one `get` instead.
    assert_eq!((env.requests(LIST), gets_of(&env, &ours)), (1, 1));
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_link_past_its_expiry_expires_only_after_a_good_sweep() {
    let env = Env::start().await;
    let a = env.iyzico_link(10_000, "Ali").await;
    let rec = lock(&env.store).begin_create(&new_link(Provider::Iyzico, 20_000, "Veli")).unwrap();
    let (tok, url) = env.iyzico_create(20_000, Some(&rec.local_ref)).await;
    let hour = 3_600_000;
    let b = lock(&env.store).finish_create(rec.id, &tok, &url, Some(rec.created_at + hour)).unwrap();
    // Two hours on: `b` is past its expiry and the grace.
    let later = chrono::Utc::now() + chrono::Duration::hours(2);
    let config = TrackerConfig { clock: std::sync::Arc::new(move || later), ..manual() };
    lock(&env.sb.state().faults).set(LIST, Fault::Http500, None);
    let (tracker, _rx) = env.tracker(config);
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(b.id).status, LinkStatus::Waiting, "a failed sweep may have missed a payment");
    lock(&env.sb.state().faults).clear();
    tracker.cycle_now().await.unwrap();
    assert_eq!((env.get(a.id).status, env.get(b.id).status), (LinkStatus::Waiting, LinkStatus::Expired));
    tracker.shutdown().await;
}

#[tokio::test]
async fn an_uncertain_create_is_found_by_its_reference() {
    let env = Env::start().await;
    // The create reached iyzico but its answer was lost.
    let rec = lock(&env.store).begin_create(&new_link(Provider::Iyzico, 15_000, "Ali")).unwrap();
    let (tok, url) = env.iyzico_create(15_000, Some(&rec.local_ref)).await;
    lock(&env.store).mark_unknown(rec.id, "timeout").unwrap();
    // One that never reached iyzico, and a link made in the panel without any reference.
    let lost = lock(&env.store).begin_create(&new_link(Provider::Iyzico, 15_000, "Veli")).unwrap();
    lock(&env.store).mark_unknown(lost.id, "connection dropped").unwrap();
    env.iyzico_create(15_000, None).await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let found = env.get(rec.id);
    assert_eq!(found.status, LinkStatus::Waiting);
    assert_eq!((found.provider_id.as_deref(), found.url.as_deref()), (Some(tok.as_str()), Some(url.as_str())));
    assert!(drain(&mut rx).contains(&TrackerEvent::LinkStatusChanged { link_id: rec.id, status: LinkStatus::Waiting }));
    // No reference at iyzico proves the other was never made: it stays for the owner to settle.
    assert_eq!(env.get(lost.id).status, LinkStatus::Unknown);
    env.pay_iyzico(&tok).await;
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(rec.id).status, LinkStatus::Paid);
    assert_eq!(paid_ids(&drain(&mut rx)), vec![rec.id]);
    tracker.shutdown().await;
}

#[tokio::test]
async fn refresh_asks_iyzico_for_that_one_link() {
    let env = Env::start().await;
    let a = env.iyzico_link(10_000, "Ali").await;
    let b = env.iyzico_link(20_000, "Veli").await;
    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    env.pay_iyzico(a.provider_id.as_deref().unwrap()).await;
    env.pay_iyzico(b.provider_id.as_deref().unwrap()).await;
    lock(&env.sb.state().faults).clear_requests();
    let after = tracker.refresh_now(a.id).await.unwrap();
    assert_eq!(after.status, LinkStatus::Paid);
    assert_eq!((gets_of(&env, &a), env.requests(LIST), gets(&env)), (1, 0, 1), "one get, no list");
    assert_eq!(env.get(b.id).status, LinkStatus::Waiting, "only the asked link is checked");
    assert_eq!(paid_ids(&drain(&mut rx)), vec![a.id]);
    tracker.shutdown().await;
}

#[tokio::test]
async fn paused_at_iyzico_is_cancelled_and_deleted_is_deleted() {
    let env = Env::start().await;
    let paused = env.iyzico_link(10_000, "Ali").await;
    let removed = env.iyzico_link(20_000, "Veli").await;
    let kept = env.iyzico_link(30_000, "Can").await;
    let (tracker, _rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    env.iyzico.set_status(&token(&paused), SetStatus::Passive, Lang::Tr).await.unwrap();
    env.iyzico.delete(&token(&removed), Lang::Tr).await.unwrap();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 2 });
    assert_eq!(env.get(paused.id).status, LinkStatus::Cancelled);
    assert_eq!(env.get(removed.id).status, LinkStatus::Deleted);
    assert_eq!(env.get(kept.id).status, LinkStatus::Waiting);
    assert_eq!(gets_of(&env, &removed), 1, "asked for by its token before calling it deleted");
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_link_paused_and_reopened_in_the_panel_waits_again_and_its_payment_is_seen() {
    let env = Env::start().await;
    let paused = env.iyzico_link(10_000, "Ali").await;
    let kept = env.iyzico_link(30_000, "Can").await;
    let (tracker, mut rx) = env.tracker(manual());
    env.iyzico.set_status(&token(&paused), SetStatus::Passive, Lang::Tr).await.unwrap();
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(paused.id).status, LinkStatus::Cancelled);
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(paused.id).status, LinkStatus::Cancelled, "still paused: no change");

    // Reopened in iyzico's panel: read from the page the sweep reads for `kept`, no call of its own.
    env.iyzico.set_status(&token(&paused), SetStatus::Active, Lang::Tr).await.unwrap();
    lock(&env.sb.state().faults).clear_requests();
    let report = tracker.cycle_now().await.unwrap();
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 1 });
    assert_eq!(env.get(paused.id).status, LinkStatus::Waiting);
    assert_eq!((env.requests(LIST), gets(&env)), (1, 0));

    // Paused, then reopened and paid between two sweeps: paid, and said so.
    env.iyzico.set_status(&token(&paused), SetStatus::Passive, Lang::Tr).await.unwrap();
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(paused.id).status, LinkStatus::Cancelled);
    drain(&mut rx);
    env.iyzico.set_status(&token(&paused), SetStatus::Active, Lang::Tr).await.unwrap();
    env.pay_iyzico(paused.provider_id.as_deref().unwrap()).await;
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(paused.id).status, LinkStatus::Paid);
    assert_eq!(paid_ids(&drain(&mut rx)), vec![paused.id]);

    // Nothing waits any more: a paused link alone makes no call (it stays until its "Yenile").
    env.iyzico.set_status(&token(&kept), SetStatus::Passive, Lang::Tr).await.unwrap();
    tracker.cycle_now().await.unwrap();
    assert_eq!(env.get(kept.id).status, LinkStatus::Cancelled);
    env.iyzico.set_status(&token(&kept), SetStatus::Active, Lang::Tr).await.unwrap();
    lock(&env.sb.state().faults).clear_requests();
    tracker.cycle_now().await.unwrap();
    assert!(lock(&env.sb.state().faults).requests().is_empty(), "no call for paused links alone");
    assert_eq!(env.get(kept.id).status, LinkStatus::Cancelled);
    tracker.shutdown().await;
}

#[tokio::test]
async fn a_link_denied_by_keys_that_know_none_of_ours_is_left_alone() {
    let env = Env::start().await;
    let only = env.iyzico_link(10_000, "Ali").await;
    env.iyzico.delete(&token(&only), Lang::Tr).await.unwrap();
    let (tracker, _rx) = env.tracker(manual());
    let report = tracker.cycle_now().await.unwrap();
    // Other keys (another account, the other host) would deny it the same way: "deleted" is final.
    assert_eq!(*report.of(Provider::Iyzico), SweepOutcome::Done { changed: 0 });
    assert_eq!(env.get(only.id).status, LinkStatus::Waiting);
    tracker.shutdown().await;
}

#[tokio::test]
async fn links_the_link_service_makes_are_tracked_even_when_its_create_went_unanswered() {
    use tahsildar_core::links::{CreateForm, CreateOutcome, ExpiryChoice, LinkService};
    use tahsildar_core::money::Currency;
    let env = Env::start().await;
    let client = tahsildar_core::providers::iyzico::IyzicoClient::new(
        env.sb.base_url(),
        tahsildar_core::sandbox::DEMO_IYZICO_API_KEY.to_string().into(),
        tahsildar_core::sandbox::DEMO_IYZICO_SECRET_KEY.to_string().into(),
        Duration::from_millis(800),
    )
    .unwrap();
    let svc = LinkService::new(env.store.clone(), Clients::default().with(Some(client)));
    let form = |amount: &str| CreateForm {
        provider: Some(Provider::Iyzico),
        amount_text: amount.into(),
        currency: Currency::Tl,
        description: "Kahve".into(),
        expiry: ExpiryChoice::None,
        ..CreateForm::default()
    };
    let made = svc.create(&form("100")).await.unwrap();
    let CreateOutcome::Created { link: made, .. } = made else { panic!("{made:?}") };
    // iyzico makes the second link, but its answer never comes.
    lock(&env.sb.state().faults).set(LIST, Fault::Hold, Some(1));
    let lost = svc.create(&form("250")).await.unwrap();
    let CreateOutcome::Uncertain { link: lost, .. } = lost else { panic!("{lost:?}") };
    assert_eq!(lost.status, LinkStatus::Unknown);

    let (tracker, mut rx) = env.tracker(manual());
    tracker.cycle_now().await.unwrap();
    let found = env.get(lost.id);
    assert_eq!(found.status, LinkStatus::Waiting, "found by the conversationId the service sent");
    env.pay_iyzico(found.provider_id.as_deref().unwrap()).await;
    env.pay_iyzico(made.provider_id.as_deref().unwrap()).await;
    tracker.cycle_now().await.unwrap();
    assert_eq!((env.get(made.id).status, env.get(lost.id).status), (LinkStatus::Paid, LinkStatus::Paid));
    let mut paid = paid_ids(&drain(&mut rx));
    paid.sort();
    assert_eq!(paid, vec![made.id, lost.id]);
    tracker.shutdown().await;
}
