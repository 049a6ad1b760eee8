//! [`TrackerStore`] over the real link store. Link changes go through [`Store`]'s own rules;
//! the PayTR sales (table `paytr_sales`, created by the store's migration 2) are read and
//! written here over a second connection to the same SQLite file, because `Store` does not share
//! its connection. Attributing a sale is therefore two writes; a crash between them is repaired
//! by [`TrackerStore::unfinished_attributions`] on the next sweep.

use super::store_api::{RefundSeen, SaleEntry, SaleState, TrackerStore};
use crate::providers::Provider;
use crate::store::{LinkRecord, LinkStatus, NewRefund, PaidWatch, Store, StoreError};
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The real store plus the tracker's own connection to the same file.
pub struct SqliteTrackerStore {
    store: Arc<Mutex<Store>>,
    sales: Mutex<Connection>,
}

impl std::fmt::Debug for SqliteTrackerStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteTrackerStore").finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

const SALE_COLUMNS: &str = "merchant_oid, state, link_id, candidates, amount_minor, paid_minor, currency, \
     installments, sale_date, sale_time, first_seen_at, net_minor";

fn corrupt(idx: usize, e: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
}

fn read_sale(row: &Row) -> rusqlite::Result<SaleEntry> {
    let state: String = row.get(1)?;
    let candidates: String = row.get(3)?;
    let date: String = row.get(8)?;
    let time: Option<String> = row.get(9)?;
    Ok(SaleEntry {
        merchant_oid: row.get(0)?,
        state: state.parse().map_err(|e| corrupt(1, e))?,
        link_id: row.get(2)?,
        candidates: candidates
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|c| c.parse::<i64>().map_err(|e| corrupt(3, e.to_string())))
            .collect::<Result<_, _>>()?,
        amount_minor: row.get(4)?,
        paid_minor: row.get(5)?,
        currency: row.get(6)?,
        installments: row.get(7)?,
        sale_date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|e| corrupt(8, e.to_string()))?,
        sale_time: time
            .map(|t| NaiveTime::parse_from_str(&t, "%H:%M:%S").map_err(|e| corrupt(9, e.to_string())))
            .transpose()?,
        first_seen_at: row.get(10)?,
        net_minor: row.get(11)?,
    })
}

fn read_error(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) => {
            StoreError::Corrupt(e.to_string())
        }
        e => StoreError::Sqlite(e),
    }
}

