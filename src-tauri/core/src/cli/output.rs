//! What the CLI prints: one shape of link for every provider, as text or stable JSON.

use crate::providers::Provider;
use crate::store::{LinkRecord, LinkStatus};
use serde::{Serialize, Serializer};
use std::fmt::Write as _;

/// A link's state in words scripts can rely on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Waiting,
    Paid,
    Expired,
    Cancelled,
    Deleted,
    Unknown,
    /// The provider refused the create (a book row kept for the record).
    Failed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Waiting,
        Status::Paid,
        Status::Expired,
        Status::Cancelled,
        Status::Deleted,
        Status::Unknown,
        Status::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Paid => "paid",
            Status::Expired => "expired",
            Status::Cancelled => "cancelled",
            Status::Deleted => "deleted",
            Status::Unknown => "unknown",
            Status::Failed => "failed",
        }
    }

    /// A book status in these words: a create still in flight is `unknown` to a script.
    pub fn of(s: LinkStatus) -> Status {
        match s {
            LinkStatus::Waiting => Status::Waiting,
            LinkStatus::Paid => Status::Paid,
            LinkStatus::Expired => Status::Expired,
            LinkStatus::Cancelled => Status::Cancelled,
            LinkStatus::Deleted => Status::Deleted,
            LinkStatus::Creating | LinkStatus::Unknown => Status::Unknown,
            LinkStatus::Failed => Status::Failed,
        }
    }

    /// The book statuses this word covers.
    pub fn book_statuses(self) -> Vec<LinkStatus> {
        LinkStatus::ALL.into_iter().filter(|s| Status::of(*s) == self).collect()
    }
}

impl std::str::FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim().to_ascii_lowercase();
        Status::ALL.into_iter().find(|x| x.as_str() == t).ok_or_else(|| {
            format!("unknown status '{s}': use waiting, paid, expired, cancelled, deleted, unknown or failed")
        })
    }
}

/// One link as printed. Every key is always present in JSON (null when unknown), so scripts
/// can rely on the shape.
#[derive(Clone, Debug, Serialize)]
pub struct LinkOut {
    /// The provider's id; `null` while the provider has not given one (a create that failed or
    /// whose answer never came).
    #[serde(serialize_with = "null_if_empty")]
    pub id: String,
    pub url: Option<String>,
    pub provider: Provider,
    pub status: Status,
    pub amount_minor: Option<i64>,
    /// `1234.56`: dot decimal, two decimals.
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Paynet's `reference_no`, iyzico's `conversationId` (for a link in the book: our own
    /// reference, how an unanswered create is found again).
    pub reference_no: Option<String>,
    /// The payment's id: Paynet `xact_id`, PayTR `merchant_oid`.
    pub xact_id: Option<String>,
    /// Turkish local time, `YYYY-MM-DDTHH:MM:SS`.
    pub created_at: Option<String>,
    pub expires_at: Option<String>,
    /// What was sent to the payer: `sms:05551234567`, `email:a@b.c`.
    pub sent: Vec<String>,
    /// Why this link's operation failed (then `status` is what we last knew, often `unknown`).
    pub error: Option<String>,
}

impl LinkOut {
    pub fn new(provider: Provider, id: impl Into<String>, status: Status) -> Self {
        LinkOut {
            id: id.into(),
            url: None,
            provider,
            status,
            amount_minor: None,
            amount: None,
            currency: None,
            name: None,
            description: None,
            reference_no: None,
            xact_id: None,
            created_at: None,
            expires_at: None,
            sent: Vec::new(),
            error: None,
        }
    }

    pub fn with_amount(mut self, minor: i64, currency: &str) -> Self {
        self.amount_minor = Some(minor);
        self.amount = Some(decimal(minor));
        self.currency = Some(currency.to_string());
        self
    }

