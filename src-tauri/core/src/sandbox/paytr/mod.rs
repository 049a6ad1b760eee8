//! The PayTR Link API simulation (`shared/providers.md` §5, §8): links, payments, the API at
//! PayTR's paths, the payment page at `/link/{id}` and the sandbox-only `POST /_sandbox/paytr/pay`.
//!
//! Every request is checked as PayTR would: the store's `merchant_id`, the `paytr_token` over the
//! documented concatenation, then each field, answering with PayTR's own shapes (`failed` +
//! `reason`, `error` + `err_no`/`err_msg`). Forms are read urlencoded or multipart, as PayTR accepts both.

mod api;
mod form;
mod pay;
mod reports;

use super::{SandboxState, SharedState};
use crate::money::Currency;
use crate::providers::paytr::paytr_token;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use chrono::{DateTime, NaiveDateTime, Utc};
use rand::Rng;
use subtle::ConstantTimeEq;

/// The reason PayTR gives for a missing or wrong token.
pub const TOKEN_REASON: &str = "paytr_token gonderilmedi veya gecersiz";
/// The reason for deleting (or messaging) an unknown or deleted link.
pub const INVALID_ID_REASON: &str = "Invalid id or link has already been deleted";

/// Every PayTR link and payment attempt the sandbox knows, in creation order.
#[derive(Default)]
pub struct PaytrState {
    links: Vec<Link>,
    payments: Vec<Payment>,
    refunds: Vec<Refund>,
    /// merchant_oid → how many more `durum-sorgu` calls answer `failed` (see `fail_status`).
    status_failures: std::collections::HashMap<String, u32>,
    /// (link id, `cell_phone`) of each accepted send-sms.
    sms: Vec<(String, String)>,
    /// (link id, `email`) of each accepted send-email.
    emails: Vec<(String, String)>,
}

impl PaytrState {
    pub fn link_count(&self) -> usize {
        self.links.len()
    }

    /// Every link's id, in creation order: what the merchant panel lists.
    pub fn link_ids(&self) -> Vec<String> {
        self.links.iter().map(|l| l.id.clone()).collect()
    }

    /// Successful payments (sales) so far.
    pub fn sale_count(&self) -> usize {
        self.payments.iter().filter(|p| p.success).count()
    }

    /// The messages PayTR would have sent: (link id, phone as posted).
    pub fn sms_sent(&self) -> &[(String, String)] {
        &self.sms
    }

    pub fn emails_sent(&self) -> &[(String, String)] {
        &self.emails
    }

    /// Makes the next `times` `durum-sorgu` calls for `merchant_oid` answer `failed`, as PayTR
    /// may (providers.md §9.12), for tests of a sweep that must not stall on one sale.
    pub fn fail_status(&mut self, merchant_oid: &str, times: u32) {
        self.status_failures.insert(merchant_oid.to_string(), times);
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.links.iter().position(|l| l.id == id)
    }
}

struct Link {
    id: String,
    name: String,
    price_minor: i64,
    currency: Currency,
    max_installment: u8,
    /// The least quantity a product payment buys (`min_count`); 1 for the other types.
    min_count: u32,
    /// The stock (`max_count`): units that may be sold before the link turns passive.
    max_count: Option<u32>,
    /// A flex link's maximum (`flex_max_price`); its `price_minor` is the minimum.
    flex_max_minor: Option<i64>,
    email: Option<String>,
    user_name: Option<String>,
    /// Turkey local time.
    expiry: Option<NaiveDateTime>,
    callback_link: Option<String>,
    callback_id: Option<String>,
    deleted: bool,
    /// Units sold so far (a quantity-2 sale counts 2 against `max_count`).
    sold: u32,
}

impl Link {
    /// Why the link can no longer be paid as of `now`, if so.
    fn closed_reason(&self, now: DateTime<Utc>) -> Option<&'static str> {
        if self.deleted {
            Some("Bu link silinmiş. (This link was deleted.)")
        } else if self.expiry.is_some_and(|e| crate::time::to_istanbul(now) > e) {
            Some("Bu linkin süresi dolmuş. (This link has expired.)")
        } else if self.max_count.is_some_and(|m| self.sold >= m) {
            Some("Bu link için stok tükendi; link pasif. (Sold out: the link is passive.)")
        } else {
            None
        }
    }

    /// What the least payment costs before any installment surcharge.
    fn amount_minor(&self) -> i64 {
        self.price_minor * i64::from(self.min_count)
    }

    /// The quantities a buyer may choose now: from `min_count` up to the stock left.
    fn quantities(&self) -> std::ops::RangeInclusive<u32> {
        let most = match self.max_count {
            Some(m) => m.saturating_sub(self.sold),
            // No stock set: unlimited; the page offers a sane range.
            None => self.min_count.saturating_add(98),
        };
        self.min_count..=most
    }
}

