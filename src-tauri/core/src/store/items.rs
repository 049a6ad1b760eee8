//! The saved items' table (schema step 10; the items themselves are in `crate::items`): create,
//! change, delete, reorder and the type-ahead search. Positions stay 0.. without gaps: every
//! change that moves them runs as one unit ([`Store::atomically`]).

use super::search::fold;
use super::{Store, StoreError};
use crate::items::{name_key, NewItem, SavedItem};
use crate::links::{ExpiryChoice, PaytrKind};
use rusqlite::{params, OptionalExtension, Row, ToSql};

const COLUMNS: &str = "id, name, amount_minor, currency, description, provider, expiry_kind, expiry_value, \
    max_installment, link_type, flex_max_minor, position, created_at, updated_at";

/// How `at` expiries are written: Turkey's wall clock, as the form sends it.
const AT_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

fn bad(what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, what.to_string().into())
}

fn expiry_columns(e: ExpiryChoice) -> (&'static str, Option<String>) {
    match e {
        ExpiryChoice::Days(d) => ("days", Some(d.to_string())),
        ExpiryChoice::Hours(h) => ("hours", Some(h.to_string())),
        ExpiryChoice::At(at) => ("at", Some(at.format(AT_FORMAT).to_string())),
        ExpiryChoice::None => ("none", None),
    }
}

fn read_expiry(kind: &str, value: Option<&str>) -> Option<ExpiryChoice> {
    let v = value.unwrap_or("");
    Some(match kind {
        "days" => ExpiryChoice::Days(v.parse().ok()?),
        "hours" => ExpiryChoice::Hours(v.parse().ok()?),
        "at" => ExpiryChoice::At(chrono::NaiveDateTime::parse_from_str(v, AT_FORMAT).ok()?),
        "none" => ExpiryChoice::None,
        _ => return None,
    })
}

pub(crate) fn link_type_str(k: PaytrKind) -> &'static str {
    match k {
        PaytrKind::Product => "product",
        PaytrKind::Collection => "collection",
        PaytrKind::Flex => "flex",
    }
}

fn read_link_type(s: &str) -> Option<PaytrKind> {
    match s {
        "product" => Some(PaytrKind::Product),
        "collection" => Some(PaytrKind::Collection),
        "flex" => Some(PaytrKind::Flex),
        _ => None,
    }
}

