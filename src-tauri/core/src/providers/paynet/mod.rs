//! Paynet PayLink client: `v1/mailorder/{create,detail,list,status_update}` and
//! `v1/transaction/check`, authenticated with `Authorization: Basic <secret_key>` (the raw key,
//! not base64; providers.md §1.3).
//!
//! Nothing here retries: a create may have happened even when no answer arrived
//! ([`ErrorKind::outcome_uncertain`]), so the caller records it and reconciles by `reference_no`.

pub(crate) mod parse;
#[cfg(test)]
mod tests;
mod types;
/// Tolerant JSON field reading, shared with the sandbox (which reads requests the same way).
pub(crate) mod wire;

pub use types::{
    CreateLink, CreatedLink, LinkDetail, LinkRef, ListPage, ListQuery, ListRow, PaymentRef, PaynetLinkId, PaynetStatus,
    Transaction, TxRef,
};

use super::{ErrorKind, Provider, ProviderError, DEFAULT_TIMEOUT};
use crate::money::Currency;
use chrono::NaiveDate;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use serde_json::value::RawValue;
use std::time::Duration;

pub const LIVE_BASE_URL: &str = "https://api.paynet.com.tr";
pub const TEST_BASE_URL: &str = "https://pts-api.paynet.com.tr";

/// Page size `list_all` asks for, and how many pages it follows at most (a guard against a
/// server that always says `has_more`).
const LIST_ALL_PAGE: u32 = 100;
const LIST_ALL_MAX_PAGES: usize = 1000;

#[derive(Clone)]
pub struct PaynetClient {
    base_url: String,
    secret_key: SecretString,
    timeout: Duration,
    http: reqwest::Client,
}

impl std::fmt::Debug for PaynetClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaynetClient")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

fn validation(message: impl Into<String>) -> ProviderError {
    ProviderError::new(Provider::Paynet, ErrorKind::Validation, message)
}

impl PaynetClient {
    /// `base_url` is [`LIVE_BASE_URL`], [`TEST_BASE_URL`] or any `http(s)://host[:port][/prefix]`.
    pub fn new(base_url: &str, secret_key: SecretString) -> Result<Self, ProviderError> {
        Self::new_with_http(base_url, secret_key, reqwest::Client::new())
    }

