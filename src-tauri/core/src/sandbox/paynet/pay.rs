//! Paying a Paynet link: the HTML payment page a person uses (`/S/M?id=…`), the sandbox-only
//! `POST /_sandbox/paynet/pay` tests use, and the one code path both go through (`settle`), which
//! records the card transaction and sends the `confirmation_url` POST (providers.md §3.5).

use super::wire::{amount_display, paynet_date, Amount};
use super::{Key, PaynetState, Stored, Txn};
use crate::sandbox::page::{self, CardForm, CardOutcome, PaymentPage};
use crate::sandbox::{lock, SharedState};
use axum::{
    extract::{rejection::FormRejection, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Form, Json,
};
use chrono::{DateTime, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::json;

const PROVIDER: &str = "Paynet";
/// Installments the page offers (PayLink lets the payer choose).
const MAX_INSTALLMENTS: u8 = 6;

/// The card used, as the bank would report it.
struct Card {
    holder: String,
    /// First 6 and last 4 digits.
    masked: String,
    instalment: u8,
}

/// Why a link could not be paid.
enum Refusal {
    NotFound,
    /// Paynet's status code of the link (1 paid, 2 expired, 3 passive).
    Closed(i64),
}

/// What happened, for the answer (and the confirmation POST to send after the lock is released).
struct Settled {
    status: i64,
    xact_id: String,
    is_succeed: bool,
    confirmation: Option<(String, String)>,
}

fn random_digits(n: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..n).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect()
}

/// `xk_` + 40 characters of Paynet's alphabet (letters, digits, `/`, `*`), like the docs' ids.
fn new_xact_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/*";
    let mut rng = rand::thread_rng();
    let tail: String = (0..40).map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())])).collect();
    format!("xk_{tail}")
}

impl PaynetState {
    /// Records one card attempt on the link at `index`. A successful one marks the link paid.
    fn settle(
        &mut self,
        index: usize,
        paid: bool,
        card: Card,
        now: DateTime<Utc>,
        override_url: Option<String>,
    ) -> Result<Settled, Refusal> {
        let status = self.links[index].status(now);
        if status != 0 {
            return Err(Refusal::Closed(status));
        }
        self.last_tx_number += 1;
        let number = self.last_tx_number;
        let link = &mut self.links[index];
        let txn = Txn {
            number,
            xact_id: new_xact_id(),
            link_id: link.id.clone(),
            reference_no: link.reference_no.clone(),
            amount_minor: link.amount_minor,
            at: now,
            is_succeed: paid,
            instalment: card.instalment,
            card_holder: card.holder,
            card_no: card.masked,
            authorization_code: if paid { random_digits(6) } else { String::new() },
            order_id: random_digits(12),
            xact_transaction_id: uuid::Uuid::new_v4().to_string(),
            email: link.email.clone(),
            phone: link.phone.clone(),
            note: link.note.clone(),
        };
        let mut confirmation = None;
        if paid {
            link.stored = Stored::Paid;
            link.xact_id = Some(txn.xact_id.clone());
            link.payments.push((number, txn.xact_id.clone()));
            if let Some(url) =
                override_url.or_else(|| link.confirmation_url.clone()).filter(|_| link.confirmation_url.is_some())
            {
                confirmation = Some((url, confirmation_body(&txn)));
            }
        }
        let settled =
            Settled { status: link.status(now), xact_id: txn.xact_id.clone(), is_succeed: paid, confirmation };
        self.transactions.push(txn);
        Ok(settled)
    }
}

/// The §3.5 JSON (with the documented spelling `referance_no`).
fn confirmation_body(t: &Txn) -> String {
    #[derive(Serialize)]
    struct Confirmation<'a> {
        referance_no: &'a str,
        xact_date: String,
        agent_id: &'a str,
        bank_id: &'a str,
        instalment: u8,
        card_holder: &'a str,
        card_number: &'a str,
        amount: Amount,
        #[serde(rename = "netAmount")]
        net_amount: Amount,
        comission: Amount,
        comission_tax: Amount,
        currency: &'a str,
        authorization_code: &'a str,
        order_id: &'a str,
        is_succeed: bool,
    }
    let c = Confirmation {
        referance_no: t.reference_no.as_deref().unwrap_or(""),
        xact_date: paynet_date(t.at),
        agent_id: "",
        bank_id: "0062",
        instalment: t.instalment,
        card_holder: &t.card_holder,
        card_number: &t.card_no,
        amount: Amount(t.amount_minor),
        net_amount: Amount(t.amount_minor),
        comission: Amount(0),
        comission_tax: Amount(0),
        currency: "TL",
        authorization_code: &t.authorization_code,
        order_id: &t.order_id,
        is_succeed: t.is_succeed,
    };
    serde_json::to_string(&c).unwrap_or_default()
}

/// Looks the link up and settles it: the single path for the page and the control endpoint.
/// The lock is released before the confirmation POST is spawned.
fn pay(st: &SharedState, key: Key, paid: bool, card: Card) -> Result<Settled, Refusal> {
    let now = st.clock.now();
    let override_url = lock(&st.callback_override).clone();
    let settled = {
        let mut state = lock(&st.paynet);
        let index = state.find(key).ok_or(Refusal::NotFound)?;
        state.settle(index, paid, card, now, override_url)?
    };
    if let Some((url, body)) = settled.confirmation.clone() {
        let http = st.http.clone();
        tokio::spawn(async move {
            let sent =
                http.post(&url).header("Content-Type", "application/json; charset=UTF-8").body(body).send().await;
            match sent {
                Ok(r) => log::info!("paynet sandbox: confirmation POST answered HTTP {}", r.status()),
                Err(e) => log::warn!("paynet sandbox: confirmation POST failed: {e}"),
            }
        });
    }
    Ok(settled)
}

fn closed_message(status: i64) -> &'static str {
    match status {
        1 => "Bu bağlantı ile ödeme zaten yapılmış. (This link has already been paid.)",
        2 => "Bu bağlantının süresi dolmuş. (This link has expired.)",
        3 => "Bu bağlantı satıcı tarafından kapatılmış. (This link was deactivated by the seller.)",
        _ => "Bu bağlantı bulunamadı. (This link does not exist.)",
    }
}

fn closed(refusal: &Refusal) -> Response {
    match refusal {
        Refusal::NotFound => (StatusCode::NOT_FOUND, page::closed_page(PROVIDER, closed_message(-1))).into_response(),
        Refusal::Closed(s) => page::closed_page(PROVIDER, closed_message(*s)).into_response(),
    }
}

#[derive(Deserialize)]
pub(super) struct PageQuery {
    id: Option<String>,
}

/// The payment form, or the closed page when the link cannot be paid.
fn form_page(st: &SharedState, page_id: &str, error: Option<&str>) -> Response {
    let now = st.clock.now();
    let state = lock(&st.paynet);
    let Some(link) = state.find(Key::Page(page_id)).map(|i| &state.links[i]) else {
        return closed(&Refusal::NotFound);
    };
    let status = link.status(now);
    if status != 0 {
        return closed(&Refusal::Closed(status));
    }
    let amount_text = amount_display(link.amount_minor);
    let action = format!("/S/M?id={}", link.page_id);
    let p = PaymentPage {
        provider: PROVIDER,
        amount_text: &amount_text,
        description: link.note.as_deref().unwrap_or("Paynet ödeme bağlantısı (PayLink)"),
        payer: Some(&link.name_surname),
        form_action: &action,
        max_installments: MAX_INSTALLMENTS,
        error,
        choice: None,
    };
    let html = page::payment_form(&p);
    if error.is_some() {
        (StatusCode::UNPROCESSABLE_ENTITY, html).into_response()
    } else {
        html.into_response()
    }
}

pub(super) async fn page(State(st): State<SharedState>, Query(q): Query<PageQuery>) -> Response {
    form_page(&st, q.id.as_deref().unwrap_or(""), None)
}

pub(super) async fn page_submit(
    State(st): State<SharedState>,
    Query(q): Query<PageQuery>,
    form: Result<Form<CardForm>, FormRejection>,
) -> Response {
    let page_id = q.id.unwrap_or_default();
    let Ok(Form(form)) = form else {
        return form_page(&st, &page_id, Some("Kart bilgileri eksik. (Card details are missing.)"));
    };
    let outcome = match page::charge(&form) {
        Ok(outcome) => outcome,
        Err(problem) => return form_page(&st, &page_id, Some(&problem)),
    };
    let digits: String = form.card_number.chars().filter(char::is_ascii_digit).collect();
    let card = Card {
        holder: form.card_holder.trim().to_string(),
        masked: mask(&digits),
        instalment: form.installments.filter(|n| *n > 1).unwrap_or(0),
    };
    let paid = outcome == CardOutcome::Approved;
    match pay(&st, Key::Page(&page_id), paid, card) {
        Err(refusal) => closed(&refusal),
        Ok(_) if paid => page::result_page(
            PROVIDER,
            true,
            "Ödeme alındı",
            "Ödemeniz başarıyla alındı. Teşekkür ederiz. (Payment received, thank you.)",
        )
        .into_response(),
        Ok(_) => {
            let reason = match outcome {
                CardOutcome::Declined(r) => r,
                CardOutcome::Approved => String::new(),
            };
            (StatusCode::PAYMENT_REQUIRED, page::result_page(PROVIDER, false, "Ödeme reddedildi", &reason))
                .into_response()
        }
    }
}

fn mask(digits: &str) -> String {
    if digits.len() < 10 {
        return "*".repeat(digits.len());
    }
    format!("{}{}{}", &digits[..6], "*".repeat(digits.len() - 10), &digits[digits.len() - 4..])
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PayRequest {
    id: Option<String>,
    reference_no: Option<String>,
    outcome: String,
    /// As chosen on the page (1 to its maximum); default a single payment.
    installments: Option<u8>,
}

/// `POST /_sandbox/paynet/pay {"id"|"reference_no", "outcome": "paid"|"failed", "installments"?}`.
pub(super) async fn control_pay(
    State(st): State<SharedState>,
    body: Result<Json<PayRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let error = |status: StatusCode, msg: String| (status, Json(json!({ "error": msg }))).into_response();
    let req = match body {
        Ok(Json(r)) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let paid = match req.outcome.as_str() {
        "paid" => true,
        "failed" => false,
        other => {
            return error(StatusCode::BAD_REQUEST, format!("outcome must be \"paid\" or \"failed\", not {other:?}"))
        }
    };
    let instalment = match req.installments {
        None | Some(1) => 0,
        Some(n @ 2..=MAX_INSTALLMENTS) => n,
        Some(n) => {
            return error(StatusCode::BAD_REQUEST, format!("installments must be 1 to {MAX_INSTALLMENTS}, not {n}"))
        }
    };
    let key = match (&req.id, &req.reference_no) {
        (Some(id), _) => {
            // The link id, or the id in its page URL.
            let known = lock(&st.paynet).find(Key::Id(id)).is_some();
            if known {
                Key::Id(id)
            } else {
                Key::Page(id)
            }
        }
        (None, Some(r)) => Key::Reference(r),
        (None, None) => return error(StatusCode::BAD_REQUEST, "send \"id\" or \"reference_no\"".into()),
    };
    let card = Card {
        holder: "Sandbox Test".into(),
        masked: mask(if paid { page::TEST_CARD_OK } else { page::TEST_CARD_DECLINED }),
        instalment,
    };
    match pay(&st, key, paid, card) {
        Ok(s) => Json(json!({ "status": s.status, "xact_id": s.xact_id, "is_succeed": s.is_succeed })).into_response(),
        Err(Refusal::NotFound) => error(StatusCode::NOT_FOUND, "no such Paynet link".into()),
        Err(Refusal::Closed(s)) => error(StatusCode::CONFLICT, format!("the link cannot be paid: status {s}")),
    }
}
