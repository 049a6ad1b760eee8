//! Searching, filtering and paging the link list on a real SQLite file.

mod store_common;

use store_common::{at, link, open, TempDir};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{LinkFilter, LinkStatus, Store};

fn customers(store: &Store, filter: &LinkFilter) -> Vec<String> {
    store.query(filter).unwrap().rows.into_iter().map(|l| l.customer).collect()
}

fn text(t: &str) -> LinkFilter {
    LinkFilter { text: Some(t.into()), ..Default::default() }
}

#[test]
fn search_ignores_turkish_case_and_letters() {
    let dir = TempDir::new("store-search");
    let store = open(&dir);
    for (i, (customer, description)) in [
        ("Şükrü Öztürk", "Doğum günü pastası"),
        ("ŞÜKRÜ CAN", "Çiçek"),
        ("Işıl Yılmaz", "Kuaför"),
        ("İsmail Işık", "Tamir"),
        ("Sukru Ascii", "Ücret"),
        ("Ayşe", "Kira 1.234,56"),
    ]
    .into_iter()
    .enumerate()
    {
        store.begin_create_at(&link(Provider::Paynet, 123_456, customer, description), at(i as i64)).unwrap();
    }
    let newest_first = |t: &str| customers(&store, &text(t));
    assert_eq!(newest_first("sukru"), ["Sukru Ascii", "ŞÜKRÜ CAN", "Şükrü Öztürk"]);
    assert_eq!(newest_first("ŞÜKRÜ"), newest_first("sukru"));
    assert_eq!(newest_first("şükrü öztürk"), ["Şükrü Öztürk"]);
    assert_eq!(newest_first("ışıl"), ["Işıl Yılmaz"]);
    assert_eq!(newest_first("ISIL"), ["Işıl Yılmaz"]);
    assert_eq!(newest_first("isik"), ["İsmail Işık"]);
    assert_eq!(newest_first("İSMAİL"), ["İsmail Işık"]);
    assert_eq!(newest_first("CICEK"), ["ŞÜKRÜ CAN"]);
    assert_eq!(newest_first("pasta doğum"), ["Şükrü Öztürk"], "every word must match, in any order");
    assert_eq!(newest_first("ucret"), ["Sukru Ascii"]);
    assert_eq!(newest_first("1.234,56").len(), 6, "the amount is searchable as typed");
    assert_eq!(newest_first("1234,56").len(), 6);
    assert!(newest_first("kemal").is_empty());
    // LIKE wildcards are plain characters here.
    assert!(newest_first("%").is_empty());
    assert!(newest_first("_").is_empty());
    assert_eq!(newest_first("   ").len(), 6, "a blank search matches everything");
}

