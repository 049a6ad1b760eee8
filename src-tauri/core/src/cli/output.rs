//! What the CLI prints: one shape of link for every provider, as text or stable JSON.

use crate::providers::Provider;
use serde::Serialize;
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
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Paid => "paid",
            Status::Expired => "expired",
            Status::Cancelled => "cancelled",
            Status::Deleted => "deleted",
            Status::Unknown => "unknown",
        }
    }
}

/// One link as printed. Every key is always present in JSON (null when unknown), so scripts
/// can rely on the shape.
#[derive(Clone, Debug, Serialize)]
pub struct LinkOut {
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
    pub reference_no: Option<String>,
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
        if i > 0 && (whole.len() - i) % 3 == 0 {
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
    fn json_has_every_key() {
        let out = LinkOut::new(Provider::Paytr, "NB2Zlz3", Status::Deleted);
        let v = serde_json::to_value(&out).unwrap();
        assert_eq!(v["provider"], "paytr");
        assert_eq!(v["status"], "deleted");
        assert!(v["url"].is_null());
        assert_eq!(v.as_object().unwrap().len(), 15);
    }
}
