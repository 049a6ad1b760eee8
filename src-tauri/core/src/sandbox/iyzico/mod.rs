//! The iyzico Link ("iyzilink") simulation (`shared/iyzico.md` §4–§9): links at iyzico's API
//! paths, signed with IYZWSv2 and checked from the raw request (`auth`), the payment page at
//! `/iyzi-link/{token}` whose sales raise `soldCount`, the reporting endpoints fed by those
//! sales, and sandbox-only controls under `/_sandbox/iyzico/`.
//!
//! Every answer is iyzico's envelope (§3.1). Failures are HTTP 200 with `status:"failure"` by
//! default, as §9.2 recommends; `Settings::http_errors` switches them to 4xx so clients are
//! tested against both.

mod api;
mod auth;
mod control;
mod create;
mod input;
mod pay;
mod reports;
mod request;
mod view;

use super::{lock, SandboxState, SharedState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

pub use auth::AuthError;

/// Where the payment page and the stored images live on the sandbox (iyzico: `iyzi.link`,
/// `img.iyzi.link`).
pub const PAGE_PREFIX: &str = "/iyzi-link";
pub const IMAGE_PREFIX: &str = "/iyzi-img";

/// Error codes. `11`, `24`, `1000`, `1001`, `1004`, `1007` and `50000` are iyzico's (§3.3). iyzico
/// documents no code for the rest (§10.3), so these are the sandbox's own, kept apart so a client
/// cannot mistake them for documented ones: it must go by `status` and the HTTP status.
pub mod codes {
    pub const INVALID_REQUEST: &str = "11";
    pub const MANDATORY: &str = "24";
    pub const INVALID_SIGNATURE: &str = "1000";
    pub const UNKNOWN_API_KEY: &str = "1001";
    pub const RANDOM_MANDATORY: &str = "1004";
    pub const SIGNATURE_MANDATORY: &str = "1007";
    pub const RATE_LIMIT: i64 = 50000;
    /// Sandbox-chosen (undocumented): an unknown or deleted token.
    pub const NOT_FOUND: &str = "201";
    /// Sandbox-chosen: a fast link without an approved (ACTIVE) iyzilink, or over 750 TRY.
    pub const FAST_LINK_REFUSED: &str = "202";
    /// Sandbox-chosen: `flexibleLink` while the merchant flag is off.
    pub const FLEXIBLE_NOT_ENABLED: &str = "203";
}

/// The currencies the sandbox accepts for iyzilink (§4.1: the union of iyzico's lists) and the
/// `currencyId` it reports. Only TRY = 1 is attested (§5); the other ids are the sandbox's own.
pub const CURRENCIES: [(&str, u32); 8] =
    [("TRY", 1), ("EUR", 2), ("USD", 3), ("IRR", 4), ("GBP", 5), ("NOK", 6), ("RUB", 7), ("CHF", 8)];

/// Fast links take payments up to 750 TRY (§4.2).
pub const FAST_LINK_MAX_TRY_MINOR: i64 = 75_000;

/// Switches the tests flip through `/_sandbox/iyzico/settings` (§9: "make each choice configurable").
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Failures as HTTP 400/401/404/429 instead of HTTP 200 (§9.2).
    pub http_errors: bool,
    /// Refuse a request without `x-iyzi-rnd` equal to the signed random key (`1004`; §2.8 step 5).
    pub require_rnd: bool,
    /// The merchant may create `flexibleLink` links (§4.1).
    pub flexible_links: bool,
    /// The largest decoded `encodedImageFile` accepted (the real cap is unknown, §10.6).
    pub max_image_bytes: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { http_errors: false, require_rnd: false, flexible_links: false, max_image_bytes: 2 * 1024 * 1024 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Iyzilink,
    FastLink,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Active,
    Passive,
    Deleted,
}

/// One link as iyzico stores it (§5).
pub(crate) struct Link {
    token: String,
    kind: Kind,
    status: Status,
    name: String,
    description: String,
    price_minor: i64,
    currency: &'static str,
    conversation_id: Option<String>,
    /// Decoded bytes (PNG or JPEG); fast links have none.
    image: Option<Vec<u8>>,
    /// Bumped by an update carrying a new image (`…/4+V1.jpg`, §4.1).
    image_version: u32,
    address_ignorable: bool,
    installment_requested: bool,
    stock_enabled: bool,
    stock_count: i64,
    /// Legacy limit; 0 = none.
    sold_limit: i64,
    sold_count: i64,
    flexible: bool,
    preset_prices: Vec<i64>,
    category_type: String,
}

impl Link {
    /// Why the link takes no payment now, if so (Turkish first).
    fn closed_reason(&self) -> Option<&'static str> {
        match self.status {
            Status::Deleted => return Some("Bu link silinmiş. (This link was deleted.)"),
            Status::Passive => return Some("Bu link satıcı tarafından durduruldu. (This link is paused.)"),
            Status::Active => {}
        }
        if self.kind == Kind::FastLink && self.sold_count >= 1 {
            Some("Bu hızlı link bir kez kullanıldı. (This fast link was already used.)")
        } else if self.stock_enabled && self.stock_count <= 0 {
            Some("Bu ürünün stoğu tükendi. (Sold out.)")
        } else if self.sold_limit > 0 && self.sold_count >= self.sold_limit {
            Some("Bu linkin satış limiti doldu. (This link's sales limit is reached.)")
        } else {
            None
        }
    }
}

