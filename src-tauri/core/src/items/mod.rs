//! Saved items ("hızlı ürünler", issue 11 §3): what the owner sells often, kept with its price,
//! description, provider, expiry and installments so the new-link form can be filled in one
//! pick. An item is checked by the same rules as the link form it fills ([`validate`]); it is
//! stored in the book's `saved_items` table (`store/items.rs`) and moves in and out as CSV
//! ([`csv`]).

pub mod csv;
mod validate;

pub use validate::{name_key, validate_item, NAME_MAX};

use crate::links::{CreateForm, ExpiryChoice, FieldError, PaytrKind, PaytrOptions};
use crate::money::{Currency, Money};
use crate::providers::Provider;
use crate::store::{Store, StoreError};
use crate::Lang;
use chrono::{DateTime, Utc};

/// An item as typed: its name and the link-form fields it fills. `form.provider` `None`: the
/// form's default provider; `form.amount_text` empty: the customer chooses the amount (PayTR
/// flex only). The form's customer, contact, sending and reference fields are not kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemInput {
    /// `None`: a new item.
    pub id: Option<i64>,
    pub name: String,
    pub form: CreateForm,
}

/// An item that passed every check, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewItem {
    pub name: String,
    /// `None`: the customer chooses (PayTR flex).
    pub amount_minor: Option<i64>,
    pub currency: Currency,
    pub description: String,
    pub provider: Option<Provider>,
    pub expiry: ExpiryChoice,
    pub max_installment: u32,
    pub link_type: PaytrKind,
    pub flex_max_minor: Option<i64>,
}

/// A stored item. Times are Unix milliseconds, UTC; `position` is 0.. without gaps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedItem {
    pub id: i64,
    pub item: NewItem,
    pub position: u32,
    pub created_at: i64,
    pub updated_at: i64,
}

impl NewItem {
    /// The link form this item fills (amount as the owner types it: `1.234,56`).
    pub fn to_form(&self) -> CreateForm {
        CreateForm {
            provider: self.provider,
            amount_text: self.amount_minor.map(|m| amount_text(m, self.currency)).unwrap_or_default(),
            currency: self.currency,
            description: self.description.clone(),
            expiry: self.expiry,
            max_installment: self.max_installment,
            paytr: PaytrOptions {
                link_type: self.link_type,
                flex_max_text: self.flex_max_minor.map(|m| amount_text(m, self.currency)).unwrap_or_default(),
                ..PaytrOptions::default()
            },
            ..CreateForm::default()
        }
    }
}

/// `1.234,56`: the amount as the owner types it, without the currency.
pub fn amount_text(minor: i64, currency: Currency) -> String {
    let text = Money::new(minor, currency)
        .map(Money::format)
        .unwrap_or_else(|_| format!("{},{:02}", minor / 100, minor % 100));
    let suffix = format!(" {}", currency.code());
    text.strip_suffix(&suffix).map(str::to_string).unwrap_or(text)
}

/// Why saving an item failed.
#[derive(Debug, thiserror::Error)]
pub enum ItemError {
    /// The fields to fix, each with its message.
    #[error("the item has {} problem(s)", .0.len())]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Checks `input` (see [`validate_item`] for `default`) and stores it (a new item goes last). A
/// name already used by another item, as the owner would read it (`IŞIK` = `ışık`), is a field
/// error on `name`.
pub fn save(
    store: &Store,
    input: &ItemInput,
    default: Option<Provider>,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<SavedItem, ItemError> {
    let item = validate_item(input, default, lang, now).map_err(ItemError::Invalid)?;
    match store.save_item(input.id, &item, now.timestamp_millis()) {
        Err(StoreError::DuplicateItem(name)) => Err(ItemError::Invalid(vec![name_taken(&name, lang)])),
        other => Ok(other?),
    }
}

pub(crate) fn name_taken(name: &str, lang: Lang) -> FieldError {
    FieldError {
        field: "name",
        code: "name_taken",
        message: if lang == Lang::Tr {
            format!("\"{name}\" adında bir ürün zaten var: başka bir ad yazın ya da o ürünü düzenleyin.")
        } else {
            format!("An item named \"{name}\" already exists: choose another name or edit that item.")
        },
    }
}

#[cfg(test)]
mod tests;
