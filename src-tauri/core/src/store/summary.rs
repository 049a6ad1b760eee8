//! The totals above the Linkler table ("Bugün: 7 ödeme · 3.420,50 TL · 2 bekliyor"): counted and
//! summed by SQLite over every link the filter matches, not just the page on screen. Money is
//! added in kuruş per currency (SQL `sum` over an INTEGER column, which fails on overflow rather
//! than rounding); currencies are never added together. Paid totals are net of refunds: a link
//! refunded in full is no longer a payment, a partial refund lowers its amount, and the refunds
//! are listed apart (`refunded`) so the owner sees why the day's cash is less.

use super::model::{LinkFilter, LinkStatus};
use super::query::{condition_with, fts_query};
use super::{search, RemindWindow, Store, StoreError};
use crate::money::Currency;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::params_from_iter;
use serde::Serialize;

/// How many links of one currency, and their amounts added up (minor units).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CurrencyTotal {
    pub currency: Currency,
    pub count: u64,
    pub total_minor: i64,
}

/// What the filter holds, by outcome. `paid`, `waiting` and `refunded` have one entry per
/// currency present, in [`Currency::ALL`] order. Deleted, failed and still-creating links are in
/// none of these.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LinkSummary {
    /// Paid links not refunded in full, and their amounts less what was refunded of them.
    pub paid: Vec<CurrencyTotal>,
    /// Paid links with a refund (partial or full), and what was refunded.
    pub refunded: Vec<CurrencyTotal>,
    pub waiting: Vec<CurrencyTotal>,
    pub expired: u64,
    pub cancelled: u64,
    pub unknown: u64,
}

/// The statuses the summary reports. Only `paid` is money received: a cancelled, deleted or
/// expired link never counts as paid, whatever its amount.
const COUNTED: &str = "status IN ('paid', 'waiting', 'expired', 'cancelled', 'unknown')";

impl Store {
    /// The totals of every link matching `filter` (its paging is ignored).
    pub fn summary(&self, filter: &LinkFilter) -> Result<LinkSummary, StoreError> {
        self.summary_in(filter, None)
    }

    /// [`Store::summary`] over the links due a reminder in `window` only, as Linkler lists them
    /// with "Hatırlatılacak" on (see [`Store::query_to_remind`]).
    pub fn summary_to_remind(&self, filter: &LinkFilter, window: RemindWindow) -> Result<LinkSummary, StoreError> {
        self.summary_in(filter, Some(window))
    }

    fn summary_in(&self, filter: &LinkFilter, remind: Option<RemindWindow>) -> Result<LinkSummary, StoreError> {
        let ((sql, args), refunds) = summary_sql(filter, remind);
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
            let n = |i| r.get::<_, i64>(i);
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, [n(2)?, n(3)?], [n(4)?, n(5)?, n(6)?, n(7)?]))
        })?;
        let mut out = LinkSummary::default();
        // Per currency: refunded payments, those refunded in full, what refunds took off the
        // amounts (never below 0), and what was refunded.
        let mut refunded: Vec<(Currency, [i64; 4])> = Vec::new();
        for row in rows {
            let (status, currency, [count, total], parts) = row.map_err(overflow)?;
            let status: LinkStatus = status.parse().map_err(StoreError::Corrupt)?;
            let currency: Currency = currency.parse().map_err(StoreError::Corrupt)?;
            let count = u64::try_from(count).unwrap_or(0);
            let add = |list: &mut Vec<CurrencyTotal>| list.push(CurrencyTotal { currency, count, total_minor: total });
            match status {
                LinkStatus::Paid => {
                    add(&mut out.paid);
                    if parts[0] > 0 {
                        refunded.push((currency, parts));
                    }
                }
                LinkStatus::Waiting => add(&mut out.waiting),
                LinkStatus::Expired => out.expired += count,
                LinkStatus::Cancelled => out.cancelled += count,
                LinkStatus::Unknown => out.unknown += count,
                _ => {}
            }
        }
        if let Some((sql, args)) = refunds {
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
                let n = |i| r.get::<_, i64>(i);
                Ok((r.get::<_, String>(0)?, [n(1)?, n(2)?, n(3)?, n(4)?]))
            })?;
            for row in rows {
                let (currency, parts) = row.map_err(overflow)?;
                refunded.push((currency.parse().map_err(StoreError::Corrupt)?, parts));
            }
        }
        // Taken off the paid totals: a payment refunded in full is no longer money in; one
        // refunded in part counts what is left.
        let n = |c: i64| u64::try_from(c).unwrap_or(0);
        for (currency, [count, whole, kept_back, total]) in refunded {
            out.refunded.push(CurrencyTotal { currency, count: n(count), total_minor: total });
            if let Some(i) = out.paid.iter().position(|t| t.currency == currency) {
                let paid = &mut out.paid[i];
                paid.count = paid.count.saturating_sub(n(whole));
                paid.total_minor -= kept_back;
                if paid.count == 0 {
                    out.paid.remove(i);
                }
            }
        }
        let order = |t: &CurrencyTotal| Currency::ALL.iter().position(|c| *c == t.currency);
        out.paid.sort_by_key(order);
        out.waiting.sort_by_key(order);
        out.refunded.sort_by_key(order);
        Ok(out)
    }
}