/// One card attempt on a link, as the reporting API shows it.
pub(crate) struct Payment {
    payment_id: u64,
    success: bool,
    price_minor: i64,
    paid_minor: i64,
    currency: &'static str,
    installment: u8,
    last_four: String,
    at: DateTime<Utc>,
}

/// Every iyzico link and payment the sandbox knows, in creation order.
pub struct IyzicoState {
    links: Vec<Link>,
    payments: Vec<Payment>,
    /// Tokens are base62 of an increasing serial (§9.6) that starts at a random point, so a
    /// restarted sandbox does not hand out tokens an earlier run's book remembers.
    serial: u64,
    /// A token the next create uses instead (set by `/_sandbox/iyzico/next-token`, for the §8
    /// vectors that name `AbC123`).
    next_token: Option<String>,
    next_payment_id: u64,
    pub settings: Settings,
}

impl Default for IyzicoState {
    fn default() -> Self {
        use rand::Rng;
        let mut rng = rand::thread_rng();
        IyzicoState {
            links: Vec::new(),
            payments: Vec::new(),
            serial: rng.gen_range(62u64.pow(3)..62u64.pow(3) * 40),
            next_token: None,
            next_payment_id: rng.gen_range(20_000_000..30_000_000),
            settings: Settings::default(),
        }
    }
}

impl IyzicoState {
    pub fn link_count(&self) -> usize {
        self.links.iter().filter(|l| l.status != Status::Deleted).count()
    }

    /// `soldCount` of a live link.
    pub fn sold_count(&self, token: &str) -> Option<i64> {
        self.live(token).map(|i| self.links[i].sold_count)
    }

    /// A link that exists and is not deleted (deleted ones are "not found", §6).
    fn live(&self, token: &str) -> Option<usize> {
        self.links.iter().position(|l| l.token == token && l.status != Status::Deleted)
    }

    fn new_token(&mut self) -> String {
        if let Some(t) = self.next_token.take() {
            return t;
        }
        self.serial += 1 + self.serial % 3;
        base62(self.serial)
    }
}

