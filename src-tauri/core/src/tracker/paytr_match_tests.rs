use super::*;
use chrono::{NaiveDate, NaiveTime, TimeZone};

/// 2026-11-22 12:00 Istanbul (09:00 UTC) plus `min` minutes, in ms.
fn at(min: i64) -> i64 {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap().timestamp_millis() + min * 60_000
}

fn link(id: i64, price: i64) -> WaitingPaytr {
    WaitingPaytr {
        link_id: id,
        price_minor: price,
        currency: Currency::Tl,
        created_at_ms: at(0),
        expires_at_ms: None,
        terms: None,
    }
}

fn sale(oid: &str, amount: i64, paid: i64) -> SeenSale {
    SeenSale {
        row: ReportRow {
            kind: "S".into(),
            merchant_oid: oid.into(),
            amount_minor: amount,
            paid_minor: paid,
            currency: "TL".into(),
            installments: Some(1),
            date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            time: None,
            net_minor: None,
        },
        first_seen_ms: at(10),
    }
}

fn none() -> HashSet<String> {
    HashSet::new()
}

#[test]
fn different_amounts_pick_the_right_link() {
    let links = [link(1, 10_000), link(2, 25_000)];
    let out = match_sales(&links, &[sale("A", 25_000, 25_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Attributed { oid: "A".into(), link: 2 }]);
}

#[test]
fn same_amount_asks_the_owner() {
    let links = [link(1, 10_000), link(2, 10_000)];
    let out = match_sales(&links, &[sale("A", 10_000, 10_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Ambiguous { oid: "A".into(), candidates: vec![1, 2] }]);
}

#[test]
fn an_installment_surcharge_still_matches_and_prefers_the_order_amount() {
    // 100 TL in 3 installments charged 106 TL; a 106 TL link also waits.
    let links = [link(1, 10_000), link(2, 10_600)];
    let out = match_sales(&links, &[sale("A", 10_000, 10_600)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Attributed { oid: "A".into(), link: 1 }]);
}

/// Issue 8 §3: only an exact order amount attributes by itself; the 1.5× fallback (a report
/// giving the charged total in both fields) is a looser fit and goes to the owner.
#[test]
fn a_looser_fit_asks_the_owner_even_with_one_candidate() {
    let out = match_sales(&[link(1, 10_000)], &[sale("B", 10_600, 10_600)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Ambiguous { oid: "B".into(), candidates: vec![1] }]);
    // Exact fits win over loose ones.
    let out = match_sales(&[link(1, 10_000), link(2, 10_600)], &[sale("C", 10_600, 10_600)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Attributed { oid: "C".into(), link: 2 }]);
}

/// "Bu PayTR mağazası başka yerde de satış yapıyor": even an exact fit asks, and the link is
/// not taken from the next sale meanwhile.
#[test]
fn a_store_that_sells_elsewhere_confirms_even_exact_fits() {
    let out = match_sales(&[link(1, 10_000)], &[sale("A", 10_000, 10_000), sale("B", 10_000, 10_000)], &none(), true);
    assert_eq!(
        out,
        vec![
            SaleOutcome::Ambiguous { oid: "A".into(), candidates: vec![1] },
            SaleOutcome::Ambiguous { oid: "B".into(), candidates: vec![1] }
        ]
    );
}

#[test]
fn amounts_outside_the_surcharge_cap_or_below_the_price_do_not_match() {
    let links = [link(1, 10_000)];
    let out = match_sales(
        &links,
        &[sale("A", 15_001, 15_001), sale("B", 9_999, 9_999), sale("C", 10_000, 9_000)],
        &none(),
        false,
    );
    assert!(out.iter().all(|o| matches!(o, SaleOutcome::Unmatched { .. })), "{out:?}");
}

#[test]
fn currency_must_be_the_same_and_try_means_tl() {
    let mut s = sale("A", 10_000, 10_000);
    s.row.currency = "USD".into();
    assert_eq!(
        match_sales(&[link(1, 10_000)], &[s.clone()], &none(), false),
        vec![SaleOutcome::Unmatched { oid: "A".into() }]
    );
    s.row.currency = "TRY".into();
    assert_eq!(
        match_sales(&[link(1, 10_000)], &[s], &none(), false),
        vec![SaleOutcome::Attributed { oid: "A".into(), link: 1 }]
    );
}

#[test]
fn a_duplicate_row_counts_once_and_a_settled_sale_never_again() {
    let links = [link(1, 10_000), link(2, 10_000)];
    let rows = [sale("A", 10_000, 10_000), sale("A", 10_000, 10_000)];
    let out = match_sales(&links[..1], &rows, &none(), false);
    assert_eq!(out, vec![SaleOutcome::Attributed { oid: "A".into(), link: 1 }]);
    let settled: HashSet<String> = ["A".to_string()].into();
    assert!(match_sales(&links, &rows, &settled, false).is_empty());
}

#[test]
fn a_link_takes_one_sale_only() {
    let links = [link(1, 10_000)];
    let out = match_sales(&links, &[sale("A", 10_000, 10_000), sale("B", 10_000, 10_000)], &none(), false);
    assert_eq!(
        out,
        vec![SaleOutcome::Attributed { oid: "A".into(), link: 1 }, SaleOutcome::Unmatched { oid: "B".into() }]
    );
}

#[test]
fn refunds_are_not_sales() {
    let mut s = sale("A", 10_000, 10_000);
    s.row.kind = "I".into();
    assert!(match_sales(&[link(1, 10_000)], &[s], &none(), false).is_empty());
    // A negative row is a refund whatever its type says.
    assert!(match_sales(&[link(1, 10_000)], &[sale("N", -10_000, -10_000)], &none(), false).is_empty());
}

#[test]
fn time_must_fall_in_the_links_life() {
    // Sold the day before the link was created.
    let mut s = sale("A", 10_000, 10_000);
    s.row.date = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    assert_eq!(match_sales(&[link(1, 10_000)], &[s], &none(), false), vec![SaleOutcome::Unmatched { oid: "A".into() }]);
    // Same day but at 11:00, the link was made at 12:00.
    let mut s = sale("B", 10_000, 10_000);
    s.row.time = NaiveTime::from_hms_opt(11, 0, 0);
    assert_eq!(match_sales(&[link(1, 10_000)], &[s], &none(), false), vec![SaleOutcome::Unmatched { oid: "B".into() }]);
    // Day only, but this machine had seen the sale before the link existed.
    let mut s = sale("C", 10_000, 10_000);
    s.first_seen_ms = at(-60);
    assert_eq!(match_sales(&[link(1, 10_000)], &[s], &none(), false), vec![SaleOutcome::Unmatched { oid: "C".into() }]);
    // After expiry.
    let mut l = link(1, 10_000);
    l.expires_at_ms = Some(at(30));
    let mut s = sale("D", 10_000, 10_000);
    s.row.time = NaiveTime::from_hms_opt(13, 0, 0);
    assert_eq!(
        match_sales(std::slice::from_ref(&l), &[s.clone()], &none(), false),
        vec![SaleOutcome::Unmatched { oid: "D".into() }]
    );
    s.row.time = NaiveTime::from_hms_opt(12, 20, 0);
    assert_eq!(match_sales(&[l], &[s], &none(), false), vec![SaleOutcome::Attributed { oid: "D".into(), link: 1 }]);
}

#[test]
fn confirmation_checks_amount_total_and_currency() {
    let l = link(1, 10_000);
    let ok = PaymentStatus {
        payment_amount_minor: 10_000,
        payment_total_minor: 10_600,
        currency: "TL".into(),
        payment_date: None,
        installments: Some(3),
        test_mode: true,
    };
    assert_eq!(confirms(&ok, &l), Some(Fit::Exact));
    assert_eq!(confirms(&PaymentStatus { payment_amount_minor: 10_500, ..ok.clone() }, &l), None, "another price");
    assert_eq!(confirms(&PaymentStatus { payment_amount_minor: 10_600, ..ok.clone() }, &l), Some(Fit::Loose));
    assert_eq!(confirms(&PaymentStatus { currency: "EUR".into(), ..ok.clone() }, &l), None);
    assert_eq!(confirms(&PaymentStatus { payment_total_minor: 9_000, ..ok }, &l), None);
}

#[test]
fn same_price_warning_and_a_distinct_offer() {
    let links = [link(1, 10_000), link(2, 10_001), link(3, 5_000)];
    assert_eq!(same_price(&links, 10_000, Currency::Tl), vec![1]);
    assert!(same_price(&links, 10_000, Currency::Eur).is_empty());
    assert_eq!(distinct_price(&links, 10_000, Currency::Tl), 10_002);
    assert_eq!(distinct_price(&links, 7_000, Currency::Tl), 7_000);
}

fn flex(id: i64, min: i64, max: i64) -> WaitingPaytr {
    WaitingPaytr { terms: Some(PaytrTerms::Flex { max_minor: max }), ..link(id, min) }
}

fn stock(id: i64, price: i64, max_count: Option<u32>) -> WaitingPaytr {
    WaitingPaytr { terms: Some(PaytrTerms::Product { min_count: 1, max_count }), ..link(id, price) }
}

/// Issue 8 §3: a flex payer chose 400 TL on a 100–500 TL link (far above 1.5× its price). The
/// link is a candidate, but only the owner attributes it, even as the only candidate.
#[test]
fn a_flex_sale_goes_to_the_owner_even_alone() {
    let out = match_sales(&[flex(1, 10_000, 50_000)], &[sale("F", 40_000, 40_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Ambiguous { oid: "F".into(), candidates: vec![1] }]);
    // Its minimum exactly, with an installment surcharge: still the owner's question.
    let out = match_sales(&[flex(1, 10_000, 50_000)], &[sale("G", 10_000, 10_600)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Ambiguous { oid: "G".into(), candidates: vec![1] }]);
    // Above the maximum (beyond a surcharge on it) or below the minimum: not this link.
    let out =
        match_sales(&[flex(1, 10_000, 50_000)], &[sale("H", 80_000, 80_000), sale("I", 9_000, 9_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Unmatched { oid: "H".into() }, SaleOutcome::Unmatched { oid: "I".into() }]);
}

/// A flex link whose range holds an exact fit of another link: the payer may have chosen that
/// amount, so the exact fit no longer attributes by itself.
#[test]
fn an_exact_fit_that_a_flex_link_also_takes_asks_the_owner() {
    let links = [link(1, 20_000), flex(2, 10_000, 50_000)];
    let out = match_sales(&links, &[sale("A", 20_000, 20_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Ambiguous { oid: "A".into(), candidates: vec![1, 2] }]);
}

/// Issue 8 §3: two of a 100 TL item on a link with stock 3 (200 TL, with a 3-installment
/// surcharge on the charged total). Only the owner attributes it.
#[test]
fn a_quantity_sale_on_a_multi_use_link_goes_to_the_owner() {
    let out = match_sales(&[stock(1, 10_000, Some(3))], &[sale("Q", 20_000, 21_200)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Ambiguous { oid: "Q".into(), candidates: vec![1] }]);
    // Unlimited stock: any number of units.
    let out = match_sales(&[stock(1, 10_000, None)], &[sale("R", 70_000, 70_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Ambiguous { oid: "R".into(), candidates: vec![1] }]);
    // One unit at its price exactly attributes by itself, as on a single-use link.
    let out = match_sales(&[stock(1, 10_000, Some(3))], &[sale("S", 10_000, 10_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Attributed { oid: "S".into(), link: 1 }]);
    // A quantity sale that could also be another link's exact price: both are offered.
    let links = [stock(1, 10_000, Some(3)), link(2, 20_000)];
    let out = match_sales(&links, &[sale("T", 20_000, 20_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Ambiguous { oid: "T".into(), candidates: vec![1, 2] }]);
}

#[test]
fn a_sale_beyond_the_stock_or_not_a_whole_number_of_units_fits_nothing() {
    let links = [stock(1, 10_000, Some(3))];
    let rows = [sale("A", 40_000, 40_000), sale("B", 25_000, 25_000), sale("C", 20_000, 19_000)];
    let out = match_sales(&links, &rows, &none(), false);
    assert!(out.iter().all(|o| matches!(o, SaleOutcome::Unmatched { .. })), "{out:?}");
    // A single-use link (stock 1), or one from before its terms were kept: quantities do not
    // fit it, and two sales never go to it.
    for l in [stock(1, 10_000, Some(1)), link(1, 10_000)] {
        let out = match_sales(std::slice::from_ref(&l), &[sale("D", 20_000, 20_000)], &none(), false);
        assert_eq!(out, vec![SaleOutcome::Unmatched { oid: "D".into() }]);
        let out = match_sales(&[l], &[sale("E", 10_000, 10_000), sale("F", 10_000, 10_000)], &none(), false);
        assert_eq!(
            out,
            vec![SaleOutcome::Attributed { oid: "E".into(), link: 1 }, SaleOutcome::Unmatched { oid: "F".into() }]
        );
    }
}

/// A link whose buyers take at least 2 units: even its smallest order is the owner's question.
#[test]
fn a_link_with_a_minimum_quantity_never_attributes_by_itself() {
    let l = WaitingPaytr { terms: Some(PaytrTerms::Product { min_count: 2, max_count: Some(4) }), ..link(1, 10_000) };
    let out = match_sales(std::slice::from_ref(&l), &[sale("A", 10_000, 10_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Unmatched { oid: "A".into() }]);
    let out = match_sales(&[l], &[sale("B", 20_000, 20_000)], &none(), false);
    assert_eq!(out, vec![SaleOutcome::Ambiguous { oid: "B".into(), candidates: vec![1] }]);
}

#[test]
fn confirmation_knows_flex_and_quantity_amounts() {
    let status = |amount, total| PaymentStatus {
        payment_amount_minor: amount,
        payment_total_minor: total,
        currency: "TL".into(),
        payment_date: None,
        installments: Some(1),
        test_mode: true,
    };
    assert_eq!(confirms(&status(40_000, 40_000), &flex(1, 10_000, 50_000)), Some(Fit::Flex));
    assert_eq!(confirms(&status(40_000, 40_000), &link(1, 10_000)), None);
    assert_eq!(confirms(&status(20_000, 21_200), &stock(1, 10_000, Some(3))), Some(Fit::Quantity));
    assert_eq!(confirms(&status(40_000, 40_000), &stock(1, 10_000, Some(3))), None, "beyond the stock");
}
