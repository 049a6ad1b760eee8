//! The narrow part of the link store the tracker needs, so the tracker can be reasoned about (and
//! tested) apart from SQLite. [`super::store_impl`] implements it over the real store.

use crate::providers::Provider;
use crate::store::{LinkRecord, LinkStatus, PaidWatch, StoreError};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What became of a PayTR sale the tracker saw in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SaleState {
    /// No waiting link fitted (yet); looked at again while it could still matter.
    Unmatched,
    /// Several links fitted: waiting for the owner's pick.
    Ambiguous,
    /// Paid the link in `link_id`. Final: never attributed again.
    Attributed,
    /// The owner said none of these, or PayTR denied a successful payment with this id. Final.
    Dismissed,
}

impl SaleState {
    pub fn as_str(self) -> &'static str {
        match self {
            SaleState::Unmatched => "unmatched",
            SaleState::Ambiguous => "ambiguous",
            SaleState::Attributed => "attributed",
            SaleState::Dismissed => "dismissed",
        }
    }

    /// Whether the matcher must leave this sale alone.
    pub fn is_settled(self) -> bool {
        !matches!(self, SaleState::Unmatched)
    }
}

impl fmt::Display for SaleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SaleState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [SaleState::Unmatched, SaleState::Ambiguous, SaleState::Attributed, SaleState::Dismissed]
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| format!("unknown sale state '{s}'"))
    }
}

/// One PayTR sale as kept by the tracker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SaleEntry {
    pub merchant_oid: String,
    pub state: SaleState,
    /// The link it paid (attributed only).
    pub link_id: Option<i64>,
    /// The links it may have paid (ambiguous only).
    pub candidates: Vec<i64>,
    pub amount_minor: i64,
    pub paid_minor: i64,
    pub currency: String,
    pub installments: Option<u32>,
    /// Turkey local day (and time, when the report gives it).
    pub sale_date: NaiveDate,
    pub sale_time: Option<NaiveTime>,
    /// When this machine first saw the sale (Unix ms).
    pub first_seen_at: i64,
    /// PayTR's `net_tutar` for the sale, when the report gave it (the day report shows it).
    pub net_minor: Option<i64>,
}

/// A refund row as the tracker read it (its link not yet known).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RefundSeen {
    /// What identifies the refund at the provider.
    pub key: String,
    /// Given back (minor units, > 0).
    pub amount_minor: i64,
    /// Its effect on the provider's payout, when said (negative: taken back).
    pub net_minor: Option<i64>,
    pub at_ms: i64,
}

/// What the tracker reads and writes. Implementations must be cheap to call from async code
/// (each call is one short SQLite statement or transaction).
pub trait TrackerStore: Send + Sync + 'static {
    /// Links of `provider` waiting for payment.
    fn waiting(&self, provider: Provider) -> Result<Vec<LinkRecord>, StoreError>;
    /// Links of `provider` whose create had an uncertain outcome (status `unknown`).
    fn unknown(&self, provider: Provider) -> Result<Vec<LinkRecord>, StoreError>;
    /// Links of `provider` cancelled since `since_ms` (as last changed): a link paused in
    /// iyzico's panel can be reopened there. Stores that do not say watch none.
    fn cancelled_since(&self, _provider: Provider, _since_ms: i64) -> Result<Vec<LinkRecord>, StoreError> {
        Ok(Vec::new())
    }
    fn get(&self, id: i64) -> Result<LinkRecord, StoreError>;
    /// Moves a link to `status`; with `expected` (`status`, `updated_at`), only if it is
    /// untouched since that reading. Returns the status it had just before and the link as
    /// written (see `Store::change_status`).
    fn set_status(
        &self,
        id: i64,
        expected: Option<(LinkStatus, i64)>,
        status: LinkStatus,
        payment_ref: Option<&str>,
        at_ms: i64,
    ) -> Result<(LinkStatus, LinkRecord), StoreError>;
    /// Completes an uncertain create found at the provider (it then waits for payment).
    fn finish_create(
        &self,
        id: i64,
        provider_id: &str,
        url: &str,
        expires_at: Option<i64>,
    ) -> Result<LinkRecord, StoreError>;
    fn mark_failed(&self, id: i64, reason: &str) -> Result<LinkRecord, StoreError>;

    /// Kept sales from `day` (Turkey) on, oldest first.
    fn sales_since(&self, day: NaiveDate) -> Result<Vec<SaleEntry>, StoreError>;
    /// Sales waiting for the owner's pick.
    fn ambiguous_sales(&self) -> Result<Vec<SaleEntry>, StoreError>;
    fn sale(&self, oid: &str) -> Result<Option<SaleEntry>, StoreError>;
    /// Records a sale seen for the first time, or updates the state and candidates of one that is
    /// not settled. Never changes an attributed sale, nor `first_seen_at`.
    fn put_sale(&self, sale: &SaleEntry) -> Result<(), StoreError>;
    /// The sale paid `link_id`: records that and marks the link paid (`payment_ref` = the oid).
    /// Refused if the sale is already attributed or the link already took a sale.
    fn attribute_sale(&self, oid: &str, link_id: i64, at_ms: i64) -> Result<LinkRecord, StoreError>;
    /// Attributed sales whose link is not (yet) marked paid, e.g. after a crash between the two
    /// writes of [`TrackerStore::attribute_sale`]: (oid, link id).
    fn unfinished_attributions(&self) -> Result<Vec<(String, i64)>, StoreError>;
    /// Keeps what the provider pays out for link `id`'s payment (Paynet's `netAmount`), for the
    /// day report. Stores that do not keep it ignore it.
    fn record_net(&self, _id: i64, _net_minor: i64) -> Result<(), StoreError> {
        Ok(())
    }
    /// What Paynet charged the card for link `id` beyond its amount and in how many
    /// installments (`transaction/check`), for the day report. Stores that do not keep it
    /// ignore it.
    fn record_charge(&self, _id: i64, _surcharge_minor: i64, _installments: Option<u32>) -> Result<(), StoreError> {
        Ok(())
    }
    /// The links of `provider` paid since `since_ms` (as last changed), counted, with their
    /// oldest payment time: PayTR's report is read on for their refunds while nothing waits.
    /// Stores that keep no refunds watch none.
    fn paid_watch(&self, _provider: Provider, _since_ms: i64) -> Result<PaidWatch, StoreError> {
        Ok(PaidWatch::default())
    }
    /// Records a refund of the PayTR sale `oid`, once per `refund.key` (reading the same report
    /// row again records nothing). Returns the link as written when the refund is new; `None`
    /// when it was recorded before or the sale paid none of our links (a sale made elsewhere).
    fn record_paytr_refund(&self, _oid: &str, _refund: &RefundSeen) -> Result<Option<LinkRecord>, StoreError> {
        Ok(None)
    }
    /// The owner's "Bu PayTR mağazası başka yerde de satış yapıyor": every sale, even an exact
    /// fit, is then the owner's to confirm. Off unless a store says otherwise.
    fn paytr_sells_elsewhere(&self) -> Result<bool, StoreError> {
        Ok(false)
    }
}