    /// A link as the book holds it.
    pub fn from_record(l: &LinkRecord) -> Self {
        let mut o = LinkOut::new(l.provider, l.provider_id.clone().unwrap_or_default(), Status::of(l.status))
            .with_amount(l.amount_minor, l.currency.code());
        o.url = l.url.clone();
        o.name = Some(l.customer.clone()).filter(|c| !c.is_empty());
        o.description = Some(l.description.clone()).filter(|d| !d.is_empty());
        // PayTR never receives our reference; Paynet does, as `reference_no`, iyzico as
        // `conversationId`.
        o.reference_no = (l.provider != Provider::Paytr).then(|| l.local_ref.clone());
        o.xact_id = l.payment_ref.clone();
        o.created_at = local_time(l.created_at);
        o.expires_at = l.expires_at.and_then(local_time);
        if matches!(l.status, LinkStatus::Unknown | LinkStatus::Failed) {
            o.error = l.last_error.clone();
        }
        o
    }

    /// A few lines for a person.
    pub fn human(&self) -> String {
        let mut s = format!("{} link {}: {}", self.provider, self.id, self.status.as_str());
        if let Some(e) = &self.error {
            let _ = write!(s, " ({e})");
        }
        let mut line = |label: &str, value: &Option<String>| {
            if let Some(v) = value {
                let _ = write!(s, "\n  {label:<14}{v}");
            }
        };
        line("url:", &self.url);
        let amount = self.amount_minor.map(|m| format!("{} {}", turkish(m), self.currency.as_deref().unwrap_or("")));
        line("amount:", &amount);
        line("name:", &self.name);
        line("description:", &self.description);
        line("reference:", &self.reference_no);
        line("payment:", &self.xact_id);
        line("created:", &self.created_at);
        line("expires:", &self.expires_at);
        if !self.sent.is_empty() {
            let _ = write!(s, "\n  {:<14}{}", "sent:", self.sent.join(", "));
        }
        s
    }
}

fn null_if_empty<S: Serializer>(id: &str, s: S) -> Result<S::Ok, S::Error> {
    if id.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(id)
    }
}

/// Unix ms as Turkish local time, `YYYY-MM-DDTHH:MM:SS`.
pub fn local_time(ms: i64) -> Option<String> {
    let t = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)?;
    Some(crate::time::to_istanbul(t).format("%Y-%m-%dT%H:%M:%S").to_string())
}

/// `1234.56` for any non-negative minor amount (no `Money` limits: providers' amounts may exceed them).
pub fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{}.{:02}", m / 100, m % 100)
}

/// `1.234,56`, as a Turkish reader expects.
pub fn turkish(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    let whole = (m / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped},{:02}", m % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_both_ways() {
        assert_eq!(decimal(123_456), "1234.56");
        assert_eq!(decimal(5), "0.05");
        assert_eq!(turkish(123_456_789), "1.234.567,89");
        assert_eq!(turkish(0), "0,00");
    }

    #[test]
    fn statuses_read_and_cover_the_book() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(s));
        }
        assert_eq!(" PAID ".parse::<Status>(), Ok(Status::Paid));
        assert!("creating".parse::<Status>().is_err());
        // Every book status has exactly one word.
        let covered: Vec<LinkStatus> = Status::ALL.into_iter().flat_map(Status::book_statuses).collect();
        assert_eq!(covered.len(), LinkStatus::ALL.len());
        assert_eq!(Status::Unknown.book_statuses(), vec![LinkStatus::Creating, LinkStatus::Unknown]);
    }

    #[test]
    fn an_id_not_yet_given_is_null() {
        let v = serde_json::to_value(LinkOut::new(Provider::Paynet, "", Status::Unknown)).unwrap();
        assert!(v["id"].is_null(), "{v}");
    }

    #[test]
    fn json_has_every_key() {
        let out = LinkOut::new(Provider::Paytr, "NB2Zlz3", Status::Deleted);
        let v = serde_json::to_value(&out).unwrap();
        assert_eq!(v["provider"], "paytr");
        assert_eq!(v["status"], "deleted");
        assert!(v["url"].is_null());
        assert_eq!(v.as_object().unwrap().len(), 15);
    }
}