fn base62(mut n: u64) -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    while n > 0 {
        out.push(CHARS[(n % 62) as usize]);
        n /= 62;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Whether `path` is one of iyzico's API paths (for the rate-limit fault).
pub fn is_iyzico_path(path: &str) -> bool {
    path.starts_with("/v2/")
}

pub fn routes() -> axum::Router<SharedState> {
    axum::Router::new()
        .route("/v2/iyzilink/products", post(create::create).get(api::list))
        // The PHP/PY SDKs use a trailing slash, which is signed as sent (§2.2).
        .route("/v2/iyzilink/products/", post(create::create).get(api::list))
        .route("/v2/iyzilink/fast-link/products", post(create::create_fast))
        .route("/v2/iyzilink/products/{token}", get(api::get_one).put(api::update).delete(api::delete))
        .route("/v2/iyzilink/products/{token}/status/{status}", patch(api::set_status))
        .route("/v2/reporting/payment/transactions", get(reports::transactions))
        .route("/v2/reporting/payment/details", get(reports::details))
        .route(&format!("{PAGE_PREFIX}/{{token}}"), get(pay::page).post(pay::page_submit))
        .route(&format!("{IMAGE_PREFIX}/{{head}}/{{file}}"), get(pay::image))
        .route("/_sandbox/iyzico/pay", post(pay::control_pay))
        .route("/_sandbox/iyzico/next-token", post(control::next_token))
        .route("/_sandbox/iyzico/settings", get(control::settings).post(control::set_settings))
        // Room for the largest image a test may allow, base64 (4/3) plus the other fields.
        .layer(axum::extract::DefaultBodyLimit::max(control::MAX_IMAGE_CAP / 3 * 4 + 64 * 1024))
}

/// The language and echo fields of one request (§9.3).
#[derive(Clone, Debug, Default)]
pub(crate) struct Ctx {
    pub en: bool,
    pub conversation_id: Option<String>,
}

impl Ctx {
    /// Turkish text unless the request asked for `en`.
    pub fn say(&self, tr: &str, en: &str) -> String {
        if self.en {
            en.to_string()
        } else {
            tr.to_string()
        }
    }
}

fn envelope(st: &SandboxState, ctx: &Ctx, status: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("status".into(), json!(status));
    m.insert("locale".into(), json!(if ctx.en { "en" } else { "tr" }));
    m.insert("systemTime".into(), json!(st.clock.now().timestamp_millis()));
    if let Some(c) = &ctx.conversation_id {
        m.insert("conversationId".into(), json!(c));
    }
    m
}

/// The envelope around an answer's own fields (`data`, or the reporting API's top-level ones).
/// Serialized directly (not through `Value`) so raw numbers such as `149.90000000` survive.
#[derive(serde::Serialize)]
struct Answer<T: serde::Serialize> {
    #[serde(flatten)]
    head: Map<String, Value>,
    #[serde(flatten)]
    body: T,
}

#[derive(serde::Serialize)]
struct Data<T: serde::Serialize> {
    data: T,
}

fn answer<T: serde::Serialize>(st: &SandboxState, ctx: &Ctx, body: T) -> Response {
    let answer = Answer { head: envelope(st, ctx, "success"), body };
    match serde_json::to_vec(&answer) {
        Ok(bytes) => ([(axum::http::header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// A success envelope with `data`.
pub(crate) fn success<T: serde::Serialize>(st: &SandboxState, ctx: &Ctx, data: T) -> Response {
    answer(st, ctx, Data { data })
}

/// A success envelope alone (status change and delete, §4.6–§4.7).
pub(crate) fn success_empty(st: &SandboxState, ctx: &Ctx) -> Response {
    answer(st, ctx, Map::new())
}

/// A success envelope with top-level fields of `body` (the reporting API has no `data`, §7.2).
pub(crate) fn success_with<T: serde::Serialize>(st: &SandboxState, ctx: &Ctx, body: T) -> Response {
    answer(st, ctx, body)
}

/// What kind of failure, for the HTTP status in `http_errors` mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fail {
    Auth,
    Invalid,
    NotFound,
}

/// A failure envelope (§3.1), HTTP 200 unless `http_errors` is on.
pub(crate) fn failure(st: &SandboxState, ctx: &Ctx, kind: Fail, code: &str, message: &str) -> Response {
    let mut m = envelope(st, ctx, "failure");
    m.insert("errorCode".into(), json!(code));
    m.insert("errorMessage".into(), json!(message));
    let http = lock(&st.iyzico).settings.http_errors;
    let status = match (http, kind) {
        (false, _) => StatusCode::OK,
        (true, Fail::Auth) => StatusCode::UNAUTHORIZED,
        (true, Fail::Invalid) => StatusCode::BAD_REQUEST,
        (true, Fail::NotFound) => StatusCode::NOT_FOUND,
    };
    (status, Json(Value::Object(m))).into_response()
}

/// The rate-limit fault's answer: D-LIMIT's sample verbatim (a numeric `errorCode`, §3.3).
pub fn rate_limited(st: &SharedState) -> Response {
    let http = lock(&st.iyzico).settings.http_errors;
    let status = if http { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::OK };
    let body = json!({
        "status": "failure",
        "errorCode": codes::RATE_LIMIT,
        "errorMessage": "Request Limit Exceeded",
        "locale": "en",
    });
    (status, Json(body)).into_response()
}

/// A price as iyzico reports it in get and list: a JSON number with 8 decimals
/// (`149.90000000`, §9.7), written as text so no float ever touches it.
pub(crate) fn price_raw(minor: i64, places: usize) -> Box<RawValue> {
    let frac = format!("{:02}{}", minor % 100, "0".repeat(places.saturating_sub(2)));
    let text = if places == 0 { format!("{}", minor / 100) } else { format!("{}.{frac}", minor / 100) };
    RawValue::from_string(text).unwrap_or_else(|_| RawValue::from_string("0".into()).expect("a number"))
}

/// A dot decimal with two places (`"149.90"`), for the reporting API's prices.
pub(crate) fn decimal(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

pub(crate) fn currency_id(code: &str) -> u32 {
    CURRENCIES.iter().find(|(c, _)| *c == code).map(|(_, id)| *id).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_short_increasing_base62() {
        let mut s = IyzicoState::default();
        let (a, b) = (s.new_token(), s.new_token());
        assert!((4..=5).contains(&a.len()), "{a}");
        assert!(a.bytes().chain(b.bytes()).all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
        assert_eq!(base62(61), "z");
        assert_eq!(base62(62), "10");
    }

    #[test]
    fn prices_carry_eight_decimals() {
        assert_eq!(price_raw(14990, 8).get(), "149.90000000");
        assert_eq!(price_raw(5, 2).get(), "0.05");
        assert_eq!(decimal(14990), "149.90");
        assert_eq!(decimal(5), "0.05");
    }
}
