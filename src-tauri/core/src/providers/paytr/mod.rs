//! PayTR Link API client (`shared/providers.md` §4–§5): create, delete, SMS, e-mail, the status
//! inquiry (`durum-sorgu`) and the sales report (`rapor/islem-dokumu`).
//!
//! Every request is a form signed with `paytr_token` (see [`forms`]); every answer is a JSON
//! envelope whose `status` is mapped to a typed [`ProviderError`] (see [`response`]).

mod forms;
pub(crate) mod response;
mod types;

#[cfg(test)]
mod tests;

pub use forms::{paytr_token, verify_callback};
pub use types::{
    check_callback_link, Callback, CallbackFields, CreateLink, CreatedLink, DeleteOutcome, LinkType, PaymentStatus,
    PaytrCredentials, PaytrLinkId, ReportRow,
};

use crate::phone::TrMobile;
use crate::providers::{ErrorKind, Provider, ProviderError, DEFAULT_TIMEOUT, REPORT_TIMEOUT};
use chrono::NaiveDateTime;
use forms::Form;
use response::{Endpoint, Outcome};
use secrecy::ExposeSecret;
use std::time::Duration;
use types::{check_email, check_link_id, invalid};

/// PayTR's one host, for test and live stores alike.
pub const BASE_URL: &str = "https://www.paytr.com";

/// PayTR accepts at most this many ids in one delete.
const DELETE_BATCH: usize = 10;

/// A PayTR Link API client for one store. Cheap to clone (the HTTP client is shared).
#[derive(Clone)]
pub struct PaytrClient {
    base_url: String,
    creds: PaytrCredentials,
    http: reqwest::Client,
    /// Link API calls (create, delete, SMS, e-mail).
    timeout: Duration,
    /// `durum-sorgu` and `rapor/islem-dokumu`.
    report_timeout: Duration,
}

impl std::fmt::Debug for PaytrClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaytrClient")
            .field("base_url", &self.base_url)
            .field("merchant_id", &self.creds.merchant_id)
            .field("timeout", &self.timeout)
            .field("report_timeout", &self.report_timeout)
            .finish_non_exhaustive()
    }
}

impl PaytrClient {
    /// `base_url` is [`BASE_URL`] or a sandbox's address. All three credentials are required.
    pub fn new(base_url: &str, creds: PaytrCredentials) -> Result<Self, ProviderError> {
        let http = reqwest::Client::builder()
            .build()
            .map_err(|_| ProviderError::new(Provider::Paytr, ErrorKind::Network, "could not set up HTTPS"))?;
        Self::new_with_http(base_url, creds, http)
    }

    /// [`PaytrClient::new`] over an existing HTTP client (its connection pool and root
    /// certificates: building a client reads the OS's certificate store).
    pub fn new_with_http(
        base_url: &str,
        creds: PaytrCredentials,
        http: reqwest::Client,
    ) -> Result<Self, ProviderError> {
        let url = url::Url::parse(base_url.trim()).map_err(|_| invalid(format!("'{base_url}' is not a URL")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(format!("'{base_url}' must be an http(s) URL")));
        }
        if creds.merchant_id.trim().is_empty()
            || creds.merchant_key.expose_secret().is_empty()
            || creds.merchant_salt.expose_secret().is_empty()
        {
            return Err(invalid("PayTR needs the merchant id, merchant key and merchant salt"));
        }
        Ok(PaytrClient {
            base_url: base_url.trim().trim_end_matches('/').to_string(),
            creds,
            http,
            timeout: DEFAULT_TIMEOUT,
            report_timeout: REPORT_TIMEOUT,
        })
    }

    /// The timeout of Link API calls (create, delete, SMS, e-mail); reports keep theirs.
    pub fn with_timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// The timeout of `durum-sorgu` and `rapor/islem-dokumu` (default [`REPORT_TIMEOUT`]).
    pub fn with_report_timeout(mut self, t: Duration) -> Self {
        self.report_timeout = t;
        self
    }

    pub fn with_http(mut self, c: reqwest::Client) -> Self {
        self.http = c;
        self
    }

    /// The payment page of link `id`, as `link/create` answers it (`<host>/link/<id>`): for a
    /// link the owner found in the PayTR panel after an uncertain create.
    pub fn link_url(&self, id: &PaytrLinkId) -> String {
        format!("{}/link/{}", self.base_url, id.0)
    }

    pub fn merchant_id(&self) -> &str {
        &self.creds.merchant_id
    }

