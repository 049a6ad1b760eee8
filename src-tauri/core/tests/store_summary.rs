//! The Linkler summary strip's totals (issue 11 §1) on a real SQLite file: per currency, only
//! paid links as money received, Istanbul days, and always what a full scan of the filter gives.

mod store_common;

use chrono::NaiveDate;
use store_common::{at, link, open, TempDir};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::summary::{istanbul_day, istanbul_days_ms};
use tahsildar_core::store::{CurrencyTotal, LinkFilter, LinkRecord, LinkStatus, LinkSummary, Store, StoreError};

fn in_currency(provider: Provider, minor: i64, currency: Currency, customer: &str) -> tahsildar_core::store::NewLink {
    let mut l = link(provider, minor, customer, "Sipariş");
    l.amount = Money::new(minor, currency).unwrap();
    l
}

/// Writes a link created at `created` and brings it to `status` the way the app does.
fn put(store: &Store, new: &tahsildar_core::store::NewLink, created: i64, status: LinkStatus) -> LinkRecord {
    let l = store.begin_create_at(new, created).unwrap();
    match status {
        LinkStatus::Creating => return l,
        LinkStatus::Failed => return store.mark_failed(l.id, "refused").unwrap(),
        LinkStatus::Unknown => return store.mark_unknown(l.id, "timeout").unwrap(),
        _ => {}
    }
    let l = store.finish_create(l.id, &format!("P{}", l.id), "https://u", None).unwrap();
    if status == LinkStatus::Waiting {
        return l;
    }
    let payment = (status == LinkStatus::Paid).then_some("xact");
    store.set_status(l.id, status, payment, created + 60_000).unwrap()
}

fn tl(count: u64, total_minor: i64) -> CurrencyTotal {
    CurrencyTotal { currency: Currency::Tl, count, total_minor }
}

/// What the summary must say, worked out in Rust from the rows themselves.
fn scanned(rows: &[LinkRecord]) -> LinkSummary {
    let mut s = LinkSummary::default();
    for c in Currency::ALL {
        for (status, list) in [(LinkStatus::Paid, &mut s.paid), (LinkStatus::Waiting, &mut s.waiting)] {
            let of: Vec<&LinkRecord> = rows.iter().filter(|l| l.status == status && l.currency == c).collect();
            if !of.is_empty() {
                let total = of.iter().map(|l| l.amount_minor).sum();
                list.push(CurrencyTotal { currency: c, count: of.len() as u64, total_minor: total });
            }
        }
    }
    let count = |st| rows.iter().filter(|l| l.status == st).count() as u64;
    s.expired = count(LinkStatus::Expired);
    s.cancelled = count(LinkStatus::Cancelled);
    s.unknown = count(LinkStatus::Unknown);
    s
}

#[test]
fn currencies_are_summed_apart_and_only_paid_is_money_in() {
    let dir = TempDir::new("summary-mixed");
    let store = open(&dir);
    let p = Provider::Paynet;
    put(&store, &in_currency(p, 150_050, Currency::Tl, "Ali"), at(0), LinkStatus::Paid);
    put(&store, &in_currency(Provider::Paytr, 192_000, Currency::Tl, "Ayşe"), at(1), LinkStatus::Paid);
    put(&store, &in_currency(Provider::Paytr, 2_500, Currency::Usd, "John"), at(2), LinkStatus::Paid);
    put(&store, &in_currency(p, 9_999, Currency::Eur, "Hans"), at(3), LinkStatus::Waiting);
    put(&store, &in_currency(p, 40_000, Currency::Tl, "Veli"), at(4), LinkStatus::Waiting);
    put(&store, &in_currency(p, 70_000, Currency::Tl, "Can"), at(5), LinkStatus::Waiting);
    // Never money received, whatever their amount.
    put(&store, &in_currency(p, 55_500, Currency::Tl, "İptal"), at(6), LinkStatus::Cancelled);
    put(&store, &in_currency(p, 66_600, Currency::Tl, "Süre"), at(7), LinkStatus::Expired);
    put(&store, &in_currency(Provider::Paytr, 77_700, Currency::Tl, "Silinen"), at(8), LinkStatus::Deleted);
    put(&store, &in_currency(p, 88_800, Currency::Tl, "Red"), at(9), LinkStatus::Failed);
    put(&store, &in_currency(p, 99_900, Currency::Tl, "Belirsiz"), at(10), LinkStatus::Unknown);
    put(&store, &in_currency(p, 11_100, Currency::Tl, "Yarım"), at(11), LinkStatus::Creating);

    let s = store.summary(&LinkFilter::default()).unwrap();
    assert_eq!(s.paid, vec![tl(2, 342_050), CurrencyTotal { currency: Currency::Usd, count: 1, total_minor: 2_500 }]);
    assert_eq!(
        s.waiting,
        vec![tl(2, 110_000), CurrencyTotal { currency: Currency::Eur, count: 1, total_minor: 9_999 }]
    );
    assert_eq!((s.expired, s.cancelled, s.unknown), (1, 1, 1));

    // The filter is the table's: provider, status, text, and paging never narrows the totals.
    let paytr = store.summary(&LinkFilter { provider: Some(Provider::Paytr), ..Default::default() }).unwrap();
    assert_eq!(paytr.paid.iter().map(|t| t.total_minor).collect::<Vec<_>>(), [192_000, 2_500]);
    assert!(paytr.waiting.is_empty());
    let waiting = store.summary(&LinkFilter { statuses: vec![LinkStatus::Waiting], ..Default::default() }).unwrap();
    assert!(waiting.paid.is_empty());
    assert_eq!(waiting.waiting.len(), 2);
    let ayse = store.summary(&LinkFilter { text: Some("AYŞE".into()), ..Default::default() }).unwrap();
    assert_eq!(ayse.paid, vec![tl(1, 192_000)]);
    let page = LinkFilter { limit: Some(2), offset: 4, ..Default::default() };
    assert_eq!(store.summary(&page).unwrap(), s, "the page on screen does not change the totals");
}

