//! The Paynet API handlers. None of them awaits while holding the state lock (none awaits at all).

use super::out::{CheckOut, LinkOut, ListOut, TxnOut};
use super::wire::{check_auth, field, invalid, no_data, read_body, refused, Fail, OK_MESSAGE};
use super::{Key, Link, PaynetState, Stored};
use crate::providers::paynet::wire::Obj;
use crate::sandbox::{lock, SharedState};
use axum::{
    body::Bytes,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
    Json,
};
use chrono::NaiveDate;
use serde_json::json;

/// Link validity when `expire_date` is not sent (undocumented; the PHP helper defaults to 24 h).
const DEFAULT_EXPIRE_HOURS: i64 = 24;
const MAX_EXPIRE_HOURS: i64 = 24 * 365;
const MAX_LIST_LIMIT: i64 = 100;
/// Conservative limits from Paynet's other endpoints (providers.md §3.1).
const MAX_REFERENCE_LEN: usize = 50;
const MAX_EMAIL_LEN: usize = 60;

type Answer = Result<Response, Fail>;

fn respond(r: Answer) -> Response {
    r.unwrap_or_else(IntoResponse::into_response)
}

/// Authenticates and reads the body: what every endpoint starts with.
fn open(st: &SharedState, headers: &HeaderMap, body: &[u8]) -> Result<Obj, Fail> {
    check_auth(headers, &st.config.paynet_secret_key)?;
    read_body(headers, body)
}

pub(super) async fn create(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    respond(create_link(&st, &headers, &body))
}

fn create_link(st: &SharedState, headers: &HeaderMap, body: &[u8]) -> Answer {
    let req = open(st, headers, body)?;
    let name_surname = req.text("name_surname").ok_or_else(|| invalid("name_surname is required"))?;
    let amount_minor = field(req.amount("amount"))?.ok_or_else(|| invalid("amount is required"))?;
    if amount_minor <= 0 {
        return Err(invalid("amount must be greater than 0"));
    }
    let send_mail = field(req.flag("send_mail"))?.unwrap_or(false);
    let send_sms = field(req.flag("send_sms"))?.unwrap_or(false);
    let email = req.text("email");
    match &email {
        None if send_mail => return Err(invalid("email is required when send_mail is true")),
        Some(e) if !e.contains('@') || e.len() > MAX_EMAIL_LEN => {
            return Err(invalid(format!("email is not a valid address (at most {MAX_EMAIL_LEN} characters)")))
        }
        _ => {}
    }
    let phone = req.text("phone");
    match &phone {
        None if send_sms => return Err(invalid("phone is required when send_sms is true")),
        Some(p) if p.len() != 10 || !p.starts_with('5') || !p.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(invalid("phone must be a 10-digit mobile number like 5XXXXXXXXX"))
        }
        _ => {}
    }
    let hours = field(req.int("expire_date"))?.unwrap_or(DEFAULT_EXPIRE_HOURS);
    if !(1..=MAX_EXPIRE_HOURS).contains(&hours) {
        return Err(invalid(format!("expire_date is the validity in hours: 1 to {MAX_EXPIRE_HOURS}")));
    }
    let reference_no = req.text("reference_no");
    if reference_no.as_ref().is_some_and(|r| r.chars().count() > MAX_REFERENCE_LEN) {
        return Err(invalid(format!("reference_no is longer than {MAX_REFERENCE_LEN} characters")));
    }
    let confirmation_url = req.text("confirmation_url");
    if let Some(u) = &confirmation_url {
        if !url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) {
            return Err(invalid("confirmation_url must be an http(s) URL"));
        }
    }
    let now = st.clock.now();
    let id = uuid::Uuid::new_v4().to_string();
    let page_id = uuid::Uuid::new_v4().to_string();
    let link = Link {
        id: id.clone(),
        page_id: page_id.clone(),
        reference_no,
        list_reference: None,
        name_surname,
        user_name: req.text("user_name"),
        amount_minor,
        email,
        phone,
        send_mail,
        send_sms,
        note: req.text("note"),
        agent_note: req.text("agent_note"),
        succeed_url: req.text("succeed_url"),
        error_url: req.text("error_url"),
        confirmation_url,
        send_confirmation_mail: field(req.flag("send_confirmation_mail"))?.unwrap_or(true),
        multi_payment: field(req.flag("multi_payment"))?.unwrap_or(true),
        created: now,
        expires: now.checked_add_signed(chrono::Duration::hours(hours)).unwrap_or(now),
        stored: Stored::Open,
        xact_id: None,
        payments: Vec::new(),
    };
    let mut state = lock(&st.paynet);
    if let Some(r) = &link.reference_no {
        if state.find(Key::Reference(r)).is_some() {
            return Err(refused(
                "mailorder",
                5,
                format!("Mükerrer kayıt: reference_no '{r}' zaten kullanılmış (duplicate data)"),
            ));
        }
    }
    state.links.push(link);
    drop(state);
    let url = format!("{}/S/M?id={page_id}", st.base_url);
    Ok(Json(json!({ "url": url, "id": id, "object_name": "mailorder", "code": 0, "message": OK_MESSAGE }))
        .into_response())
}

