//! The local link store: one SQLite file in the app data dir holding every link created on this
//! machine, plus the owner's non-secret settings. Never a secret in this file.
//!
//! A create is written here (status `creating`) before the provider is called and completed
//! after, so a crash or timeout leaves a row to reconcile instead of a lost link.

mod csv;
mod items;
mod links;
mod migrations;
mod model;
mod query;
pub mod recover;
pub mod refunds;
mod reminders;
pub mod report;
mod report_csv;
pub mod search;
mod settings;
pub mod summary;

pub use csv::{export_csv, export_csv_in};
#[doc(hidden)]
pub use migrations::migrate_until;
pub use migrations::CURRENT as SCHEMA_VERSION;
pub use model::{LinkFilter, LinkPage, LinkRecord, LinkStatus, NewLink, PaytrTerms};
pub use refunds::{NewRefund, PaidWatch, Refund};
pub use reminders::{RemindWindow, Reminder, ReminderChannel};
pub use report_csv::write_report_csv;
pub use settings::{Host, PaynetHost, Settings, REMIND_AFTER_HOURS};
pub use summary::{CurrencyTotal, LinkSummary};

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file name inside the app data dir (live links and the settings).
pub const FILE_NAME: &str = "tahsildar.sqlite3";

/// How long a query waits for another process's lock on the file before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// SQLite's page cache per connection, in KiB (SQLite's default is 2,000). A text search scans a
/// ~10 MB index that no cache of this kind holds, so a bigger cache only keeps memory: at 256 KiB
/// every `bench_store` figure (first page, searches, summaries) is the same as at 2,000, and the
/// app holds ~1.8 MiB less after opening a 100,000-link book.
pub const CACHE_KIB: i64 = 256;

/// The demo links' file, beside the live one, so a practice link can never mix with a real one.
pub const DEMO_FILE_NAME: &str = "tahsildar-demo.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the data folder {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "the link database was written by a newer Tahsildar (schema {found}, this one knows {known}); update the app"
    )]
    TooNew { found: u32, known: u32 },
    #[error("a link with reference '{0}' already exists")]
    DuplicateRef(String),
    #[error("{provider} link id '{id}' is already recorded for another link")]
    DuplicateProviderId { provider: String, id: String },
    #[error("invalid reference '{0}': use 1 to 32 letters and digits")]
    InvalidRef(String),
    #[error("link {0} not found")]
    NotFound(i64),
    #[error("link {id} cannot go from {from} to {to}")]
    IllegalTransition { id: i64, from: LinkStatus, to: LinkStatus },
    #[error("unreadable row in the link database: {0}")]
    Corrupt(String),
    #[error("cannot write the export: {0}")]
    Write(std::io::Error),
    #[error("a saved item named '{0}' already exists")]
    DuplicateItem(String),
    #[error("the item order must list every saved item once")]
    BadOrder,
    #[error("the totals are too large to add up")]
    TotalTooLarge,
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// A stable code for the UI and logs.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Io { .. } => "io",
            StoreError::TooNew { .. } => "too_new",
            StoreError::DuplicateRef(_) => "duplicate_ref",
            StoreError::DuplicateProviderId { .. } => "duplicate_provider_id",
            StoreError::InvalidRef(_) => "invalid_ref",
            StoreError::NotFound(_) => "not_found",
            StoreError::IllegalTransition { .. } => "illegal_transition",
            StoreError::Corrupt(_) => "corrupt",
            StoreError::Write(_) => "write",
            StoreError::DuplicateItem(_) => "duplicate_item",
            StoreError::BadOrder => "bad_order",
            StoreError::TotalTooLarge => "total_too_large",
            StoreError::Sqlite(_) => "sqlite",
        }
    }
}

/// An open link store. One per process; wrap it in a `Mutex` to share it between threads.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) the store at `path`, creating missing folders, and migrates it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_waiting(path, BUSY_TIMEOUT)
    }

    /// [`Store::open`], waiting at most `busy` for another process's lock on the file.
    pub fn open_waiting(path: &Path, busy: Duration) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io { path: dir.to_path_buf(), source })?;
        }
        let conn = Connection::open(path)?;
        // Before the first query: another process (the CLI, a backup) holding the file a moment
        // is waited for, not reported as a failure.
        conn.busy_timeout(busy)?;
        // Refuse a newer file before anything (even the WAL switch) writes to it.
        let found = migrations::version(&conn)?;
        if found > migrations::CURRENT {
            return Err(StoreError::TooNew { found, known: migrations::CURRENT });
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // WAL + NORMAL survives an app crash; only a power cut may lose the last commits.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        limit_memory(&conn)?;
        Store::prepare(conn)
    }

    /// A throwaway store for unit tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Store, StoreError> {
        // Off while the schema steps run (a table rebuild must not cascade), on for everything
        // after; each step checks its own references (migrations.rs).
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        migrations::migrate(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store { conn })
    }

    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrations::version(&self.conn)
    }

    /// Runs `f` in one write transaction: all of it is kept, or none (bulk imports, reconciling).
    /// The same unit as [`Store::atomically`], with the store's own error.
    pub fn in_transaction<T>(&mut self, f: impl FnOnce(&Store) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.atomically(f)
    }

    /// Runs `f` as one unit: all of its writes are kept, or none. Outside a transaction it takes
    /// the write lock first (`BEGIN IMMEDIATE`: a read that later writes could otherwise meet the
    /// tracker's write on the same file and fail); inside one (an import around the item writes)
    /// it is a savepoint. Items and imports use it; [`Store::in_transaction`] is it too.
    pub fn atomically<T, E: From<StoreError>>(&self, f: impl FnOnce(&Store) -> Result<T, E>) -> Result<T, E> {
        let outer = self.conn.is_autocommit();
        let (begin, end, undo) = if outer {
            ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
        } else {
            ("SAVEPOINT inner", "RELEASE inner", "ROLLBACK TO inner; RELEASE inner")
        };
        self.conn.execute_batch(begin).map_err(StoreError::from)?;
        match f(self) {
            Ok(v) => {
                if let Err(e) = self.conn.execute_batch(end) {
                    let _ = self.conn.execute_batch(undo);
                    return Err(StoreError::from(e).into());
                }
                Ok(v)
            }
            Err(e) => {
                // The original error matters more than a failed rollback.
                let _ = self.conn.execute_batch(undo);
                Err(e)
            }
        }
    }
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// What every connection to the book keeps in memory. No memory map: a mapped file counts in the
/// app's memory for every page ever read (45 MB after a few searches over 100,000 links). Read
/// through SQLite's small cache ([`CACHE_KIB`]), a text search is as fast (bench_store: 14 ms
/// either way).
pub(crate) fn limit_memory(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "mmap_size", 0)?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)
}

#[cfg(test)]
mod memory_tests {
    use super::*;

    fn pragma(conn: &Connection, name: &str) -> i64 {
        conn.pragma_query_value(None, name, |r| r.get(0)).unwrap()
    }

    #[test]
    fn the_book_is_read_through_a_small_cache_and_no_memory_map() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join(FILE_NAME)).unwrap();
        assert_eq!(pragma(&store.conn, "cache_size"), -CACHE_KIB, "SQLite's default would be -2000");
        assert_eq!(pragma(&store.conn, "mmap_size"), 0);
    }
}
