//! Writing and reading single links: the create protocol and status changes.

use super::model::{LinkRecord, LinkStatus, NewLink, PaytrTerms};
use super::{now_ms, search, Store, StoreError};
use crate::providers::Provider;
use rusqlite::types::Type;
use rusqlite::{params, ErrorCode, OptionalExtension, Row};

/// The columns [`read_row`] expects, in order.
pub(super) const COLUMNS: &str = "id, local_ref, provider, provider_id, url, amount_minor, currency, \
     description, customer, phone, email, status, created_at, expires_at, paid_at, updated_at, \
     payment_ref, last_error, reference, link_type, min_count, max_count, flex_max_minor, refunded_minor";

fn parse_col<T: std::str::FromStr<Err = String>>(row: &Row, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    text.parse().map_err(|e: String| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, e.into()))
}

pub(super) fn read_row(row: &Row) -> rusqlite::Result<LinkRecord> {
    Ok(LinkRecord {
        id: row.get(0)?,
        local_ref: row.get(1)?,
        provider: parse_col(row, 2)?,
        provider_id: row.get(3)?,
        url: row.get(4)?,
        amount_minor: row.get(5)?,
        currency: parse_col(row, 6)?,
        description: row.get(7)?,
        customer: row.get(8)?,
        phone: row.get(9)?,
        email: row.get(10)?,
        status: parse_col(row, 11)?,
        created_at: row.get(12)?,
        expires_at: row.get(13)?,
        paid_at: row.get(14)?,
        updated_at: row.get(15)?,
        payment_ref: row.get(16)?,
        last_error: row.get(17)?,
        reference: row.get(18)?,
        paytr: read_terms(row, 19)?,
        refunded_minor: row.get(23)?,
    })
}

/// The PayTR terms from `link_type, min_count, max_count, flex_max_minor` at `idx..`. A flex row
/// without its maximum reads as unknown terms (matched by price alone) rather than failing.
fn read_terms(row: &Row, idx: usize) -> rusqlite::Result<Option<PaytrTerms>> {
    let kind: Option<String> = row.get(idx)?;
    let (min, max, flex): (Option<u32>, Option<u32>, Option<i64>) =
        (row.get(idx + 1)?, row.get(idx + 2)?, row.get(idx + 3)?);
    Ok(match kind.as_deref() {
        None => None,
        Some("product") => Some(PaytrTerms::Product { min_count: min.unwrap_or(1).max(1), max_count: max }),
        Some("collection") => Some(PaytrTerms::Collection),
        Some("flex") => flex.map(|max_minor| PaytrTerms::Flex { max_minor }),
        Some(other) => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                idx,
                Type::Text,
                format!("unknown link_type '{other}'").into(),
            ))
        }
    })
}

/// The terms as the four columns (all NULL for none).
fn terms_columns(t: &Option<PaytrTerms>) -> (Option<&'static str>, Option<u32>, Option<u32>, Option<i64>) {
    match t {
        None => (None, None, None, None),
        Some(t @ PaytrTerms::Product { min_count, max_count }) => {
            (Some(t.link_type()), Some((*min_count).max(1)), *max_count, None)
        }
        Some(t @ PaytrTerms::Collection) => (Some(t.link_type()), None, None, None),
        Some(t @ PaytrTerms::Flex { max_minor }) => (Some(t.link_type()), None, None, Some(*max_minor)),
    }
}

/// Maps a read failure: a value this code cannot understand is corruption, not a crash.
pub(super) fn read_error(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) => {
            StoreError::Corrupt(e.to_string())
        }
        e => StoreError::Sqlite(e),
    }
}

/// Our reference: sent as Paynet `reference_no` and PayTR `callback_id` (alphanumeric, ≤ 32).
fn new_local_ref() -> String {
    uuid::Uuid::new_v4().simple().to_string().to_ascii_uppercase()
}

fn valid_ref(r: &str) -> bool {
    (1..=32).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The description with the owner's reference, as one searchable text.
fn searchable(description: &str, reference: &Option<String>) -> String {
    match reference {
        Some(r) => format!("{description} {r}"),
        None => description.to_string(),
    }
}

fn is_unique_violation(e: &rusqlite::Error, column: &str) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, Some(msg))
        if f.code == ErrorCode::ConstraintViolation && msg.contains(column))
}

impl Store {
    /// Records a link about to be created (status `creating`), before the provider is called.
    pub fn begin_create(&self, new: &NewLink) -> Result<LinkRecord, StoreError> {
        self.begin_create_at(new, now_ms())
    }

