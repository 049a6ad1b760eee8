//! "Gün sonu raporu": what came in over some Turkish days, per provider and currency — each
//! payment (time, customer, description, amount, installment surcharge, the provider's net where
//! it says), the totals, and the links of those days still waiting. Money in kuruş, added per
//! provider and currency with checked integer sums. A refunded payment stays on its day's list
//! with what was refunded (whenever that was); the totals are net of refunds, and the refunds are
//! added up apart, so the page shows what came in and stayed.

use super::{Store, StoreError};
use crate::money::Currency;
use crate::providers::Provider;
use rusqlite::{params, Row};
use serde::Serialize;

/// One paid link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportPayment {
    pub link_id: i64,
    /// When the payment was made (Unix ms).
    pub paid_at: i64,
    pub customer: String,
    pub description: String,
    pub amount_minor: i64,
    /// What the customer paid beyond the amount for installments (PayTR's report, Paynet's
    /// `transaction/check`), else `None`.
    pub surcharge_minor: Option<i64>,
    pub installments: Option<u32>,
    /// What the provider pays out after its fees (and after this payment's refunds, when it
    /// said their effect), when it reports it.
    pub net_minor: Option<i64>,
    pub payment_ref: Option<String>,
    /// What was refunded of this payment so far (0: nothing).
    pub refunded_minor: i64,
}

impl ReportPayment {
    /// Refunded in full: listed, but no longer counted as money in.
    pub fn fully_refunded(&self) -> bool {
        self.refunded_minor > 0 && self.refunded_minor >= self.amount_minor
    }
}

/// One link of those days still waiting for its payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportWaiting {
    pub link_id: i64,
    pub created_at: i64,
    pub customer: String,
    pub description: String,
    pub amount_minor: i64,
}

/// One provider and currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportGroup {
    pub provider: Provider,
    pub currency: Currency,
    /// Oldest first, refunded ones included.
    pub payments: Vec<ReportPayment>,
    /// Payments not refunded in full.
    pub paid_count: usize,
    /// The amounts less what was refunded of them (a refund never takes a payment below 0).
    pub paid_total_minor: i64,
    /// Payments with a refund, and what was refunded (with any surcharge refunded too).
    pub refunded_count: usize,
    pub refunded_total_minor: i64,
    pub surcharge_total_minor: i64,
    /// The net of every payment, or `None` if the provider did not say it for one of them
    /// (a partial net would read as the whole).
    pub net_total_minor: Option<i64>,
    pub waiting: Vec<ReportWaiting>,
    pub waiting_total_minor: i64,
}

/// The report for `[from_ms, to_ms)`: payments made then, and links created then still waiting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayReport {
    pub from_ms: i64,
    pub to_ms: i64,
    /// Paynet before PayTR, then by [`Currency::ALL`].
    pub groups: Vec<ReportGroup>,
}

fn add(a: i64, b: i64) -> Result<i64, StoreError> {
    a.checked_add(b).ok_or(StoreError::TotalTooLarge)
}

fn text_col<T: std::str::FromStr<Err = String>>(row: &Row, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    text.parse()
        .map_err(|e: String| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into()))
}

fn corrupt(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) => {
            StoreError::Corrupt(e.to_string())
        }
        e => StoreError::Sqlite(e),
    }
}

