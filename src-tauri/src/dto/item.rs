//! Saved items ("hızlı ürünler", issue 11 §3) as the UI sends and receives them. An item's
//! fields are the new-link form's own (`LinkFormDto`), so a picked item fills the form directly.

use super::form::{ExpiryDto, FieldErrorDto, LinkFormDto, LinkTypeDto};
use super::ProviderId;
use serde::{Deserialize, Serialize};
use tahsildar_core::items::{amount_text, ItemInput, SavedItem};
use tahsildar_core::links::{ExpiryChoice, PaytrKind};
use tahsildar_core::Lang;
use ts_rs::TS;

/// A saved item, ready to fill the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedItemDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// As the form types it (`1.234,56`); `""` when the customer chooses the amount.
    pub amount: String,
    /// `null` when the customer chooses the amount (PayTR flex).
    #[ts(type = "number | null")]
    pub amount_minor: Option<i64>,
    pub currency: String,
    pub description: String,
    /// `null`: the form's default provider.
    pub provider: Option<ProviderId>,
    pub expiry: ExpiryDto,
    pub max_installment: u32,
    pub link_type: LinkTypeDto,
    /// PayTR flex: the highest amount, as the form types it; `null` otherwise.
    pub flex_max: Option<String>,
    pub position: u32,
}

/// An item as typed in Ayarlar (or from Paylaş): `id` `null` saves a new one. `amount` `""`:
/// the customer chooses it (PayTR flex only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SavedItemInputDto {
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: String,
    pub amount: String,
    pub currency: String,
    pub description: String,
    /// `null`: the form's default provider.
    pub provider: Option<ProviderId>,
    pub expiry: ExpiryDto,
    pub max_installment: u32,
    pub link_type: LinkTypeDto,
    /// PayTR flex only.
    pub flex_max: Option<String>,
}

impl Default for SavedItemInputDto {
    fn default() -> Self {
        let form = LinkFormDto::default();
        SavedItemInputDto {
            id: None,
            name: String::new(),
            amount: form.amount,
            currency: form.currency,
            description: form.description,
            provider: None,
            expiry: form.expiry,
            max_installment: form.max_installment,
            link_type: form.link_type,
            flex_max: None,
        }
    }
}

pub fn expiry_dto(e: ExpiryChoice) -> ExpiryDto {
    match e {
        ExpiryChoice::Days(days) => ExpiryDto::Days { days },
        ExpiryChoice::Hours(hours) => ExpiryDto::Hours { hours },
        ExpiryChoice::At(at) => ExpiryDto::At { at: at.format("%Y-%m-%dT%H:%M").to_string() },
        ExpiryChoice::None => ExpiryDto::None,
    }
}

pub fn link_type_dto(k: PaytrKind) -> LinkTypeDto {
    match k {
        PaytrKind::Product => LinkTypeDto::Product,
        PaytrKind::Collection => LinkTypeDto::Collection,
        PaytrKind::Flex => LinkTypeDto::Flex,
    }
}

impl From<&SavedItem> for SavedItemDto {
    fn from(s: &SavedItem) -> Self {
        let i = &s.item;
        SavedItemDto {
            id: s.id,
            name: i.name.clone(),
            amount: i.amount_minor.map(|m| amount_text(m, i.currency)).unwrap_or_default(),
            amount_minor: i.amount_minor,
            currency: i.currency.code().to_string(),
            description: i.description.clone(),
            provider: i.provider.map(Into::into),
            expiry: expiry_dto(i.expiry),
            max_installment: i.max_installment,
            link_type: link_type_dto(i.link_type),
            flex_max: i.flex_max_minor.map(|m| amount_text(m, i.currency)),
            position: s.position,
        }
    }
}

impl SavedItemInputDto {
    /// The core's input, plus what only this layer can see (an unknown currency, an unreadable
    /// date), read the way the link form reads them.
    pub fn to_core(&self, lang: Lang) -> (ItemInput, Vec<FieldErrorDto>) {
        let form = LinkFormDto {
            provider: self.provider,
            amount: self.amount.clone(),
            currency: self.currency.clone(),
            description: self.description.clone(),
            expiry: self.expiry.clone(),
            max_installment: self.max_installment,
            link_type: self.link_type,
            flex_max: self.flex_max.clone(),
            ..LinkFormDto::default()
        };
        let (form, errors) = form.to_core(lang);
        (ItemInput { id: self.id, name: self.name.clone(), form }, errors)
    }
}

/// What one line of an imported file became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ImportLineKind {
    Added,
    Updated,
    /// Already saved exactly so.
    Unchanged,
    Skipped,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ImportLineDto {
    /// The file's line number (the header is line 1).
    pub line: u32,
    pub name: String,
    pub kind: ImportLineKind,
    /// Why it was skipped, in the UI's language.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What `import_saved_items_csv` did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ImportResultDto {
    pub path: String,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub skipped: u32,
    pub lines: Vec<ImportLineDto>,
}
