//! What the provider clients share: which provider, the error model, HTTP settings.

mod clients;
pub mod iyzico;
pub mod paynet;
pub mod paytr;
mod per_provider;

pub(crate) use clients::with_client_type;
pub use clients::{AnyClient, Clients, ProviderClient};
pub use per_provider::PerProvider;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::Duration;

/// The default per-request timeout (PayTR's own samples use 20 s for the Link API).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Reports and status inquiries may take long on the provider's side: PayTR's own report and
/// status samples wait 90 s (providers.md §9.12). Only reads get this; a create keeps the short
/// one, so an uncertain create is reconciled soon.
pub const REPORT_TIMEOUT: Duration = Duration::from_secs(90);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Paynet,
    Paytr,
    Iyzico,
}

/// How "İptal" (cancel) works at a provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelKind {
    /// The link is made passive and can be opened again (Paynet `status_update`).
    Passive,
    /// The link is deleted at the provider; it cannot come back (PayTR `link/delete`).
    Delete,
}

/// What a provider's API lets us do with a link. The one place the link service, the app's row
/// actions and the CLI ask, so a new provider states its abilities here instead of every caller
/// testing for a provider by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    /// A link can be found by our own reference (Paynet `detail`/`status_update` by
    /// `reference_no`): an uncertain create is looked up, and a link without the provider's id
    /// can still be cancelled. Without it the owner settles an uncertain create from the panel.
    pub look_up: bool,
    /// A link's status can be asked for on demand (Paynet `detail`). PayTR has no such call:
    /// its payments are learned from the sales report only.
    pub refresh: bool,
    pub cancel: CancelKind,
    /// Links can be deleted at the provider ("Sil"). Where not, "Sil" cancels instead.
    pub delete: bool,
    /// A cancelled link can be opened again.
    pub reopen: bool,
    /// The provider sends the link again by SMS / e-mail after creation (PayTR `send-sms`,
    /// `send-email`); Paynet sends only at creation.
    pub resend: bool,
    /// Currencies other than TL.
    pub foreign_currency: bool,
    /// Payments are told apart by amount (PayTR's report names no link), so two waiting links
    /// of one amount make the owner choose: the form warns and suggests a distinct amount.
    pub matched_by_amount: bool,
}

impl Provider {
    /// Every provider, in the order the app lists them.
    pub const ALL: [Provider; 3] = [Provider::Paynet, Provider::Paytr, Provider::Iyzico];

    pub fn capabilities(self) -> Capabilities {
        match self {
            Provider::Paynet => Capabilities {
                look_up: true,
                refresh: true,
                cancel: CancelKind::Passive,
                delete: false,
                reopen: true,
                resend: false,
                foreign_currency: false,
                matched_by_amount: false,
            },
            Provider::Paytr => Capabilities {
                look_up: false,
                refresh: false,
                cancel: CancelKind::Delete,
                delete: true,
                reopen: false,
                resend: true,
                foreign_currency: true,
                matched_by_amount: true,
            },
            // iyzico.md §3: a product is made PASSIVE and ACTIVE again, or deleted; `get` answers
            // for one token and `soldCount` says whether it sold, so no amount matching.
            Provider::Iyzico => Capabilities {
                look_up: false,
                refresh: true,
                cancel: CancelKind::Passive,
                delete: true,
                reopen: true,
                resend: false,
                foreign_currency: true,
                matched_by_amount: false,
            },
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Paynet => "paynet",
            Provider::Paytr => "paytr",
            Provider::Iyzico => "iyzico",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Provider::Paynet => "Paynet",
            Provider::Paytr => "PayTR",
            Provider::Iyzico => "iyzico",
        })
    }
}

impl std::str::FromStr for Provider {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "paynet" => Ok(Provider::Paynet),
            "paytr" => Ok(Provider::Paytr),
            "iyzico" => Ok(Provider::Iyzico),
            other => Err(format!("unknown provider '{other}': use paynet, paytr or iyzico")),
        }
    }
}

/// What kind of failure, so the UI and the tracker can decide what to say and whether to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Wrong or missing credentials (Paynet 401 `authorization_error`, PayTR bad `paytr_token`).
    Auth,
    /// The provider refused our input (Paynet 400 `invalid_request_error`, PayTR `failed` + field).
    Validation,
    /// No such link or record (Paynet `no_data_error`, PayTR "Invalid id…", durum-sorgu 004).
    NotFound,
    /// No connection, connection refused or dropped mid-answer.
    Network,
    /// No answer within the timeout. The request may or may not have been carried out.
    Timeout,
    /// The provider failed on its side (HTTP 5xx, Paynet `api_error`, PayTR `error`).
    Server,
    /// The answer could not be understood (malformed JSON, missing fields).
    Protocol,
    /// Any other refusal the provider explained (e.g. Paynet `code: 1` on a paid link).
    Rejected,
    /// The provider refused the request because we asked too often (HTTP 429, iyzico `50000`):
    /// nothing was carried out; asking again later (not sooner) may succeed.
    RateLimited,
}

impl ErrorKind {
    /// Whether repeating the same safe (read or idempotent) request later may succeed.
    pub fn retryable(self) -> bool {
        matches!(self, ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Server | ErrorKind::RateLimited)
    }

    /// Whether the request may have been carried out even though we got no usable answer.
    pub fn outcome_uncertain(self) -> bool {
        matches!(self, ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Server | ErrorKind::Protocol)
    }
}

/// A failed provider call. Keeps the provider's own code, type and message. Never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{provider}: {message}")]
pub struct ProviderError {
    pub provider: Provider,
    pub kind: ErrorKind,
    /// HTTP status, when an HTTP answer arrived.
    pub http_status: Option<u16>,
    /// Paynet `type` (`authorization_error`, …); PayTR `status` (`failed`/`error`).
    pub error_type: Option<String>,
    /// Paynet `code`/`result_code`; PayTR `err_no`.
    pub code: Option<String>,
    /// The provider's message (`message`, `reason`, `err_msg`) or ours for transport failures.
    pub message: String,
}

impl ProviderError {
    pub fn new(provider: Provider, kind: ErrorKind, message: impl Into<String>) -> Self {
        ProviderError { provider, kind, http_status: None, error_type: None, code: None, message: message.into() }
    }

    /// Maps a transport-level reqwest failure (the request never got a readable answer).
    pub fn from_transport(provider: Provider, err: &reqwest::Error) -> Self {
        let kind = if err.is_timeout() {
            ErrorKind::Timeout
        } else if err.is_decode() {
            ErrorKind::Protocol
        } else {
            ErrorKind::Network
        };
        let message = match kind {
            ErrorKind::Timeout => format!("{provider} did not answer in time"),
            ErrorKind::Protocol => format!("{provider} sent an answer that could not be read"),
            _ => format!("could not reach {provider} (network error)"),
        };
        // `err` is not included: its text holds the request URL, which is harmless, but keeping the
        // message ours keeps it stable for the UI and free of anything a proxy might have added.
        ProviderError { http_status: err.status().map(|s| s.as_u16()), ..ProviderError::new(provider, kind, message) }
    }

    /// Whether the provider answered that it is rate limiting us (HTTP 429, iyzico `50000`): a
    /// refusal of the request itself, so nothing was carried out.
    pub fn rate_limited(&self) -> bool {
        self.kind == ErrorKind::RateLimited || self.http_status == Some(429)
    }
}