    /// [`PaynetClient::new`] over an existing HTTP client (its connection pool and root
    /// certificates: building a client reads the OS's certificate store).
    pub fn new_with_http(
        base_url: &str,
        secret_key: SecretString,
        http: reqwest::Client,
    ) -> Result<Self, ProviderError> {
        let trimmed = base_url.trim().trim_end_matches('/');
        let parsed = url::Url::parse(trimmed)
            .map_err(|e| validation(format!("Paynet address '{trimmed}' is not a URL ({e})")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(validation(format!("Paynet address '{trimmed}' must be an http(s) URL with a host")));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(validation(format!("Paynet address '{trimmed}' must not have a query or fragment")));
        }
        if secret_key.expose_secret().trim().is_empty() {
            return Err(ProviderError::new(Provider::Paynet, ErrorKind::Auth, "the Paynet secret key is empty"));
        }
        Ok(PaynetClient { base_url: trimmed.to_string(), secret_key, timeout: DEFAULT_TIMEOUT, http })
    }

    /// The per-request timeout (connect, send and read the whole answer).
    pub fn with_timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// Shares an existing HTTP client (connection pool).
    pub fn with_http(mut self, c: reqwest::Client) -> Self {
        self.http = c;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Creates a PayLink. Never retried here: on an uncertain outcome, look it up by `reference_no`.
    pub async fn create(&self, req: &CreateLink) -> Result<CreatedLink, ProviderError> {
        if req.amount.currency() != Currency::Tl {
            return Err(validation(format!("Paynet PayLink takes TL only, not {}", req.amount.currency())));
        }
        // The decimal text goes out as a JSON number as is: no float on the way.
        let amount = RawValue::from_string(req.amount.to_decimal_string())
            .map_err(|e| validation(format!("amount could not be written ({e})")))?;
        let body = CreateBody {
            amount,
            name_surname: &req.name_surname,
            note: req.note.as_deref(),
            agent_note: req.agent_note.as_deref(),
            reference_no: req.reference_no.as_deref(),
            expire_date: req.expire_hours,
            email: req.email.as_deref(),
            send_mail: req.send_mail,
            phone: req.phone.as_ref().map(|p| p.national()),
            send_sms: req.send_sms,
            user_name: req.user_name.as_deref(),
            confirmation_url: req.confirmation_url.as_deref(),
        };
        let (status, obj) = self.post("v1/mailorder/create", &body).await?;
        parse::created(status, &obj)
    }

    pub async fn detail(&self, r: &LinkRef) -> Result<LinkDetail, ProviderError> {
        let (status, obj) = self.post("v1/mailorder/detail", &RefBody::link(r, None)?).await?;
        parse::detail(status, &obj)
    }

    /// One page of links created between two Turkish calendar days (inclusive).
    pub async fn list(&self, q: &ListQuery) -> Result<ListPage, ProviderError> {
        if q.from > q.to {
            return Err(validation("the list's start date is after its end date"));
        }
        if q.limit == 0 {
            return Err(validation("the list's page size must be at least 1"));
        }
        let body = ListBody { datab: day(q.from), datbi: day(q.to), limit: q.limit, starting_after: q.starting_after };
        let (status, obj) = self.post("v1/mailorder/list", &body).await?;
        parse::list(status, &obj, q.starting_after.unwrap_or(0))
    }

    /// Every link created between two days, following the pages.
    pub async fn list_all(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ListRow>, ProviderError> {
        let mut rows = Vec::new();
        for _ in 0..LIST_ALL_MAX_PAGES {
            let q = ListQuery { from, to, limit: LIST_ALL_PAGE, starting_after: Some(rows.len() as u64) };
            let page = self.list(&q).await?;
            let got = page.rows.len();
            rows.extend(page.rows);
            if !page.has_more {
                return Ok(rows);
            }
            if got == 0 {
                return Err(ProviderError::new(
                    Provider::Paynet,
                    ErrorKind::Protocol,
                    "Paynet's list says there are more rows but sent an empty page",
                ));
            }
        }
        Err(ProviderError::new(Provider::Paynet, ErrorKind::Protocol, "Paynet's list did not end"))
    }

    /// Deactivates (`Passive`) or re-opens (`Waiting`) a link. Other statuses are refused here.
    pub async fn set_status(&self, r: &LinkRef, s: PaynetStatus) -> Result<(), ProviderError> {
        if !matches!(s, PaynetStatus::Waiting | PaynetStatus::Passive) {
            return Err(validation(format!(
                "a Paynet link can only be set to waiting (0) or passive (3), not {s} ({})",
                s.code()
            )));
        }
        self.post("v1/mailorder/status_update", &RefBody::link(r, Some(s.code()))?).await.map(|_| ())
    }

    /// The card transactions for a payment (`xact_id`) or a link's `reference_no`; empty when
    /// Paynet has none ("no data" is an answer here, not a failure).
    pub async fn check_transaction(&self, r: &TxRef) -> Result<Vec<Transaction>, ProviderError> {
        let body = match r {
            TxRef::XactId(x) => RefBody { xact_id: Some(nonblank(x, "xact_id")?), ..RefBody::default() },
            TxRef::Reference(x) => RefBody { reference_no: Some(nonblank(x, "reference_no")?), ..RefBody::default() },
        };
        match self.post("v1/transaction/check", &body).await {
            Ok((status, obj)) => parse::transactions(status, &obj),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// Sends one request and checks the envelope. Returns the HTTP status and the body.
    async fn post(&self, path: &str, body: &impl Serialize) -> Result<(u16, wire::Obj), ProviderError> {
        let mut auth =
            HeaderValue::from_str(&format!("Basic {}", self.secret_key.expose_secret().trim())).map_err(|_| {
                ProviderError::new(
                    Provider::Paynet,
                    ErrorKind::Auth,
                    "the Paynet secret key has characters a header cannot carry",
                )
            })?;
        auth.set_sensitive(true);
        let json = serde_json::to_vec(body).map_err(|e| validation(format!("request could not be written ({e})")))?;
        let response = self
            .http
            .post(format!("{}/{path}", self.base_url))
            .timeout(self.timeout)
            .header(AUTHORIZATION, auth)
            .header(CONTENT_TYPE, "application/json; charset=UTF-8")
            .header(ACCEPT, "application/json; charset=UTF-8")
            .body(json)
            .send()
            .await
            .map_err(|e| ProviderError::from_transport(Provider::Paynet, &e))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| ProviderError {
            http_status: Some(status),
            ..ProviderError::from_transport(Provider::Paynet, &e)
        })?;
        log::debug!("paynet {path}: HTTP {status}, {} bytes", bytes.len());
        parse::envelope(status, &bytes).map(|obj| (status, obj))
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn nonblank(s: &str, field: &str) -> Result<String, ProviderError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(validation(format!("`{field}` is empty")));
    }
    Ok(t.to_string())
}

#[derive(Serialize)]
struct CreateBody<'a> {
    amount: Box<RawValue>,
    name_surname: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agent_note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_no: Option<&'a str>,
    /// Hours of validity, despite the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    expire_date: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    send_mail: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    send_sms: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confirmation_url: Option<&'a str>,
}

#[derive(Serialize, Default)]
struct RefBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    xact_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<i64>,
}

impl RefBody {
    fn link(r: &LinkRef, status: Option<i64>) -> Result<RefBody, ProviderError> {
        Ok(match r {
            LinkRef::Id(id) => RefBody { id: Some(nonblank(&id.0, "id")?), status, ..RefBody::default() },
            LinkRef::Reference(x) => {
                RefBody { reference_no: Some(nonblank(x, "reference_no")?), status, ..RefBody::default() }
            }
        })
    }
}

#[derive(Serialize)]
struct ListBody {
    datab: String,
    datbi: String,
    limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    starting_after: Option<u64>,
}