impl Store {
    /// The day report. Only links whose status is `paid` are payments: cancelled, expired or
    /// deleted links never are, and a PayTR sale counts through the link it paid.
    pub fn day_report(&self, from_ms: i64, to_ms: i64) -> Result<DayReport, StoreError> {
        let mut groups: Vec<ReportGroup> = Vec::new();
        let group = |groups: &mut Vec<ReportGroup>, provider: Provider, currency: Currency| -> usize {
            if let Some(i) = groups.iter().position(|g| g.provider == provider && g.currency == currency) {
                return i;
            }
            groups.push(ReportGroup {
                provider,
                currency,
                payments: Vec::new(),
                paid_count: 0,
                paid_total_minor: 0,
                refunded_count: 0,
                refunded_total_minor: 0,
                surcharge_total_minor: 0,
                net_total_minor: Some(0),
                waiting: Vec::new(),
                waiting_total_minor: 0,
            });
            groups.len() - 1
        };
        // A PayTR payment's surcharge, installments and net come from its sale in the report
        // (attributed to this link); a Paynet payment's from `transaction/check` (kept on the
        // link). The refunds' nets: their sum, and how many did not say theirs.
        let mut stmt = self.conn.prepare(
            "SELECT l.id, l.provider, l.currency, l.paid_at, l.customer, l.description, l.amount_minor,
                    l.payment_ref, s.paid_minor, s.amount_minor, coalesce(s.installments, l.installments),
                    coalesce(l.net_minor, s.net_minor), l.surcharge_minor, l.refunded_minor,
                    (SELECT sum(r.net_minor) FROM refunds r WHERE r.link_id = l.id),
                    (SELECT count(*) FROM refunds r WHERE r.link_id = l.id AND r.net_minor IS NULL)
             FROM links l LEFT JOIN paytr_sales s ON s.link_id = l.id AND s.state = 'attributed'
             WHERE l.status = 'paid' AND l.paid_at >= ?1 AND l.paid_at < ?2
             ORDER BY l.paid_at, l.id",
        )?;
        let rows = stmt.query_map(params![from_ms, to_ms], |r| {
            let charged: Option<i64> = r.get(8)?;
            let sale_amount: Option<i64> = r.get(9)?;
            let surcharge = match (charged, sale_amount) {
                (Some(c), Some(a)) if c > a => Some(c - a),
                (Some(_), Some(_)) => None,
                _ => r.get::<_, Option<i64>>(12)?.filter(|&s| s > 0),
            };
            let refunded_minor: i64 = r.get(13)?;
            let net: Option<i64> = r.get(11)?;
            let (refund_net, unsaid): (Option<i64>, i64) = (r.get(14)?, r.get(15)?);
            // After a refund the net is said only when every refund said its own.
            let net_minor = match (net, refunded_minor > 0) {
                (Some(n), false) => Some(n),
                (Some(n), true) if unsaid == 0 => n.checked_add(refund_net.unwrap_or(0)),
                _ => None,
            };
            let payment = ReportPayment {
                link_id: r.get(0)?,
                paid_at: r.get::<_, Option<i64>>(3)?.unwrap_or_default(),
                customer: r.get(4)?,
                description: r.get(5)?,
                amount_minor: r.get(6)?,
                surcharge_minor: surcharge,
                installments: r.get::<_, Option<u32>>(10)?.filter(|&n| n > 1),
                net_minor,
                payment_ref: r.get(7)?,
                refunded_minor,
            };
            Ok((text_col::<Provider>(r, 1)?, text_col::<Currency>(r, 2)?, payment))
        })?;
        for row in rows {
            let (provider, currency, p) = row.map_err(corrupt)?;
            let i = group(&mut groups, provider, currency);
            let g = &mut groups[i];
            if !p.fully_refunded() {
                g.paid_count += 1;
            }
            g.paid_total_minor = add(g.paid_total_minor, p.amount_minor - p.refunded_minor.min(p.amount_minor))?;
            if p.refunded_minor > 0 {
                g.refunded_count += 1;
                g.refunded_total_minor = add(g.refunded_total_minor, p.refunded_minor)?;
            }
            g.surcharge_total_minor = add(g.surcharge_total_minor, p.surcharge_minor.unwrap_or(0))?;
            g.net_total_minor = match (g.net_total_minor, p.net_minor) {
                (Some(t), Some(n)) => Some(add(t, n)?),
                _ => None,
            };
            g.payments.push(p);
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, provider, currency, created_at, customer, description, amount_minor FROM links
             WHERE status = 'waiting' AND created_at >= ?1 AND created_at < ?2 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map(params![from_ms, to_ms], |r| {
            let w = ReportWaiting {
                link_id: r.get(0)?,
                created_at: r.get(3)?,
                customer: r.get(4)?,
                description: r.get(5)?,
                amount_minor: r.get(6)?,
            };
            Ok((text_col::<Provider>(r, 1)?, text_col::<Currency>(r, 2)?, w))
        })?;
        for row in rows {
            let (provider, currency, w) = row.map_err(corrupt)?;
            let i = group(&mut groups, provider, currency);
            let g = &mut groups[i];
            g.waiting_total_minor = add(g.waiting_total_minor, w.amount_minor)?;
            g.waiting.push(w);
        }
        // A group with no payment has no net to show.
        for g in &mut groups {
            if g.payments.is_empty() {
                g.net_total_minor = None;
            }
        }
        let rank = |g: &ReportGroup| {
            let p = if g.provider == Provider::Paynet { 0 } else { 1 };
            (p, Currency::ALL.iter().position(|c| *c == g.currency))
        };
        groups.sort_by_key(rank);
        Ok(DayReport { from_ms, to_ms, groups })
    }

    /// Keeps what Paynet pays out for link `id`'s payment (`netAmount` of `transaction/check`).
    pub fn record_net(&self, id: i64, net_minor: i64) -> Result<(), StoreError> {
        let n = self.conn.execute("UPDATE links SET net_minor = ?1 WHERE id = ?2", params![net_minor, id])?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }
}
