//! What the store keeps about a link, and which status changes are allowed.

use crate::money::{Currency, Money};
use crate::providers::Provider;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a link stands, as far as this machine knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkStatus {
    /// Written before the create request; the provider has not answered yet.
    Creating,
    Waiting,
    Paid,
    Expired,
    Cancelled,
    Deleted,
    /// The create (or a later change) had an uncertain outcome: check with the provider.
    Unknown,
    /// The provider refused the create. Kept for the record.
    Failed,
}

impl LinkStatus {
    pub const ALL: [LinkStatus; 8] = [
        LinkStatus::Creating,
        LinkStatus::Waiting,
        LinkStatus::Paid,
        LinkStatus::Expired,
        LinkStatus::Cancelled,
        LinkStatus::Deleted,
        LinkStatus::Unknown,
        LinkStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Creating => "creating",
            LinkStatus::Waiting => "waiting",
            LinkStatus::Paid => "paid",
            LinkStatus::Expired => "expired",
            LinkStatus::Cancelled => "cancelled",
            LinkStatus::Deleted => "deleted",
            LinkStatus::Unknown => "unknown",
            LinkStatus::Failed => "failed",
        }
    }

    /// The word a Turkish shop owner sees (CSV export, lists).
    pub fn label_tr(self) -> &'static str {
        match self {
            LinkStatus::Creating => "Oluşturuluyor",
            LinkStatus::Waiting => "Bekliyor",
            LinkStatus::Paid => "Ödendi",
            LinkStatus::Expired => "Süresi doldu",
            LinkStatus::Cancelled => "İptal",
            LinkStatus::Deleted => "Silindi",
            LinkStatus::Unknown => "Belirsiz",
            LinkStatus::Failed => "Başarısız",
        }
    }

    /// Nothing can follow: money received, link gone, or never created.
    pub fn is_terminal(self) -> bool {
        matches!(self, LinkStatus::Paid | LinkStatus::Deleted | LinkStatus::Failed)
    }

    /// Whether `self → next` is a change the store accepts. Staying put is always allowed (a
    /// tracker may report the same status twice). The provider is the truth, so a link seen as
    /// expired or cancelled may still turn out paid (payment raced the change).
    pub fn can_become(self, next: LinkStatus) -> bool {
        use LinkStatus::*;
        if self == next {
            return true;
        }
        match self {
            Creating => matches!(next, Waiting | Unknown | Failed),
            Waiting => matches!(next, Paid | Expired | Cancelled | Deleted | Unknown),
            Expired => matches!(next, Paid | Deleted | Waiting),
            Cancelled => matches!(next, Waiting | Paid | Deleted),
            // Reconciling an uncertain create: the provider has it (in any state) or never got it.
            Unknown => matches!(next, Waiting | Paid | Expired | Cancelled | Deleted | Failed),
            Paid | Deleted | Failed => false,
        }
    }
}

impl fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LinkStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        LinkStatus::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| format!("unknown link status '{t}'"))
    }
}

/// What the owner asked for, before the provider is called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewLink {
    pub provider: Provider,
    pub amount: Money,
    pub description: String,
    pub customer: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Our reference (Paynet `reference_no`, PayTR `callback_id`). Generated when `None`.
    pub local_ref: Option<String>,
    /// The owner's own reference (invoice / order number), searchable; `None` when not given.
    pub reference: Option<String>,
    /// PayTR: what the link allows beyond its price; `None` for Paynet.
    pub paytr: Option<PaytrTerms>,
}

/// What a PayTR link allows beyond its price (`link_type`, `min_count`, `max_count`,
/// `flex_max_price`, providers.md §5.1), kept so the tracker knows which sales could be its.
/// `None` on a record: a Paynet link, or a PayTR link made before schema 6 (price alone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum PaytrTerms {
    /// Each payment buys `min_count` units or more, `max_count` in all (`None`: unlimited).
    #[serde(rename_all = "camelCase")]
    Product { min_count: u32, max_count: Option<u32> },
    /// An invoice / account collection: one amount.
    Collection,
    /// The payer chooses the amount, from the link's price up to `max_minor`.
    #[serde(rename_all = "camelCase")]
    Flex { max_minor: i64 },
}

impl PaytrTerms {
    pub fn link_type(&self) -> &'static str {
        match self {
            PaytrTerms::Product { .. } => "product",
            PaytrTerms::Collection => "collection",
            PaytrTerms::Flex { .. } => "flex",
        }
    }
}

/// One stored link. Times are Unix milliseconds, UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRecord {
    pub id: i64,
    pub local_ref: String,
    pub provider: Provider,
    pub provider_id: Option<String>,
    pub url: Option<String>,
    pub amount_minor: i64,
    pub currency: Currency,
    pub description: String,
    pub customer: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub status: LinkStatus,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub paid_at: Option<i64>,
    pub updated_at: i64,
    /// Paynet `xact_id` or PayTR `merchant_oid` of the payment.
    pub payment_ref: Option<String>,
    pub last_error: Option<String>,
    /// The owner's own reference (invoice / order number).
    pub reference: Option<String>,
    /// PayTR: what the link allows beyond its price (see [`PaytrTerms`]).
    #[serde(default)]
    pub paytr: Option<PaytrTerms>,
    /// What the provider has refunded of this link's payment so far (minor units, 0: nothing).
    #[serde(default)]
    pub refunded_minor: i64,
}

impl LinkRecord {
    /// Paid and refunded in full (the whole amount or more, e.g. with the installment surcharge).
    pub fn fully_refunded(&self) -> bool {
        self.refunded_minor > 0 && self.refunded_minor >= self.amount_minor
    }
}

/// Which links to list or export. Empty `statuses` means all; `to_ms` is exclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkFilter {
    /// Words that must all appear (customer, description, provider id, amount); Turkish-insensitive.
    pub text: Option<String>,
    pub statuses: Vec<LinkStatus>,
    pub provider: Option<Provider>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Page size; `None` (or 0) means no limit.
    pub limit: Option<u32>,
    pub offset: u32,
}

/// One page of a query, newest first, with the number of rows the filter matches in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkPage {
    pub rows: Vec<LinkRecord>,
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_text_round_trips() {
        for s in LinkStatus::ALL {
            assert_eq!(s.as_str().parse::<LinkStatus>(), Ok(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
        assert!("odendi".parse::<LinkStatus>().is_err());
    }

    #[test]
    fn terminal_states_accept_nothing_new() {
        for from in LinkStatus::ALL.into_iter().filter(|s| s.is_terminal()) {
            for to in LinkStatus::ALL.into_iter().filter(|&t| t != from) {
                assert!(!from.can_become(to), "{from} → {to}");
            }
        }
        assert!(LinkStatus::Waiting.can_become(LinkStatus::Cancelled));
        assert!(LinkStatus::Cancelled.can_become(LinkStatus::Waiting));
        assert!(LinkStatus::Unknown.can_become(LinkStatus::Deleted));
        assert!(!LinkStatus::Creating.can_become(LinkStatus::Paid));
        assert!(!LinkStatus::Waiting.can_become(LinkStatus::Creating));
    }
}
