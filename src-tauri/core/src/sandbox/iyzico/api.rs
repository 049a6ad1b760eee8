//! Reading and changing links: get, list, update, status and delete (`shared/iyzico.md` §4.3–§4.7,
//! §6, §9.8–§9.9). Creating them is in `create.rs`.

use super::input::{self, Bad};
use super::request::{begin, json_body, not_found, refuse};
use super::view::{created, view, LinkView};
use super::{codes, lock, success, success_empty, Kind, Link, Status};
use crate::sandbox::SharedState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use std::collections::HashMap;

/// `GET /v2/iyzilink/products/{token}` (§4.3).
pub(super) async fn get_one(
    State(st): State<SharedState>,
    Path(token): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match begin(&st, &method, &uri, &headers, &body) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let state = lock(&st.iyzico);
    match state.live(&token) {
        Some(i) => {
            let v = view(&st, &state.links[i]);
            drop(state);
            success(&st, &req.ctx, v)
        }
        None => {
            drop(state);
            not_found(&st, &req.ctx, &token)
        }
    }
}

/// A whole-number query parameter within `range`, `default` when absent.
fn query_number(
    q: &HashMap<String, String>,
    name: &str,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, Bad> {
    let Some(text) = q.get(name) else {
        return Ok(default);
    };
    match text.parse::<i64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(Bad {
            code: codes::INVALID_REQUEST,
            tr: format!("{name} {}..{} arasında bir tam sayı olmalıdır", range.start(), range.end()),
            en: format!("{name} must be a whole number from {} to {}", range.start(), range.end()),
        }),
    }
}

/// `GET /v2/iyzilink/products?page=&count=[&productType=]` (§4.4, §9.8): newest first, deleted
/// links left out.
pub(super) async fn list(
    State(st): State<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match begin(&st, &method, &uri, &headers, &body) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let paging = query_number(&req.query, "page", 1, 1..=1_000_000)
        .and_then(|p| Ok((p, query_number(&req.query, "count", 10, 1..=100)?)));
    let (page, count) = match paging {
        Ok(pc) => pc,
        Err(bad) => return refuse(&st, &req.ctx, bad),
    };
    let kind = match req.query.get("productType").map(String::as_str) {
        None => None,
        Some("IYZILINK") => Some(Kind::Iyzilink),
        Some("FASTLINK") => Some(Kind::FastLink),
        Some(other) => {
            let bad = Bad {
                code: codes::INVALID_REQUEST,
                tr: format!("productType geçersiz: {other}"),
                en: format!("productType is invalid: {other}"),
            };
            return refuse(&st, &req.ctx, bad);
        }
    };
    let state = lock(&st.iyzico);
    let matching: Vec<&Link> =
        state.links.iter().rev().filter(|l| l.status != Status::Deleted && kind.is_none_or(|k| l.kind == k)).collect();
    let total = matching.len() as i64;
    let start = usize::try_from((page - 1) * count).unwrap_or(usize::MAX);
    let items: Vec<LinkView> = matching.iter().skip(start).take(count as usize).map(|l| view(&st, l)).collect();
    drop(state);
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Page {
        listing_reviewed: bool,
        total_count: i64,
        current_page: i64,
        page_count: i64,
        items: Vec<LinkView>,
    }
    let data = Page {
        listing_reviewed: true,
        total_count: total,
        current_page: page,
        page_count: (total + count - 1) / count,
        items,
    };
    success(&st, &req.ctx, data)
}

/// `PUT /v2/iyzilink/products/{token}` (§4.5, §9.9): name, description, price and currency are
/// required; the image and every other omitted field keep their values.
pub(super) async fn update(
    State(st): State<SharedState>,
    Path(token): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match begin(&st, &method, &uri, &headers, &body) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let (exists, max_image) = {
        let state = lock(&st.iyzico);
        (state.live(&token).is_some(), state.settings.max_image_bytes)
    };
    if !exists {
        return not_found(&st, &req.ctx, &token);
    }
    let read = json_body(&headers, &body).and_then(|m| {
        input::require(&m, &["name", "description", "price", "currencyCode"])?;
        input::read(&m, max_image)
    });
    let i = match read {
        Ok(i) => i,
        Err(bad) => return refuse(&st, &req.ctx, bad),
    };
    let (old_enabled, old_count) = {
        let state = lock(&st.iyzico);
        state.live(&token).map(|n| (state.links[n].stock_enabled, state.links[n].stock_count)).unwrap_or_default()
    };
    let stock_enabled = i.stock_enabled.unwrap_or(old_enabled);
    if let Err(r) = super::create::check_rules(&st, &req.ctx, &i, stock_enabled, i.stock_count.unwrap_or(old_count)) {
        return *r;
    }
    let mut state = lock(&st.iyzico);
    let Some(n) = state.live(&token) else {
        drop(state);
        return not_found(&st, &req.ctx, &token);
    };
    let link = &mut state.links[n];
    link.name = i.name.unwrap_or_default();
    link.description = i.description.unwrap_or_default();
    link.price_minor = i.price_minor.unwrap_or(link.price_minor);
    link.currency = i.currency.unwrap_or(link.currency);
    if let Some(image) = i.image {
        link.image = Some(image);
        link.image_version += 1;
    }
    link.address_ignorable = i.address_ignorable.unwrap_or(link.address_ignorable);
    link.installment_requested = i.installment_requested.unwrap_or(link.installment_requested);
    link.stock_enabled = stock_enabled;
    link.stock_count = i.stock_count.unwrap_or(link.stock_count);
    link.sold_limit = i.sold_limit.unwrap_or(link.sold_limit);
    link.flexible = i.flexible.unwrap_or(link.flexible);
    if let Some(p) = i.preset_prices {
        link.preset_prices = p;
    }
    if let Some(c) = i.category_type {
        link.category_type = c;
    }
    if let Some(c) = i.conversation_id {
        link.conversation_id = Some(c);
    }
    created(&st, &req.ctx, link)
}

/// `PATCH /v2/iyzilink/products/{token}/status/{ACTIVE|PASSIVE}` (§4.6): the envelope only.
pub(super) async fn set_status(
    State(st): State<SharedState>,
    Path((token, status)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match begin(&st, &method, &uri, &headers, &body) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let new = match status.as_str() {
        "ACTIVE" => Status::Active,
        "PASSIVE" => Status::Passive,
        other => {
            let bad = Bad {
                code: codes::INVALID_REQUEST,
                tr: format!("productStatus geçersiz: {other} (ACTIVE veya PASSIVE olmalıdır)"),
                en: format!("productStatus is invalid: {other} (must be ACTIVE or PASSIVE)"),
            };
            return refuse(&st, &req.ctx, bad);
        }
    };
    let mut state = lock(&st.iyzico);
    let Some(n) = state.live(&token) else {
        drop(state);
        return not_found(&st, &req.ctx, &token);
    };
    state.links[n].status = new;
    drop(state);
    success_empty(&st, &req.ctx)
}

/// `DELETE /v2/iyzilink/products/{token}` (§4.7, §6): afterwards the token is not found and the
/// list leaves it out.
pub(super) async fn delete(
    State(st): State<SharedState>,
    Path(token): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match begin(&st, &method, &uri, &headers, &body) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let mut state = lock(&st.iyzico);
    let Some(n) = state.live(&token) else {
        drop(state);
        return not_found(&st, &req.ctx, &token);
    };
    state.links[n].status = Status::Deleted;
    drop(state);
    success_empty(&st, &req.ctx)
}
