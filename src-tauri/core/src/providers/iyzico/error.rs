//! iyzico's failures as our [`ErrorKind`]s, keeping iyzico's own `errorCode` and `errorMessage`.
//!
//! [`IyzicoError`] is [`ProviderError`] without the `provider` field (the client was written
//! before `Provider::Iyzico` existed); [`IyzicoError::into_provider_error`] is the bridge.
//!
//! Rate limiting (`errorCode 50000` or HTTP 429, §3.3/§7.4) is [`ErrorKind::RateLimited`], with
//! the code kept: retryable later, and never "may have been carried out".

use crate::providers::{ErrorKind, Provider, ProviderError};
use serde::Serialize;

/// iyzico's code for "Request Limit Exceeded".
pub const RATE_LIMIT_CODE: &str = "50000";

/// A failed iyzico call. Never holds a secret (keys are not in any message we build, and iyzico's
/// answers do not echo them).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("iyzico: {message}")]
pub struct IyzicoError {
    pub kind: ErrorKind,
    /// HTTP status, when an HTTP answer arrived.
    pub http_status: Option<u16>,
    /// iyzico's `errorCode` (`1000`, `50000`, …), as text whether it came as a string or number.
    pub code: Option<String>,
    /// iyzico's `errorGroup`, when sent.
    pub group: Option<String>,
    /// iyzico's `errorMessage`, or ours for transport failures and refusals made before sending.
    pub message: String,
}

impl IyzicoError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        IyzicoError { kind, http_status: None, code: None, group: None, message: message.into() }
    }

    /// Whether the provider said it is rate limiting us (retry later, not sooner).
    pub fn is_rate_limited(&self) -> bool {
        self.code.as_deref() == Some(RATE_LIMIT_CODE) || self.http_status == Some(429)
    }

    /// The same failure in the shared error model, once `provider` names iyzico.
    pub fn into_provider_error(self, provider: Provider) -> ProviderError {
        ProviderError {
            provider,
            kind: self.kind,
            http_status: self.http_status,
            error_type: self.group,
            code: self.code,
            message: self.message,
        }
    }

    /// A transport-level reqwest failure (no readable answer). `err`'s text is not kept: it may
    /// carry the URL and whatever a proxy added; our message is stable for the UI.
    pub fn from_transport(err: &reqwest::Error) -> Self {
        let (kind, message) = if err.is_timeout() {
            (ErrorKind::Timeout, "iyzico did not answer in time")
        } else if err.is_decode() {
            (ErrorKind::Protocol, "iyzico sent an answer that could not be read")
        } else {
            (ErrorKind::Network, "could not reach iyzico (network error)")
        };
        IyzicoError { http_status: err.status().map(|s| s.as_u16()), ..IyzicoError::new(kind, message) }
    }
}

pub(crate) fn validation(message: impl Into<String>) -> IyzicoError {
    IyzicoError::new(ErrorKind::Validation, message)
}

pub(crate) fn protocol(message: impl Into<String>) -> IyzicoError {
    IyzicoError::new(ErrorKind::Protocol, message)
}

/// The [`ErrorKind`] of an iyzico `failure` answer. The auth codes are §3.3's; 1–27 is iyzico's
/// general validation range (D-ERR). Not-found has no documented code (§10.3), so it is read from
/// HTTP 404 or iyzico's wording; "api bilgileri bulunamadı" (1001) is auth and checked first.
pub(crate) fn failure_kind(http_status: u16, code: &str, message: &str) -> ErrorKind {
    let lower = message.to_lowercase();
    if matches!(code, "1000" | "1001" | "1004" | "1007") || matches!(http_status, 401 | 403) {
        ErrorKind::Auth
    } else if code == RATE_LIMIT_CODE || http_status == 429 {
        ErrorKind::RateLimited
    } else if http_status >= 500 {
        ErrorKind::Server
    } else if http_status == 404 || NOT_FOUND_WORDS.iter().any(|w| lower.contains(w)) {
        ErrorKind::NotFound
    } else if code.parse::<u32>().is_ok_and(|n| (1..=27).contains(&n)) || matches!(http_status, 400 | 422) {
        ErrorKind::Validation
    } else {
        ErrorKind::Rejected
    }
}

const NOT_FOUND_WORDS: [&str; 5] = ["not found", "bulunamad", "bulunmamaktad", "does not exist", "mevcut değil"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_failures() {
        let k = |s, c, m| failure_kind(s, c, m);
        assert_eq!(k(200, "1000", "Geçersiz imza"), ErrorKind::Auth);
        assert_eq!(k(200, "1001", "api bilgileri bulunamadı"), ErrorKind::Auth);
        assert_eq!(k(200, "1004", "Random string gönderilmesi zorunludur"), ErrorKind::Auth);
        assert_eq!(k(200, "1007", "Signature gönderilmesi zorunludur"), ErrorKind::Auth);
        assert_eq!(k(401, "", ""), ErrorKind::Auth);
        assert_eq!(k(200, "50000", "Request Limit Exceeded"), ErrorKind::RateLimited);
        assert_eq!(k(429, "", ""), ErrorKind::RateLimited);
        assert_eq!(k(503, "", "x"), ErrorKind::Server);
        assert_eq!(k(404, "", ""), ErrorKind::NotFound);
        assert_eq!(k(200, "", "Ürün bulunamadı"), ErrorKind::NotFound);
        assert_eq!(k(200, "5099", "Product not found"), ErrorKind::NotFound);
        assert_eq!(k(200, "11", "Geçersiz istek"), ErrorKind::Validation);
        assert_eq!(k(200, "24", "price is mandatory"), ErrorKind::Validation);
        assert_eq!(k(400, "", "bad"), ErrorKind::Validation);
        assert_eq!(k(200, "5088", "Ürün görseli zorunludur"), ErrorKind::Rejected);
    }

    #[test]
    fn bridge_keeps_everything() {
        let e =
            IyzicoError { code: Some("1000".into()), http_status: Some(200), ..IyzicoError::new(ErrorKind::Auth, "m") };
        let p = e.into_provider_error(Provider::Paynet);
        assert_eq!(
            (p.kind, p.code.as_deref(), p.http_status, p.message.as_str()),
            (ErrorKind::Auth, Some("1000"), Some(200), "m")
        );
    }
}
