//! The payment tracker as the UI sees it: the payloads of the `payment-received`,
//! `ambiguous-sale` and `tracker-error` events, and the answers of the tracking commands.

use super::link::LinkDto;
use super::ProviderId;
use serde::Serialize;
use ts_rs::TS;

/// `payment-received`: a link was paid (confirmed by the provider). The UI plays the sound
/// when `settings.sound` is on and shows `unseenCount` until `mark_payments_seen`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaymentReceivedEvent {
    pub link: LinkDto,
    /// Payments recorded since the owner last looked, this one included.
    #[ts(type = "number")]
    pub unseen_count: u64,
}

/// A PayTR sale that fits several waiting links: "Ödeme geldi — hangi link?". The payload of
/// `ambiguous-sale` and one row of `list_ambiguous_sales`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmbiguousSaleDto {
    /// PayTR's order id: pass it to `resolve_sale` / `dismiss_sale`.
    pub oid: String,
    /// What the payer paid, `1.234,56 TL`.
    pub amount_text: String,
    /// The links it may have paid, newest first.
    pub candidates: Vec<LinkDto>,
}

/// `tracker-error`: a background check failed. It is retried by itself; nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrackerErrorEvent {
    /// Absent when the local records, not a provider, failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub provider: Option<ProviderId>,
    /// `auth`, `network`, `timeout`, `server`, … as in `AppError.kind`, or `store`.
    pub kind: String,
    /// Plain words in the UI language.
    pub message: String,
}

/// `get_unseen_payments` / `mark_payments_seen`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnseenDto {
    #[ts(type = "number")]
    pub unseen_count: u64,
}
