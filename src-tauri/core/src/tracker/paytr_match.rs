//! Which waiting PayTR link a sale in `rapor/islem-dokumu` paid. PayTR has no status call for a
//! link and the report carries no link id (providers.md §5.7–5.8), so a sale is matched by
//! currency, amount and time, and a guess is never made: several candidates go to the owner.

use crate::money::Currency;
use crate::providers::paytr::{PaymentStatus, ReportRow};
use crate::store::{LinkRecord, PaytrTerms};
use crate::time::to_istanbul;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use std::collections::HashSet;

/// Clock difference tolerated between this machine and PayTR when comparing times.
const SKEW_MS: i64 = 5 * 60 * 1000;

/// A waiting PayTR link, as the matcher needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingPaytr {
    pub link_id: i64,
    pub price_minor: i64,
    pub currency: Currency,
    pub created_at_ms: i64,
    pub expires_at_ms: Option<i64>,
    /// Flex or multi-use terms; `None` (a link from before schema 6): its price alone.
    pub terms: Option<PaytrTerms>,
}

impl WaitingPaytr {
    pub fn of(link: &LinkRecord) -> WaitingPaytr {
        WaitingPaytr {
            link_id: link.id,
            price_minor: link.amount_minor,
            currency: link.currency,
            created_at_ms: link.created_at,
            expires_at_ms: link.expires_at,
            terms: link.paytr.clone(),
        }
    }
}

/// A report row plus when this machine first saw it (a sale seen before a link existed cannot
/// be that link's, even when the report only gives the day).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenSale {
    pub row: ReportRow,
    pub first_seen_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SaleOutcome {
    /// Exactly one waiting link fits: it was paid by this sale (after `durum-sorgu` confirms).
    Attributed { oid: String, link: i64 },
    /// Several fit: the owner picks ("Ödeme geldi — hangi link?").
    Ambiguous { oid: String, candidates: Vec<i64> },
    /// No waiting link fits (a sale from a link made elsewhere, or before this one existed).
    Unmatched { oid: String },
}

impl SaleOutcome {
    pub fn oid(&self) -> &str {
        match self {
            SaleOutcome::Attributed { oid, .. }
            | SaleOutcome::Ambiguous { oid, .. }
            | SaleOutcome::Unmatched { oid } => oid,
        }
    }
}

/// The most a sale may exceed the link's price and still be its payment. Installment surcharges
/// (vade farkı) reach roughly 20–35% at 12 installments; 1.5× leaves headroom for that while a
/// sale of something clearly dearer is never taken for this link.
pub fn surcharge_cap(price_minor: i64) -> i64 {
    price_minor.saturating_add(price_minor / 2)
}

fn millis_to_local(ms: i64) -> Option<NaiveDateTime> {
    DateTime::<Utc>::from_timestamp_millis(ms).map(to_istanbul)
}

/// Whether the sale's time fits the link's life: not before it was created, not after it
/// expired (Turkey time; the report may give the day only) and not seen before it existed.
fn in_lifetime(sale: &SeenSale, link: &WaitingPaytr) -> bool {
    if sale.first_seen_ms < link.created_at_ms - SKEW_MS {
        return false;
    }
    let (Some(created), expiry) = (millis_to_local(link.created_at_ms - SKEW_MS), link.expires_at_ms) else {
        return false;
    };
    let expires = match expiry {
        Some(ms) => match millis_to_local(ms + SKEW_MS) {
            Some(t) => Some(t),
            None => return false,
        },
        None => None,
    };
    match sale.row.time {
        Some(t) => {
            let at = sale.row.date.and_time(t);
            at >= created && expires.is_none_or(|e| at <= e)
        }
        None => sale.row.date >= created.date() && expires.is_none_or(|e| sale.row.date <= e.date()),
    }
}

fn same_currency(code: &str, c: Currency) -> bool {
    code.parse::<Currency>().is_ok_and(|x| x == c)
}

