//! Schema versions, tracked in `PRAGMA user_version`. Append new steps; never edit old ones.

use super::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// Step `i` takes the file from version `i` to `i + 1`.
const STEPS: &[&str] = &[
    // 1: links and settings.
    "CREATE TABLE links (
        id           INTEGER PRIMARY KEY,
        local_ref    TEXT    NOT NULL UNIQUE,
        provider     TEXT    NOT NULL CHECK (provider IN ('paynet', 'paytr')),
        provider_id  TEXT,
        url          TEXT,
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
        currency     TEXT    NOT NULL,
        description  TEXT    NOT NULL,
        customer     TEXT    NOT NULL,
        phone        TEXT,
        email        TEXT,
        status       TEXT    NOT NULL,
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER,
        paid_at      INTEGER,
        updated_at   INTEGER NOT NULL,
        payment_ref  TEXT,
        last_error   TEXT,
        search_text  TEXT    NOT NULL
    );
    CREATE UNIQUE INDEX links_provider_id ON links (provider, provider_id);
    CREATE INDEX links_status_created ON links (status, created_at);
    CREATE INDEX links_status_provider_created ON links (status, provider, created_at);
    CREATE INDEX links_provider_created ON links (provider, created_at);
    -- Newest-first paging walks this index in order (the id breaks ties), and a text search
    -- scans it (covering) instead of the wider table rows.
    CREATE INDEX links_created_search ON links (created_at, id, search_text);
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;",
    // 2: PayTR sales the payment tracker has seen (the report carries no link id; see
    // src/tracker/store_impl.rs): which link each paid, or the owner's pick pending. A sale is
    // attributed at most once (primary key) and a link takes at most one sale (unique index).
    "CREATE TABLE paytr_sales (
        merchant_oid  TEXT    PRIMARY KEY,
        state         TEXT    NOT NULL CHECK (state IN ('unmatched', 'ambiguous', 'attributed', 'dismissed')),
        link_id       INTEGER REFERENCES links (id),
        candidates    TEXT    NOT NULL DEFAULT '',
        amount_minor  INTEGER NOT NULL,
        paid_minor    INTEGER NOT NULL,
        currency      TEXT    NOT NULL,
        installments  INTEGER,
        sale_date     TEXT    NOT NULL,
        sale_time     TEXT,
        first_seen_at INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX paytr_sales_link ON paytr_sales (link_id) WHERE state = 'attributed';
    CREATE INDEX paytr_sales_date ON paytr_sales (sale_date);",
    // 3: the owner's own reference (invoice / order number). Kept here for both providers: PayTR
    // links have no field for it (callback_id needs a public callback_link), Paynet also gets it
    // as `agent_note` so it shows in Paynet's reports.
    "ALTER TABLE links ADD COLUMN reference TEXT;",
    // 4: "payments since you last looked" is counted on every payment and every look at
    // Linkler: an index range instead of reading every paid link (70,000 in a busy shop).
    "CREATE INDEX links_status_updated ON links (status, updated_at);",
    // 5: text search through a trigram index of `search_text` (already folded, hence
    // case_sensitive: the index matches bytes exactly, as `instr` does). A rare word no longer
    // reads 100,000 rows, and a search's total is counted from the index. External content: the
    // text stays in `links` once; the triggers keep the index in step with it.
    "CREATE VIRTUAL TABLE links_fts USING fts5(
        search_text, content = 'links', content_rowid = 'id', tokenize = 'trigram case_sensitive 1'
    );
    INSERT INTO links_fts (links_fts) VALUES ('rebuild');
    CREATE TRIGGER links_fts_insert AFTER INSERT ON links BEGIN
        INSERT INTO links_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END;
    CREATE TRIGGER links_fts_delete AFTER DELETE ON links BEGIN
        INSERT INTO links_fts (links_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END;
    CREATE TRIGGER links_fts_update AFTER UPDATE OF search_text ON links BEGIN
        INSERT INTO links_fts (links_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO links_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END;",
    // 6: what a PayTR link allows beyond its price, so the tracker knows which sales could be its
    // (issue 8 §3): `link_type` (product / collection / flex), the quantity one payment buys at
    // least (`min_count`), the stock (`max_count`, NULL = unlimited) and a flex link's maximum
    // (kuruş). NULL `link_type`: a Paynet link, or a PayTR link made before this step (matched
    // by its price alone, as then).
    "ALTER TABLE links ADD COLUMN link_type TEXT CHECK (link_type IN ('product', 'collection', 'flex'));
    ALTER TABLE links ADD COLUMN min_count INTEGER CHECK (min_count >= 1);
    ALTER TABLE links ADD COLUMN max_count INTEGER CHECK (max_count >= 1);
    ALTER TABLE links ADD COLUMN flex_max_minor INTEGER CHECK (flex_max_minor >= 0);",
    // 7 (issue 11 §1):
    // what the provider pays out after its fees, where it says so, for the day report. PayTR
    // gives `net_tutar` per sale in its report (kept with the sale); Paynet gives `netAmount` in
    // `transaction/check` (kept on the link when the tracker confirms the payment). NULL: not said.
    // Also the Linkler summary strip's index: every filter but a text search reads its totals
    // from this index alone, already grouped by status and currency (one range of days per
    // pair), never the wide rows (bench_store prints the figures with and without it).
    "ALTER TABLE links ADD COLUMN net_minor INTEGER;
    ALTER TABLE paytr_sales ADD COLUMN net_minor INTEGER;
    CREATE INDEX links_summary ON links (status, currency, created_at, provider, amount_minor);",
    // 8 (issue 12): iyzico links. SQLite cannot widen a CHECK in place, so `links` is rebuilt
    // (https://sqlite.org/lang_altertable.html#otheralter): the same columns in the same order
    // (only the provider list is wider), every row copied with its id (the text index
    // `links_fts` is keyed by it and stays valid), then the indexes and the index's triggers made
    // again. Runs with foreign keys off (see `Store::prepare`), so dropping the old table does not
    // touch `paytr_sales`, whose `link_id` points at the same ids afterwards.
    "CREATE TABLE links_v8 (
        id             INTEGER PRIMARY KEY,
        local_ref      TEXT    NOT NULL UNIQUE,
        provider       TEXT    NOT NULL CHECK (provider IN ('paynet', 'paytr', 'iyzico')),
        provider_id    TEXT,
        url            TEXT,
        amount_minor   INTEGER NOT NULL CHECK (amount_minor >= 0),
        currency       TEXT    NOT NULL,
        description    TEXT    NOT NULL,
        customer       TEXT    NOT NULL,
        phone          TEXT,
        email          TEXT,
        status         TEXT    NOT NULL,
        created_at     INTEGER NOT NULL,
        expires_at     INTEGER,
        paid_at        INTEGER,
        updated_at     INTEGER NOT NULL,
        payment_ref    TEXT,
        last_error     TEXT,
        search_text    TEXT    NOT NULL,
        reference      TEXT,
        link_type      TEXT    CHECK (link_type IN ('product', 'collection', 'flex')),
        min_count      INTEGER CHECK (min_count >= 1),
        max_count      INTEGER CHECK (max_count >= 1),
        flex_max_minor INTEGER CHECK (flex_max_minor >= 0),
        net_minor      INTEGER
    );
    INSERT INTO links_v8 (id, local_ref, provider, provider_id, url, amount_minor, currency, description,
        customer, phone, email, status, created_at, expires_at, paid_at, updated_at, payment_ref, last_error,
        search_text, reference, link_type, min_count, max_count, flex_max_minor, net_minor)
    SELECT id, local_ref, provider, provider_id, url, amount_minor, currency, description,
        customer, phone, email, status, created_at, expires_at, paid_at, updated_at, payment_ref, last_error,
        search_text, reference, link_type, min_count, max_count, flex_max_minor, net_minor FROM links;
    DROP TABLE links;
    ALTER TABLE links_v8 RENAME TO links;
    CREATE UNIQUE INDEX links_provider_id ON links (provider, provider_id);
    CREATE INDEX links_status_created ON links (status, created_at);
    CREATE INDEX links_status_provider_created ON links (status, provider, created_at);
    CREATE INDEX links_provider_created ON links (provider, created_at);
    CREATE INDEX links_created_search ON links (created_at, id, search_text);
    CREATE INDEX links_status_updated ON links (status, updated_at);
    CREATE INDEX links_summary ON links (status, currency, created_at, provider, amount_minor);
    CREATE TRIGGER links_fts_insert AFTER INSERT ON links BEGIN
        INSERT INTO links_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END;
    CREATE TRIGGER links_fts_delete AFTER DELETE ON links BEGIN
        INSERT INTO links_fts (links_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END;
    CREATE TRIGGER links_fts_update AFTER UPDATE OF search_text ON links BEGIN
        INSERT INTO links_fts (links_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO links_fts (rowid, search_text) VALUES (new.id, new.search_text);
    END;",
    // 9 (issue 11 §2): when and how the owner reminded a customer of an unpaid link (store/
    // reminders.rs). `sent_to` (the phone or e-mail, NULL: WhatsApp's own contact picker) is not
    // named `to`, an SQL keyword. Read by link, newest first (`reminders_link_at`). The
    // "to remind" filter and the tab's count walk the old waiting links in `links_remind`, which
    // carries the expiry too, so no link row is read just to be skipped.
    "CREATE TABLE reminders (
        id      INTEGER PRIMARY KEY,
        link_id INTEGER NOT NULL REFERENCES links (id),
        at      INTEGER NOT NULL,
        channel TEXT    NOT NULL CHECK (channel IN ('whatsapp', 'sms', 'email')),
        sent_to TEXT
    );
    CREATE INDEX reminders_link_at ON reminders (link_id, at);
    CREATE INDEX links_remind ON links (status, created_at, expires_at);",
    // 10 (issue 11 §3): the owner's saved items ("hızlı ürünler"), offered in the new-link form.
    // `name_key` is the name trimmed and lower-cased the Turkish way (I→ı, İ→i), unique, so
    // "IŞIK" and "ışık" are one item. NULL `amount_minor`: the customer chooses the amount (PayTR
    // flex only); NULL `provider`: the form's default. The expiry keeps the form's shape:
    // `expiry_kind` and its value (a day or hour count, or Turkey's wall clock for `at`).
    // `position` is 0.. without gaps (kept so by store/items.rs, not unique here: a reorder
    // passes through duplicates inside its transaction).
    "CREATE TABLE saved_items (
        id              INTEGER PRIMARY KEY,
        name            TEXT    NOT NULL,
        name_key        TEXT    NOT NULL UNIQUE,
        amount_minor    INTEGER CHECK (amount_minor > 0),
        currency        TEXT    NOT NULL,
        description     TEXT    NOT NULL,
        provider        TEXT    CHECK (provider IN ('paynet', 'paytr', 'iyzico')),
        expiry_kind     TEXT    NOT NULL CHECK (expiry_kind IN ('days', 'hours', 'at', 'none')),
        expiry_value    TEXT,
        max_installment INTEGER NOT NULL DEFAULT 1 CHECK (max_installment BETWEEN 1 AND 12),
        link_type       TEXT    NOT NULL DEFAULT 'product' CHECK (link_type IN ('product', 'collection', 'flex')),
        flex_max_minor  INTEGER CHECK (flex_max_minor > 0),
        position        INTEGER NOT NULL CHECK (position >= 0),
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
    );
    CREATE INDEX saved_items_position ON saved_items (position);",
    // 11 (issue 11 §1, gaps): refunds and Paynet's installment surcharge. Each refund the
    // tracker reads is one row of `refunds`, keyed by what identifies it at the provider
    // (`refund_key`), so reading the same report row again records nothing new; the link keeps
    // their sum (`refunded_minor`, written in the same transaction); the summary strip takes the
    // refunded payments off its totals through their own small partial index (`links_refunded`),
    // so its main statement stays on the summary index as it was. `net_minor`: the
    // refund row's own net, when the provider says. `surcharge_minor` and `installments`: what
    // Paynet charged the card beyond the link's amount and in how many installments
    // (`transaction/check` `amount`, `instalment`), NULL when not said.
    "CREATE TABLE refunds (
        provider     TEXT    NOT NULL,
        refund_key   TEXT    NOT NULL,
        link_id      INTEGER NOT NULL REFERENCES links (id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        net_minor    INTEGER,
        at           INTEGER NOT NULL,
        seen_at      INTEGER NOT NULL,
        PRIMARY KEY (provider, refund_key)
    ) WITHOUT ROWID;
    CREATE INDEX refunds_link ON refunds (link_id, at);
    ALTER TABLE links ADD COLUMN refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0);
    ALTER TABLE links ADD COLUMN surcharge_minor INTEGER CHECK (surcharge_minor >= 0);
    ALTER TABLE links ADD COLUMN installments INTEGER CHECK (installments >= 1);
    CREATE INDEX links_refunded ON links (status, currency, created_at, provider, amount_minor, refunded_minor)
        WHERE refunded_minor > 0;",
];

/// The schema version this code writes.
pub const CURRENT: u32 = STEPS.len() as u32;

/// Brings the file up to [`CURRENT`], one transaction per step. A file from a newer version of the
/// app is refused untouched.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = version(conn)?;
    if found > CURRENT {
        return Err(StoreError::TooNew { found, known: CURRENT });
    }
    for (i, step) in STEPS.iter().enumerate().skip(found as usize) {
        // The write lock first, then the version again: another process opening the same file
        // (the CLI, a second start) may have taken this step meanwhile; it is not taken twice.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if version(&tx)? > i as u32 {
            continue;
        }
        tx.execute_batch(step)?;
        // A rebuilt table must leave every reference to it whole (foreign keys are off here).
        let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if broken != 0 {
            return Err(StoreError::Corrupt(format!("schema step {} left {broken} broken references", i + 1)));
        }
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Takes a file only as far as `target` (an old app's file, for the upgrade tests). Not used by
/// the app, which always goes to [`CURRENT`].
#[doc(hidden)]
pub fn migrate_until(conn: &mut Connection, target: u32) -> Result<(), StoreError> {
    for (i, step) in STEPS.iter().enumerate().take(target as usize).skip(version(conn)? as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

pub fn version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}
