//! "Gün sonu raporu" (issue 11 §1) on a real SQLite file: payments of the chosen Istanbul days per
//! provider and currency, PayTR's installment surcharge and net from its attributed sale, Paynet's
//! net kept by the tracker, and the links still waiting.

mod store_common;

use chrono::NaiveDate;
use std::sync::{Arc, Mutex};
use store_common::{at, link, open, TempDir};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::report::ReportGroup;
use tahsildar_core::store::summary::istanbul_days_ms;
use tahsildar_core::store::{LinkRecord, LinkStatus, Store};
use tahsildar_core::tracker::{SaleEntry, SaleState, SqliteTrackerStore, TrackerStore};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn waiting(store: &Store, provider: Provider, minor: i64, currency: Currency, customer: &str, at: i64) -> LinkRecord {
    let mut new = link(provider, minor, customer, "Sipariş");
    new.amount = Money::new(minor, currency).unwrap();
    let l = store.begin_create_at(&new, at).unwrap();
    store.finish_create(l.id, &format!("P{}", l.id), "https://u", None).unwrap()
}

fn sale(oid: &str, amount: i64, paid: i64, net: Option<i64>) -> SaleEntry {
    SaleEntry {
        merchant_oid: oid.into(),
        state: SaleState::Unmatched,
        link_id: None,
        candidates: vec![],
        amount_minor: amount,
        paid_minor: paid,
        currency: "TL".into(),
        installments: Some(if paid > amount { 3 } else { 1 }),
        sale_date: day(),
        sale_time: None,
        first_seen_at: 0,
        net_minor: net,
    }
}

fn totals(g: &ReportGroup) -> (Provider, Currency, usize, i64, i64, Option<i64>, usize, i64) {
    (
        g.provider,
        g.currency,
        g.payments.len(),
        g.paid_total_minor,
        g.surcharge_total_minor,
        g.net_total_minor,
        g.waiting.len(),
        g.waiting_total_minor,
    )
}

