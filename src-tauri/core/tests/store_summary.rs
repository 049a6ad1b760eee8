//! The Linkler summary strip's totals (issue 11 §1) on a real SQLite file: per currency, only
//! paid links as money received (net of refunds), Istanbul days, and always what a full scan of
//! the filter gives.

mod store_common;

use chrono::NaiveDate;
use store_common::{at, link, open, TempDir};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::summary::{istanbul_day, istanbul_days_ms};
use tahsildar_core::store::{
    CurrencyTotal, LinkFilter, LinkRecord, LinkStatus, LinkSummary, NewRefund, Store, StoreError,
};

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

/// Records a refund of `minor` on paid link `id` (as the tracker does for a PayTR refund row).
fn refund(store: &Store, id: i64, minor: i64, key: &str) {
    let r = NewRefund {
        provider: Provider::Paytr,
        key: key.into(),
        link_id: id,
        amount_minor: minor,
        net_minor: None,
        at_ms: 0,
    };
    assert!(store.record_refund(&r).unwrap());
}

/// What the summary must say, worked out in Rust from the rows themselves: a paid link counts
/// unless refunded in full, with its amount less what was refunded (never below 0).
fn scanned(rows: &[LinkRecord]) -> LinkSummary {
    let mut s = LinkSummary::default();
    for c in Currency::ALL {
        let waiting: Vec<&LinkRecord> =
            rows.iter().filter(|l| l.status == LinkStatus::Waiting && l.currency == c).collect();
        if !waiting.is_empty() {
            let total = waiting.iter().map(|l| l.amount_minor).sum();
            s.waiting.push(CurrencyTotal { currency: c, count: waiting.len() as u64, total_minor: total });
        }
        let paid: Vec<&LinkRecord> = rows.iter().filter(|l| l.status == LinkStatus::Paid && l.currency == c).collect();
        let refunded: Vec<&&LinkRecord> = paid.iter().filter(|l| l.refunded_minor > 0).collect();
        let kept: Vec<&&LinkRecord> = paid.iter().filter(|l| !l.fully_refunded()).collect();
        if !kept.is_empty() || (!paid.is_empty() && refunded.is_empty()) {
            let total = kept.iter().map(|l| l.amount_minor - l.refunded_minor.min(l.amount_minor)).sum();
            s.paid.push(CurrencyTotal { currency: c, count: kept.len() as u64, total_minor: total });
        }
        if !refunded.is_empty() {
            let total = refunded.iter().map(|l| l.refunded_minor).sum();
            s.refunded.push(CurrencyTotal { currency: c, count: refunded.len() as u64, total_minor: total });
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
        let l = put(
            &store,
            &in_currency(provider, minor, currency, names[(i % 5) as usize]),
            at(i * 17),
            statuses[(i % 11) as usize],
        );
        // Some paid links refunded: in part, in full, and beyond their amount (the surcharge too).
        if l.status == LinkStatus::Paid && i % 4 != 0 {
            let part = [minor / 2 + 1, minor, minor + 700][(i % 4 - 1) as usize];
            refund(&store, l.id, part, &format!("r{i}"));
        }
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

/// Issue 11 §4: refunds and cancels are not money in, currencies never mix, and a refund read
/// twice counts once. A link refunded in full leaves the paid count; a partial refund lowers the
/// paid total; the refunds are listed apart, per currency.
#[test]
fn refunds_are_taken_off_the_paid_totals_per_currency() {
    let dir = TempDir::new("summary-refunds");
    let store = open(&dir);
    let a = put(&store, &in_currency(Provider::Paytr, 19_200, Currency::Tl, "Ayşe"), at(0), LinkStatus::Paid);
    let b = put(&store, &in_currency(Provider::Paytr, 10_000, Currency::Tl, "Bora"), at(1), LinkStatus::Paid);
    let c = put(&store, &in_currency(Provider::Paynet, 15_050, Currency::Tl, "Cem"), at(2), LinkStatus::Paid);
    let d = put(&store, &in_currency(Provider::Paytr, 2_500, Currency::Usd, "Dan"), at(3), LinkStatus::Paid);
    put(&store, &in_currency(Provider::Paytr, 4_000, Currency::Usd, "Eve"), at(4), LinkStatus::Paid);
    put(&store, &in_currency(Provider::Paynet, 55_500, Currency::Tl, "İptal"), at(5), LinkStatus::Cancelled);
    put(&store, &in_currency(Provider::Paytr, 7_000, Currency::Eur, "Bekler"), at(6), LinkStatus::Waiting);
    let before = store.summary(&LinkFilter::default()).unwrap();
    assert_eq!(before.paid[0], tl(3, 44_250));
    assert!(before.refunded.is_empty());

    // Ayşe: refunded in full, with the installment surcharge (more than the amount).
    refund(&store, a.id, 19_800, "a1");
    // Bora: two partial refunds of the same amount (told apart by their keys), 2 × 25,00 TL.
    refund(&store, b.id, 2_500, "b1");
    refund(&store, b.id, 2_500, "b2");
    // The same refund row read again: nothing new.
    let again = NewRefund {
        provider: Provider::Paytr,
        key: "b2".into(),
        link_id: b.id,
        amount_minor: 2_500,
        net_minor: None,
        at_ms: 0,
    };
    assert!(!store.record_refund(&again).unwrap());
    // Dan (USD): refunded in full; Eve (USD) keeps her payment.
    refund(&store, d.id, 2_500, "d1");

    let s = store.summary(&LinkFilter::default()).unwrap();
    // TL: Bora 50,00 + Cem 150,50; Ayşe gone. USD: Eve 40,00.
    assert_eq!(
        s.paid,
        vec![tl(2, 5_000 + 15_050), CurrencyTotal { currency: Currency::Usd, count: 1, total_minor: 4_000 }]
    );
    assert_eq!(
        s.refunded,
        vec![tl(2, 19_800 + 5_000), CurrencyTotal { currency: Currency::Usd, count: 1, total_minor: 2_500 }]
    );
    assert_eq!(s.waiting, vec![CurrencyTotal { currency: Currency::Eur, count: 1, total_minor: 7_000 }]);
    assert_eq!(s.cancelled, 1);
    assert_eq!(s, scanned(&store.query(&LinkFilter::default()).unwrap().rows));
    assert!(store.get(a.id).unwrap().fully_refunded() && !store.get(b.id).unwrap().fully_refunded());
    assert_eq!(store.get(c.id).unwrap().refunded_minor, 0);

    // A filter holding only refunded-in-full links says 0 paid, and what was refunded.
    let usd_dan = store.summary(&LinkFilter { text: Some("dan".into()), ..Default::default() }).unwrap();
    assert!(usd_dan.paid.is_empty(), "{usd_dan:?}");
    assert_eq!(usd_dan.refunded, vec![CurrencyTotal { currency: Currency::Usd, count: 1, total_minor: 2_500 }]);
    // A refund does not make a payment "new" again (the unseen-payments count dates by updated_at).
    assert_eq!(store.get(b.id).unwrap().updated_at, b.updated_at);
}

/// Issue 11 §4: midnight in Istanbul for payments made at 23:59:59 and 00:00:00 there, and a
/// day boundary in UTC (00:00 UTC is 03:00 in Istanbul, the same Turkish day).
#[test]
fn created_at_istanbul_midnight_and_utc_midnight() {
    let dir = TempDir::new("summary-midnight-utc");
    let store = open(&dir);
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let (start, end) = istanbul_days_ms(day, day);
    let utc_midnight = day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp_millis();
    assert_eq!(utc_midnight - start, 3 * 3600 * 1000, "Istanbul is UTC+3 all year");
    for (minor, created) in [
        (1, start - 1_000),      // 23:59:59 the day before
        (10, start),             // 00:00:00
        (100, utc_midnight - 1), // 02:59:59.999, the UTC day before
        (1_000, utc_midnight),   // 03:00, the UTC day itself
        (10_000, end - 1_000),   // 23:59:59
        (100_000, end),          // 00:00:00 the next day
    ] {
        put(&store, &link(Provider::Paynet, minor, "Gece", "x"), created, LinkStatus::Paid);
    }
    let today = LinkFilter { from_ms: Some(start), to_ms: Some(end), ..Default::default() };
    assert_eq!(store.summary(&today).unwrap().paid, vec![tl(4, 11_110)]);
    let before = day.pred_opt().unwrap();
    let (s0, e0) = istanbul_days_ms(before, before);
    assert_eq!(
        store.summary(&LinkFilter { from_ms: Some(s0), to_ms: Some(e0), ..Default::default() }).unwrap().paid,
        vec![tl(1, 1)]
    );
    assert_eq!(istanbul_day(utc_midnight - 1), day);
}