#[test]
fn filters_combine_and_pages_add_up() {
    let dir = TempDir::new("store-filter");
    let store = open(&dir);
    // 30 links, one a minute: provider alternates, every third is paid, customer "Mehmet" on even minutes.
    for i in 0..30i64 {
        let provider = if i % 2 == 0 { Provider::Paynet } else { Provider::Paytr };
        let customer = if i % 2 == 0 { format!("Mehmet {i}") } else { format!("Zeynep {i}") };
        let l = store.begin_create_at(&link(provider, 1_000 + i, &customer, "Sipariş"), at(i)).unwrap();
        store.finish_create(l.id, &format!("P{i}"), "https://u", None).unwrap();
        if i % 3 == 0 {
            store.set_status(l.id, LinkStatus::Paid, None, at(i + 1)).unwrap();
        }
    }
    let all = store.query(&LinkFilter::default()).unwrap();
    assert_eq!((all.total, all.rows.len()), (30, 30));
    assert!(all.rows.windows(2).all(|w| w[0].created_at > w[1].created_at), "newest first");

    let paid = LinkFilter { statuses: vec![LinkStatus::Paid], ..Default::default() };
    assert_eq!(store.query(&paid).unwrap().total, 10);
    let paid_or_waiting = LinkFilter { statuses: vec![LinkStatus::Paid, LinkStatus::Waiting], ..Default::default() };
    assert_eq!(store.query(&paid_or_waiting).unwrap().total, 30);

    // Paid, Paynet, minutes 10..=24, "mehmet": minutes 12, 18, 24 (even and multiple of 3).
    let combined = LinkFilter {
        text: Some("MEHMET".into()),
        statuses: vec![LinkStatus::Paid],
        provider: Some(Provider::Paynet),
        from_ms: Some(at(10)),
        to_ms: Some(at(25)),
        ..Default::default()
    };
    assert_eq!(customers(&store, &combined), ["Mehmet 24", "Mehmet 18", "Mehmet 12"]);
    let excl = LinkFilter { to_ms: Some(at(24)), ..combined.clone() };
    assert_eq!(customers(&store, &excl), ["Mehmet 18", "Mehmet 12"], "to_ms is exclusive");
    let paytr = LinkFilter { provider: Some(Provider::Paytr), ..combined };
    assert_eq!(store.query(&paytr).unwrap().total, 0);

    // Pages of 7 over the 15 PayTR links: 7 + 7 + 1, no overlap, total always 15.
    let mut seen = Vec::new();
    for (page, expected) in [(0u32, 7usize), (1, 7), (2, 1), (3, 0)] {
        let f = LinkFilter { provider: Some(Provider::Paytr), limit: Some(7), offset: page * 7, ..Default::default() };
        let got = store.query(&f).unwrap();
        assert_eq!((got.total, got.rows.len()), (15, expected), "page {page}");
        seen.extend(got.rows.into_iter().map(|l| l.id));
    }
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique.len(), 15);
    assert_eq!(seen, all.rows.iter().filter(|l| l.provider == Provider::Paytr).map(|l| l.id).collect::<Vec<_>>());
}

#[test]
fn equal_times_still_page_without_overlap() {
    let dir = TempDir::new("store-ties");
    let store = open(&dir);
    // Names out of alphabetical order, so only the id can give this order.
    for name in ["b", "d", "a", "e", "c"] {
        store.begin_create_at(&link(Provider::Paytr, 100, name, "x"), at(0)).unwrap();
    }
    let page = |offset| customers(&store, &LinkFilter { limit: Some(2), offset, ..Default::default() });
    assert_eq!([page(0), page(2), page(4)].concat(), ["c", "e", "a", "d", "b"], "newest (last written) first");
}

