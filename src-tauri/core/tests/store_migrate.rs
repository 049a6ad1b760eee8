//! Schema 6 (issue 8 §3): a file from before it upgrades with its links kept, its PayTR links
//! read as "terms unknown" (matched by price alone, as then), and new links keep their terms.

mod store_common;

use store_common::{at, link, open, TempDir, DROP_NET_AMOUNTS, DROP_SCHEMA_6};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{LinkStatus, PaytrTerms, SCHEMA_VERSION};

#[test]
fn a_schema_5_file_upgrades_and_keeps_its_links() {
    assert_eq!(SCHEMA_VERSION, 7, "6 (PayTR terms), then 7 (the day report's nets and summary index)");
    let dir = TempDir::new("store-migrate-6");
    let (paytr, paynet) = {
        let store = open(&dir);
        let a = store.begin_create_at(&link(Provider::Paytr, 10_000, "Ali", "Kek"), at(0)).unwrap();
        store.finish_create(a.id, "NB2Zlz3", "https://www.paytr.com/link/NB2Zlz3", None).unwrap();
        let b = store.begin_create_at(&link(Provider::Paynet, 25_050, "Ayşe", "Tamir"), at(1)).unwrap();
        (a.id, b.id)
    };
    {
        // The file as schema 5 wrote it: no terms columns.
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.execute_batch(DROP_NET_AMOUNTS).unwrap();
        conn.execute_batch(DROP_SCHEMA_6).unwrap();
        conn.pragma_update(None, "user_version", 5).unwrap();
        let cols: i64 = conn
            .query_row("SELECT count(*) FROM pragma_table_info('links') WHERE name = 'link_type'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(cols, 0);
    }
    let store = open(&dir);
    assert_eq!(store.schema_version().unwrap(), 7, "schema 6, then the day report's step 7");
    let a = store.get(paytr).unwrap();
    assert_eq!(
        (a.status, a.amount_minor, a.provider_id.as_deref(), a.paytr),
        (LinkStatus::Waiting, 10_000, Some("NB2Zlz3"), None),
        "an old PayTR link: terms unknown"
    );
    let b = store.get(paynet).unwrap();
    assert_eq!((b.customer.as_str(), b.amount_minor, b.paytr), ("Ayşe", 25_050, None));
    assert_eq!(store.waiting(Provider::Paytr).unwrap().len(), 1);

    // New links keep their terms, through a reopen.
    let mut new = link(Provider::Paytr, 10_000, "Veli", "Bilet");
    let kinds = [
        PaytrTerms::Product { min_count: 1, max_count: Some(3) },
        PaytrTerms::Product { min_count: 2, max_count: None },
        PaytrTerms::Flex { max_minor: 50_000 },
        PaytrTerms::Collection,
    ];
    let ids: Vec<i64> = kinds
        .iter()
        .map(|t| {
            new.paytr = Some(t.clone());
            store.begin_create(&new).unwrap().id
        })
        .collect();
    // A Paynet link never carries PayTR terms.
    let mut pn = link(Provider::Paynet, 500, "Can", "Çay");
    pn.paytr = Some(PaytrTerms::Flex { max_minor: 900 });
    let pn = store.begin_create(&pn).unwrap().id;
    drop(store);
    let store = open(&dir);
    for (id, t) in ids.iter().zip(kinds) {
        assert_eq!(store.get(*id).unwrap().paytr, Some(t));
    }
    assert_eq!(store.get(pn).unwrap().paytr, None);
}

#[test]
fn the_terms_columns_refuse_nonsense() {
    let dir = TempDir::new("store-migrate-check");
    drop(open(&dir));
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    let insert = |cols: &str, vals: &str| {
        conn.execute(
            &format!(
                "INSERT INTO links (local_ref, provider, amount_minor, currency, description, customer, status,
                     created_at, updated_at, search_text, {cols}) VALUES ('R{}', 'paytr', 100, 'TL', 'd', 'c',
                     'waiting', 0, 0, '', {vals})",
                uuid::Uuid::new_v4().simple()
            ),
            [],
        )
    };
    assert!(insert("link_type", "'shelf'").is_err());
    assert!(insert("max_count", "0").is_err());
    assert!(insert("min_count", "0").is_err());
    assert!(insert("flex_max_minor", "-1").is_err());
    assert!(insert("link_type, max_count", "'product', 3").is_ok());
}