impl SqliteTrackerStore {
    /// `store` must be open on `db_path` (opening it migrates the file, creating `paytr_sales`).
    pub fn new(store: Arc<Mutex<Store>>, db_path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(db_path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        crate::store::limit_memory(&conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Fails early (no such table) if `db_path` is not the store's migrated file.
        conn.query_row("SELECT COUNT(*) FROM paytr_sales", [], |r| r.get::<_, i64>(0))?;
        Ok(SqliteTrackerStore { store, sales: Mutex::new(conn) })
    }

    pub fn store(&self) -> &Arc<Mutex<Store>> {
        &self.store
    }

    fn sales_where(&self, cond: &str, args: impl rusqlite::Params) -> Result<Vec<SaleEntry>, StoreError> {
        let conn = lock(&self.sales);
        let sql = format!(
            "SELECT {SALE_COLUMNS} FROM paytr_sales WHERE {cond} ORDER BY sale_date, first_seen_at, merchant_oid"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(args, read_sale)?;
        rows.collect::<Result<_, _>>().map_err(read_error)
    }
}

impl TrackerStore for SqliteTrackerStore {
    fn waiting(&self, provider: Provider) -> Result<Vec<LinkRecord>, StoreError> {
        lock(&self.store).waiting(provider)
    }

    fn unknown(&self, provider: Provider) -> Result<Vec<LinkRecord>, StoreError> {
        let all = lock(&self.store).unresolved()?;
        Ok(all.into_iter().filter(|l| l.provider == provider && l.status == LinkStatus::Unknown).collect())
    }

    fn cancelled_since(&self, provider: Provider, since_ms: i64) -> Result<Vec<LinkRecord>, StoreError> {
        lock(&self.store).cancelled_since(provider, since_ms)
    }

    fn get(&self, id: i64) -> Result<LinkRecord, StoreError> {
        lock(&self.store).get(id)
    }

    fn set_status(
        &self,
        id: i64,
        expected: Option<(LinkStatus, i64)>,
        status: LinkStatus,
        payment_ref: Option<&str>,
        at_ms: i64,
    ) -> Result<(LinkStatus, LinkRecord), StoreError> {
        lock(&self.store).change_status(id, expected, status, payment_ref, at_ms)
    }

    fn finish_create(
        &self,
        id: i64,
        provider_id: &str,
        url: &str,
        expires_at: Option<i64>,
    ) -> Result<LinkRecord, StoreError> {
        lock(&self.store).finish_create(id, provider_id, url, expires_at)
    }

    fn mark_failed(&self, id: i64, reason: &str) -> Result<LinkRecord, StoreError> {
        lock(&self.store).mark_failed(id, reason)
    }

    fn sales_since(&self, day: NaiveDate) -> Result<Vec<SaleEntry>, StoreError> {
        self.sales_where("sale_date >= ?1", params![day.format("%Y-%m-%d").to_string()])
    }

    fn ambiguous_sales(&self) -> Result<Vec<SaleEntry>, StoreError> {
        self.sales_where("state = 'ambiguous'", params![])
    }

    fn sale(&self, oid: &str) -> Result<Option<SaleEntry>, StoreError> {
        let conn = lock(&self.sales);
        let sql = format!("SELECT {SALE_COLUMNS} FROM paytr_sales WHERE merchant_oid = ?1");
        conn.query_row(&sql, params![oid], read_sale).optional().map_err(read_error)
    }

    fn put_sale(&self, s: &SaleEntry) -> Result<(), StoreError> {
        let candidates = s.candidates.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let now = crate::store::now_ms();
        lock(&self.sales).execute(
            "INSERT INTO paytr_sales (merchant_oid, state, link_id, candidates, amount_minor, paid_minor, currency,
                 installments, sale_date, sale_time, first_seen_at, updated_at, net_minor)
             VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
             ON CONFLICT (merchant_oid) DO UPDATE SET state = excluded.state, candidates = excluded.candidates,
                 updated_at = excluded.updated_at, net_minor = coalesce(excluded.net_minor, paytr_sales.net_minor)
             WHERE paytr_sales.state IN ('unmatched', 'ambiguous') AND excluded.state != 'attributed'",
            params![
                s.merchant_oid,
                s.state.as_str(),
                candidates,
                s.amount_minor,
                s.paid_minor,
                s.currency,
                s.installments,
                s.sale_date.format("%Y-%m-%d").to_string(),
                s.sale_time.map(|t| t.format("%H:%M:%S").to_string()),
                s.first_seen_at,
                now,
                s.net_minor,
            ],
        )?;
        Ok(())
    }

    fn attribute_sale(&self, oid: &str, link_id: i64, at_ms: i64) -> Result<LinkRecord, StoreError> {
        let link = self.get(link_id)?;
        let refused = |from| StoreError::IllegalTransition { id: link_id, from, to: LinkStatus::Paid };
        if link.status == LinkStatus::Paid || !link.status.can_become(LinkStatus::Paid) {
            return Err(refused(link.status));
        }
        let before = self.sale(oid)?.ok_or_else(|| refused(link.status))?;
        if before.state == SaleState::Attributed {
            return Err(refused(link.status));
        }
        let claimed = lock(&self.sales).execute(
            "UPDATE paytr_sales SET state = 'attributed', link_id = ?1, candidates = '', updated_at = ?2
             WHERE merchant_oid = ?3 AND state != 'attributed'",
            params![link_id, crate::store::now_ms(), oid],
        );
        match claimed {
            Ok(1) => {}
            // Another sale already paid this link (unique index), or a racing attribution won.
            Ok(_) => return Err(refused(link.status)),
            Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                return Err(refused(link.status))
            }
            Err(e) => return Err(e.into()),
        }
        match self.set_status(link_id, None, LinkStatus::Paid, Some(oid), at_ms) {
            Ok((_, done)) => Ok(done),
            Err(e) => {
                // Give the sale back; a failed revert is repaired by `unfinished_attributions`.
                let _ = lock(&self.sales).execute(
                    "UPDATE paytr_sales SET state = ?1, link_id = NULL, updated_at = ?2 WHERE merchant_oid = ?3",
                    params![before.state.as_str(), crate::store::now_ms(), oid],
                );
                Err(e)
            }
        }
    }

    fn unfinished_attributions(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let conn = lock(&self.sales);
        let mut stmt = conn.prepare(
            "SELECT s.merchant_oid, s.link_id FROM paytr_sales s JOIN links l ON l.id = s.link_id
             WHERE s.state = 'attributed' AND l.status IN ('waiting', 'expired', 'cancelled', 'unknown')",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>().map_err(read_error)
    }

    fn record_net(&self, id: i64, net_minor: i64) -> Result<(), StoreError> {
        lock(&self.store).record_net(id, net_minor)
    }

    fn record_charge(&self, id: i64, surcharge_minor: i64, installments: Option<u32>) -> Result<(), StoreError> {
        lock(&self.store).record_charge(id, surcharge_minor, installments)
    }

    fn paid_watch(&self, provider: Provider, since_ms: i64) -> Result<PaidWatch, StoreError> {
        lock(&self.store).paid_watch(provider, since_ms)
    }

    fn record_paytr_refund(&self, oid: &str, refund: &RefundSeen) -> Result<Option<LinkRecord>, StoreError> {
        let link_id: Option<i64> = lock(&self.sales)
            .query_row(
                "SELECT link_id FROM paytr_sales WHERE merchant_oid = ?1 AND state = 'attributed'",
                [oid.trim()],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let Some(link_id) = link_id else { return Ok(None) };
        let store = lock(&self.store);
        let new = NewRefund {
            provider: Provider::Paytr,
            key: refund.key.clone(),
            link_id,
            amount_minor: refund.amount_minor,
            net_minor: refund.net_minor,
            at_ms: refund.at_ms,
        };
        if store.record_refund(&new)? {
            Ok(Some(store.get(link_id)?))
        } else {
            Ok(None)
        }
    }

    fn paytr_sells_elsewhere(&self) -> Result<bool, StoreError> {
        lock(&self.store).settings().map(|s| s.paytr_sells_elsewhere)
    }
}

#[cfg(test)]
mod memory_tests {
    use super::*;
    use crate::store::{CACHE_KIB, FILE_NAME};

    #[test]
    fn the_sales_connection_keeps_the_books_small_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let store = Arc::new(Mutex::new(Store::open(&path).unwrap()));
        let sales = SqliteTrackerStore::new(store, &path).unwrap();
        let cache: i64 = lock(&sales.sales).pragma_query_value(None, "cache_size", |r| r.get(0)).unwrap();
        assert_eq!(cache, -CACHE_KIB, "SQLite's default would be -2000");
    }
}
