//! Reading PayTR's answers: the `status` envelope mapped to typed errors, and the bodies of each
//! endpoint. Amounts are read from their JSON text (string or number), never via `f64`.

use super::types::{PaymentStatus, ReportRow};
use crate::money::parse_provider_amount;
use crate::providers::{ErrorKind, Provider, ProviderError};
use chrono::{NaiveDate, NaiveTime};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

/// Which endpoint answered: some codes mean different things on different endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Link,
    Status,
    Report,
}

pub(crate) const TOKEN_REASON: &str = "paytr_token";

#[derive(Deserialize)]
struct Envelope {
    status: Option<String>,
    reason: Option<Box<RawValue>>,
    err_msg: Option<Box<RawValue>>,
    err_no: Option<Box<RawValue>>,
}

/// A JSON string's text or a number's literal text; `None` for null, objects, arrays.
pub(crate) fn raw_text(raw: &RawValue) -> Option<String> {
    let s = raw.get().trim();
    if s.starts_with('"') {
        serde_json::from_str::<String>(s).ok()
    } else if s.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        Some(s.to_string())
    } else {
        None
    }
}

fn protocol(message: impl Into<String>) -> ProviderError {
    ProviderError::new(Provider::Paytr, ErrorKind::Protocol, message)
}

/// What a `failed` answer that is not an error means on this endpoint.
#[derive(Debug)]
pub(crate) enum Outcome {
    Success,
    /// `failed` on `islem-dokumu`: no transactions in the window.
    NoRows,
}

/// Maps the envelope: `success` → Ok, `failed`(`reason`) and `error`(`err_no`,`err_msg`) → the
/// matching [`ErrorKind`], keeping PayTR's own text and code.
pub(crate) fn check(endpoint: Endpoint, body: &[u8]) -> Result<Outcome, ProviderError> {
    let env: Envelope = serde_json::from_slice(body).map_err(|_| {
        crate::diagnostics::keep(Provider::Paytr, "answer", body);
        protocol("PayTR sent an answer that is not the expected JSON")
    })?;
    let text = |r: &Option<Box<RawValue>>| r.as_deref().and_then(raw_text).unwrap_or_default();
    match env.status.as_deref() {
        Some("success") => Ok(Outcome::Success),
        Some("failed") => {
            let reason = text(&env.reason);
            let lower = reason.to_lowercase();
            let kind = if lower.contains(TOKEN_REASON) {
                ErrorKind::Auth
            } else if endpoint == Endpoint::Report {
                return Ok(Outcome::NoRows);
            } else if lower.starts_with("zorunlu alan") {
                ErrorKind::Validation
            } else if already_deleted(&lower) {
                ErrorKind::NotFound
            } else {
                ErrorKind::Rejected
            };
            let message =
                if reason.is_empty() { "PayTR refused the request without a reason".to_string() } else { reason };
            Err(ProviderError {
                error_type: Some("failed".into()),
                ..ProviderError::new(Provider::Paytr, kind, message)
            })
        }
        Some("error") => {
            let err_no = text(&env.err_no);
            let err_msg = text(&env.err_msg);
            let kind = match (endpoint, err_no.as_str()) {
                (Endpoint::Status, "003") => ErrorKind::Auth,
                (Endpoint::Status, "002" | "004") => ErrorKind::NotFound,
                _ if err_msg.to_lowercase().contains(TOKEN_REASON) => ErrorKind::Auth,
                _ => ErrorKind::Server,
            };
            let message =
                if err_msg.is_empty() { "PayTR reported an error without a message".to_string() } else { err_msg };
            Err(ProviderError {
                error_type: Some("error".into()),
                code: (!err_no.is_empty()).then_some(err_no),
                ..ProviderError::new(Provider::Paytr, kind, message)
            })
        }
        Some(other) => Err(protocol(format!("PayTR answered with an unknown status '{other}'"))),
        None => Err(protocol("PayTR's answer has no status")),
    }
}