fn row(r: &Row<'_>) -> rusqlite::Result<SavedItem> {
    let currency: String = r.get(3)?;
    let provider: Option<String> = r.get(5)?;
    let kind: String = r.get(6)?;
    let value: Option<String> = r.get(7)?;
    let link_type: String = r.get(9)?;
    Ok(SavedItem {
        id: r.get(0)?,
        item: NewItem {
            name: r.get(1)?,
            amount_minor: r.get(2)?,
            currency: currency.parse().map_err(|_| bad("currency"))?,
            description: r.get(4)?,
            provider: provider.map(|p| p.parse()).transpose().map_err(|_| bad("provider"))?,
            expiry: read_expiry(&kind, value.as_deref()).ok_or_else(|| bad("expiry"))?,
            max_installment: r.get(8)?,
            link_type: read_link_type(&link_type).ok_or_else(|| bad("link_type"))?,
            flex_max_minor: r.get(10)?,
        },
        position: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

impl Store {
    /// Every saved item, in the owner's order.
    /// A row that cannot be read (a value this version does not know) is left out and logged,
    /// so one odd item never hides the others.
    pub fn items(&self) -> Result<Vec<SavedItem>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM saved_items ORDER BY position, id"))?;
        let mut items = Vec::new();
        for found in stmt.query_map([], row)? {
            match found {
                Ok(item) => items.push(item),
                Err(e) => log::warn!("saved items: skipped a row that could not be read: {e}"),
            }
        }
        Ok(items)
    }

    pub fn item(&self, id: i64) -> Result<SavedItem, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM saved_items WHERE id = ?1");
        self.conn.query_row(&sql, [id], row).optional()?.ok_or(StoreError::NotFound(id))
    }

    /// The item with this name as the owner reads it (`IŞIK` finds `ışık`), if any.
    pub fn item_by_name(&self, name: &str) -> Result<Option<SavedItem>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM saved_items WHERE name_key = ?1");
        Ok(self.conn.query_row(&sql, [name_key(name)], row).optional()?)
    }

    /// Stores a checked item: a new one (`id` `None`) goes last; an existing one keeps its place.
    /// A name another item already has is [`StoreError::DuplicateItem`].
    pub fn save_item(&self, id: Option<i64>, item: &NewItem, now_ms: i64) -> Result<SavedItem, StoreError> {
        self.atomically(|s| s.save_item_now(id, item, now_ms))
    }

    fn save_item_now(&self, id: Option<i64>, item: &NewItem, now_ms: i64) -> Result<SavedItem, StoreError> {
        let tx = &self.conn;
        let key = name_key(&item.name);
        let clash: Option<i64> =
            tx.query_row("SELECT id FROM saved_items WHERE name_key = ?1", [&key], |r| r.get(0)).optional()?;
        if clash.is_some_and(|other| Some(other) != id) {
            return Err(StoreError::DuplicateItem(item.name.clone()));
        }
        let (kind, value) = expiry_columns(item.expiry);
        let provider = item.provider.map(|p| p.as_str());
        let code = item.currency.code();
        let link_type = link_type_str(item.link_type);
        // ?1–?12 are the same for both statements; the update adds the id as ?13.
        let fields = params![
            item.name,
            key,
            item.amount_minor,
            code,
            item.description,
            provider,
            kind,
            value,
            item.max_installment,
            link_type,
            item.flex_max_minor,
            now_ms
        ];
        let id = match id {
            Some(id) => {
                let mut args: Vec<&dyn ToSql> = fields.to_vec();
                args.push(&id);
                let changed = tx.execute(
                    "UPDATE saved_items SET name = ?1, name_key = ?2, amount_minor = ?3, currency = ?4, description = ?5,
                         provider = ?6, expiry_kind = ?7, expiry_value = ?8, max_installment = ?9, link_type = ?10,
                         flex_max_minor = ?11, updated_at = ?12
                     WHERE id = ?13",
                    args.as_slice(),
                )?;
                if changed == 0 {
                    return Err(StoreError::NotFound(id));
                }
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO saved_items (name, name_key, amount_minor, currency, description, provider, expiry_kind,
                         expiry_value, max_installment, link_type, flex_max_minor, position, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,
                         (SELECT count(*) FROM saved_items), ?12, ?12)",
                    fields,
                )?;
                tx.last_insert_rowid()
            }
        };
        Ok(tx.query_row(&format!("SELECT {COLUMNS} FROM saved_items WHERE id = ?1"), [id], row)?)
    }

    /// Deletes an item; the ones after it move up one place.
    pub fn delete_item(&self, id: i64) -> Result<(), StoreError> {
        self.atomically(|s| {
            let tx = &s.conn;
            let position: Option<i64> =
                tx.query_row("SELECT position FROM saved_items WHERE id = ?1", [id], |r| r.get(0)).optional()?;
            let Some(position) = position else { return Err(StoreError::NotFound(id)) };
            tx.execute("DELETE FROM saved_items WHERE id = ?1", [id])?;
            tx.execute("UPDATE saved_items SET position = position - 1 WHERE position > ?1", [position])?;
            Ok(())
        })
    }

    /// Puts the items in the order of `ids`, which must name every item exactly once (a list
    /// from before another change is refused with [`StoreError::BadOrder`], nothing moved).
    pub fn reorder_items(&self, ids: &[i64]) -> Result<(), StoreError> {
        self.atomically(|s| s.reorder_items_now(ids))
    }

    fn reorder_items_now(&self, ids: &[i64]) -> Result<(), StoreError> {
        let tx = &self.conn;
        let mut all: Vec<i64> =
            tx.prepare("SELECT id FROM saved_items")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut asked = ids.to_vec();
        all.sort_unstable();
        asked.sort_unstable();
        if all != asked {
            return Err(StoreError::BadOrder);
        }
        {
            let mut set = tx.prepare("UPDATE saved_items SET position = ?2 WHERE id = ?1")?;
            for (position, id) in ids.iter().enumerate() {
                set.execute(params![id, position as i64])?;
            }
        }
        Ok(())
    }

    /// The type-ahead: items whose name or description has a word starting with each word of
    /// `query` (Turkish-insensitive: "cay" finds "Çay"), in the owner's order, at most `limit`.
    /// An empty query gives the first `limit` items (the quick buttons). A shop keeps tens or a
    /// few hundred items, so they are matched here rather than through an index.
    pub fn search_items(&self, query: &str, limit: usize) -> Result<Vec<SavedItem>, StoreError> {
        let terms = super::search::query_terms(query);
        let mut found = Vec::new();
        for item in self.items()? {
            if found.len() >= limit {
                break;
            }
            let text = fold(&format!("{} {}", item.item.name, item.item.description));
            let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            let whole = text.as_str();
            // A term with punctuation ("2,5", "a-b") is matched at a word start in the whole text.
            let matches = |t: &String| {
                words.iter().any(|w| w.starts_with(t.as_str()))
                    || whole
                        .match_indices(t.as_str())
                        .any(|(i, _)| i == 0 || !whole[..i].ends_with(char::is_alphanumeric))
            };
            if terms.iter().all(matches) {
                found.push(item);
            }
        }
        Ok(found)
    }
}
