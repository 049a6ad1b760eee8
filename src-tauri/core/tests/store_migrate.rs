//! Schema 9 (issue 11 §2): a schema 8 file gains the reminders table, keeping its links.
//!
//! Schema 8 (issue 12): a schema 7 file takes iyzico links after its `links` table is rebuilt,
//! keeping every row, id, index, text search and sale.
//!
//! Schema 6 (issue 8 §3): a file from before it upgrades with its links kept, its PayTR links
//! read as "terms unknown" (matched by price alone, as then), and new links keep their terms.

mod store_common;

use store_common::{at, link, open, TempDir, DROP_NET_AMOUNTS, DROP_REFUNDS, DROP_REMINDERS, DROP_SCHEMA_6};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{
    migrate_until, LinkStatus, PaytrTerms, ReminderChannel, Store, StoreError, SCHEMA_VERSION,
};

#[test]
fn a_schema_5_file_upgrades_and_keeps_its_links() {
    assert_eq!(
        SCHEMA_VERSION, 11,
        "6 (PayTR terms), 7 (the day report's nets and summary index), 8 (iyzico), 9 (reminders), 10 (saved items), 11 (refunds)"
    );
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
        conn.execute_batch(DROP_REFUNDS).unwrap();
        conn.execute_batch(DROP_REMINDERS).unwrap();
        conn.execute_batch(DROP_NET_AMOUNTS).unwrap();
        conn.execute_batch(DROP_SCHEMA_6).unwrap();
        conn.pragma_update(None, "user_version", 5).unwrap();
        let cols: i64 = conn
            .query_row("SELECT count(*) FROM pragma_table_info('links') WHERE name = 'link_type'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(cols, 0);
    }
    let store = open(&dir);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION, "schema 6 and every step after it");
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

#[test]
fn a_schema_7_file_takes_iyzico_links_and_keeps_everything() {
    let dir = TempDir::new("store-migrate-8");
    std::fs::create_dir_all(dir.db().parent().unwrap()).unwrap();
    {
        let mut conn = rusqlite::Connection::open(dir.db()).unwrap();
        migrate_until(&mut conn, 7).unwrap();
        let insert = |id: i64, provider: &str, search: &str| {
            conn.execute(
                "INSERT INTO links (id, local_ref, provider, provider_id, amount_minor, currency, description,
                     customer, status, created_at, updated_at, search_text, net_minor, link_type, max_count)
                 VALUES (?1, ?2, ?3, ?4, 12345, 'TL', 'Pasta', 'Şükrü', 'paid', 1, 2, ?5, 12000, 'product', 1)",
                rusqlite::params![id, format!("R{id}"), provider, format!("P{id}"), search],
            )
        };
        insert(7, "paytr", "şükrü pasta").unwrap();
        insert(9, "paynet", "ayşe tamir").unwrap();
        assert!(insert(11, "iyzico", "x").is_err(), "schema 7 refuses iyzico");
        conn.execute(
            "INSERT INTO paytr_sales (merchant_oid, state, link_id, amount_minor, paid_minor, currency,
                 sale_date, first_seen_at, updated_at) VALUES ('S1', 'attributed', 7, 12345, 12345, 'TL', '2026-11-30', 1, 1)",
            [],
        )
        .unwrap();
    }
    let store = open(&dir);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    drop(store);
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    type Row = (i64, String, Option<i64>, Option<String>, Option<i64>);
    let rows: Vec<Row> = conn
        .prepare("SELECT id, provider, net_minor, link_type, max_count FROM links ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        vec![
            (7, "paytr".into(), Some(12000), Some("product".into()), Some(1)),
            (9, "paynet".into(), Some(12000), Some("product".into()), Some(1)),
        ]
    );
    let found: i64 =
        conn.query_row("SELECT rowid FROM links_fts WHERE links_fts MATCH '\"pasta\"'", [], |r| r.get(0)).unwrap();
    assert_eq!(found, 7, "the text index still points at the same rows");
    let sale: i64 = conn
        .query_row(
            "SELECT l.id FROM paytr_sales s JOIN links l ON l.id = s.link_id WHERE s.merchant_oid = 'S1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sale, 7);
    let indexes: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'links' AND sql IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        indexes, 12,
        "7 indexes and the 3 text-index triggers made again, step 9's links_remind and the refunds' links_refunded"
    );
    assert!(conn.execute("INSERT INTO links (local_ref, provider, amount_minor, currency, description, customer, status, created_at, updated_at, search_text) VALUES ('Rx', 'stripe', 1, 'TL', 'd', 'c', 'waiting', 0, 0, '')", []).is_err(), "other names are still refused");
    drop(conn);

    // The store takes an iyzico link, and the triggers index it.
    let store: Store = open(&dir);
    let mut l = link(Provider::Iyzico, 4_200, "Zeynep", "Çiçek buketi");
    l.paytr = None;
    let made = store.begin_create(&l).unwrap();
    assert_eq!(store.get(made.id).unwrap().provider, Provider::Iyzico);
    assert!(made.id > 9, "a new id after the copied ones");
    drop(store);
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    let found: i64 =
        conn.query_row("SELECT rowid FROM links_fts WHERE links_fts MATCH '\"buket\"'", [], |r| r.get(0)).unwrap();
    assert_eq!(found, made.id);
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0);
}

