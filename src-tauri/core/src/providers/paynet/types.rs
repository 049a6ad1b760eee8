//! The typed requests and answers of the Paynet PayLink endpoints.

use crate::money::Money;
use crate::phone::TrMobile;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A PayLink's id (a GUID, as Paynet returns it from `create`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PaynetLinkId(pub String);

impl fmt::Display for PaynetLinkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A PayLink's state. A code Paynet adds later is kept as `Unknown`, never a parse failure.
/// Serialized as Paynet's own number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaynetStatus {
    /// 0, ODEME_BEKLENIYOR.
    Waiting,
    /// 1, ODEME_ALINDI.
    Paid,
    /// 2, SURE_ASIMI.
    Expired,
    /// 3, PASIF_EDILDI.
    Passive,
    Unknown(i64),
}

impl PaynetStatus {
    pub fn code(self) -> i64 {
        match self {
            PaynetStatus::Waiting => 0,
            PaynetStatus::Paid => 1,
            PaynetStatus::Expired => 2,
            PaynetStatus::Passive => 3,
            PaynetStatus::Unknown(c) => c,
        }
    }

    pub fn from_code(code: i64) -> Self {
        match code {
            0 => PaynetStatus::Waiting,
            1 => PaynetStatus::Paid,
            2 => PaynetStatus::Expired,
            3 => PaynetStatus::Passive,
            c => PaynetStatus::Unknown(c),
        }
    }

    /// Whether the link can no longer change by itself (paid or expired).
    pub fn is_final(self) -> bool {
        matches!(self, PaynetStatus::Paid | PaynetStatus::Expired)
    }
}

impl fmt::Display for PaynetStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaynetStatus::Waiting => f.write_str("waiting"),
            PaynetStatus::Paid => f.write_str("paid"),
            PaynetStatus::Expired => f.write_str("expired"),
            PaynetStatus::Passive => f.write_str("passive"),
            PaynetStatus::Unknown(c) => write!(f, "unknown({c})"),
        }
    }
}

impl Serialize for PaynetStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for PaynetStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i64::deserialize(d).map(PaynetStatus::from_code)
    }
}

/// Which PayLink: by Paynet's id or by our own `reference_no`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LinkRef {
    Id(PaynetLinkId),
    Reference(String),
}

/// Which card transaction: by `xact_id` or by the `reference_no` given on the link.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TxRef {
    XactId(String),
    Reference(String),
}

/// What `create` sends. Only TL is accepted (Paynet PayLink has no currency field).
#[derive(Clone, Debug)]
pub struct CreateLink {
    pub amount: Money,
    pub name_surname: String,
    /// Shown to the payer on the payment page.
    pub note: Option<String>,
    /// Shown in Paynet's reports only.
    pub agent_note: Option<String>,
    pub reference_no: Option<String>,
    /// Validity in hours (Paynet's `expire_date` on create).
    pub expire_hours: Option<u32>,
    pub email: Option<String>,
    pub send_mail: bool,
    pub phone: Option<TrMobile>,
    pub send_sms: bool,
    pub user_name: Option<String>,
    pub confirmation_url: Option<String>,
}

impl CreateLink {
    pub fn new(amount: Money, name_surname: impl Into<String>) -> Self {
        CreateLink {
            amount,
            name_surname: name_surname.into(),
            note: None,
            agent_note: None,
            reference_no: None,
            expire_hours: None,
            email: None,
            send_mail: false,
            phone: None,
            send_sms: false,
            user_name: None,
            confirmation_url: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedLink {
    pub id: PaynetLinkId,
    /// The payment page to give the payer. Opaque: its GUID is not the link id.
    pub url: String,
}

/// One card payment of a multi-card PayLink.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRef {
    pub id: Option<i64>,
    pub xact_id: Option<String>,
}

/// `mailorder/detail`. Times are Turkish local time as Paynet writes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkDetail {
    /// Not documented for `detail`: read when Paynet sends it, never relied on.
    pub id: Option<PaynetLinkId>,
    /// Not documented for `detail` either (the payment page address).
    pub url: Option<String>,
    pub reference_no: Option<String>,
    pub name_surname: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: PaynetStatus,
    pub xact_id: Option<String>,
    pub expire_date: Option<NaiveDateTime>,
    pub create_date: Option<NaiveDateTime>,
    pub note: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub payments: Vec<PaymentRef>,
}

/// `mailorder/list`: links created between two Turkish calendar days (inclusive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Page size (Paynet's default is 10).
    pub limit: u32,
    /// Index of the first row of the page (Paynet's index-based paging).
    pub starting_after: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
    pub rows: Vec<ListRow>,
    pub total: Option<u64>,
    pub has_more: bool,
}

/// One row of `mailorder/list`. Paynet does not document which fields a row has, so most are
/// optional; use `detail` for a link's authoritative state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub id: Option<PaynetLinkId>,
    pub reference_no: Option<String>,
    pub status: Option<PaynetStatus>,
    pub amount_minor: i64,
    pub name_surname: Option<String>,
    pub url: Option<String>,
    pub create_date: Option<NaiveDateTime>,
    pub expire_date: Option<NaiveDateTime>,
    pub xact_id: Option<String>,
}

/// One card transaction from `transaction/check`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    pub xact_id: String,
    pub amount_minor: i64,
    pub currency: String,
    pub is_succeed: bool,
    /// `agent_reference` (= the link's `reference_no`).
    pub reference_no: Option<String>,
    pub xact_date: Option<NaiveDateTime>,
    /// `netAmount`: what Paynet pays out after its fees; `None` when absent or unreadable.
    #[serde(default)]
    pub net_minor: Option<i64>,
    /// `instalment`: the installments the payer chose (0 or 1: a single payment); `None` when
    /// absent or unreadable. `amount` is what was charged to the card, any surcharge included.
    #[serde(default)]
    pub installments: Option<u32>,
}
