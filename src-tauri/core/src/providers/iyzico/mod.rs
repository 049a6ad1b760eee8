//! iyzico Link ("iyzilink") client (`shared/iyzico.md`): create, get, list, update, status and
//! delete under `/v2/iyzilink/products`, each request signed with IYZWSv2 ([`sign`]).
//!
//! POST and PUT bodies are serialized once; those exact bytes are signed and sent. GET, PATCH and
//! DELETE send no body and sign `randomKey + path` (§2.3); `locale` and `conversationId` go in
//! the unsigned query (§2.2). Nothing here retries: a create may have happened even when no
//! answer arrived ([`ErrorKind::outcome_uncertain`]); the caller reconciles through the list.

pub mod card;
mod error;
mod price;
pub(crate) mod response;
pub mod sign;
mod types;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_http;

pub use error::{IyzicoError, RATE_LIMIT_CODE};
pub use price::{currency_code, parse_price, price_text};
pub use types::{
    CreatedLink, IyzicoCredentials, IyzicoLink, IyzicoToken, LinkFields, LinkImage, LinkStatus, ListPage, SetStatus,
    MAX_IMAGE_BYTES,
};

use crate::providers::ErrorKind;
use crate::Lang;
use error::validation;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

pub const LIVE_BASE_URL: &str = "https://api.iyzipay.com";
pub const SANDBOX_BASE_URL: &str = "https://sandbox-api.iyzipay.com";

const PRODUCTS: &str = "/v2/iyzilink/products";

/// The largest page iyzico is known to serve (§4.4: 100).
pub const MAX_PAGE_SIZE: u32 = 100;

/// Makes the random key of each request (tests inject fixed ones to reproduce §8's vectors).
type RandomKeys = std::sync::Arc<dyn Fn() -> String + Send + Sync>;

/// An iyzilink client for one merchant. Cheap to clone (the HTTP client is shared).
#[derive(Clone)]
pub struct IyzicoClient {
    base_url: String,
    api_key: SecretString,
    secret_key: SecretString,
    timeout: Duration,
    http: reqwest::Client,
    random_keys: RandomKeys,
}

impl std::fmt::Debug for IyzicoClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IyzicoClient")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// One request: method, the bare path (signed) and the query (not signed).
struct Call<'a> {
    method: Method,
    path: String,
    query: Vec<(&'a str, String)>,
    body: Option<Vec<u8>>,
    what: &'static str,
}

impl IyzicoClient {
    /// `base_url` is [`LIVE_BASE_URL`], [`SANDBOX_BASE_URL`] or any `http(s)://host[:port]` without
    /// a path (the signed path must be the one the server receives). Both keys are required.
    pub fn new(
        base_url: &str,
        api_key: SecretString,
        secret_key: SecretString,
        timeout: Duration,
    ) -> Result<Self, IyzicoError> {
        Self::new_with_http(base_url, api_key, secret_key, timeout, reqwest::Client::new())
    }

    /// [`IyzicoClient::new`] over an existing HTTP client (its connection pool and root
    /// certificates: building a client reads the OS's certificate store).
    pub fn new_with_http(
        base_url: &str,
        api_key: SecretString,
        secret_key: SecretString,
        timeout: Duration,
        http: reqwest::Client,
    ) -> Result<Self, IyzicoError> {
        let trimmed = base_url.trim().trim_end_matches('/');
        let parsed =
            url::Url::parse(trimmed).map_err(|_| validation(format!("iyzico address '{trimmed}' is not a URL")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(validation(format!("iyzico address '{trimmed}' must be an http(s) URL with a host")));
        }
        if parsed.path() != "/" || parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(validation(format!("iyzico address '{trimmed}' must be a bare host, without a path")));
        }
        let header_safe = |s: &SecretString| {
            let t = s.expose_secret();
            !t.trim().is_empty() && t.chars().all(|c| c.is_ascii_graphic()) && !t.contains(['&', ':'])
        };
        if !header_safe(&api_key) || !header_safe(&secret_key) {
            return Err(IyzicoError::new(
                ErrorKind::Auth,
                "the iyzico API key and secret key must both be filled in, without spaces",
            ));
        }
        Ok(IyzicoClient {
            base_url: trimmed.to_string(),
            api_key,
            secret_key,
            timeout,
            http,
            random_keys: std::sync::Arc::new(sign::random_key),
        })
    }

    /// Shares an existing HTTP client (connection pool).
    pub fn with_http(mut self, c: reqwest::Client) -> Self {
        self.http = c;
        self
    }