/// How well a sale fits a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// The order amount is the price exactly; the charged total is the price plus at most a
    /// plausible installment surcharge. Only this may attribute a sale by itself.
    Exact,
    /// The charged total exceeds the price by a plausible surcharge but the order amount is not
    /// the price (a report giving the total in both fields): the owner decides.
    Loose,
    /// A multi-use product link: the order is 2 or more units (k × price, within the stock).
    /// The owner decides: another link may cost k × price.
    Quantity,
    /// A flex link: the payer chose an amount between its price and its maximum. The owner
    /// decides, even for the only candidate (any sale in that range fits).
    Flex,
}

/// The charged total is the order amount plus at most a plausible installment surcharge.
fn charged(amount: i64, total: i64) -> bool {
    (amount..=surcharge_cap(amount)).contains(&total)
}

/// How order amount `amount` with charged total `total` fits a link priced `price`.
pub fn fit(amount: i64, total: i64, price: i64) -> Option<Fit> {
    if amount <= 0 || price <= 0 {
        return None;
    }
    if amount == price && charged(price, total) {
        Some(Fit::Exact)
    } else if amount == total && total > price && total <= surcharge_cap(price) {
        Some(Fit::Loose)
    } else {
        None
    }
}

/// How a sale fits `link` with its terms: a flex link takes any amount from its price to its
/// maximum; a multi-use product link also k × price for k units within its stock (`min_count`
/// to `max_count`, any k when unlimited); any other link (single-use, collection, or from
/// before its terms were kept) its price alone, as [`fit`].
pub fn fit_link(amount: i64, total: i64, link: &WaitingPaytr) -> Option<Fit> {
    let price = link.price_minor;
    if amount <= 0 || price <= 0 {
        return None;
    }
    match link.terms {
        Some(PaytrTerms::Flex { max_minor }) => {
            let chosen = (price..=max_minor).contains(&amount) && charged(amount, total);
            // A report giving the charged total in both fields, as for `Fit::Loose`.
            let total_only = amount == total && total > max_minor && total <= surcharge_cap(max_minor);
            (chosen || total_only).then_some(Fit::Flex)
        }
        Some(PaytrTerms::Product { min_count, max_count }) => {
            let single = if min_count <= 1 { fit(amount, total, price) } else { None };
            single.or_else(|| {
                let units = amount / price;
                let fits = amount % price == 0
                    && units >= 2
                    && units >= i64::from(min_count)
                    && max_count.is_none_or(|m| units <= i64::from(m))
                    && charged(amount, total);
                fits.then_some(Fit::Quantity)
            })
        }
        Some(PaytrTerms::Collection) | None => fit(amount, total, price),
    }
}

/// The links a sale could have paid, in `pool` order. With an exact fit, those plus every flex
/// or quantity fit (a payer could as well have chosen that amount there); loose fits only when
/// nothing else fits. The second value: whether the answer is one exact fit alone.
fn candidates(sale: &SeenSale, pool: &[&WaitingPaytr]) -> (Vec<i64>, bool) {
    let r = &sale.row;
    let fits: Vec<(i64, Fit)> = pool
        .iter()
        .filter(|l| same_currency(&r.currency, l.currency) && in_lifetime(sale, l))
        .filter_map(|l| fit_link(r.amount_minor, r.paid_minor, l).map(|f| (l.link_id, f)))
        .collect();
    let keep: &[Fit] = if fits.iter().any(|(_, f)| *f != Fit::Loose) {
        &[Fit::Exact, Fit::Quantity, Fit::Flex]
    } else {
        &[Fit::Loose]
    };
    let kept: Vec<(i64, Fit)> = fits.into_iter().filter(|(_, f)| keep.contains(f)).collect();
    let alone = matches!(kept.as_slice(), [(_, Fit::Exact)]);
    (kept.into_iter().map(|(id, _)| id).collect(), alone)
}