#[test]
fn a_schema_8_file_gains_reminders_and_keeps_its_links() {
    let dir = TempDir::new("store-migrate-9");
    std::fs::create_dir_all(dir.db().parent().unwrap()).unwrap();
    {
        let mut conn = rusqlite::Connection::open(dir.db()).unwrap();
        migrate_until(&mut conn, 8).unwrap();
        conn.execute(
            "INSERT INTO links (id, local_ref, provider, provider_id, url, amount_minor, currency, description,
                 customer, status, created_at, updated_at, search_text)
             VALUES (5, 'R5', 'iyzico', 'T5', 'https://x/5', 9900, 'TL', 'Kek', 'Ali', 'waiting', ?1, ?1, 'ali kek')",
            [at(0)],
        )
        .unwrap();
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'reminders'", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 0, "schema 8 has no reminders");
    }
    let store = open(&dir);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let l = store.get(5).unwrap();
    assert_eq!((l.provider, l.status, l.amount_minor), (Provider::Iyzico, LinkStatus::Waiting, 9900));
    assert!(store.reminders(5).unwrap().is_empty());
    let r = store.record_reminder(5, ReminderChannel::Whatsapp, None, at(60)).unwrap();
    assert_eq!((r.link_id, r.at, r.channel, r.to), (5, at(60), ReminderChannel::Whatsapp, None));
    // A reminder needs its link (the foreign key is on after the upgrade).
    assert!(matches!(
        store.record_reminder(404, ReminderChannel::Sms, Some("x"), at(1)),
        Err(StoreError::NotFound(404))
    ));
    drop(store);
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    let bad = conn.execute("INSERT INTO reminders (link_id, at, channel) VALUES (5, 1, 'pigeon')", []);
    assert!(bad.is_err(), "the channel is checked");
    let plan: String = conn
        .query_row("EXPLAIN QUERY PLAN SELECT * FROM reminders WHERE link_id = 5 ORDER BY at DESC", [], |r| r.get(3))
        .unwrap();
    assert!(plan.contains("reminders_link_at"), "{plan}");
}

/// The refunds step (schema 11, issue 11 §1 gaps): a schema 10 file keeps its links, which read
/// as never refunded; refunds are then recorded once each, and the summary reads its own index
/// and the refunded payments' partial index, never the wide rows.
#[test]
fn a_schema_10_file_takes_refunds_and_keeps_its_links() {
    let dir = TempDir::new("store-migrate-refunds");
    std::fs::create_dir_all(dir.db().parent().unwrap()).unwrap();
    {
        let mut conn = rusqlite::Connection::open(dir.db()).unwrap();
        migrate_until(&mut conn, 10).unwrap();
        conn.execute(
            "INSERT INTO links (id, local_ref, provider, provider_id, url, amount_minor, currency, description,
                 customer, status, created_at, updated_at, paid_at, search_text)
             VALUES (7, 'R7', 'paytr', 'T7', 'https://x/7', 19200, 'TL', 'Çiçek', 'Ayşe', 'paid', ?1, ?1, ?1, 'ayse cicek')",
            [at(0)],
        )
        .unwrap();
    }
    let store = open(&dir);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let l = store.get(7).unwrap();
    assert_eq!((l.status, l.amount_minor, l.refunded_minor), (LinkStatus::Paid, 19_200, 0));
    let refund = tahsildar_core::store::NewRefund {
        provider: Provider::Paytr,
        key: "OID7|2026-11-22||5000|0".into(),
        link_id: 7,
        amount_minor: 5_000,
        net_minor: Some(-5_000),
        at_ms: at(10),
    };
    assert!(store.record_refund(&refund).unwrap(), "new");
    assert!(!store.record_refund(&refund).unwrap(), "the same refund read again records nothing");
    assert_eq!(store.get(7).unwrap().refunded_minor, 5_000);
    assert_eq!(store.refunds(7).unwrap().len(), 1);
    // Only a paid link takes a refund, and only a refund of something.
    let w = store.begin_create_at(&link(Provider::Paytr, 100, "Veli", "x"), at(1)).unwrap();
    let other = tahsildar_core::store::NewRefund { link_id: w.id, key: "k2".into(), ..refund.clone() };
    assert!(matches!(store.record_refund(&other), Err(StoreError::IllegalTransition { .. })));
    assert!(matches!(
        store.record_refund(&tahsildar_core::store::NewRefund { link_id: 404, key: "k3".into(), ..refund.clone() }),
        Err(StoreError::NotFound(404))
    ));
    assert!(store.record_refund(&tahsildar_core::store::NewRefund { amount_minor: 0, ..refund }).is_err());
    let plan = store.explain_summary(&tahsildar_core::store::LinkFilter::default()).unwrap().join(" | ");
    assert!(plan.contains("COVERING INDEX links_summary"), "{plan}");
    assert!(plan.contains("COVERING INDEX links_refunded"), "the refunds from their own index: {plan}");
}
