use super::*;
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;
use tauri::async_runtime::{block_on, spawn};

const SHORT: Duration = Duration::from_millis(60);

fn names(b: &Batch) -> Vec<(u64, &'static str)> {
    b.events.iter().map(|e| (e.seq, e.name)).collect()
}

#[test]
fn the_first_ask_answers_at_once_with_where_from_now_on_starts() {
    let inbox = Inbox::default();
    inbox.publish("link-status", json!({ "link": 1 }));
    inbox.publish("link-status", json!({ "link": 2 }));
    let started = Instant::now();
    let first = block_on(inbox.next(None, WAIT));
    assert!(started.elapsed() < Duration::from_secs(5), "no wait for the first ask");
    assert_eq!(first, Batch { events: vec![], next: 2, missed: false }, "what came before is not replayed");
}

#[test]
fn events_come_in_order_from_the_number_asked_and_stay_for_a_second_reader() {
    let inbox = Inbox::default();
    for (name, n) in [("link-status", 1), ("payment-received", 2), ("unseen-payments", 3)] {
        inbox.publish(name, json!({ "n": n }));
    }
    let b = block_on(inbox.next(Some(1), WAIT));
    assert_eq!(names(&b), vec![(1, "payment-received"), (2, "unseen-payments")]);
    assert_eq!((b.next, b.missed), (3, false));
    assert_eq!(b.events[0].payload, json!({ "n": 2 }));
    // Reading takes nothing away: a reloaded page (or a second window) reads the same.
    assert_eq!(block_on(inbox.next(Some(1), WAIT)), b);
}

#[test]
fn a_waiting_ask_is_woken_by_the_next_event_and_every_waiter_hears_it() {
    let inbox = Arc::new(Inbox::default());
    let waiters: Vec<_> = (0..2)
        .map(|_| {
            let inbox = inbox.clone();
            spawn(async move { inbox.next(Some(0), Duration::from_secs(20)).await })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let published = Instant::now();
    inbox.publish("update-status", Value::Null);
    for waiter in waiters {
        let b = block_on(waiter).expect("the waiter ends");
        assert_eq!(names(&b), vec![(0, "update-status")]);
        assert_eq!(b.next, 1);
    }
    assert!(published.elapsed() < Duration::from_secs(5), "woken by the event, not by the 20 s wait");
}

#[test]
fn with_nothing_new_the_ask_ends_after_its_wait_and_keeps_the_number() {
    let inbox = Inbox::default();
    inbox.publish("link-status", json!({}));
    let started = Instant::now();
    let b = block_on(inbox.next(Some(1), SHORT));
    assert!(started.elapsed() >= SHORT, "it waited");
    assert_eq!(b, Batch { events: vec![], next: 1, missed: false });
}

#[test]
fn a_page_too_slow_to_ask_is_told_it_missed_events_and_gets_what_is_kept() {
    let inbox = Inbox::default();
    let total = KEEP as u64 + 5;
    for i in 0..total {
        inbox.publish("link-status", json!({ "i": i }));
    }
    let b = block_on(inbox.next(Some(0), WAIT));
    assert!(b.missed, "events 0–4 are gone");
    assert_eq!(b.events.len(), KEEP);
    assert_eq!((b.events[0].seq, b.next), (5, total));
    let caught_up = block_on(inbox.next(Some(5), WAIT));
    assert!(!caught_up.missed, "from the oldest kept, nothing is missed");
}

#[test]
fn a_number_this_inbox_never_gave_is_missed_too() {
    // A page that kept its number across an app restart (the updater's relaunch).
    let inbox = Inbox::default();
    inbox.publish("link-status", json!({}));
    let b = block_on(inbox.next(Some(40), WAIT));
    assert_eq!(b, Batch { events: vec![], next: 1, missed: true });
}

#[test]
fn the_answer_is_the_json_the_page_reads() {
    let inbox = Inbox::default();
    inbox.publish("payment-received", json!({ "unseenCount": 1 }));
    let b = block_on(inbox.next(Some(0), WAIT));
    assert_eq!(
        serde_json::to_value(&b).unwrap(),
        json!({ "events": [{ "seq": 0, "name": "payment-received", "payload": { "unseenCount": 1 } }], "next": 1, "missed": false })
    );
}