/// The link an `id` or `reference_no` names (the id wins when both are sent).
fn find_link(state: &PaynetState, req: &Obj) -> Result<usize, Fail> {
    let key = match (req.text("id"), req.text("reference_no")) {
        (Some(id), _) => {
            return state.find(Key::Id(&id)).ok_or_else(|| no_data(format!("PayLink bulunamadı: id {id}")))
        }
        (None, Some(r)) => r,
        (None, None) => return Err(invalid("id or reference_no is required")),
    };
    state.find(Key::Reference(&key)).ok_or_else(|| no_data(format!("PayLink bulunamadı: reference_no {key}")))
}

pub(super) async fn detail(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    respond((|| {
        let req = open(&st, &headers, &body)?;
        let now = st.clock.now();
        let state = lock(&st.paynet);
        let link = &state.links[find_link(&state, &req)?];
        Ok(Json(LinkOut::of(link, now, &st.base_url, false)).into_response())
    })())
}

pub(super) async fn list(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    respond(list_links(&st, &headers, &body))
}

fn day(req: &Obj, key: &str) -> Result<NaiveDate, Fail> {
    let text = req.text(key).ok_or_else(|| invalid(format!("{key} is required (YYYY-MM-DD)")))?;
    // A date-time is accepted too; only its day counts.
    let day_part = text.get(..10).unwrap_or(&text);
    crate::time::parse_date(day_part, &["%Y-%m-%d"])
        .ok_or_else(|| invalid(format!("{key} must be a date like 2024-05-01")))
}

fn list_links(st: &SharedState, headers: &HeaderMap, body: &[u8]) -> Answer {
    let req = open(st, headers, body)?;
    let (from, to) = (day(&req, "datab")?, day(&req, "datbi")?);
    let limit = field(req.int("limit"))?.unwrap_or(10);
    if limit < 1 {
        return Err(invalid("limit must be at least 1"));
    }
    let limit = limit.min(MAX_LIST_LIMIT);
    let starting_after = field(req.int("starting_after"))?;
    let ending_before = field(req.int("ending_before"))?;
    if starting_after.is_some_and(|v| v < 0) || ending_before.is_some_and(|v| v < 0) {
        return Err(invalid("starting_after and ending_before are row indexes (0 or more)"));
    }
    let now = st.clock.now();
    let state = lock(&st.paynet);
    let matching: Vec<&Link> =
        state.links.iter().filter(|l| (from..=to).contains(&crate::time::to_istanbul(l.created).date())).collect();
    let total = matching.len();
    let (start, end) = match (starting_after, ending_before) {
        (Some(s), _) => (s as usize, (s + limit) as usize),
        (None, Some(e)) => ((e - limit).max(0) as usize, e as usize),
        (None, None) => (0, limit as usize),
    };
    let (start, end) = (start.min(total), end.min(total));
    let rows: Vec<LinkOut> = matching[start..end].iter().map(|l| LinkOut::of(l, now, &st.base_url, true)).collect();
    let body = ListOut {
        total_count: total,
        limit,
        has_more: end < total,
        starting_after,
        ending_before,
        data: rows,
        object_name: "mailorder_list",
        code: 0,
        message: OK_MESSAGE,
    };
    Ok(Json(body).into_response())
}

pub(super) async fn status_update(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    respond((|| {
        let req = open(&st, &headers, &body)?;
        let target = match field(req.int("status"))? {
            Some(0) => Stored::Open,
            Some(3) => Stored::Passive,
            Some(_) => return Err(invalid("status must be 0 (awaiting payment) or 3 (passive)")),
            None => return Err(invalid("status is required")),
        };
        let now = st.clock.now();
        let mut state = lock(&st.paynet);
        let index = find_link(&state, &req)?;
        let link = &mut state.links[index];
        let name = "mailorder_update_status";
        match link.status(now) {
            1 => return Err(refused(name, 1, "PayLink ödenmiş; durumu değiştirilemez (already paid)")),
            2 => return Err(refused(name, 1, "PayLink süresi dolmuş; durumu değiştirilemez (expired)")),
            _ if target == Stored::Open && now > link.expires => {
                return Err(refused(name, 1, "PayLink süresi dolmuş; yeniden açılamaz (expired)"))
            }
            _ => link.stored = target,
        }
        Ok(Json(json!({ "object_name": name, "code": 0, "message": OK_MESSAGE })).into_response())
    })())
}

pub(super) async fn transaction_check(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    respond((|| {
        let req = open(&st, &headers, &body)?;
        let (xact_id, reference) = (req.text("xact_id"), req.text("reference_no"));
        if xact_id.is_none() && reference.is_none() {
            return Err(invalid("xact_id or reference_no is required"));
        }
        let state = lock(&st.paynet);
        let rows: Vec<TxnOut> = state
            .transactions
            .iter()
            .filter(|t| match (&xact_id, &reference) {
                (Some(x), _) => &t.xact_id == x,
                (None, Some(r)) => t.reference_no.as_ref() == Some(r),
                (None, None) => false,
            })
            .map(TxnOut::of)
            .collect();
        if rows.is_empty() {
            return Err(no_data("İşlem bulunamadı (no transaction)"));
        }
        Ok(Json(CheckOut { object_name: "transaction", code: 0, message: OK_MESSAGE, data: rows }).into_response())
    })())
}
