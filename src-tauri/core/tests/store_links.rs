//! The link store on a real SQLite file: migrations, the create protocol, status changes.

mod store_common;

use store_common::{at, link, open, TempDir};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{LinkFilter, LinkStatus, Store, StoreError, SCHEMA_VERSION};

#[test]
fn creates_the_file_and_reopens_it() {
    let dir = TempDir::new("store-reopen");
    let id = {
        let store = open(&dir);
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        store.begin_create(&link(Provider::Paynet, 12_000, "Ali", "Kek")).unwrap().id
    };
    assert!(dir.db().is_file(), "the data folder and file are created");
    let store = open(&dir);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let again = store.get(id).unwrap();
    assert_eq!((again.customer.as_str(), again.amount_minor), ("Ali", 12_000));
    assert_eq!(store.query(&LinkFilter::default()).unwrap().total, 1);
}

#[test]
fn a_newer_file_is_refused_untouched() {
    let dir = TempDir::new("store-newer");
    drop(open(&dir));
    {
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    }
    let before = std::fs::read(dir.db()).unwrap();
    match Store::open(&dir.db()) {
        Err(StoreError::TooNew { found, known }) => {
            assert_eq!((found, known), (SCHEMA_VERSION + 1, SCHEMA_VERSION))
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    assert_eq!(std::fs::read(dir.db()).unwrap(), before);
    assert!(!dir.db().with_extension("sqlite3-wal").exists(), "no WAL file was started");
}

#[test]
fn a_duplicate_or_invalid_local_ref_is_refused() {
    let dir = TempDir::new("store-dup");
    let store = open(&dir);
    let mut new = link(Provider::Paytr, 500, "Ayşe", "Tamir");
    new.local_ref = Some("INV2024001".into());
    let first = store.begin_create(&new).unwrap();
    assert_eq!(first.local_ref, "INV2024001");
    match store.begin_create(&new) {
        Err(StoreError::DuplicateRef(r)) => assert_eq!(r, "INV2024001"),
        other => panic!("expected DuplicateRef, got {other:?}"),
    }
    for bad in ["INV-1", "", "A".repeat(33).as_str(), "İNV1"] {
        new.local_ref = Some(bad.to_owned());
        assert!(matches!(store.begin_create(&new), Err(StoreError::InvalidRef(_))), "{bad:?}");
    }
    assert_eq!(store.query(&LinkFilter::default()).unwrap().total, 1);

    // Generated references are unique, alphanumeric and fit both providers' fields.
    let a = store.begin_create(&link(Provider::Paytr, 1, "a", "b")).unwrap().local_ref;
    let b = store.begin_create(&link(Provider::Paytr, 1, "a", "b")).unwrap().local_ref;
    assert_ne!(a, b);
    assert!(a.len() <= 32 && a.bytes().all(|c| c.is_ascii_alphanumeric()), "{a}");
}

#[test]
fn begin_then_finish_makes_a_waiting_link() {
    let dir = TempDir::new("store-finish");
    let store = open(&dir);
    let begun = store.begin_create_at(&link(Provider::Paynet, 14_450, "Şükrü", "Pasta"), at(0)).unwrap();
    assert_eq!(begun.status, LinkStatus::Creating);
    assert_eq!(begun.provider_id, None);
    assert_eq!(begun.created_at, at(0));

    let done = store.finish_create(begun.id, "PL-778", "https://pay.example/PL-778", Some(at(60 * 24))).unwrap();
    assert_eq!(done.status, LinkStatus::Waiting);
    assert_eq!(done.url.as_deref(), Some("https://pay.example/PL-778"));
    assert_eq!(done.expires_at, Some(at(60 * 24)));
    assert_eq!(store.find_by_provider_id(Provider::Paynet, "PL-778").unwrap().map(|l| l.id), Some(begun.id));
    assert_eq!(store.find_by_provider_id(Provider::Paytr, "PL-778").unwrap(), None);
    assert_eq!(store.find_by_local_ref(&begun.local_ref).unwrap().map(|l| l.id), Some(begun.id));
    let by_id = LinkFilter { text: Some("pl-778".into()), ..Default::default() };
    assert_eq!(store.query(&by_id).unwrap().total, 1, "the provider id becomes searchable");

    // A second finish is a bug, and a provider id belongs to one link only.
    assert!(matches!(store.finish_create(begun.id, "PL-9", "u", None), Err(StoreError::IllegalTransition { .. })));
    let other = store.begin_create(&link(Provider::Paynet, 100, "x", "y")).unwrap();
    assert!(matches!(store.finish_create(other.id, "PL-778", "u", None), Err(StoreError::DuplicateProviderId { .. })));
    assert_eq!(store.get(other.id).unwrap().status, LinkStatus::Creating);

    let paid = store.set_status(begun.id, LinkStatus::Paid, Some("xk_EAAAAK"), at(90)).unwrap();
    assert_eq!((paid.paid_at, paid.payment_ref.as_deref()), (Some(at(90)), Some("xk_EAAAAK")));
    // Reported twice (callback and poll): the first payment time and reference stay.
    let again = store.set_status(begun.id, LinkStatus::Paid, None, at(95)).unwrap();
    assert_eq!((again.paid_at, again.payment_ref.as_deref()), (Some(at(90)), Some("xk_EAAAAK")));
}

#[test]
fn an_uncertain_create_stays_unknown_until_reconciled() {
    let dir = TempDir::new("store-unknown");
    let store = open(&dir);
    let a = store.begin_create(&link(Provider::Paynet, 1_000, "A", "a")).unwrap();
    let unknown = store.mark_unknown(a.id, "timeout after 20 s").unwrap();
    assert_eq!(unknown.status, LinkStatus::Unknown);
    assert_eq!(unknown.last_error.as_deref(), Some("timeout after 20 s"));
    // Paynet finds it by reference_no: completed, error cleared.
    let found = store.finish_create(a.id, "PL-1", "https://u/1", None).unwrap();
    assert_eq!((found.status, found.last_error), (LinkStatus::Waiting, None));

    let b = store.begin_create(&link(Provider::Paynet, 1_000, "B", "b")).unwrap();
    store.mark_unknown(b.id, "connection reset").unwrap();
    assert_eq!(store.mark_failed(b.id, "not found at Paynet").unwrap().status, LinkStatus::Failed);

    let c = store.begin_create(&link(Provider::Paytr, 1_000, "C", "c")).unwrap();
    let refused = store.mark_failed(c.id, "PayTR: invalid amount").unwrap();
    assert_eq!(refused.last_error.as_deref(), Some("PayTR: invalid amount"));

    // A crash between begin and finish: the next start turns it into unknown.
    let d = store.begin_create(&link(Provider::Paytr, 1_000, "D", "d")).unwrap();
    drop(store);
    let store = open(&dir);
    assert_eq!(store.recover_interrupted().unwrap(), 1);
    let d = store.get(d.id).unwrap();
    assert_eq!(d.status, LinkStatus::Unknown);
    assert_eq!(store.unresolved().unwrap().iter().map(|l| l.id).collect::<Vec<_>>(), vec![d.id]);
    // PayTR cannot look it up; once its id is known the owner deletes it.
    assert_eq!(store.set_status(d.id, LinkStatus::Deleted, None, at(1)).unwrap().status, LinkStatus::Deleted);
}

#[test]
fn illegal_transitions_are_refused_and_change_nothing() {
    let dir = TempDir::new("store-illegal");
    let store = open(&dir);
    let l = store.begin_create(&link(Provider::Paytr, 1_000, "A", "a")).unwrap();
    let refused = |from, to| matches!(store.set_status(l.id, to, None, at(0)), Err(StoreError::IllegalTransition { from: f, to: t, .. }) if f == from && t == to);
    assert!(refused(LinkStatus::Creating, LinkStatus::Paid));
    store.finish_create(l.id, "77", "https://u/77", None).unwrap();
    assert!(refused(LinkStatus::Waiting, LinkStatus::Creating));
    store.set_status(l.id, LinkStatus::Cancelled, None, at(1)).unwrap();
    store.set_status(l.id, LinkStatus::Waiting, None, at(2)).unwrap();
    store.set_status(l.id, LinkStatus::Paid, Some("PTR1"), at(3)).unwrap();
    for to in [LinkStatus::Waiting, LinkStatus::Cancelled, LinkStatus::Deleted, LinkStatus::Unknown] {
        assert!(refused(LinkStatus::Paid, to), "paid → {to}");
    }
    assert!(matches!(store.mark_unknown(l.id, "x"), Err(StoreError::IllegalTransition { .. })));
    assert!(matches!(store.get(9_999), Err(StoreError::NotFound(9_999))));
    assert_eq!(store.get(l.id).unwrap().status, LinkStatus::Paid);
}

#[test]
fn waiting_lists_one_providers_open_links_oldest_first() {
    let dir = TempDir::new("store-waiting");
    let store = open(&dir);
    let mut ids = Vec::new();
    for (i, p) in [Provider::Paytr, Provider::Paynet, Provider::Paytr, Provider::Paytr].into_iter().enumerate() {
        let l = store.begin_create_at(&link(p, 100, "c", "d"), at(10 - i as i64)).unwrap();
        store.finish_create(l.id, &format!("id{i}"), "https://u", None).unwrap();
        ids.push(l.id);
    }
    store.set_status(ids[3], LinkStatus::Expired, None, at(20)).unwrap();
    let waiting: Vec<i64> = store.waiting(Provider::Paytr).unwrap().iter().map(|l| l.id).collect();
    assert_eq!(waiting, vec![ids[2], ids[0]]);
}

#[test]
fn payments_since_an_instant_are_counted_through_an_index() {
    let dir = TempDir::new("store-paid-since");
    let store = open(&dir);
    let mut ids = Vec::new();
    for (i, customer) in ["Ali", "Ayşe", "Can"].iter().enumerate() {
        let l = store.begin_create(&link(Provider::Paynet, 1_000 + i as i64, customer, "Kek")).unwrap();
        store.finish_create(l.id, &format!("PN{i}"), "https://pay/x", None).unwrap();
        ids.push(l.id);
    }
    let first = store.set_status(ids[0], LinkStatus::Paid, Some("x1"), at(1)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    store.set_status(ids[1], LinkStatus::Paid, Some("x2"), at(2)).unwrap();
    store.set_status(ids[2], LinkStatus::Expired, None, at(3)).unwrap();
    assert_eq!(store.count_changed_since(LinkStatus::Paid, 0).unwrap(), 2);
    assert_eq!(store.count_changed_since(LinkStatus::Paid, first.updated_at).unwrap(), 1, "only the later payment");
    assert_eq!(store.count_changed_since(LinkStatus::Expired, 0).unwrap(), 1);
    drop(store);

    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    let plan: String = conn
        .query_row("EXPLAIN QUERY PLAN SELECT COUNT(*) FROM links WHERE status = 'paid' AND updated_at > 0", [], |r| {
            r.get(3)
        })
        .unwrap();
    assert!(plan.contains("links_status_updated"), "{plan}");
}

/// Several processes opening a file that needs a migration (the app and the CLI at once after an
/// upgrade): each step runs once, every opener succeeds. The search index step (5) rebuilds over
/// 20,000 links, so the openers overlap.
#[test]
fn openers_racing_through_a_migration_all_succeed() {
    let dir = TempDir::new("store-migrate-race");
    {
        let mut store = open(&dir);
        store
            .in_transaction(|s| {
                for i in 0..20_000 {
                    s.begin_create_at(&link(Provider::Paytr, 100 + i, &format!("Müşteri {i}"), "Kek"), at(i))?;
                }
                Ok(())
            })
            .unwrap();
    }
    {
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.execute_batch(store_common::DROP_REFUNDS).unwrap();
        conn.execute_batch(store_common::DROP_REMINDERS).unwrap();
        conn.execute_batch(store_common::DROP_NET_AMOUNTS).unwrap();
        conn.execute_batch(store_common::DROP_SCHEMA_6).unwrap();
        conn.execute_batch(
            "DROP TABLE links_fts; DROP TRIGGER links_fts_insert; DROP TRIGGER links_fts_delete;
             DROP TRIGGER links_fts_update; PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    let path = dir.db();
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                Store::open(&path).map(|s| {
                    s.query(&LinkFilter { text: Some("müşteri 1999".into()), ..Default::default() }).unwrap().total
                })
            })
        })
        .collect();
    for o in openers {
        // Both words anywhere: "Müşteri 1999", "… 11999" and "… 19990" to "… 19999".
        assert_eq!(o.join().unwrap().unwrap(), 12);
    }
    assert_eq!(open(&dir).schema_version().unwrap(), SCHEMA_VERSION);
}
