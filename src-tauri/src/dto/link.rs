//! A stored link as the UI shows it, with the row actions that apply to it.

use super::{LinkStatusDto, ProviderId};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use tahsildar_core::money::Money;
use tahsildar_core::store::{LinkRecord, LinkStatus};
use ts_rs::TS;

/// Which row buttons apply to a link now (the core refuses the others with a message anyway).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
pub struct LinkActions {
    /// "Durumu yenile": any waiting link (PayTR through its sales report), and a Paynet link
    /// that expired or was cancelled (a late payment still counts).
    pub refresh: bool,
    pub cancel: bool,
    /// Re-open a cancelled Paynet link.
    pub reopen: bool,
    pub delete: bool,
    /// Send again by SMS or e-mail: PayTR only (Paynet sends only at creation).
    pub resend: bool,
    /// "Kontrol et" for a create with no clear answer.
    pub check: bool,
    /// Copy, QR, WhatsApp: a payable link with an address.
    pub share: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkDto {
    /// The local row id.
    #[ts(type = "number")]
    pub id: i64,
    pub local_ref: String,
    pub provider: ProviderId,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub provider_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
    #[ts(type = "number")]
    pub amount_minor: i64,
    /// `TL`, `USD`, `EUR`, `GBP` or `RUB`.
    pub currency: String,
    /// `1.234,56 TL`
    pub amount_text: String,
    pub description: String,
    pub customer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub email: Option<String>,
    pub status: LinkStatusDto,
    /// ISO 8601, UTC (`2026-05-01T09:30:00.000Z`).
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expires_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub paid_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_error: Option<String>,
    /// The owner's own reference (invoice / order number), as typed at create.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reference: Option<String>,
    /// `data:image/png;base64,…`; only from `create_link` and `get_link`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub qr_png_data_url: Option<String>,
    /// What the provider refunded of the payment so far (0: nothing); the row says "İade
    /// edildi" when it is the whole amount (or more), "Kısmi iade: …" when less.
    #[ts(type = "number")]
    pub refunded_minor: i64,
    /// Why a refresh or check did not change the status (e.g. "payment not confirmed yet").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
    pub actions: LinkActions,
    /// Due a reminder now ("Hatırlat" on the row). Absent where it was not read (events from
    /// the tracker): the view keeps what it knew.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub due_reminder: Option<bool>,
    /// The latest reminder ("Hatırlatıldı: dün 14:05 · WhatsApp"); read with `due_reminder`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_reminder: Option<super::remind::ReminderDto>,
}

pub(crate) fn iso(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or(DateTime::UNIX_EPOCH)
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `1.234,56 TL`; a stored amount the money type refuses is shown raw rather than hidden.
pub fn amount_text(minor: i64, currency: tahsildar_core::money::Currency) -> String {
    Money::new(minor, currency).map(Money::format).unwrap_or_else(|_| format!("{minor} ({currency})"))
}

/// The row's buttons, from the link's state and what its provider can do
/// (`Provider::capabilities`): a waiting link is always refreshed (the tracker's own check),
/// a closed one only where the provider can be asked.
pub fn actions(l: &LinkRecord) -> LinkActions {
    use LinkStatus::*;
    let caps = l.provider.capabilities();
    let has_id = l.provider_id.is_some();
    // The provider's id, or our own reference where the provider can find a link by it.
    let addressable = has_id || caps.look_up;
    LinkActions {
        refresh: l.status == Waiting || (caps.refresh && matches!(l.status, Expired | Cancelled)),
        cancel: l.status == Waiting && addressable,
        reopen: caps.reopen && l.status == Cancelled,
        // Where links cannot be deleted, "Sil" cancels.
        delete: if caps.delete {
            has_id && matches!(l.status, Waiting | Expired | Cancelled | Unknown)
        } else {
            l.status == Waiting && addressable
        },
        resend: caps.resend && l.status == Waiting && has_id,
        check: matches!(l.status, Unknown | Creating),
        share: l.status == Waiting && l.url.as_deref().is_some_and(|u| !u.trim().is_empty()),
    }
}

impl From<&LinkRecord> for LinkDto {
    fn from(l: &LinkRecord) -> Self {
        LinkDto {
            id: l.id,
            local_ref: l.local_ref.clone(),
            provider: l.provider.into(),
            provider_id: l.provider_id.clone(),
            url: l.url.clone(),
            amount_minor: l.amount_minor,
            currency: l.currency.code().to_string(),
            amount_text: amount_text(l.amount_minor, l.currency),
            description: l.description.clone(),
            customer: l.customer.clone(),
            phone: l.phone.clone(),
            email: l.email.clone(),
            status: l.status.into(),
            created_at: iso(l.created_at),
            expires_at: l.expires_at.map(iso),
            paid_at: l.paid_at.map(iso),
            last_error: l.last_error.clone(),
            reference: l.reference.clone(),
            qr_png_data_url: None,
            refunded_minor: l.refunded_minor,
            note: None,
            actions: actions(l),
            due_reminder: None,
            last_reminder: None,
        }
    }
}

/// One page of `list_links`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct LinkPageDto {
    pub rows: Vec<LinkDto>,
    #[ts(type = "number")]
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DeleteFailure {
    #[ts(type = "number")]
    pub id: i64,
    pub message: String,
}

/// What `delete_links` did: each id is either deleted or failed with a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DeleteLinksDto {
    #[ts(type = "number[]")]
    pub deleted: Vec<i64>,
    pub failed: Vec<DeleteFailure>,
}

/// One channel's result after a create: `true` sent, `false` not asked, text: why it failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(untagged)]
pub enum SendResult {
    Sent(bool),
    Failed(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
pub struct SentDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sms: Option<SendResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub email: Option<SendResult>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CreateOutcomeKind {
    /// The link exists and is waiting for payment.
    Created,
    /// No clear answer: the link may exist. Offer "Kontrol et", never a second create.
    Uncertain,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CreateResultDto {
    pub outcome: CreateOutcomeKind,
    pub link: LinkDto,
    pub sent: SentDto,
    /// For `uncertain`: what happened and what to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub message: Option<String>,
}

/// The payload of the `link-status` event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct LinkStatusEvent {
    pub link: LinkDto,
}

/// The payload of `links-changed`: many links changed at once (or some changes were not kept);
/// views re-read what they show instead of hearing each one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
pub struct LinksChangedEvent {
    /// How many links changed, at least.
    #[ts(type = "number")]
    pub count: u64,
}

/// What `export_csv` wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ExportResultDto {
    pub path: String,
    #[ts(type = "number")]
    pub rows: usize,
}

#[cfg(test)]
#[path = "link_tests.rs"]
mod tests;
