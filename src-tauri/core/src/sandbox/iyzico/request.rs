//! What every iyzico endpoint does first (`shared/iyzico.md` §2.8, §3, §9.3): authenticate the
//! raw request, read its language and echo fields, and answer refusals in iyzico's envelope.

use super::input::{self, Bad};
use super::{auth, codes, failure, lock, Ctx, Fail};
use crate::sandbox::SandboxState;
use axum::body::Bytes;
use axum::http::{header, HeaderMap, Method, Uri};
use axum::response::Response;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What every handler starts from: the request's language and echo fields, and its query.
pub(super) struct Incoming {
    pub ctx: Ctx,
    pub query: HashMap<String, String>,
}

/// Authenticates a request (§2.8) and reads `locale` / `conversationId` from the body (POST,
/// PUT) or the query (the others), falling back to the other place (§9.3).
pub(super) fn begin(
    st: &SandboxState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Incoming, Box<Response>> {
    let query: HashMap<String, String> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
    let parsed: Option<Map<String, Value>> = serde_json::from_slice::<Value>(body).ok().and_then(|v| match v {
        Value::Object(m) => Some(m),
        _ => None,
    });
    let from_body = |k: &str| parsed.as_ref().and_then(|m| m.get(k)).and_then(Value::as_str).map(str::to_string);
    let from_query = |k: &str| query.get(k).cloned();
    let pick = |k: &str| {
        if matches!(*method, Method::POST | Method::PUT) {
            from_body(k).or_else(|| from_query(k))
        } else {
            from_query(k).or_else(|| from_body(k))
        }
    };
    let ctx = Ctx { en: pick("locale").as_deref() == Some("en"), conversation_id: pick("conversationId") };
    let keys = auth::Keys { api_key: &st.config.iyzico_api_key, secret_key: &st.config.iyzico_secret_key };
    let require_rnd = lock(&st.iyzico).settings.require_rnd;
    if let Err(e) = auth::verify(&keys, headers, uri.path(), body, require_rnd) {
        let (tr, en) = e.message();
        return Err(Box::new(failure(st, &ctx, Fail::Auth, e.code(), &ctx.say(tr, en))));
    }
    Ok(Incoming { ctx, query })
}

pub(super) fn refuse(st: &SandboxState, ctx: &Ctx, bad: Bad) -> Response {
    failure(st, ctx, Fail::Invalid, bad.code, &ctx.say(&bad.tr, &bad.en))
}

pub(super) fn not_found(st: &SandboxState, ctx: &Ctx, token: &str) -> Response {
    let msg = ctx.say(&format!("Ürün bulunamadı: {token}"), &format!("Product not found: {token}"));
    failure(st, ctx, Fail::NotFound, codes::NOT_FOUND, &msg)
}

/// A POST/PUT body: `application/json` (the only type the OpenAPI allows) holding an object.
pub(super) fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Map<String, Value>, Bad> {
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("application/json"));
    if !json_type {
        return Err(input::unreadable());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(input::unreadable()),
    }
}