    /// Posts `form` to `path`; returns the body of a 2xx answer.
    async fn post(&self, path: &str, form: &Form) -> Result<Vec<u8>, ProviderError> {
        let transport = |e: reqwest::Error| ProviderError::from_transport(Provider::Paytr, &e);
        let timeout = if path.starts_with("/odeme/api/link/") { self.timeout } else { self.report_timeout };
        let resp = self
            .http
            .post(format!("{}{path}", self.base_url))
            .timeout(timeout)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form.encode())
            .send()
            .await
            .map_err(transport)?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(transport)?;
        if !status.is_success() {
            return Err(ProviderError {
                http_status: Some(status.as_u16()),
                ..ProviderError::new(
                    Provider::Paytr,
                    ErrorKind::Server,
                    format!("PayTR answered HTTP {}", status.as_u16()),
                )
            });
        }
        Ok(body.to_vec())
    }

    /// Creates a link. Checked here first as PayTR would, so a bad request is never sent.
    pub async fn create(&self, req: &CreateLink) -> Result<CreatedLink, ProviderError> {
        types::validate_create(req)?;
        let body = self.post("/odeme/api/link/create", &forms::create_form(&self.creds, req)).await?;
        response::check(Endpoint::Link, &body)?;
        let b: response::CreateBody = response::parse(&body, "link/create")?;
        let missing =
            || ProviderError::new(Provider::Paytr, ErrorKind::Protocol, "PayTR's link/create answer has no id or link");
        let id = b.id.filter(|i| !i.trim().is_empty()).ok_or_else(missing)?;
        let link = b.link.filter(|l| !l.trim().is_empty()).ok_or_else(missing)?;
        let qr = b.base64_qr.or(b.qr_code).filter(|q| !q.is_empty());
        Ok(CreatedLink { id: PaytrLinkId(id.trim().to_string()), link, qr_png_base64: qr })
    }

    /// Deletes links, at most ten per request. One id: an error (e.g. NotFound) is returned as
    /// such. Several: each id ends up in `deleted` or `failed`; an error on the first batch is
    /// returned, on a later batch it is recorded against that batch's ids.
    pub async fn delete(&self, ids: &[PaytrLinkId]) -> Result<DeleteOutcome, ProviderError> {
        if ids.is_empty() {
            return Err(invalid("no link id to delete"));
        }
        let mut unique: Vec<PaytrLinkId> = Vec::with_capacity(ids.len());
        for id in ids {
            check_link_id(id)?;
            if !unique.contains(id) {
                unique.push(id.clone());
            }
        }
        let mut out = DeleteOutcome::default();
        for (n, batch) in unique.chunks(DELETE_BATCH).enumerate() {
            match self.delete_batch(batch).await {
                Ok(part) => {
                    out.deleted.extend(part.deleted);
                    out.failed.extend(part.failed);
                }
                Err(e) if unique.len() == 1 => return Err(e),
                Err(e) if e.kind == ErrorKind::NotFound || n > 0 => {
                    out.failed.extend(batch.iter().map(|id| (id.clone(), e.message.clone())));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    async fn delete_batch(&self, batch: &[PaytrLinkId]) -> Result<DeleteOutcome, ProviderError> {
        let body = self.post("/odeme/api/link/delete", &forms::delete_form(&self.creds, batch)).await?;
        response::check(Endpoint::Link, &body)?;
        let b: response::DeleteBody = response::parse(&body, "link/delete")?;
        let (Some(ok), failed) = (b.success_deletes, b.failed_deletes) else {
            // A plain success: everything sent was deleted.
            return Ok(DeleteOutcome { deleted: batch.to_vec(), failed: vec![] });
        };
        let failed = failed.unwrap_or_default();
        let mut out = DeleteOutcome::default();
        for id in batch {
            if ok.iter().any(|d| d.trim() == id.0) {
                out.deleted.push(id.clone());
            } else if failed.iter().any(|d| d.trim() == id.0) {
                out.failed.push((id.clone(), "Invalid id or link has already been deleted".into()));
            } else {
                out.failed.push((id.clone(), "PayTR did not report this id as deleted".into()));
            }
        }
        Ok(out)
    }

    /// Sends the link by SMS; PayTR wants `05xxxxxxxxx`.
    pub async fn send_sms(&self, id: &PaytrLinkId, phone: &TrMobile) -> Result<(), ProviderError> {
        check_link_id(id)?;
        let body = self.post("/odeme/api/link/send-sms", &forms::sms_form(&self.creds, id, &phone.with_zero())).await?;
        response::check(Endpoint::Link, &body).map(|_| ())
    }

    pub async fn send_email(&self, id: &PaytrLinkId, email: &str) -> Result<(), ProviderError> {
        check_link_id(id)?;
        let email = email.trim();
        check_email(email)?;
        let body = self.post("/odeme/api/link/send-email", &forms::email_form(&self.creds, id, email)).await?;
        response::check(Endpoint::Link, &body).map(|_| ())
    }

    /// `durum-sorgu` for a payment's `merchant_oid` (from the callback or `islem-dokumu`). The
    /// id is sent as PayTR gave it: only PayTR says whether it knows it (we do not guess its format).
    pub async fn payment_status(&self, merchant_oid: &str) -> Result<PaymentStatus, ProviderError> {
        let oid = merchant_oid.trim();
        if oid.is_empty() || oid.chars().any(char::is_control) {
            return Err(invalid("a PayTR merchant_oid must be non-empty text"));
        }
        let body = self.post("/odeme/durum-sorgu", &forms::status_form(&self.creds, oid)).await?;
        response::check(Endpoint::Status, &body)?;
        response::payment_status(&body)
    }

    /// Sales and refunds between `from` and `to` (Turkey time, inclusive), asked in windows PayTR
    /// accepts (under three days each). A window without transactions adds nothing.
    pub async fn transactions(&self, from: NaiveDateTime, to: NaiveDateTime) -> Result<Vec<ReportRow>, ProviderError> {
        if from > to {
            return Err(invalid("the report range starts after it ends"));
        }
        let mut rows = Vec::new();
        for (start, end) in forms::report_windows(from, to) {
            let body = self.post("/rapor/islem-dokumu", &forms::report_form(&self.creds, start, end)).await?;
            if let Outcome::Success = response::check(Endpoint::Report, &body)? {
                rows.extend(response::report_rows(&body)?);
            }
        }
        Ok(rows)
    }
}
