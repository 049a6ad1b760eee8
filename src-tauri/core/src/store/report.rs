//! "Gün sonu raporu": what came in over some Turkish days, per provider and currency — each
//! payment (time, customer, description, amount, installment surcharge, the provider's net where
//! it says), the totals, and the links of those days still waiting. Money in kuruş, added per
//! provider and currency with checked integer sums.

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
    /// What the customer paid beyond the amount for installments (PayTR reports it), else `None`.
    pub surcharge_minor: Option<i64>,
    pub installments: Option<u32>,
    /// What the provider pays out after its fees, when it reports it.
    pub net_minor: Option<i64>,
    pub payment_ref: Option<String>,
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
    /// Oldest first.
    pub payments: Vec<ReportPayment>,
    pub paid_total_minor: i64,
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
                paid_total_minor: 0,
                surcharge_total_minor: 0,
                net_total_minor: Some(0),
                waiting: Vec::new(),
                waiting_total_minor: 0,
            });
            groups.len() - 1
        };
        // A PayTR payment's surcharge, installments and net come from its sale in the report
        // (attributed to this link); a Paynet payment's net from `transaction/check`.
        let mut stmt = self.conn.prepare(
            "SELECT l.id, l.provider, l.currency, l.paid_at, l.customer, l.description, l.amount_minor,
                    l.payment_ref, s.paid_minor, s.amount_minor, s.installments, coalesce(l.net_minor, s.net_minor)
             FROM links l LEFT JOIN paytr_sales s ON s.link_id = l.id AND s.state = 'attributed'
             WHERE l.status = 'paid' AND l.paid_at >= ?1 AND l.paid_at < ?2
             ORDER BY l.paid_at, l.id",
        )?;
        let rows = stmt.query_map(params![from_ms, to_ms], |r| {
            let charged: Option<i64> = r.get(8)?;
            let sale_amount: Option<i64> = r.get(9)?;
            let surcharge = match (charged, sale_amount) {
                (Some(c), Some(a)) if c > a => Some(c - a),
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
                net_minor: r.get(11)?,
                payment_ref: r.get(7)?,
            };
            Ok((text_col::<Provider>(r, 1)?, text_col::<Currency>(r, 2)?, payment))
        })?;
        for row in rows {
            let (provider, currency, p) = row.map_err(corrupt)?;
            let i = group(&mut groups, provider, currency);
            let g = &mut groups[i];
            g.paid_total_minor = add(g.paid_total_minor, p.amount_minor)?;
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