/// A refund (`islem_tipi` `I`) of a sale, made with `POST /_sandbox/paytr/refund`.
struct Refund {
    merchant_oid: String,
    amount_minor: i64,
    currency: Currency,
    at: DateTime<Utc>,
}

/// One card attempt on a link.
struct Payment {
    merchant_oid: String,
    success: bool,
    /// The order amount (`payment_amount`).
    amount_minor: i64,
    /// What was charged, installment surcharge included (`total_amount`).
    total_minor: i64,
    currency: Currency,
    installments: u8,
    at: DateTime<Utc>,
}

/// Installments above one cost 3% of the amount each (so `total_amount` > price), rounded.
pub(crate) fn with_surcharge(amount_minor: i64, installments: u8) -> i64 {
    let extra = i64::from(installments.saturating_sub(1)) * 3;
    amount_minor + (amount_minor * extra + 50) / 100
}

pub fn routes() -> axum::Router<SharedState> {
    axum::Router::new()
        .route("/odeme/api/link/create", post(api::create))
        .route("/odeme/api/link/delete", post(api::delete))
        .route("/odeme/api/link/send-sms", post(api::send_sms))
        .route("/odeme/api/link/send-email", post(api::send_email))
        .route("/odeme/durum-sorgu", post(reports::status))
        .route("/rapor/islem-dokumu", post(reports::report))
        .route("/link/{id}", get(pay::page).post(pay::page_submit))
        .route("/_sandbox/paytr/pay", post(pay::control_pay))
        .route("/_sandbox/paytr/refund", post(reports::control_refund))
}

pub(super) use form::{read as read_form, Fields};

pub(super) fn field<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map(String::as_str).unwrap_or("")
}

pub(super) fn failed(reason: impl Into<String>) -> Response {
    Json(serde_json::json!({ "status": "failed", "reason": reason.into() })).into_response()
}

pub(super) fn error(err_no: &str, err_msg: impl Into<String>) -> Response {
    Json(serde_json::json!({ "status": "error", "err_no": err_no, "err_msg": err_msg.into() })).into_response()
}

/// Whether the form comes from this store: its `merchant_id` and a `paytr_token` over
/// `message_without_salt + merchant_salt` with the store's key (constant-time compare).
pub(super) fn authentic(st: &SandboxState, f: &Fields, message_without_salt: &str) -> bool {
    let c = &st.config;
    let expected = paytr_token(&format!("{message_without_salt}{}", c.paytr_merchant_salt), &c.paytr_merchant_key);
    let given = field(f, "paytr_token");
    let token_ok: bool = expected.as_bytes().ct_eq(given.as_bytes()).into();
    token_ok && field(f, "merchant_id") == c.paytr_merchant_id
}

/// `n` random letters and digits.
pub(super) fn alnum(n: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..n).map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char).collect()
}

/// PayTR's report/status amount text: comma decimal, no trailing zeros (`10,8`, `14,45`, `1445`).
pub(super) fn decimal_tr(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let (whole, frac) = (minor.abs() / 100, minor.abs() % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole},{}", f / 10),
        f => format!("{sign}{whole},{f:02}"),
    }
}

/// `rapor/islem-dokumu`'s amount text: dot decimal, always two decimals (`"10.00"`, `"9.76"`;
/// providers.md §9.10).
pub(super) fn decimal_dot(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", minor.abs() / 100, minor.abs() % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_amounts_are_dot_decimals_the_client_reads() {
        for (minor, text) in [(1000, "10.00"), (976, "9.76"), (5, "0.05"), (144500, "1445.00")] {
            assert_eq!(decimal_dot(minor), text);
            assert_eq!(crate::money::parse_provider_amount(text), Ok(minor));
        }
    }

    #[test]
    fn amounts_read_back_by_the_client_parser() {
        for (minor, text) in [(1080, "10,8"), (1445, "14,45"), (144500, "1445"), (5, "0,05")] {
            assert_eq!(decimal_tr(minor), text);
            assert_eq!(crate::money::parse_provider_amount(text), Ok(minor));
        }
    }

    #[test]
    fn installments_cost_three_percent_each() {
        assert_eq!(with_surcharge(10000, 1), 10000);
        assert_eq!(with_surcharge(10000, 3), 10600);
        assert_eq!(with_surcharge(1445, 2), 1488);
    }
}