#[test]
fn the_day_report_groups_payments_by_provider_and_currency() {
    let dir = TempDir::new("report-day");
    let (start, end) = istanbul_days_ms(day(), day());
    let shared = Arc::new(Mutex::new(open(&dir)));
    let tracker = SqliteTrackerStore::new(shared.clone(), &dir.db()).unwrap();
    let ids = {
        let store = shared.lock().unwrap();
        let paynet_tl = waiting(&store, Provider::Paynet, 150_050, Currency::Tl, "Ali Veli", start + 1_000);
        let paynet_usd = waiting(&store, Provider::Paynet, 2_500, Currency::Usd, "John", start + 2_000);
        let paytr_a = waiting(&store, Provider::Paytr, 192_000, Currency::Tl, "Ayşe Kaya", start + 3_000);
        let paytr_b = waiting(&store, Provider::Paytr, 10_000, Currency::Tl, "Can", start + 4_000);
        let still = waiting(&store, Provider::Paytr, 40_000, Currency::Tl, "Bekleyen", start + 5_000);
        let cancelled = waiting(&store, Provider::Paynet, 70_000, Currency::Tl, "İptal", start + 6_000);
        let yesterday = waiting(&store, Provider::Paynet, 99_900, Currency::Tl, "Dün", start - 60_000);
        // Paid just before Istanbul midnight: yesterday's payment, whatever its link's day.
        store.set_status(yesterday.id, LinkStatus::Paid, Some("x-old"), start - 1).unwrap();
        store.set_status(paynet_tl.id, LinkStatus::Paid, Some("xact-1"), start + 10_000).unwrap();
        store.record_net(paynet_tl.id, 146_000).unwrap();
        store.set_status(paynet_usd.id, LinkStatus::Paid, Some("xact-2"), end - 1).unwrap();
        store.set_status(cancelled.id, LinkStatus::Cancelled, None, start + 20_000).unwrap();
        (paytr_a.id, paytr_b.id, still.id)
    };
    // PayTR: a 3-installment sale charged 1.980,00 for 1.920,00 with a net of 1.900,00, and a
    // plain one whose report gave no net.
    tracker.put_sale(&sale("oidA", 192_000, 198_000, Some(190_000))).unwrap();
    tracker.put_sale(&sale("oidB", 10_000, 10_000, None)).unwrap();
    tracker.attribute_sale("oidA", ids.0, start + 30_000).unwrap();
    tracker.attribute_sale("oidB", ids.1, start + 40_000).unwrap();

    let store = shared.lock().unwrap();
    let report = store.day_report(start, end).unwrap();
    let got: Vec<_> = report.groups.iter().map(totals).collect();
    assert_eq!(
        got,
        vec![
            (Provider::Paynet, Currency::Tl, 1, 150_050, 0, Some(146_000), 0, 0),
            (Provider::Paynet, Currency::Usd, 1, 2_500, 0, None, 0, 0),
            // One net missing: the total net is not guessed.
            (Provider::Paytr, Currency::Tl, 2, 202_000, 6_000, None, 1, 40_000),
        ]
    );
    let paytr = &report.groups[2];
    let a = &paytr.payments[0];
    assert_eq!(
        (a.customer.as_str(), a.surcharge_minor, a.installments, a.net_minor),
        ("Ayşe Kaya", Some(6_000), Some(3), Some(190_000))
    );
    let b = &paytr.payments[1];
    assert_eq!((b.surcharge_minor, b.installments, b.net_minor), (None, None, None));
    assert_eq!(paytr.waiting[0].link_id, ids.2);
    assert!(report.groups.iter().all(|g| g.payments.iter().all(|p| p.customer != "İptal" && p.customer != "Dün")));

    // The CSV holds the same rows and totals, for Excel (decimal comma, formulas neutralised).
    let mut csv = Vec::new();
    assert_eq!(tahsildar_core::store::write_report_csv(&report, &mut csv).unwrap(), 5);
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
    assert_eq!(lines[0], "Sağlayıcı;Para birimi;Durum;Tarih;Müşteri;Açıklama;Tutar;Taksit farkı;Taksit;Net;İade");
    assert_eq!(lines[1], "Paynet;TL;Ödendi;22.11.2026 00:00;Ali Veli;Sipariş;1500,50;;;1460,00;");
    assert_eq!(lines[2], "Paynet;TL;Toplam (1 ödeme);;;;1500,50;0,00;;1460,00;");
    assert_eq!(lines[5], "PayTR;TL;Ödendi;22.11.2026 00:00;Ayşe Kaya;Sipariş;1920,00;60,00;3;1900,00;");
    assert_eq!(lines[7], "PayTR;TL;Bekliyor;22.11.2026 00:00;Bekleyen;Sipariş;400,00;;;;");
    assert_eq!(lines[8], "PayTR;TL;Toplam (2 ödeme);;;;2020,00;60,00;;;");

    // The day before holds only the payment made before midnight.
    let before = day().pred_opt().unwrap();
    let (s0, e0) = istanbul_days_ms(before, before);
    let old = store.day_report(s0, e0).unwrap();
    assert_eq!(
        old.groups.iter().map(totals).collect::<Vec<_>>(),
        vec![(Provider::Paynet, Currency::Tl, 1, 99_900, 0, None, 0, 0)]
    );
}

#[test]
fn a_net_is_kept_only_for_an_existing_link_and_survives_reopening() {
    let dir = TempDir::new("report-net");
    let id = {
        let store = open(&dir);
        let l = waiting(&store, Provider::Paynet, 500, Currency::Tl, "A", 0);
        store.set_status(l.id, LinkStatus::Paid, Some("x"), 10).unwrap();
        store.record_net(l.id, 480).unwrap();
        assert!(store.record_net(9_999, 1).is_err());
        l.id
    };
    let store = open(&dir);
    let r = store.day_report(0, 1_000).unwrap();
    assert_eq!(r.groups[0].payments[0].link_id, id);
    assert_eq!(r.groups[0].net_total_minor, Some(480));
}

