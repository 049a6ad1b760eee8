//! Refunds of paid links (issue 11 §1): what the provider gave back, recorded once per refund
//! the tracker reads, and the sum kept on the link so the summary strip and the day report count
//! what came in net of what went back. A refund never changes a link's status: the link was paid.

use super::{now_ms, Store, StoreError};
use crate::providers::Provider;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// The payments watched for their refunds (see [`Store::paid_watch`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaidWatch {
    pub count: u64,
    /// The oldest payment time among them; `None` when none says when it was paid.
    pub oldest_paid_at: Option<i64>,
}

/// One refund as the tracker read it from the provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewRefund {
    pub provider: Provider,
    /// What identifies this refund at the provider (reading it again records nothing new).
    pub key: String,
    pub link_id: i64,
    /// What was given back (minor units, > 0).
    pub amount_minor: i64,
    /// The refund's own effect on the provider's payout, when it says (negative: taken back).
    pub net_minor: Option<i64>,
    /// When it was made (Unix ms).
    pub at_ms: i64,
}

/// A recorded refund.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refund {
    pub link_id: i64,
    pub amount_minor: i64,
    pub net_minor: Option<i64>,
    pub at_ms: i64,
}

impl Store {
    /// Records `r` on its paid link. `Ok(true)`: new, the link's refunded sum grew; `Ok(false)`:
    /// this refund was recorded before (nothing changes). A link that is not paid takes no
    /// refund (`IllegalTransition`), nor a refund of nothing.
    pub fn record_refund(&self, r: &NewRefund) -> Result<bool, StoreError> {
        if r.amount_minor <= 0 {
            return Err(StoreError::Corrupt(format!("a refund of {} for link {}", r.amount_minor, r.link_id)));
        }
        let tx = self.conn.unchecked_transaction()?;
        let status: Option<String> =
            tx.query_row("SELECT status FROM links WHERE id = ?1", [r.link_id], |row| row.get(0)).optional()?;
        let status: super::LinkStatus =
            status.ok_or(StoreError::NotFound(r.link_id))?.parse().map_err(StoreError::Corrupt)?;
        if status != super::LinkStatus::Paid {
            return Err(StoreError::IllegalTransition { id: r.link_id, from: status, to: super::LinkStatus::Paid });
        }
        let added = tx.execute(
            "INSERT OR IGNORE INTO refunds (provider, refund_key, link_id, amount_minor, net_minor, at, seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![r.provider.as_str(), r.key, r.link_id, r.amount_minor, r.net_minor, r.at_ms, now_ms()],
        )?;
        if added == 1 {
            // `updated_at` stays: it dates the payment ("payments since you last looked").
            let sum = tx.execute(
                "UPDATE links SET refunded_minor = refunded_minor + ?1 WHERE id = ?2",
                params![r.amount_minor, r.link_id],
            );
            match sum {
                Ok(_) => {}
                Err(rusqlite::Error::SqliteFailure(_, Some(m))) if m.contains("integer overflow") => {
                    return Err(StoreError::TotalTooLarge)
                }
                Err(e) => return Err(e.into()),
            }
        }
        tx.commit()?;
        Ok(added == 1)
    }

    /// How many links of `provider` were paid and last changed at or after `since_ms`, and the
    /// oldest of their payment times. Counted here, not loaded: the tracker asks at every turn of
    /// its loop, and a book can hold tens of thousands of such links (35,000 records were ~30 MB).
    pub fn paid_watch(&self, provider: Provider, since_ms: i64) -> Result<PaidWatch, StoreError> {
        // `links_status_updated` gives the range; a paid link changes no more after its payment.
        let (count, oldest_paid_at) = self.conn.query_row(
            "SELECT COUNT(*), MIN(paid_at) FROM links WHERE status = 'paid' AND updated_at >= ?1 AND provider = ?2",
            params![since_ms, provider.as_str()],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?)),
        )?;
        Ok(PaidWatch { count: u64::try_from(count).unwrap_or(0), oldest_paid_at })
    }

    /// The refunds of link `id`, oldest first.
    pub fn refunds(&self, id: i64) -> Result<Vec<Refund>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT link_id, amount_minor, net_minor, at FROM refunds WHERE link_id = ?1 ORDER BY at")?;
        let rows = stmt.query_map([id], |r| {
            Ok(Refund { link_id: r.get(0)?, amount_minor: r.get(1)?, net_minor: r.get(2)?, at_ms: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Keeps what Paynet charged the card for link `id` beyond its amount (the installment
    /// surcharge, 0 when none) and the installments (`None`: not said), for the day report.
    pub fn record_charge(&self, id: i64, surcharge_minor: i64, installments: Option<u32>) -> Result<(), StoreError> {
        let n = self.conn.execute(
            "UPDATE links SET surcharge_minor = ?1, installments = ?2 WHERE id = ?3",
            params![surcharge_minor.max(0), installments.filter(|n| *n >= 1), id],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        Ok(())
    }
}