    #[cfg(test)]
    pub(crate) fn with_random_keys(mut self, f: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.random_keys = std::sync::Arc::new(f);
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Creates a link (`POST /v2/iyzilink/products`). Checked first as iyzico would, so a bad
    /// request is never sent. Not retried: on an uncertain outcome, look for it in the list.
    pub async fn create(&self, fields: &LinkFields, image: &LinkImage) -> Result<CreatedLink, IyzicoError> {
        let body = serde_json::to_vec(&types::link_body(fields, Some(image))?)
            .map_err(|_| validation("the request could not be written"))?;
        let call =
            Call { method: Method::POST, path: PRODUCTS.into(), query: vec![], body: Some(body), what: "create" };
        let (obj, raw) = self.send(call).await?;
        response::created(&obj, &raw, "create")
    }

    /// One link by token (`GET …/products/{token}`).
    pub async fn get(&self, token: &IyzicoToken, lang: Lang) -> Result<IyzicoLink, IyzicoError> {
        let call = self.bodyless(Method::GET, token_path(token)?, lang, "get");
        let (obj, raw) = self.send(call).await?;
        response::one(&obj, &raw)
    }

    /// One page of links, newest first as far as §4.4 tells; `page` starts at 1, `count` is
    /// 1..=[`MAX_PAGE_SIZE`]. Only our kind of link (`productType=IYZILINK`, as JAVA and NET ask).
    pub async fn list(&self, page: u32, count: u32, lang: Lang) -> Result<ListPage, IyzicoError> {
        if page == 0 || count == 0 || count > MAX_PAGE_SIZE {
            return Err(validation(format!("a list page is 1 or more and its size 1 to {MAX_PAGE_SIZE}")));
        }
        let mut call = self.bodyless(Method::GET, PRODUCTS.into(), lang, "list");
        call.query.extend([
            ("productType", "IYZILINK".to_string()),
            ("page", page.to_string()),
            ("count", count.to_string()),
        ]);
        let (obj, raw) = self.send(call).await?;
        response::list(&obj, &raw)
    }

    /// Replaces a link's fields (`PUT …/products/{token}`); the image is optional here (§4.5).
    pub async fn update(
        &self,
        token: &IyzicoToken,
        fields: &LinkFields,
        image: Option<&LinkImage>,
    ) -> Result<CreatedLink, IyzicoError> {
        let body = serde_json::to_vec(&types::link_body(fields, image)?)
            .map_err(|_| validation("the request could not be written"))?;
        let call =
            Call { method: Method::PUT, path: token_path(token)?, query: vec![], body: Some(body), what: "update" };
        let (obj, raw) = self.send(call).await?;
        response::created(&obj, &raw, "update")
    }

    /// ACTIVE re-opens a link, PASSIVE stops it taking payments (`PATCH …/status/{status}`).
    pub async fn set_status(&self, token: &IyzicoToken, status: SetStatus, lang: Lang) -> Result<(), IyzicoError> {
        let path = format!("{}/status/{}", token_path(token)?, status.as_str());
        self.send(self.bodyless(Method::PATCH, path, lang, "status")).await.map(|_| ())
    }

    /// Deletes a link (`DELETE …/products/{token}`).
    pub async fn delete(&self, token: &IyzicoToken, lang: Lang) -> Result<(), IyzicoError> {
        self.send(self.bodyless(Method::DELETE, token_path(token)?, lang, "delete")).await.map(|_| ())
    }

    fn bodyless(&self, method: Method, path: String, lang: Lang, what: &'static str) -> Call<'static> {
        Call { method, path, query: vec![("locale", types::locale(lang).to_string())], body: None, what }
    }

    /// The `Authorization` and `x-iyzi-rnd` values for `path` and `body` with a fresh random key.
    fn auth_headers(&self, path: &str, body: &[u8]) -> Result<(HeaderValue, HeaderValue), IyzicoError> {
        let rnd = (self.random_keys)();
        let value =
            sign::authorization(self.api_key.expose_secret(), self.secret_key.expose_secret(), &rnd, path, body);
        let mut auth = HeaderValue::from_str(&value)
            .map_err(|_| IyzicoError::new(ErrorKind::Auth, "the iyzico keys have characters a header cannot carry"))?;
        auth.set_sensitive(true);
        let rnd = HeaderValue::from_str(&rnd).map_err(|_| validation("the random key cannot go in a header"))?;
        Ok((auth, rnd))
    }

    /// Sends one signed request and checks the envelope; returns the object and the raw body.
    async fn send(&self, call: Call<'_>) -> Result<(response::Obj, Vec<u8>), IyzicoError> {
        let body = call.body.unwrap_or_default();
        let (auth, rnd) = self.auth_headers(&call.path, &body)?;
        let mut url = url::Url::parse(&format!("{}{}", self.base_url, call.path))
            .map_err(|_| validation("the request address could not be built"))?;
        if !call.query.is_empty() {
            url.query_pairs_mut().extend_pairs(call.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let mut req = self
            .http
            .request(call.method, url)
            .timeout(self.timeout)
            .header(AUTHORIZATION, auth)
            .header("x-iyzi-rnd", rnd)
            .header("x-iyzi-client-version", concat!("tahsildar-", env!("CARGO_PKG_VERSION")))
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json");
        if !body.is_empty() {
            req = req.body(body);
        }
        let resp = req.send().await.map_err(|e| IyzicoError::from_transport(&e))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| IyzicoError { http_status: Some(status), ..IyzicoError::from_transport(&e) })?;
        log::debug!("iyzico {}: HTTP {status}, {} bytes", call.what, bytes.len());
        let obj = response::envelope(status, &bytes, call.what)?;
        Ok((obj, bytes.to_vec()))
    }
}

fn token_path(token: &IyzicoToken) -> Result<String, IyzicoError> {
    // Re-checked: the token's fields are public, and it goes into the signed path.
    let t = IyzicoToken::parse(&token.0)?;
    Ok(format!("{PRODUCTS}/{}", t.0))
}