/// Issue 11 §1 gaps: a refunded payment stays on its day's list with what was refunded; the
/// totals are net of refunds and the refunds are added up apart. Paynet's installments and
/// surcharge (kept from `transaction/check`) show like PayTR's. Payments at 23:59:59 and
/// 00:00:00 Istanbul time fall on their own Turkish days.
#[test]
fn refunds_are_listed_and_taken_off_the_totals() {
    let dir = TempDir::new("report-refunds");
    let (start, end) = istanbul_days_ms(day(), day());
    let shared = Arc::new(Mutex::new(open(&dir)));
    let tracker = SqliteTrackerStore::new(shared.clone(), &dir.db()).unwrap();
    let (full, part, kept) = {
        let store = shared.lock().unwrap();
        let full = waiting(&store, Provider::Paytr, 19_200, Currency::Tl, "Ayşe Kaya", start - 3_600_000);
        let part = waiting(&store, Provider::Paytr, 10_000, Currency::Tl, "Bora", start + 1_000);
        let kept = waiting(&store, Provider::Paynet, 15_050, Currency::Tl, "Cem", start + 2_000);
        let late = waiting(&store, Provider::Paynet, 500, Currency::Tl, "Gece", start + 3_000);
        let next = waiting(&store, Provider::Paynet, 700, Currency::Tl, "Sabah", start + 4_000);
        store.set_status(kept.id, LinkStatus::Paid, Some("xact-c"), start + 20_000).unwrap();
        store.record_net(kept.id, 14_500).unwrap();
        store.record_charge(kept.id, 0, Some(3)).unwrap();
        store.set_status(late.id, LinkStatus::Paid, Some("xact-g"), end - 1_000).unwrap();
        store.record_charge(late.id, 60, None).unwrap();
        store.set_status(next.id, LinkStatus::Paid, Some("xact-s"), end).unwrap();
        (full, part, kept)
    };
    tracker.put_sale(&sale("oidF", 19_200, 19_800, Some(19_109))).unwrap();
    tracker.put_sale(&sale("oidP", 10_000, 10_000, Some(9_651))).unwrap();
    // Paid at 00:00:00 Istanbul time: today's.
    tracker.attribute_sale("oidF", full.id, start).unwrap();
    tracker.attribute_sale("oidP", part.id, start + 30_000).unwrap();
    let seen = |key: &str, minor: i64, net: Option<i64>| tahsildar_core::tracker::RefundSeen {
        key: key.into(),
        amount_minor: minor,
        net_minor: net,
        at_ms: start + 60_000,
    };
    assert!(tracker.record_paytr_refund("oidF", &seen("F1", 19_800, Some(-19_800))).unwrap().is_some());
    assert!(tracker.record_paytr_refund("oidP", &seen("P1", 2_500, None)).unwrap().is_some());
    assert!(tracker.record_paytr_refund("oidP", &seen("P1", 2_500, None)).unwrap().is_none(), "read again");
    assert!(tracker.record_paytr_refund("elsewhere", &seen("X", 100, None)).unwrap().is_none(), "not ours");

    let store = shared.lock().unwrap();
    let report = store.day_report(start, end).unwrap();
    let got: Vec<_> = report.groups.iter().map(totals).collect();
    assert_eq!(
        got,
        vec![
            // Cem and "Gece" at 23:59:59; "Sabah" at 00:00:00 the next day is not today's.
            (Provider::Paynet, Currency::Tl, 2, 15_550, 60, None, 0, 0),
            // Ayşe refunded in full (nothing kept), Bora 100,00 − 25,00; Bora's refund said no
            // net, so the total net is not guessed.
            (Provider::Paytr, Currency::Tl, 2, 7_500, 600, None, 0, 0),
        ]
    );
    let paynet = &report.groups[0];
    assert_eq!((paynet.paid_count, paynet.refunded_count, paynet.refunded_total_minor), (2, 0, 0));
    let cem = &paynet.payments[0];
    assert_eq!(
        (cem.link_id, cem.installments, cem.surcharge_minor, cem.net_minor),
        (kept.id, Some(3), None, Some(14_500))
    );
    assert_eq!(paynet.payments[1].surcharge_minor, Some(60));
    let paytr = &report.groups[1];
    assert_eq!((paytr.paid_count, paytr.refunded_count, paytr.refunded_total_minor), (1, 2, 22_300));
    let (a, b) = (&paytr.payments[0], &paytr.payments[1]);
    assert!(a.fully_refunded() && !b.fully_refunded());
    // Ayşe's net after her refund: 191,09 − 198,00 (PayTR keeps its fee).
    assert_eq!((a.refunded_minor, a.net_minor), (19_800, Some(19_109 - 19_800)));
    assert_eq!((b.refunded_minor, b.net_minor), (2_500, None));

    let mut csv = Vec::new();
    tahsildar_core::store::write_report_csv(&report, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
    assert_eq!(lines[1], "Paynet;TL;Ödendi;22.11.2026 00:00;Cem;Sipariş;150,50;;3;145,00;");
    assert_eq!(lines[2], "Paynet;TL;Ödendi;22.11.2026 23:59;Gece;Sipariş;5,00;0,60;;;");
    // A negative cell is written as text (a leading minus could start a formula, see csv.rs).
    assert_eq!(lines[4], "PayTR;TL;İade edildi;22.11.2026 00:00;Ayşe Kaya;Sipariş;192,00;6,00;3;'-6,91;198,00");
    assert_eq!(lines[6], "PayTR;TL;Toplam (1 ödeme);;;;75,00;6,00;;;223,00");
    drop(store);
    let next = day().succ_opt().unwrap();
    let (s1, e1) = istanbul_days_ms(next, next);
    let tomorrow = shared.lock().unwrap().day_report(s1, e1).unwrap();
    assert_eq!(
        tomorrow.groups.iter().map(totals).collect::<Vec<_>>(),
        vec![(Provider::Paynet, Currency::Tl, 1, 700, 0, None, 0, 0)]
    );
}

/// The PayTR payments the tracker watches for refunds: counted with their oldest payment time,
/// per provider and from the given time of last change, paid links only.
#[test]
fn payments_watched_for_refunds_are_counted_with_the_oldest_payment() {
    let dir = TempDir::new("report-paid-watch");
    let store = open(&dir);
    let before = tahsildar_core::store::now_ms() - 1_000;
    for (minor, paid_at) in [(10_000, at(-3_000)), (20_000, at(-10)), (30_000, at(-600))] {
        let l = waiting(&store, Provider::Paytr, minor, Currency::Tl, "Ayşe", paid_at - 60_000);
        store.set_status(l.id, LinkStatus::Paid, Some("oid"), paid_at).unwrap();
    }
    let paynet = waiting(&store, Provider::Paynet, 40_000, Currency::Tl, "Ali", at(-5_000));
    store.set_status(paynet.id, LinkStatus::Paid, Some("x"), at(-5_000)).unwrap();
    waiting(&store, Provider::Paytr, 50_000, Currency::Tl, "Bekleyen", at(-9_000));
    let expired = waiting(&store, Provider::Paytr, 60_000, Currency::Tl, "Can", at(-9_000));
    store.set_status(expired.id, LinkStatus::Expired, None, at(-8_000)).unwrap();

    let watch = store.paid_watch(Provider::Paytr, before).unwrap();
    assert_eq!((watch.count, watch.oldest_paid_at), (3, Some(at(-3_000))));
    assert_eq!(store.paid_watch(Provider::Paynet, before).unwrap().count, 1);
    assert_eq!(store.paid_watch(Provider::Iyzico, before).unwrap(), Default::default());
    // Changed before the window: none watched.
    let later = tahsildar_core::store::now_ms() + 60_000;
    assert_eq!(store.paid_watch(Provider::Paytr, later).unwrap(), Default::default());
}
