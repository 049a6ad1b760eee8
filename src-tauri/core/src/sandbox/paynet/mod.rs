//! The Paynet PayLink simulation: links and card transactions, the API at Paynet's paths
//! (`/v1/mailorder/*`, `/v1/transaction/check`), the payment page at `/S/M?id=…` and the
//! sandbox-only `POST /_sandbox/paynet/pay`.
//!
//! Behaviour follows providers.md §2–3 and §8: a waiting link past its `expire_date` reads as
//! expired (by the sandbox clock), paid and expired links cannot change status, an unknown link
//! is a 404 `no_data_error`.

mod api;
mod out;
mod pay;
mod wire;

use super::SharedState;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};

/// Every Paynet link and card transaction the sandbox knows, in creation order (the list's paging
/// is by index into this order).
#[derive(Default)]
pub struct PaynetState {
    links: Vec<Link>,
    transactions: Vec<Txn>,
    /// Paynet's numeric transaction ids (`Data[].id`, `payments[].id`).
    last_tx_number: i64,
}

/// What the merchant can set; paid is reached only through a payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stored {
    Open,
    Passive,
    Paid,
}

struct Link {
    id: String,
    /// The GUID in the payment page URL; deliberately not the link id (as in Paynet's docs).
    page_id: String,
    reference_no: Option<String>,
    /// What `list` shows as `reference_no`, when set: Paynet documents the list's field as the
    /// bank's reference (providers.md §9 item 13), so it need not be ours.
    list_reference: Option<String>,
    name_surname: String,
    user_name: Option<String>,
    amount_minor: i64,
    email: Option<String>,
    phone: Option<String>,
    send_mail: bool,
    send_sms: bool,
    note: Option<String>,
    agent_note: Option<String>,
    succeed_url: Option<String>,
    error_url: Option<String>,
    confirmation_url: Option<String>,
    send_confirmation_mail: bool,
    multi_payment: bool,
    created: DateTime<Utc>,
    expires: DateTime<Utc>,
    stored: Stored,
    xact_id: Option<String>,
    /// Successful payments: (Paynet transaction number, xact_id).
    payments: Vec<(i64, String)>,
}

impl Link {
    /// Paynet's status code as of `now`: 0 waiting, 1 paid, 2 expired, 3 passive.
    fn status(&self, now: DateTime<Utc>) -> i64 {
        match self.stored {
            Stored::Paid => 1,
            Stored::Passive => 3,
            Stored::Open if now > self.expires => 2,
            Stored::Open => 0,
        }
    }
}

/// One card attempt on a link (successful or declined), as `transaction/check` shows it.
struct Txn {
    number: i64,
    xact_id: String,
    link_id: String,
    reference_no: Option<String>,
    amount_minor: i64,
    at: DateTime<Utc>,
    is_succeed: bool,
    instalment: u8,
    card_holder: String,
    card_no: String,
    authorization_code: String,
    order_id: String,
    xact_transaction_id: String,
    email: Option<String>,
    phone: Option<String>,
    note: Option<String>,
}

/// How a link is named by the caller.
enum Key<'a> {
    Id(&'a str),
    Reference(&'a str),
    Page(&'a str),
}

impl PaynetState {
    fn find(&self, key: Key) -> Option<usize> {
        self.links.iter().position(|l| match key {
            Key::Id(id) => l.id == id,
            Key::Reference(r) => l.reference_no.as_deref() == Some(r),
            Key::Page(p) => l.page_id == p,
        })
    }

    /// How many links exist (all statuses).
    pub fn link_count(&self) -> usize {
        self.links.len()
    }

    /// Control: `list` shows `bank_reference` as link `id`'s `reference_no` (Paynet documents
    /// that field as the bank's reference); `detail` keeps ours. False if there is no such link.
    pub fn set_list_reference(&mut self, id: &str, bank_reference: &str) -> bool {
        let Some(i) = self.find(Key::Id(id)) else { return false };
        self.links[i].list_reference = Some(bank_reference.to_string());
        true
    }

    /// How many card attempts were made (successful and declined).
    pub fn transaction_count(&self) -> usize {
        self.transactions.len()
    }
}

pub fn routes() -> axum::Router<SharedState> {
    axum::Router::new()
        .route("/v1/mailorder/create", post(api::create))
        .route("/v1/mailorder/detail", post(api::detail))
        .route("/v1/mailorder/list", post(api::list))
        .route("/v1/mailorder/status_update", post(api::status_update))
        .route("/v1/transaction/check", post(api::transaction_check))
        .route("/S/M", get(pay::page).post(pay::page_submit))
        .route("/_sandbox/paynet/pay", post(pay::control_pay))
}
