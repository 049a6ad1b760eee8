//! Reminders for unpaid links (issue 11 §2): when and how the owner reminded a customer, and which
//! waiting links are due one ("Hatırlatılacak").
//!
//! A link is due a reminder when it is still waiting, still payable (no expiry, or one later than
//! now), at least `remind_after_hours` old, and not reminded within the last `remind_after_hours`.
//! Both limits include their boundary: a link exactly 24 hours old is due, and so is one whose
//! last reminder was exactly 24 hours ago; one reminded an hour ago is not. So after each
//! reminder the link waits the same period again before it shows up once more.

use super::{Store, StoreError};
use rusqlite::types::Value;
use rusqlite::{params, ErrorCode};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

const HOUR_MS: i64 = 3_600_000;

/// How a reminder went out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReminderChannel {
    /// The owner's click opened WhatsApp with the message (we cannot see whether they sent it).
    Whatsapp,
    /// The provider sent the link again by SMS.
    Sms,
    /// The provider sent the link again by e-mail.
    Email,
}

impl ReminderChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderChannel::Whatsapp => "whatsapp",
            ReminderChannel::Sms => "sms",
            ReminderChannel::Email => "email",
        }
    }
}

impl fmt::Display for ReminderChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReminderChannel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [ReminderChannel::Whatsapp, ReminderChannel::Sms, ReminderChannel::Email]
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown reminder channel '{s}'"))
    }
}

/// One reminder, as recorded. `at` is Unix milliseconds, UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub id: i64,
    pub link_id: i64,
    pub at: i64,
    pub channel: ReminderChannel,
    /// The phone (as shown, or `90…` for WhatsApp) or e-mail address; `None` when WhatsApp let
    /// the owner pick the contact.
    pub to: Option<String>,
}

/// "Due a reminder" as of `now_ms`, after `after_ms` of waiting (the `remind_after_hours`
/// setting; see [`super::Settings::remind_window`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RemindWindow {
    pub now_ms: i64,
    pub after_ms: i64,
}

impl RemindWindow {
    pub fn new(now_ms: i64, after_hours: u32) -> RemindWindow {
        RemindWindow { now_ms, after_ms: i64::from(after_hours) * HOUR_MS }
    }

    /// Created at or before this, and not reminded after it.
    pub fn cutoff(&self) -> i64 {
        self.now_ms.saturating_sub(self.after_ms)
    }

    /// The SQL condition on `links` and its values, numbered from `?{first}`. Walks
    /// `links_remind` (status, created_at, expires_at) and looks each candidate up in
    /// `reminders_link_at`.
    pub(super) fn condition(&self, first: usize) -> (String, Vec<Value>) {
        let (cut, now) = (first, first + 1);
        (
            format!(
                "status = 'waiting' AND created_at <= ?{cut} AND (expires_at IS NULL OR expires_at > ?{now}) \
                 AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.link_id = links.id AND r.at > ?{cut})"
            ),
            vec![Value::Integer(self.cutoff()), Value::Integer(self.now_ms)],
        )
    }
}

fn read_reminder(r: &rusqlite::Row) -> rusqlite::Result<Reminder> {
    let channel: String = r.get(3)?;
    Ok(Reminder {
        id: r.get(0)?,
        link_id: r.get(1)?,
        at: r.get(2)?,
        channel: channel
            .parse()
            .map_err(|e: String| rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.into()))?,
        to: r.get(4)?,
    })
}

impl Store {
    /// Records that link `link_id` was reminded at `at` by `channel` (to `to`, if known).
    pub fn record_reminder(
        &self,
        link_id: i64,
        channel: ReminderChannel,
        to: Option<&str>,
        at: i64,
    ) -> Result<Reminder, StoreError> {
        let done = self.conn.execute(
            "INSERT INTO reminders (link_id, at, channel, sent_to) VALUES (?1, ?2, ?3, ?4)",
            params![link_id, at, channel.as_str(), to],
        );
        match done {
            Ok(_) => {
                Ok(Reminder { id: self.conn.last_insert_rowid(), link_id, at, channel, to: to.map(str::to_owned) })
            }
            Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == ErrorCode::ConstraintViolation => {
                Err(StoreError::NotFound(link_id))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Every reminder of one link, newest first (Paylaş shows them).
    pub fn reminders(&self, link_id: i64) -> Result<Vec<Reminder>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, link_id, at, channel, sent_to FROM reminders WHERE link_id = ?1 ORDER BY at DESC, id DESC",
        )?;
        let rows = stmt.query_map([link_id], read_reminder)?.collect::<Result<Vec<_>, _>>();
        rows.map_err(super::links::read_error)
    }

    /// The latest reminder of each of `link_ids` that has one (a page of Linkler's rows), in one
    /// query: one index seek per id.
    pub fn last_reminders(&self, link_ids: &[i64]) -> Result<HashMap<i64, Reminder>, StoreError> {
        if link_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let ids = serde_json::to_string(link_ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut stmt = self.conn.prepare(
            "SELECT id, link_id, at, channel, sent_to FROM reminders WHERE id IN (
                 SELECT (SELECT x.id FROM reminders x WHERE x.link_id = j.value ORDER BY x.at DESC, x.id DESC LIMIT 1)
                 FROM json_each(?1) j)",
        )?;
        let rows = stmt.query_map([ids], read_reminder)?.collect::<Result<Vec<_>, _>>();
        Ok(rows.map_err(super::links::read_error)?.into_iter().map(|r| (r.link_id, r)).collect())
    }

    /// How many links are due a reminder (the Linkler tab's badge).
    pub fn count_to_remind(&self, window: RemindWindow) -> Result<u64, StoreError> {
        let (cond, args) = window.condition(1);
        let n: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM links WHERE {cond}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Whether one link is due a reminder (the row's "Hatırlat").
    pub fn is_due_reminder(&self, link_id: i64, window: RemindWindow) -> Result<bool, StoreError> {
        let (cond, mut args) = window.condition(2);
        args.insert(0, Value::Integer(link_id));
        let n: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM links WHERE id = ?1 AND {cond}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}