/// Decides each new sale. Refunds (`islem_tipi` other than `S`, or a negative amount) and rows
/// already `settled` (attributed, dismissed or left to the owner) are skipped, a row repeated in
/// the report counts once, and a link takes at most one sale by itself. Sales are taken oldest
/// first. A sale is attributed by itself only on one exact fit and when `ask_always` is off
/// (the store sells elsewhere too); every other fit goes to the owner.
pub fn match_sales(
    waiting: &[WaitingPaytr],
    sales: &[SeenSale],
    settled: &HashSet<String>,
    ask_always: bool,
) -> Vec<SaleOutcome> {
    let mut order: Vec<&SeenSale> = sales
        .iter()
        .filter(|s| s.row.kind.trim().eq_ignore_ascii_case("S") && s.row.amount_minor > 0 && s.row.paid_minor > 0)
        .collect();
    order.sort_by(|a, b| {
        (a.row.date, a.row.time, a.first_seen_ms, &a.row.merchant_oid).cmp(&(
            b.row.date,
            b.row.time,
            b.first_seen_ms,
            &b.row.merchant_oid,
        ))
    });
    let mut seen: HashSet<&str> = HashSet::new();
    let mut taken: HashSet<i64> = HashSet::new();
    let mut out = Vec::new();
    for sale in order {
        let oid = sale.row.merchant_oid.trim();
        if oid.is_empty() || settled.contains(oid) || !seen.insert(oid) {
            continue;
        }
        let pool: Vec<&WaitingPaytr> = waiting.iter().filter(|l| !taken.contains(&l.link_id)).collect();
        let (found, alone) = candidates(sale, &pool);
        let oid = oid.to_string();
        out.push(match found.as_slice() {
            [] => SaleOutcome::Unmatched { oid },
            [one] if alone && !ask_always => {
                taken.insert(*one);
                SaleOutcome::Attributed { oid, link: *one }
            }
            _ => SaleOutcome::Ambiguous { oid, candidates: found },
        });
    }
    out
}

/// How PayTR's `durum-sorgu` answer fits this link (same currency, then [`fit_link`] on its
/// order amount and charged total).
pub fn confirms(status: &PaymentStatus, link: &WaitingPaytr) -> Option<Fit> {
    if !same_currency(&status.currency, link.currency) {
        return None;
    }
    fit_link(status.payment_amount_minor, status.payment_total_minor, link)
}

/// Waiting links with exactly this price and currency: the usual cause of an ambiguous sale.
/// Call before creating a PayTR link and warn when the answer is not empty.
pub fn same_price(waiting: &[WaitingPaytr], price_minor: i64, currency: Currency) -> Vec<i64> {
    waiting.iter().filter(|l| l.price_minor == price_minor && l.currency == currency).map(|l| l.link_id).collect()
}

/// The nearest price at or above `price_minor` that no waiting link has (in this currency), to
/// offer the owner ("100,01 TL yapalım mı?"): sales then match one link by exact amount.
pub fn distinct_price(waiting: &[WaitingPaytr], price_minor: i64, currency: Currency) -> i64 {
    let used: HashSet<i64> = waiting.iter().filter(|l| l.currency == currency).map(|l| l.price_minor).collect();
    (price_minor..=i64::MAX).find(|p| !used.contains(p)).unwrap_or(price_minor)
}

/// What the create form shows before a PayTR link is made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PriceCheck {
    /// Waiting PayTR links with the same price and currency (warn: a sale would be ambiguous).
    pub same_price: Vec<i64>,
    /// The nearest price at or above the asked one that no waiting link has (offer it instead).
    pub distinct_minor: i64,
}

/// [`same_price`] and [`distinct_price`] over the store's waiting PayTR links
/// (`Store::waiting(Provider::Paytr)`).
pub fn price_check(waiting_links: &[crate::store::LinkRecord], price: crate::money::Money) -> PriceCheck {
    let w: Vec<WaitingPaytr> = waiting_links
        .iter()
        .filter(|l| l.provider == crate::providers::Provider::Paytr && l.status == crate::store::LinkStatus::Waiting)
        .map(WaitingPaytr::of)
        .collect();
    PriceCheck {
        same_price: same_price(&w, price.minor(), price.currency()),
        distinct_minor: distinct_price(&w, price.minor(), price.currency()),
    }
}

#[cfg(test)]
#[path = "paytr_match_tests.rs"]
mod tests;
