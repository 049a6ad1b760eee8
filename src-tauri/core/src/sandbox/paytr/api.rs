//! `link/create`, `link/delete`, `link/send-sms`, `link/send-email`.

use super::{alnum, authentic, failed, field, read_form, Fields, Link, INVALID_ID_REASON, TOKEN_REASON};
use crate::money::Currency;
use crate::providers::paytr::check_callback_link;
use crate::sandbox::{lock, SharedState};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;

fn missing(service: &str, name: &str) -> Response {
    failed(format!("Zorunlu alan degeri gecersiz veya gonderilmedi (Link API - {service}): {name}"))
}

fn positive_int(s: &str) -> Option<i64> {
    (!s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|n| *n > 0)
}

fn is_alnum(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn email_ok(s: &str) -> bool {
    s.chars().count() <= 100
        && !s.contains(char::is_whitespace)
        && matches!(s.split_once('@'), Some((u, d)) if !u.is_empty() && d.contains('.'))
}

pub(super) async fn create(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    let f = read_form(&headers, &body);
    match create_link(&st, &f) {
        Ok(r) => r,
        Err(Refusal::Token) => failed(TOKEN_REASON),
        Err(Refusal::Field(name)) => missing("create", name),
        Err(Refusal::Qr) => super::error("001", "QR kod olusturulamadi"),
    }
}

/// Why a create is refused; turned into PayTR's answer by [`create`].
enum Refusal {
    Token,
    Field(&'static str),
    Qr,
}

fn create_link(st: &SharedState, f: &Fields) -> Result<Response, Refusal> {
    let miss = Refusal::Field;
    let (name, price, currency, max_inst, link_type, lang) = (
        field(f, "name"),
        field(f, "price"),
        field(f, "currency"),
        field(f, "max_installment"),
        field(f, "link_type"),
        field(f, "lang"),
    );
    let seventh = match link_type {
        "product" => field(f, "min_count"),
        "collection" => field(f, "email"),
        _ => "",
    };
    if !authentic(st, f, &format!("{name}{price}{currency}{max_inst}{link_type}{lang}{seventh}")) {
        return Err(Refusal::Token);
    }
    if !(4..=200).contains(&name.chars().count()) {
        return Err(miss("name"));
    }
    let price_minor = positive_int(price).ok_or_else(|| miss("price"))?;
    let currency = match currency {
        "" => Currency::Tl,
        c => ["TL", "USD", "EUR", "GBP", "RUB"]
            .contains(&c)
            .then(|| c.parse().ok())
            .flatten()
            .ok_or_else(|| miss("currency"))?,
    };
    let max_installment = positive_int(max_inst).filter(|n| *n <= 12).ok_or_else(|| miss("max_installment"))? as u8;
    if !matches!(lang, "" | "tr" | "en") {
        return Err(miss("lang"));
    }
    let (mut min_count, mut email, mut user_name, mut max_count, mut flex_max_minor) = (1u32, None, None, None, None);
    match link_type {
        "product" => {
            min_count = positive_int(seventh).and_then(|n| u32::try_from(n).ok()).ok_or_else(|| miss("min_count"))?;
            if !field(f, "max_count").is_empty() {
                let m = positive_int(field(f, "max_count")).and_then(|n| u32::try_from(n).ok());
                max_count = Some(m.filter(|m| *m >= min_count).ok_or_else(|| miss("max_count"))?);
            }
        }
        "collection" if email_ok(seventh) => email = Some(seventh.to_string()),
        "collection" => return Err(miss("email")),
        "flex" => {
            // Required for flex (providers.md §5.1, §9.11), in kuruş like `price`, not below it.
            let max = positive_int(field(f, "flex_max_price")).filter(|m| *m >= price_minor);
            flex_max_minor = Some(max.ok_or_else(|| miss("flex_max_price"))?);
            user_name = Some(field(f, "user_name")).filter(|u| !u.is_empty()).map(str::to_string);
        }
        _ => return Err(miss("link_type")),
    }
    let expiry = match field(f, "expiry_date") {
        "" => None,
        e => {
            let t = crate::time::parse_date_time(e, &["%Y-%m-%d %H:%M:%S"]).ok_or_else(|| miss("expiry_date"))?;
            // A link that would be born expired is refused.
            if t <= crate::time::to_istanbul(st.clock.now()) {
                return Err(miss("expiry_date"));
            }
            Some(t)
        }
    };
    let (cb_link, cb_id) = (field(f, "callback_link"), field(f, "callback_id"));
    match (cb_link.is_empty(), cb_id.is_empty()) {
        (true, false) => return Err(miss("callback_link")),
        (false, true) => return Err(miss("callback_id")),
        _ => {}
    }
    if !cb_link.is_empty() && check_callback_link(cb_link).is_err() {
        return Err(miss("callback_link"));
    }
    if !cb_id.is_empty() && (!is_alnum(cb_id) || cb_id.len() > 64) {
        return Err(miss("callback_id"));
    }
    let get_qr = match field(f, "get_qr") {
        "" | "0" => false,
        "1" => true,
        _ => return Err(miss("get_qr")),
    };

    let id = {
        let mut state = lock(&st.paytr);
        let id = loop {
            let candidate = alnum(7);
            if state.find(&candidate).is_none() {
                break candidate;
            }
        };
        state.links.push(Link {
            id: id.clone(),
            name: name.to_string(),
            price_minor,
            currency,
            max_installment,
            min_count,
            max_count,
            flex_max_minor,
            email,
            user_name,
            expiry,
            callback_link: Some(cb_link.to_string()).filter(|s| !s.is_empty()),
            callback_id: Some(cb_id.to_string()).filter(|s| !s.is_empty()),
            deleted: false,
            sold: 0,
        });
        id
    };
    let link = format!("{}/link/{id}", st.base_url);
    let mut answer = serde_json::json!({ "status": "success", "id": id, "link": link });
    if get_qr {
        match crate::qr::png_base64(&link) {
            Ok(qr) => answer["base64_qr"] = qr.into(),
            Err(_) => return Err(Refusal::Qr),
        }
    }
    Ok(Json(answer).into_response())
}

pub(super) async fn delete(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    let f = read_form(&headers, &body);
    let ids = field(&f, "id");
    if !authentic(&st, &f, &format!("{ids}{}", field(&f, "merchant_id"))) {
        return failed(TOKEN_REASON);
    }
    let list: Vec<&str> = ids.split(',').map(str::trim).collect();
    if ids.is_empty() || list.len() > 10 || list.iter().any(|i| !is_alnum(i)) {
        return missing("delete", "id");
    }
    let mut state = lock(&st.paytr);
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for id in &list {
        match state.find(id) {
            Some(i) if !state.links[i].deleted => {
                state.links[i].deleted = true;
                ok.push(*id);
            }
            _ => bad.push(*id),
        }
    }
    drop(state);
    if list.len() == 1 {
        return if ok.is_empty() {
            failed(INVALID_ID_REASON)
        } else {
            Json(serde_json::json!({ "status": "success" })).into_response()
        };
    }
    Json(serde_json::json!({ "status": "success", "success_deletes": ok, "failed_deletes": bad })).into_response()
}

/// The id must name a live (not deleted) link.
fn live_link(st: &SharedState, id: &str) -> bool {
    let state = lock(&st.paytr);
    state.find(id).is_some_and(|i| !state.links[i].deleted)
}

pub(super) async fn send_sms(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    let f = read_form(&headers, &body);
    let (id, phone) = (field(&f, "id"), field(&f, "cell_phone"));
    if !authentic(&st, &f, &format!("{id}{}{phone}", field(&f, "merchant_id"))) {
        return failed(TOKEN_REASON);
    }
    if !(phone.len() == 11 && phone.starts_with("05") && phone.bytes().all(|b| b.is_ascii_digit())) {
        return missing("send-sms", "cell_phone");
    }
    if !live_link(&st, id) {
        return failed(INVALID_ID_REASON);
    }
    lock(&st.paytr).sms.push((id.to_string(), phone.to_string()));
    Json(serde_json::json!({ "status": "success" })).into_response()
}

pub(super) async fn send_email(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    let f = read_form(&headers, &body);
    let (id, email) = (field(&f, "id"), field(&f, "email"));
    if !authentic(&st, &f, &format!("{id}{}{email}", field(&f, "merchant_id"))) {
        return failed(TOKEN_REASON);
    }
    if !email_ok(email) {
        return missing("send-email", "email");
    }
    if !live_link(&st, id) {
        return failed(INVALID_ID_REASON);
    }
    lock(&st.paytr).emails.push((id.to_string(), email.to_string()));
    Json(serde_json::json!({ "status": "success" })).into_response()
}