    /// [`Store::begin_create`] with an explicit creation time (imports, tests, benchmarks).
    pub fn begin_create_at(&self, new: &NewLink, created_at: i64) -> Result<LinkRecord, StoreError> {
        let local_ref = match &new.local_ref {
            Some(r) if valid_ref(r) => r.clone(),
            Some(r) => return Err(StoreError::InvalidRef(r.clone())),
            None => new_local_ref(),
        };
        let minor = new.amount.minor();
        let text = search::search_text(&new.customer, &searchable(&new.description, &new.reference), None, minor);
        let terms = if new.provider == Provider::Paytr { &new.paytr } else { &None };
        let (link_type, min_count, max_count, flex_max) = terms_columns(terms);
        let inserted = self.conn.execute(
            "INSERT INTO links (local_ref, provider, amount_minor, currency, description, customer,
                 phone, email, status, created_at, updated_at, search_text, reference,
                 link_type, min_count, max_count, flex_max_minor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                local_ref,
                new.provider.as_str(),
                minor,
                new.amount.currency().code(),
                new.description,
                new.customer,
                new.phone,
                new.email,
                LinkStatus::Creating.as_str(),
                created_at,
                text,
                new.reference,
                link_type,
                min_count,
                max_count,
                flex_max,
            ],
        );
        match inserted {
            Ok(_) => self.get(self.conn.last_insert_rowid()),
            Err(e) if is_unique_violation(&e, "links.local_ref") => Err(StoreError::DuplicateRef(local_ref)),
            Err(e) => Err(e.into()),
        }
    }

    /// The provider created the link: store its id and URL; the link now waits for payment.
    /// Also completes a link that was `unknown` once reconciling finds it.
    pub fn finish_create(
        &self,
        id: i64,
        provider_id: &str,
        url: &str,
        expires_at: Option<i64>,
    ) -> Result<LinkRecord, StoreError> {
        let link = self.get(id)?;
        // Only a create in flight or unresolved can be completed; a second finish is a bug.
        if !matches!(link.status, LinkStatus::Creating | LinkStatus::Unknown) {
            return Err(StoreError::IllegalTransition { id, from: link.status, to: LinkStatus::Waiting });
        }
        let text = search::search_text(
            &link.customer,
            &searchable(&link.description, &link.reference),
            Some(provider_id),
            link.amount_minor,
        );
        let done = self.conn.execute(
            "UPDATE links SET provider_id = ?1, url = ?2, expires_at = COALESCE(?3, expires_at), status = 'waiting',
                 last_error = NULL, search_text = ?4, updated_at = MAX(?5, updated_at + 1)
             WHERE id = ?6 AND status = ?7",
            params![provider_id, url, expires_at, text, now_ms(), id, link.status.as_str()],
        );
        match done {
            Ok(n) => self.after_update(n, &link, LinkStatus::Waiting),
            Err(e) if is_unique_violation(&e, "links.provider_id") => Err(StoreError::DuplicateProviderId {
                provider: link.provider.as_str().to_owned(),
                id: provider_id.to_owned(),
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// The expiry a create asked for, kept from the start: an uncertain create then still shows
    /// when it would stop being payable. Only while the create is in flight.
    pub fn set_planned_expiry(&self, id: i64, expires_at: Option<i64>) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE links SET expires_at = ?1 WHERE id = ?2 AND status = 'creating'",
            params![expires_at, id],
        )?;
        Ok(())
    }

    /// The outcome of a create (or change) is uncertain: the owner must check with the provider.
    pub fn mark_unknown(&self, id: i64, reason: &str) -> Result<LinkRecord, StoreError> {
        self.set_with_error(id, LinkStatus::Unknown, reason)
    }

    /// The provider refused the create; the row stays for the record.
    pub fn mark_failed(&self, id: i64, reason: &str) -> Result<LinkRecord, StoreError> {
        self.set_with_error(id, LinkStatus::Failed, reason)
    }

    fn set_with_error(&self, id: i64, to: LinkStatus, reason: &str) -> Result<LinkRecord, StoreError> {
        let link = self.checked(id, to)?;
        let n = self.conn.execute(
            "UPDATE links SET status = ?1, last_error = ?2, updated_at = MAX(?3, updated_at + 1) WHERE id = ?4 AND status = ?5",
            params![to.as_str(), reason, now_ms(), id, link.status.as_str()],
        )?;
        self.after_update(n, &link, to)
    }

    /// A status the provider reported. `at` (Unix ms) is when it happened; for `paid` it becomes
    /// `paid_at`, and `payment_ref` (Paynet `xact_id`, PayTR `merchant_oid`) is kept if given.
    pub fn set_status(
        &self,
        id: i64,
        status: LinkStatus,
        payment_ref: Option<&str>,
        at: i64,
    ) -> Result<LinkRecord, StoreError> {
        self.change_status(id, None, status, payment_ref, at).map(|(_, after)| after)
    }

    /// [`Self::set_status`] for a writer that decided on an older reading of the link. With
    /// `expected` = that reading's `(status, updated_at)`, the link must be untouched since
    /// (`updated_at` grows with every write, so it is the row's version); otherwise nothing is
    /// written and the answer is `IllegalTransition`. So a status a sweep saw before the owner's
    /// cancel or reopen never overwrites it. Returns the status the link had just before,
    /// beside the link as written.
    pub fn change_status(
        &self,
        id: i64,
        expected: Option<(LinkStatus, i64)>,
        status: LinkStatus,
        payment_ref: Option<&str>,
        at: i64,
    ) -> Result<(LinkStatus, LinkRecord), StoreError> {
        let link = self.checked(id, status)?;
        if expected.is_some_and(|e| e != (link.status, link.updated_at)) {
            return Err(StoreError::IllegalTransition { id, from: link.status, to: status });
        }
        let paid_at = (status == LinkStatus::Paid).then_some(at);
        let n = self.conn.execute(
            "UPDATE links SET status = ?1, payment_ref = COALESCE(?2, payment_ref),
                 paid_at = COALESCE(paid_at, ?3), updated_at = MAX(?4, updated_at + 1)
             WHERE id = ?5 AND status = ?6",
            params![status.as_str(), payment_ref, paid_at, now_ms(), id, link.status.as_str()],
        )?;
        Ok((link.status, self.after_update(n, &link, status)?))
    }

    /// After a crash, links still `creating` have an unknown outcome. Call once at start-up.
    pub fn recover_interrupted(&self) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE links SET status = 'unknown', last_error = ?1, updated_at = MAX(?2, updated_at + 1) WHERE status = 'creating'",
            params!["interrupted while creating", now_ms()],
        )?)
    }

    pub fn get(&self, id: i64) -> Result<LinkRecord, StoreError> {
        self.one("id = ?1", params![id])?.ok_or(StoreError::NotFound(id))
    }

    pub fn find_by_local_ref(&self, local_ref: &str) -> Result<Option<LinkRecord>, StoreError> {
        self.one("local_ref = ?1", params![local_ref])
    }

    pub fn find_by_provider_id(&self, provider: Provider, id: &str) -> Result<Option<LinkRecord>, StoreError> {
        self.one("provider = ?1 AND provider_id = ?2", params![provider.as_str(), id])
    }

    /// Links of `provider` still waiting for payment, oldest first (what the tracker polls).
    pub fn waiting(&self, provider: Provider) -> Result<Vec<LinkRecord>, StoreError> {
        self.list("status = 'waiting' AND provider = ?1", params![provider.as_str()])
    }

    /// Links of `provider` cancelled at or after `since_ms` (as last changed), oldest first.
    pub fn cancelled_since(&self, provider: Provider, since_ms: i64) -> Result<Vec<LinkRecord>, StoreError> {
        // `links_status_updated` gives the range.
        self.list("status = 'cancelled' AND updated_at >= ?1 AND provider = ?2", params![since_ms, provider.as_str()])
    }

    /// Links whose create outcome is uncertain, oldest first (what "Kontrol et" works on).
    pub fn unresolved(&self) -> Result<Vec<LinkRecord>, StoreError> {
        self.list("status IN ('creating', 'unknown')", params![])
    }

    fn one(&self, cond: &str, args: impl rusqlite::Params) -> Result<Option<LinkRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM links WHERE {cond}");
        self.conn.query_row(&sql, args, read_row).optional().map_err(read_error)
    }

    fn list(&self, cond: &str, args: impl rusqlite::Params) -> Result<Vec<LinkRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM links WHERE {cond} ORDER BY created_at, id");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(args, read_row)?;
        rows.collect::<Result<_, _>>().map_err(read_error)
    }

    /// The link, if it may become `to`.
    fn checked(&self, id: i64, to: LinkStatus) -> Result<LinkRecord, StoreError> {
        let link = self.get(id)?;
        if link.status.can_become(to) {
            Ok(link)
        } else {
            Err(StoreError::IllegalTransition { id, from: link.status, to })
        }
    }

    /// No row changed means someone changed the status between read and write: report it.
    fn after_update(&self, changed: usize, before: &LinkRecord, to: LinkStatus) -> Result<LinkRecord, StoreError> {
        let now = self.get(before.id)?;
        if changed == 0 {
            return Err(StoreError::IllegalTransition { id: before.id, from: now.status, to });
        }
        Ok(now)
    }
}