/// PayTR's "unknown id or already deleted" in its English and Turkish wording (with or without
/// Turkish letters: PayTR's texts often drop them).
fn already_deleted(lower: &str) -> bool {
    const WORDS: [&str; 9] = [
        "invalid id",
        "already been deleted",
        "already deleted",
        "geçersiz id",
        "gecersiz id",
        "zaten silin",
        "silinmiş",
        "silinmis",
        "link bulunamad",
    ];
    WORDS.iter().any(|w| lower.contains(w))
}

pub(crate) fn parse<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|_| {
        crate::diagnostics::keep(Provider::Paytr, what, body);
        protocol(format!("PayTR's {what} answer could not be read"))
    })
}

fn amount(raw: &Option<Box<RawValue>>, field: &str) -> Result<i64, ProviderError> {
    let text = raw.as_deref().and_then(raw_text).ok_or_else(|| protocol(format!("PayTR's answer has no {field}")))?;
    parse_provider_amount(&text).map_err(|_| protocol(format!("PayTR's {field} '{text}' is not an amount")))
}

fn opt_text(raw: &Option<Box<RawValue>>) -> Option<String> {
    raw.as_deref().and_then(raw_text).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn opt_count(raw: &Option<Box<RawValue>>, field: &str) -> Result<Option<u32>, ProviderError> {
    opt_text(raw)
        .map(|t| t.parse::<u32>().map_err(|_| protocol(format!("PayTR's {field} '{t}' is not a number"))))
        .transpose()
}

#[derive(Deserialize)]
pub(crate) struct CreateBody {
    pub id: Option<String>,
    pub link: Option<String>,
    pub base64_qr: Option<String>,
    pub qr_code: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct DeleteBody {
    pub success_deletes: Option<Vec<String>>,
    pub failed_deletes: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct StatusBody {
    payment_amount: Option<Box<RawValue>>,
    payment_total: Option<Box<RawValue>>,
    payment_date: Option<Box<RawValue>>,
    currency: Option<Box<RawValue>>,
    taksit: Option<Box<RawValue>>,
    test_mode: Option<Box<RawValue>>,
}

pub(crate) fn payment_status(body: &[u8]) -> Result<PaymentStatus, ProviderError> {
    let b: StatusBody = parse(body, "durum-sorgu")?;
    let read = || -> Result<PaymentStatus, ProviderError> {
        Ok(PaymentStatus {
            payment_amount_minor: amount(&b.payment_amount, "payment_amount")?,
            payment_total_minor: amount(&b.payment_total, "payment_total")?,
            currency: opt_text(&b.currency).unwrap_or_else(|| "TL".into()),
            payment_date: opt_text(&b.payment_date),
            installments: opt_count(&b.taksit, "taksit").ok().flatten(),
            test_mode: opt_text(&b.test_mode).as_deref() == Some("1"),
        })
    };
    read().inspect_err(|_| crate::diagnostics::keep(Provider::Paytr, "durum-sorgu", body))
}

#[derive(Deserialize)]
struct RawRow {
    islem_tipi: Option<Box<RawValue>>,
    siparis_no: Option<Box<RawValue>>,
    islem_tutari: Option<Box<RawValue>>,
    odeme_tutari: Option<Box<RawValue>>,
    para_birimi: Option<Box<RawValue>>,
    taksit: Option<Box<RawValue>>,
    islem_tarihi: Option<Box<RawValue>>,
    net_tutar: Option<Box<RawValue>>,
}

/// The rows of a successful `islem-dokumu` answer. The key that holds them is not documented
/// (providers.md §9.10: `data`, `list` or another name), so the first of `data`, `list`, then any
/// top-level array of objects is read. A row that cannot be read is skipped and logged (field
/// names only, never values), and the answer is kept redacted in diagnostics: one odd row never
/// stops tracking. An answer with no rows array at all cannot be read.
pub(crate) fn report_rows(body: &[u8]) -> Result<Vec<ReportRow>, ProviderError> {
    // Raw values all the way down: amounts are read from their text, never through f64.
    let top: std::collections::BTreeMap<String, Box<RawValue>> = parse(body, "islem-dokumu")?;
    let rows_of = |raw: &RawValue| -> Option<Vec<Box<RawValue>>> {
        let rows: Vec<Box<RawValue>> = serde_json::from_str(raw.get()).ok()?;
        rows.iter().all(|r| r.get().trim_start().starts_with('{')).then_some(rows)
    };
    let named = ["data", "list"].iter().filter_map(|k| top.get(*k)).find_map(|v| rows_of(v));
    let rows = named.or_else(|| top.values().filter_map(|v| rows_of(v)).find(|r| !r.is_empty()));
    let Some(rows) = rows else {
        crate::diagnostics::keep(Provider::Paytr, "rapor/islem-dokumu", body);
        return Err(protocol("PayTR's islem-dokumu answer has no list of rows"));
    };
    let mut out = Vec::with_capacity(rows.len());
    let mut skipped = 0;
    for row in &rows {
        let read = serde_json::from_str::<RawRow>(row.get())
            .map_err(|_| protocol("a row is not an object"))
            .and_then(|r| report_row(&r));
        match read {
            Ok(r) => out.push(r),
            Err(e) => {
                skipped += 1;
                log::warn!("PayTR islem-dokumu: skipped a row that could not be read: {}", e.message);
            }
        }
    }
    if skipped > 0 {
        crate::diagnostics::keep(Provider::Paytr, "rapor/islem-dokumu", body);
    }
    Ok(out)
}

/// An amount that may be negative (a refund may be written `-10.00`).
fn signed_amount(raw: &Option<Box<RawValue>>, field: &str) -> Result<i64, ProviderError> {
    let text = raw.as_deref().and_then(raw_text).ok_or_else(|| protocol(format!("a row has no {field}")))?;
    let t = text.trim();
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t),
    };
    parse_provider_amount(digits).map(|m| sign * m).map_err(|_| protocol(format!("a row's {field} is not an amount")))
}

fn report_row(r: &RawRow) -> Result<ReportRow, ProviderError> {
    let when = opt_text(&r.islem_tarihi).ok_or_else(|| protocol("a row has no islem_tarihi"))?;
    let (date, time) = report_date(&when).ok_or_else(|| protocol("a row's islem_tarihi is not DD.MM.YYYY"))?;
    let amount_minor = signed_amount(&r.islem_tutari, "islem_tutari")?;
    // `odeme_tutari` comes only when more than the order amount was charged (§9.10).
    let paid_minor = match opt_text(&r.odeme_tutari) {
        Some(_) => signed_amount(&r.odeme_tutari, "odeme_tutari")?,
        None => amount_minor,
    };
    Ok(ReportRow {
        kind: opt_text(&r.islem_tipi).unwrap_or_default(),
        merchant_oid: opt_text(&r.siparis_no).ok_or_else(|| protocol("a row has no siparis_no"))?,
        amount_minor,
        paid_minor,
        currency: opt_text(&r.para_birimi).unwrap_or_else(|| "TL".into()),
        // An odd installment count does not make the sale unreadable.
        installments: opt_count(&r.taksit, "taksit").ok().flatten(),
        date,
        time,
        // Only for the day report: an odd net leaves it unsaid, the sale still counts.
        net_minor: opt_text(&r.net_tutar).and_then(|_| signed_amount(&r.net_tutar, "net_tutar").ok()),
    })
}

/// `DD.MM.YYYY`, optionally followed by ` HH:MM[:SS]` (also accepts ISO `YYYY-MM-DD`).
pub(crate) fn report_date(s: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let mut parts = s.split_whitespace();
    let d = parts.next()?;
    let date = crate::time::parse_date(d, &["%d.%m.%Y", "%Y-%m-%d"])?;
    let time = match parts.next() {
        None => None,
        Some(t) => {
            Some(NaiveTime::parse_from_str(t, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(t, "%H:%M")).ok()?)
        }
    };
    parts.next().is_none().then_some((date, time))
}
