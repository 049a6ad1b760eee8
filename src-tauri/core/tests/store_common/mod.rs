//! Helpers shared by the store tests: a real SQLite file in a unique temp folder.

#![allow(dead_code)] // each test binary uses a different part of this

use std::path::{Path, PathBuf};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{NewLink, Store};

/// A temp folder removed when dropped, even if the test fails.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("tahsildar-{tag}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn db(&self) -> PathBuf {
        self.0.join("data").join("links.sqlite3")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn open(dir: &TempDir) -> Store {
    Store::open(&dir.db()).unwrap()
}

pub fn link(provider: Provider, minor: i64, customer: &str, description: &str) -> NewLink {
    NewLink {
        provider,
        amount: Money::new(minor, Currency::Tl).unwrap(),
        description: description.to_owned(),
        customer: customer.to_owned(),
        phone: Some("5551234567".to_owned()),
        email: None,
        local_ref: None,
        reference: None,
        paytr: None,
    }
}

/// 2026-11-22 09:00 UTC (12:00 in Istanbul) plus `minutes`, in Unix ms.
pub fn at(minutes: i64) -> i64 {
    1_795_338_000_000 + minutes * 60_000
}

/// Takes a current file's `links` back to before schema 6 (the PayTR terms columns, the last
/// ones added). Tests that rebuild an older file run this first.
pub const DROP_SCHEMA_6: &str = "ALTER TABLE links DROP COLUMN link_type; ALTER TABLE links DROP COLUMN min_count;
     ALTER TABLE links DROP COLUMN max_count; ALTER TABLE links DROP COLUMN flex_max_minor;";

/// Takes a current file back to before the refunds step (issue 11 §1 gaps: the `refunds` table,
/// the links' refunded sum and its partial index, Paynet's surcharge and installments: the last
/// ones added). Tests that rebuild an older file run this first.
pub const DROP_REFUNDS: &str = "DROP TABLE refunds; DROP INDEX links_refunded;
     ALTER TABLE links DROP COLUMN refunded_minor; ALTER TABLE links DROP COLUMN surcharge_minor;
     ALTER TABLE links DROP COLUMN installments;";

/// Takes a current file back to before schema 9 (issue 11 §2: the reminders table and the
/// "to remind" index), and so before every later step too (10: the saved items). Tests that
/// rebuild an older file run this first.
pub const DROP_REMINDERS: &str = "DROP TABLE saved_items; DROP TABLE reminders; DROP INDEX links_remind;";

/// Takes a current file back to before the day report's step (issue 11 §1: `net_minor` on `links`
/// and `paytr_sales`, and the summary's index: the last ones added). Tests that rebuild an older
/// file run this first.
pub const DROP_NET_AMOUNTS: &str =
    "ALTER TABLE links DROP COLUMN net_minor; ALTER TABLE paytr_sales DROP COLUMN net_minor;
     DROP INDEX links_summary;";