/// "Bugün" is Istanbul's day: 00:00 there is 21:00 UTC the evening before.
#[test]
fn an_istanbul_day_runs_midnight_to_midnight_there() {
    let dir = TempDir::new("summary-midnight");
    let store = open(&dir);
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let (start, end) = istanbul_days_ms(day, day);
    // 2026-11-21 21:00:00 UTC and 2026-11-22 21:00:00 UTC.
    assert_eq!((start, end), (1_795_294_800_000, 1_795_381_200_000));
    for (minor, created) in [
        (100, start - 1), // 23:59:59.999 the day before: not today
        (200, start),     // 00:00:00.000: today
        (400, end - 1),   // 23:59:59.999: today
        (800, end),       // 00:00 the next day: not today
    ] {
        put(&store, &link(Provider::Paytr, minor, "Gece", "x"), created, LinkStatus::Paid);
    }
    let today = LinkFilter { from_ms: Some(start), to_ms: Some(end), ..Default::default() };
    assert_eq!(store.summary(&today).unwrap().paid, vec![tl(2, 600)]);
    let (two_start, two_end) = istanbul_days_ms(day.pred_opt().unwrap(), day);
    let two = LinkFilter { from_ms: Some(two_start), to_ms: Some(two_end), ..Default::default() };
    assert_eq!(store.summary(&two).unwrap().paid, vec![tl(3, 700)]);

    assert_eq!(istanbul_day(start), day);
    assert_eq!(istanbul_day(start - 1), day.pred_opt().unwrap());
    assert_eq!(istanbul_day(end - 1), day);
    assert_eq!(istanbul_day(end), day.succ_opt().unwrap());
}

/// The totals must be what adding up every matching row gives, for every kind of filter (text
/// through the trigram index or not, status, provider, dates, their mixes).
#[test]
fn totals_match_a_full_scan_for_many_filters() {
    let dir = TempDir::new("summary-scan");
    let store = open(&dir);
    let names = ["Mehmet Yılmaz", "Ayşe Kaplanoğlu", "Şükrü Öztürk", "Ali Al", "Işıl Demir"];
    let statuses = [
        LinkStatus::Paid,
        LinkStatus::Waiting,
        LinkStatus::Paid,
        LinkStatus::Expired,
        LinkStatus::Cancelled,
        LinkStatus::Paid,
        LinkStatus::Unknown,
        LinkStatus::Deleted,
        LinkStatus::Failed,
        LinkStatus::Waiting,
        LinkStatus::Creating,
    ];
    for i in 0..1_200i64 {
        let provider = if i % 3 == 0 { Provider::Paytr } else { Provider::Paynet };
        let currency = Currency::ALL[(i * 7 % 13 % 5) as usize];
        let minor = 1 + (i * 7_919) % 100_000_000;
        put(
            &store,
            &in_currency(provider, minor, currency, names[(i % 5) as usize]),
            at(i * 17),
            statuses[(i % 11) as usize],
        );
    }
    let all = store.query(&LinkFilter::default()).unwrap().rows;
    assert_eq!(all.len(), 1_200);
    let mut compared = 0;
    for text in [None, Some("mehmet"), Some("AL"), Some("kaplanoğlu"), Some("xyzzy"), Some("şükrü 1")] {
        for statuses in [vec![], vec![LinkStatus::Paid], vec![LinkStatus::Waiting, LinkStatus::Expired]] {
            for provider in [None, Some(Provider::Paynet), Some(Provider::Paytr)] {
                for (from, to) in [(None, None), (Some(at(3_000)), None), (Some(at(1_000)), Some(at(9_000)))] {
                    let f = LinkFilter {
                        text: text.map(Into::into),
                        statuses: statuses.clone(),
                        provider,
                        from_ms: from,
                        to_ms: to,
                        limit: Some(50),
                        offset: 0,
                    };
                    let rows = store.query(&LinkFilter { limit: None, ..f.clone() }).unwrap().rows;
                    assert_eq!(store.summary(&f).unwrap(), scanned(&rows), "{f:?}");
                    compared += 1;
                }
            }
        }
    }
    assert_eq!(compared, 6 * 3 * 3 * 3);
    assert!(!scanned(&all).paid.is_empty() && scanned(&all).paid.len() == Currency::ALL.len());
}

/// A sum past i64 is refused, never wrapped or rounded (a hand-edited file; the app's amounts
/// are at most 1,000,000.00 so it would take ~92 billion links).
#[test]
fn a_total_too_large_is_an_error_not_a_wrong_number() {
    let dir = TempDir::new("summary-overflow");
    let store = open(&dir);
    put(&store, &link(Provider::Paynet, 100, "A", "x"), at(0), LinkStatus::Paid);
    put(&store, &link(Provider::Paynet, 100, "B", "x"), at(1), LinkStatus::Paid);
    let conn = rusqlite::Connection::open(dir.db()).unwrap();
    conn.execute("UPDATE links SET amount_minor = ?1", [i64::MAX / 2 + 1]).unwrap();
    let err = store.summary(&LinkFilter::default()).unwrap_err();
    assert!(matches!(err, StoreError::TotalTooLarge), "{err:?}");
}
