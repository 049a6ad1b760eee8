//! Paying a link: the HTML page at `/link/{id}` (GET shows the card form, POST pays), the
//! sandbox-only `POST /_sandbox/paytr/pay`, and the §5.5 callback to `callback_link`.

use super::{alnum, with_surcharge, Payment};
use crate::money::Money;
use crate::providers::paytr::paytr_token;
use crate::sandbox::page::{self, CardForm, CardOutcome, PayerChoice, PaymentPage};
use crate::sandbox::{lock, SandboxState, SharedState};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::SubsecRound;
use std::time::Duration;

const PROVIDER: &str = "PayTR";

/// How often a callback is tried before giving up, and the pause before the first retry.
const CALLBACK_ATTEMPTS: u32 = 5;
const CALLBACK_FIRST_RETRY: Duration = Duration::from_millis(200);

/// Why a payment could not be attempted.
enum PayError {
    NotFound,
    Closed(&'static str),
    BadInstallments(u8),
    /// The quantity or flex amount is outside what the link allows; the text says what is.
    BadChoice(String),
}

/// What the payer chose on the page (or the test through the control route).
#[derive(Clone, Copy, Debug, Default)]
struct Chosen {
    quantity: Option<u32>,
    amount_minor: Option<i64>,
}

/// A completed attempt.
struct Attempt {
    merchant_oid: String,
    amount_minor: i64,
    total_minor: i64,
    currency: crate::money::Currency,
}

/// The callback to send after a successful payment (built under the lock, sent after it).
struct CallbackJob {
    target: String,
    form: Vec<(&'static str, String)>,
}

/// Records one attempt on link `id`; on success counts it against `max_count` and, if the link
/// has a `callback_link`, starts delivering the callback.
fn attempt(st: &SharedState, id: &str, success: bool, installments: u8, chosen: Chosen) -> Result<Attempt, PayError> {
    let now = st.clock.now();
    let (result, job) = {
        let mut state = lock(&st.paytr);
        let i = state.find(id).ok_or(PayError::NotFound)?;
        let link = &mut state.links[i];
        if let Some(reason) = link.closed_reason(now) {
            return Err(PayError::Closed(reason));
        }
        if installments == 0 || installments > link.max_installment {
            return Err(PayError::BadInstallments(link.max_installment));
        }
        let (units, amount_minor) = order(link, chosen)?;
        let total_minor = with_surcharge(amount_minor, installments);
        // PayTR generates the order id for link payments.
        let merchant_oid = format!("PT{}", alnum(12).to_ascii_uppercase());
        let currency = link.currency;
        let mut job = None;
        if success {
            link.sold += units;
            if let (Some(cb_link), Some(cb_id)) = (&link.callback_link, &link.callback_id) {
                let target = lock(&st.callback_override).clone().unwrap_or_else(|| cb_link.clone());
                job = Some(CallbackJob {
                    target,
                    form: callback_form(st, cb_id, &merchant_oid, amount_minor, total_minor, currency),
                });
            }
        }
        state.payments.push(Payment {
            merchant_oid: merchant_oid.clone(),
            success,
            amount_minor,
            total_minor,
            currency,
            installments,
            // Whole seconds, as PayTR's report windows are.
            at: now.trunc_subsecs(0),
        });
        (Attempt { merchant_oid, amount_minor, total_minor, currency }, job)
    };
    if let Some(job) = job {
        tokio::spawn(deliver(st.http.clone(), job));
    }
    Ok(result)
}

/// The units and the order amount of a payment: a product buyer takes `min_count` up to the
/// stock left; a flex payer pays between the minimum (`price`) and `flex_max_price`.
fn order(link: &super::Link, chosen: Chosen) -> Result<(u32, i64), PayError> {
    if let Some(max) = link.flex_max_minor {
        let amount = chosen.amount_minor.unwrap_or(link.price_minor);
        if !(link.price_minor..=max).contains(&amount) {
            return Err(PayError::BadChoice(format!(
                "Tutar {} ile {} arasında olmalı. (The amount must be between these.)",
                amount_text(link.price_minor, link.currency),
                amount_text(max, link.currency)
            )));
        }
        return Ok((1, amount));
    }
    let units = chosen.quantity.unwrap_or(link.min_count);
    if !link.quantities().contains(&units) {
        let (lo, hi) = (link.quantities().start().to_owned(), link.quantities().end().to_owned());
        return Err(PayError::BadChoice(format!(
            "Adet {lo} ile {hi} arasında olmalı. (Quantity must be {lo} to {hi}.)"
        )));
    }
    Ok((units, link.price_minor * i64::from(units)))
}

/// The §5.5 form, signed `callback_id + merchant_oid + salt + status + total_amount`.
fn callback_form(
    st: &SandboxState,
    callback_id: &str,
    oid: &str,
    amount_minor: i64,
    total_minor: i64,
    currency: crate::money::Currency,
) -> Vec<(&'static str, String)> {
    let c = &st.config;
    let total = total_minor.to_string();
    let hash =
        paytr_token(&format!("{callback_id}{oid}{}success{total}", c.paytr_merchant_salt), &c.paytr_merchant_key);
    vec![
        ("hash", hash),
        ("merchant_oid", oid.to_string()),
        ("status", "success".into()),
        ("total_amount", total),
        ("payment_amount", amount_minor.to_string()),
        ("payment_type", "card".into()),
        ("currency", currency.code().into()),
        ("callback_id", callback_id.to_string()),
        ("merchant_id", c.paytr_merchant_id.clone()),
        ("test_mode", "1".into()),
    ]
}

/// POSTs the callback until the receiver answers exactly `OK`, as PayTR retries.
async fn deliver(http: reqwest::Client, job: CallbackJob) {
    let body = {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &job.form {
            s.append_pair(k, v);
        }
        s.finish()
    };
    let mut pause = CALLBACK_FIRST_RETRY;
    for attempt in 1..=CALLBACK_ATTEMPTS {
        let sent = http
            .post(&job.target)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body.clone())
            .send()
            .await;
        let answer = match sent {
            Ok(r) => r.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if answer.trim() == "OK" {
            return;
        }
        if attempt < CALLBACK_ATTEMPTS {
            tokio::time::sleep(pause).await;
            pause *= 2;
        }
    }
    log::warn!("sandbox: PayTR callback was not acknowledged with OK after {CALLBACK_ATTEMPTS} attempts");
}

fn amount_text(minor: i64, currency: crate::money::Currency) -> String {
    Money::new(minor, currency).map(|m| m.format()).unwrap_or_else(|_| format!("{minor} kuruş"))
}

/// The card form for link `id`, or the closed page.
fn form_page(st: &SharedState, id: &str, error: Option<&str>) -> Response {
    let now = st.clock.now();
    let state = lock(&st.paytr);
    let Some(link) = state.find(id).map(|i| &state.links[i]) else {
        return (
            StatusCode::NOT_FOUND,
            page::closed_page(PROVIDER, "Böyle bir ödeme linki yok. (No such payment link.)"),
        )
            .into_response();
    };
    if let Some(reason) = link.closed_reason(now) {
        return (StatusCode::GONE, page::closed_page(PROVIDER, reason)).into_response();
    }
    let choice = match link.flex_max_minor {
        Some(max) => Some(PayerChoice::Amount {
            min_text: amount_text(link.price_minor, link.currency),
            max_text: amount_text(max, link.currency),
        }),
        None if link.quantities().end() > link.quantities().start() => {
            Some(PayerChoice::Quantity { min: *link.quantities().start(), max: *link.quantities().end() })
        }
        None => None,
    };
    let amount = amount_text(link.amount_minor(), link.currency);
    let description =
        if link.min_count > 1 { format!("{} × {}", link.min_count, link.name) } else { link.name.clone() };
    let payer = link.user_name.as_deref().or(link.email.as_deref());
    let action = format!("/link/{}", link.id);
    let html = page::payment_form(&PaymentPage {
        provider: PROVIDER,
        amount_text: &amount,
        description: &description,
        payer,
        form_action: &action,
        max_installments: link.max_installment,
        error,
        choice,
    });
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    (status, html).into_response()
}

pub(super) async fn page(State(st): State<SharedState>, Path(id): Path<String>) -> Response {
    form_page(&st, &id, None)
}

pub(super) async fn page_submit(
    State(st): State<SharedState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = super::read_form(&headers, &body);
    let chosen = match read_choice(&st, &id, &f) {
        Ok(c) => c,
        Err(msg) => return form_page(&st, &id, Some(&msg)),
    };
    let installments = match super::field(&f, "installments") {
        "" => None,
        n => match n.parse::<u8>() {
            Ok(n) => Some(n),
            Err(_) => return form_page(&st, &id, Some("Taksit sayısı geçersiz. (Invalid number of installments.)")),
        },
    };
    let text = |name: &str| super::field(&f, name).to_string();
    let form = CardForm {
        card_holder: text("card_holder"),
        card_number: text("card_number"),
        expiry: text("expiry"),
        cvc: text("cvc"),
        installments,
    };
    let outcome = match page::charge(&form) {
        Ok(o) => o,
        Err(msg) => return form_page(&st, &id, Some(&msg)),
    };
    let approved = outcome == CardOutcome::Approved;
    match attempt(&st, &id, approved, form.installments.unwrap_or(1), chosen) {
        Ok(a) if approved => page::result_page(
            PROVIDER,
            true,
            "Ödeme başarılı (Payment successful)",
            &format!(
                "Tahsil edilen tutar: {} · Sipariş no: {}",
                amount_text(a.total_minor, a.currency),
                a.merchant_oid
            ),
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
            &id,
            Some(&format!("Taksit sayısı 1 ile {max} arasında olmalı. (Installments must be 1 to {max}.)")),
        ),
        Err(PayError::BadChoice(msg)) => form_page(&st, &id, Some(&msg)),
        Err(_) => form_page(&st, &id, None),
    }
}

/// The page's `quantity` / `amount` fields (amount in the link's currency, Turkish or dot format).
fn read_choice(st: &SharedState, id: &str, f: &super::Fields) -> Result<Chosen, String> {
    let quantity = match super::field(f, "quantity") {
        "" => None,
        q => Some(q.parse::<u32>().map_err(|_| "Adet geçersiz. (Invalid quantity.)".to_string())?),
    };
    let amount_minor = match super::field(f, "amount") {
        "" => None,
        a => {
            let currency = {
                let state = lock(&st.paytr);
                state.find(id).map(|i| state.links[i].currency).unwrap_or(crate::money::Currency::Tl)
            };
            let m = Money::parse(a, currency).map_err(|_| "Tutar geçersiz. (Invalid amount.)".to_string())?;
            Some(m.minor())
        }
    };
    Ok(Chosen { quantity, amount_minor })
}

#[derive(serde::Deserialize)]
struct ControlPay {
    id: String,
    outcome: String,
    #[serde(default)]
    installments: Option<u8>,
    /// Product links: how many units (default `min_count`).
    #[serde(default)]
    quantity: Option<u32>,
    /// Flex links: the amount the payer chose, in kuruş (default the minimum).
    #[serde(default)]
    amount_minor: Option<i64>,
}

/// `POST /_sandbox/paytr/pay` `{"id","outcome":"paid"|"failed","installments"?,"quantity"?,
/// "amount_minor"?}`: the same
/// path as paying on the page, for tests.
pub(super) async fn control_pay(State(st): State<SharedState>, body: Bytes) -> Response {
    let bad = |status: StatusCode, msg: String| (status, Json(serde_json::json!({ "error": msg }))).into_response();
    let req: ControlPay = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return bad(
                StatusCode::BAD_REQUEST,
                format!("expected {{\"id\",\"outcome\":\"paid\"|\"failed\",\"installments\"?}}: {e}"),
            )
        }
    };
    let success = match req.outcome.as_str() {
        "paid" => true,
        "failed" => false,
        other => return bad(StatusCode::BAD_REQUEST, format!("outcome must be \"paid\" or \"failed\", not {other:?}")),
    };
    let chosen = Chosen { quantity: req.quantity, amount_minor: req.amount_minor };
    match attempt(&st, &req.id, success, req.installments.unwrap_or(1), chosen) {
        Ok(a) => Json(serde_json::json!({
            "status": if success { "paid" } else { "failed" },
            "merchant_oid": a.merchant_oid,
            "payment_amount": a.amount_minor,
            "total_amount": a.total_minor,
            "currency": a.currency.code(),
        }))
        .into_response(),
        Err(PayError::NotFound) => bad(StatusCode::NOT_FOUND, format!("no PayTR link {:?}", req.id)),
        Err(PayError::Closed(reason)) => bad(StatusCode::CONFLICT, reason.to_string()),
        Err(PayError::BadInstallments(max)) => bad(StatusCode::BAD_REQUEST, format!("installments must be 1 to {max}")),
        Err(PayError::BadChoice(msg)) => bad(StatusCode::BAD_REQUEST, msg),
    }
}