type Statement = (String, Vec<rusqlite::types::Value>);

/// The refunded payments' columns: how many, how many in full, what refunds took off their
/// amounts, what was refunded.
const REFUND_PARTS: &str = "sum(refunded_minor > 0), sum(refunded_minor > 0 AND refunded_minor >= amount_minor), \
     sum(min(refunded_minor, amount_minor)), sum(refunded_minor)";

/// The summary's statements with their bound values for `filter` (paging ignored): the totals
/// per status and currency, then [`REFUND_PARTS`] in the same rows or, without words, from a
/// second statement.
fn summary_sql(filter: &LinkFilter, remind: Option<RemindWindow>) -> (Statement, Option<Statement>) {
    let all = LinkFilter { limit: None, offset: 0, ..filter.clone() };
    let terms = all.text.as_deref().map(search::query_terms).unwrap_or_default();
    let fts = fts_query(&terms);
    let (cond, args) = condition_with(&all, fts.as_deref(), remind);
    if remind.is_some() {
        // The links due a reminder are found through their own index (waiting, by age); the
        // summary index has no say in that, so no index is named.
        let sql = format!(
            "SELECT status, currency, count(*), sum(amount_minor), {REFUND_PARTS} FROM links \
             WHERE ({cond}) AND {COUNTED} GROUP BY status, currency"
        );
        return ((sql, args), None);
    }
    if !terms.is_empty() {
        // With words, the search index's few rows are read by id, not every row of a status;
        // their refunds are added up as they are read.
        let sql = format!(
            "SELECT status, currency, count(*), sum(amount_minor), {REFUND_PARTS} FROM links NOT INDEXED \
             WHERE ({cond}) AND {COUNTED} GROUP BY status, currency"
        );
        return ((sql, args), None);
    }
    // Without words, the summary index answers alone (the currencies listed so each status and
    // currency is one range of days in it), and the few refunded payments come from their own
    // partial index: refunds added up over every row of the summary index doubled its time.
    let codes: Vec<String> = Currency::ALL.iter().map(|c| format!("'{}'", c.code())).collect();
    let currencies = format!("currency IN ({})", codes.join(", "));
    let sql = format!(
        "SELECT status, currency, count(*), sum(amount_minor), 0, 0, 0, 0 FROM links INDEXED BY links_summary \
         WHERE ({cond}) AND {COUNTED} AND {currencies} GROUP BY status, currency"
    );
    let refunds = format!(
        "SELECT currency, {REFUND_PARTS} FROM links INDEXED BY links_refunded \
         WHERE ({cond}) AND status = 'paid' AND refunded_minor > 0 AND {currencies} GROUP BY currency"
    );
    ((sql, args.clone()), Some((refunds, args)))
}

impl Store {
    /// How SQLite plans the summary of `filter` (benchmarks and index tuning): the totals'
    /// statement, then the refunds'.
    pub fn explain_summary(&self, filter: &LinkFilter) -> Result<Vec<String>, StoreError> {
        let (main, refunds) = summary_sql(filter, None);
        let mut out = Vec::new();
        for (statement, args) in std::iter::once(main).chain(refunds) {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {statement}"))?;
            let rows = stmt.query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(3))?;
            out.extend(rows.collect::<Result<Vec<_>, _>>()?);
        }
        Ok(out)
    }
}

/// SQLite's `sum` stops with "integer overflow" instead of rounding: said as such.
fn overflow(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.contains("integer overflow") => StoreError::TotalTooLarge,
        _ => StoreError::Sqlite(e),
    }
}

/// The Unix ms span `[start, end)` of Turkey's calendar days `from` to `to`, both inclusive
/// (midnight to midnight in Istanbul, whatever the computer's own time zone).
pub fn istanbul_days_ms(from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    let start = |d: NaiveDate| crate::time::from_istanbul(d.and_time(NaiveTime::MIN)).timestamp_millis();
    (start(from), start(to.succ_opt().unwrap_or(to)))
}

/// Turkey's calendar day at `now_ms`.
pub fn istanbul_day(now_ms: i64) -> NaiveDate {
    let t = DateTime::<Utc>::from_timestamp_millis(now_ms).unwrap_or_default();
    crate::time::to_istanbul(t).date()
}