/// The trigram index (migration 5) must answer exactly what testing every link's text would:
/// same rows, same order, same total, for dense words (the page is read by walking), rare ones
/// (read through the index), short ones (not indexable), mixes, other filters and far pages.
#[test]
fn indexed_search_answers_exactly_what_a_full_scan_would() {
    use tahsildar_core::store::search::{query_terms, search_text};
    let dir = TempDir::new("store-fts");
    let store = open(&dir);
    let first = ["Mehmet", "Ayşe", "Şükrü", "Işıl", "Ali", "Zübeyde", "Can", "Fatma \"Nur\""];
    let last = ["Yılmaz", "Kaplanoğlu", "Öztürk", "Demir", "Al", "Çelik"];
    let what = ["Pasta", "Çiçek", "Kira", "Tamir", "Doğum günü pastası", "Kuaför", "PL-9 ödeme"];
    for i in 0..1_500i64 {
        // A spread of mixes: "Kaplanoğlu" once in 37, "Ali Al" once in 48, "Pasta" once in 7.
        let customer = format!("{} {}", first[(i * 7 % 8) as usize], last[(i * 5 % 37 % 6) as usize]);
        let description = format!("{} #{}", what[(i % 7) as usize], i % 97);
        let provider = if i % 3 == 0 { Provider::Paytr } else { Provider::Paynet };
        let l = store.begin_create_at(&link(provider, 1_000 + i * 37, &customer, &description), at(i)).unwrap();
        if i % 4 != 0 {
            store.finish_create(l.id, &format!("P{i}x"), "https://u", None).unwrap();
        }
        if i % 5 == 0 && i % 4 != 0 {
            store.set_status(l.id, LinkStatus::Paid, None, at(i + 1)).unwrap();
        }
    }
    let all = store.query(&LinkFilter::default()).unwrap().rows;
    let texts: Vec<String> = all
        .iter()
        .map(|l| search_text(&l.customer, &l.description, l.provider_id.as_deref(), l.amount_minor))
        .collect();
    let mut compared = 0;
    for term in [
        "mehmet",
        "MEHMET",
        "kaplanoğlu",
        "şükrü pasta",
        "ali al",
        "al",
        "a",
        "ış",
        "pasta #1",
        "xyzzy",
        "p12",
        "p1",
        "\"nur\"",
        "nur\"",
        "1.0",
        ",37",
        "doğum günü",
        "pl-9",
        "  ayşe   çiçek ",
    ] {
        let terms = query_terms(term);
        let matching: Vec<&tahsildar_core::store::LinkRecord> = all
            .iter()
            .zip(&texts)
            .filter(|(_, t)| terms.iter().all(|w| t.contains(w.as_str())))
            .map(|(l, _)| l)
            .collect();
        for (statuses, provider) in [(vec![], None), (vec![LinkStatus::Paid], None), (vec![], Some(Provider::Paytr))] {
            let expected: Vec<i64> = matching
                .iter()
                .filter(|l| statuses.is_empty() || statuses.contains(&l.status))
                .filter(|l| provider.is_none_or(|p| l.provider == p))
                .map(|l| l.id)
                .collect();
            for (offset, limit) in [(0u32, 50u32), (0, 10), (40, 10), (700, 50), (5_000, 50)] {
                let f = LinkFilter {
                    text: Some(term.into()),
                    statuses: statuses.clone(),
                    provider,
                    offset,
                    limit: Some(limit),
                    ..Default::default()
                };
                let page = store.query(&f).unwrap();
                let want: Vec<i64> = expected.iter().skip(offset as usize).take(limit as usize).copied().collect();
                let got: Vec<i64> = page.rows.iter().map(|l| l.id).collect();
                assert_eq!(got, want, "rows for {f:?}");
                assert_eq!(page.total, expected.len() as u64, "total for {f:?}");
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 19 * 3 * 5);
}

/// The index follows the links: a provider id written after the create is found, the text it
/// replaced is not, and a search over an old store (built before the index) finds its links.
#[test]
fn the_index_follows_changes_and_old_files() {
    let dir = TempDir::new("store-fts-sync");
    let id = {
        let store = open(&dir);
        let l = store.begin_create_at(&link(Provider::Paynet, 500, "Hatice Bal", "Lokum"), at(0)).unwrap();
        assert_eq!(customers(&store, &text("lokum")), ["Hatice Bal"]);
        assert!(customers(&store, &text("zx-4242")).is_empty());
        store.finish_create(l.id, "ZX-4242", "https://u", None).unwrap();
        assert_eq!(customers(&store, &text("zx-4242")), ["Hatice Bal"]);
        l.id
    };
    // An old file: back to schema 4 with the index gone (as before the upgrade) and a link
    // written then, which no trigger indexed.
    {
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.execute_batch(store_common::DROP_REFUNDS).unwrap();
        conn.execute_batch(store_common::DROP_REMINDERS).unwrap();
        conn.execute_batch(store_common::DROP_NET_AMOUNTS).unwrap();
        conn.execute_batch(store_common::DROP_SCHEMA_6).unwrap();
        conn.execute_batch(
            "DROP TABLE links_fts; DROP TRIGGER IF EXISTS links_fts_insert;
             DROP TRIGGER IF EXISTS links_fts_delete; DROP TRIGGER IF EXISTS links_fts_update;
             PRAGMA user_version = 4;
             UPDATE links SET search_text = 'hatice bal lokum zx-4242 lokumcu-eski 5,00' WHERE id = 1;",
        )
        .unwrap();
        assert_eq!(id, 1);
    }
    let store = open(&dir);
    assert_eq!(customers(&store, &text("lokumcu-eski")), ["Hatice Bal"], "the upgrade indexes existing links");
    assert_eq!(store.query(&text("lokumcu")).unwrap().total, 1);
}
