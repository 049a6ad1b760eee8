//! Paying an iyzico link: the page at `/iyzi-link/{token}` (GET shows the card form, POST pays),
//! the stored product image, and the sandbox-only `POST /_sandbox/iyzico/pay`. A sale raises the
//! link's `soldCount`, uses up stock (and a fast link's single use), and is recorded for the
//! reporting endpoints (§9.10).

use super::Payment;
use crate::money::{Currency, Money};
use crate::sandbox::page::{self, CardForm, CardOutcome, PaymentPage};
use crate::sandbox::paytr::with_surcharge;
use crate::sandbox::{lock, SharedState};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

const PROVIDER: &str = "iyzico";

/// Links that allow instalments offer up to this many.
const MAX_INSTALLMENTS: u8 = 9;

/// A 1×1 PNG for links without an image (fast links).
const BLANK_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

enum PayError {
    NotFound,
    Closed(&'static str),
    BadInstallments(u8),
}

/// A recorded attempt.
struct Attempt {
    payment_id: u64,
    paid_minor: i64,
    currency: &'static str,
    sold_count: i64,
}

/// Records one card attempt on `token`; a success counts as a sale.
fn attempt(
    st: &SharedState,
    token: &str,
    success: bool,
    installment: u8,
    last_four: &str,
) -> Result<Attempt, PayError> {
    let now = st.clock.now();
    let mut state = lock(&st.iyzico);
    let n = state.live(token).ok_or(PayError::NotFound)?;
    if let Some(reason) = state.links[n].closed_reason() {
        return Err(PayError::Closed(reason));
    }
    let max = if state.links[n].installment_requested { MAX_INSTALLMENTS } else { 1 };
    if installment == 0 || installment > max {
        return Err(PayError::BadInstallments(max));
    }
    let payment_id = state.next_payment_id;
    state.next_payment_id += 1;
    let link = &mut state.links[n];
    if success {
        link.sold_count += 1;
        if link.stock_enabled {
            link.stock_count -= 1;
        }
    }
    let (price_minor, currency, sold_count) = (link.price_minor, link.currency, link.sold_count);
    let paid_minor = with_surcharge(price_minor, installment);
    state.payments.push(Payment {
        payment_id,
        success,
        price_minor,
        paid_minor,
        currency,
        installment,
        last_four: last_four.to_string(),
        at: now,
    });
    Ok(Attempt { payment_id, paid_minor, currency, sold_count })
}

/// "1.234,56 TL" for the currencies the app knows, "1234,56 CHF" for the others.
pub(super) fn amount_text(minor: i64, code: &str) -> String {
    let known = match code {
        "TRY" => Some(Currency::Tl),
        "USD" => Some(Currency::Usd),
        "EUR" => Some(Currency::Eur),
        "GBP" => Some(Currency::Gbp),
        "RUB" => Some(Currency::Rub),
        _ => None,
    };
    match known.and_then(|c| Money::new(minor, c).ok()) {
        Some(m) => m.format(),
        None => format!("{},{:02} {code}", minor / 100, minor % 100),
    }
}

fn form_page(st: &SharedState, token: &str, error: Option<&str>) -> Response {
    let state = lock(&st.iyzico);
    let Some(link) = state.live(token).map(|n| &state.links[n]) else {
        return (
            StatusCode::NOT_FOUND,
            page::closed_page(PROVIDER, "Böyle bir ödeme linki yok. (No such payment link.)"),
        )
            .into_response();
    };
    if let Some(reason) = link.closed_reason() {
        return (StatusCode::GONE, page::closed_page(PROVIDER, reason)).into_response();
    }
    let amount = amount_text(link.price_minor, link.currency);
    let description = match (link.name.is_empty(), link.description.is_empty()) {
        (false, false) => format!("{} — {}", link.name, link.description),
        (true, _) => link.description.clone(),
        (false, true) => link.name.clone(),
    };
    let action = format!("{}/{}", super::PAGE_PREFIX, link.token);
    let html = page::payment_form(&PaymentPage {
        provider: PROVIDER,
        amount_text: &amount,
        description: &description,
        payer: None,
        form_action: &action,
        max_installments: if link.installment_requested { MAX_INSTALLMENTS } else { 1 },
        error,
        choice: None,
    });
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    (status, html).into_response()
}

pub(super) async fn page(State(st): State<SharedState>, Path(token): Path<String>) -> Response {
    form_page(&st, &token, None)
}

pub(super) async fn page_submit(State(st): State<SharedState>, Path(token): Path<String>, body: Bytes) -> Response {
    let fields: std::collections::HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let text = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let installments = match text("installments").as_str() {
        "" => None,
        n => match n.parse::<u8>() {
            Ok(n) => Some(n),
            Err(_) => return form_page(&st, &token, Some("Taksit sayısı geçersiz. (Invalid number of installments.)")),
        },
    };
    let form = CardForm {
        card_holder: text("card_holder"),
        card_number: text("card_number"),
        expiry: text("expiry"),
        cvc: text("cvc"),
        installments,
    };
    let outcome = match page::charge(&form) {
        Ok(o) => o,
        Err(msg) => return form_page(&st, &token, Some(&msg)),
    };
    let digits: String = form.card_number.chars().filter(char::is_ascii_digit).collect();
    let last_four = &digits[digits.len().saturating_sub(4)..];
    let approved = outcome == CardOutcome::Approved;
    match attempt(&st, &token, approved, form.installments.unwrap_or(1), last_four) {
        Ok(a) if approved => page::result_page(
            PROVIDER,
            true,
            "Ödeme başarılı (Payment successful)",
            &format!("Tahsil edilen tutar: {} · Ödeme no: {}", amount_text(a.paid_minor, a.currency), a.payment_id),
        )
        .into_response(),
        Ok(_) => {
            let reason = match outcome {
                CardOutcome::Declined(r) => r,
                CardOutcome::Approved => String::new(),
            };
            page::result_page(PROVIDER, false, "Ödeme reddedildi (Payment declined)", &reason).into_response()
        }
        Err(PayError::BadInstallments(max)) => form_page(
            &st,
            &token,
            Some(&format!("Taksit sayısı 1 ile {max} arasında olmalı. (Installments must be 1 to {max}.)")),
        ),
        Err(_) => form_page(&st, &token, None),
    }
}

/// `GET /iyzi-img/{head}/{tail}[+V<n>].jpg`: the stored image (its own type, PNG or JPEG).
pub(super) async fn image(State(st): State<SharedState>, Path((head, file)): Path<(String, String)>) -> Response {
    let Some(stem) = file.strip_suffix(".jpg") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let tail = stem.split_once("+V").map(|(t, _)| t).unwrap_or(stem);
    let token = format!("{head}{tail}");
    let bytes = {
        let state = lock(&st.iyzico);
        match state.live(&token) {
            Some(n) => state.links[n].image.clone(),
            None => return StatusCode::NOT_FOUND.into_response(),
        }
    };
    let bytes = bytes.unwrap_or_else(|| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(BLANK_PNG).unwrap_or_default()
    });
    let kind = if bytes.starts_with(b"\x89PNG") { "image/png" } else { "image/jpeg" };
    ([(header::CONTENT_TYPE, kind)], bytes).into_response()
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlPay {
    token: String,
    outcome: String,
    #[serde(default)]
    installment: Option<u8>,
}

/// `POST /_sandbox/iyzico/pay` `{"token","outcome":"paid"|"failed","installment"?}`: the same
/// path as paying on the page, for tests.
pub(super) async fn control_pay(State(st): State<SharedState>, body: Bytes) -> Response {
    let bad = |status: StatusCode, msg: String| (status, Json(serde_json::json!({ "error": msg }))).into_response();
    let req: ControlPay = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return bad(StatusCode::BAD_REQUEST, format!("expected {{\"token\",\"outcome\":\"paid\"|\"failed\"}}: {e}"))
        }
    };
    let success = match req.outcome.as_str() {
        "paid" => true,
        "failed" => false,
        other => return bad(StatusCode::BAD_REQUEST, format!("outcome must be \"paid\" or \"failed\", not {other:?}")),
    };
    match attempt(&st, &req.token, success, req.installment.unwrap_or(1), "0008") {
        Ok(a) => Json(serde_json::json!({
            "status": if success { "paid" } else { "failed" },
            "paymentId": a.payment_id,
            "paidPrice": super::decimal(a.paid_minor),
            "currency": a.currency,
            "soldCount": a.sold_count,
        }))
        .into_response(),
        Err(PayError::NotFound) => bad(StatusCode::NOT_FOUND, format!("no iyzico link {:?}", req.token)),
        Err(PayError::Closed(reason)) => bad(StatusCode::CONFLICT, reason.to_string()),
        Err(PayError::BadInstallments(max)) => bad(StatusCode::BAD_REQUEST, format!("installment must be 1 to {max}")),
    }
}
