//! A sweep decides on a reading of the link taken before its provider calls; the owner may act
//! in between. These check that the sweep's write never undoes the owner's and never announces
//! a change twice.

use super::*;
use crate::money::{Currency, Money};
use crate::providers::Provider;
use crate::store::{NewLink, Store};
use crate::tracker::store_impl::SqliteTrackerStore;
use std::sync::Mutex;

struct Fixture {
    ctx: Ctx<SqliteTrackerStore>,
    events: broadcast::Receiver<TrackerEvent>,
    dir: std::path::PathBuf,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn fixture(name: &str) -> Fixture {
    let dir = std::env::temp_dir().join(format!("tahsildar-ctx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("links.sqlite3");
    let store = Arc::new(Mutex::new(Store::open(&db).unwrap()));
    let store = Arc::new(SqliteTrackerStore::new(store, &db).unwrap());
    let (tx, events) = broadcast::channel(16);
    Fixture { ctx: Ctx { store, events: tx, config: TrackerConfig::default() }, events, dir }
}

impl Fixture {
    /// A waiting Paynet link, as a sweep would have read it.
    fn waiting_link(&self) -> LinkRecord {
        let new = NewLink {
            provider: Provider::Paynet,
            amount: Money::new(12_000, Currency::Tl).unwrap(),
            description: "Kek".into(),
            customer: "Ali".into(),
            phone: None,
            email: None,
            local_ref: None,
            reference: None,
            paytr: None,
        };
        let store = self.ctx.store.store();
        let begun = store.lock().unwrap().begin_create(&new).unwrap();
        store.lock().unwrap().finish_create(begun.id, "PN1", "https://pay/1", None).unwrap()
    }

    /// What the owner does meanwhile, through the store the commands use.
    fn owner_sets(&self, id: i64, to: LinkStatus) {
        self.ctx.store.store().lock().unwrap().set_status(id, to, None, 1).unwrap();
    }

    fn status(&self, id: i64) -> LinkStatus {
        self.ctx.store.get(id).unwrap().status
    }

    fn drained(&mut self) -> Vec<TrackerEvent> {
        std::iter::from_fn(|| self.events.try_recv().ok()).collect()
    }
}

#[test]
fn a_status_read_before_the_owners_cancel_and_reopen_does_not_undo_them() {
    let mut f = fixture("reopen");
    let seen = f.waiting_link();
    f.owner_sets(seen.id, LinkStatus::Cancelled);
    f.owner_sets(seen.id, LinkStatus::Waiting);
    // The sweep read "waiting" before both; the provider then answered "cancelled".
    let refused = f.ctx.change(&seen, LinkStatus::Cancelled, None, 2);
    assert!(matches!(refused, Err(StoreError::IllegalTransition { from: LinkStatus::Waiting, .. })), "{refused:?}");
    assert_eq!(f.status(seen.id), LinkStatus::Waiting, "the owner's reopen stands");
    assert!(f.drained().is_empty(), "nothing changed, nothing announced");

    // A fresh reading (the next sweep) applies.
    let fresh = f.ctx.store.get(seen.id).unwrap();
    assert!(f.ctx.change(&fresh, LinkStatus::Expired, None, 3).unwrap());
    assert_eq!(f.status(seen.id), LinkStatus::Expired);
    assert_eq!(f.drained().len(), 1);
}

#[test]
fn the_same_status_the_owner_already_set_is_not_announced_again() {
    let mut f = fixture("same");
    let seen = f.waiting_link();
    f.owner_sets(seen.id, LinkStatus::Cancelled);
    let r = f.ctx.change(&seen, LinkStatus::Cancelled, None, 2);
    assert!(matches!(r, Err(StoreError::IllegalTransition { .. })), "{r:?}");
    assert!(f.drained().is_empty());
}

#[test]
fn a_payment_stands_over_a_cancel_and_is_announced_once() {
    let mut f = fixture("paid");
    let seen = f.waiting_link();
    f.owner_sets(seen.id, LinkStatus::Cancelled);
    assert!(f.ctx.change(&seen, LinkStatus::Paid, Some("xact-1"), 2).unwrap());
    assert_eq!(f.status(seen.id), LinkStatus::Paid, "money that arrived is never hidden");
    let paid = |e: &TrackerEvent| matches!(e, TrackerEvent::Paid { .. });
    assert_eq!(f.drained().iter().filter(|e| paid(e)).count(), 1);

    // A second sweep (or the owner's refresh) that also read "waiting" sees it paid again.
    assert!(!f.ctx.change(&seen, LinkStatus::Paid, Some("xact-1"), 3).unwrap());
    assert!(f.drained().is_empty(), "one notification per payment");
}
