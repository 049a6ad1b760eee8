//! Sandbox-only endpoints under `/_sandbox/` (JSON), for tests, the CLI and E2E runs: faults,
//! the request log, the clock and where callbacks go. Never faulted, never logged.
//! The providers' "pay" actions (`/_sandbox/paynet/pay`, `/_sandbox/paytr/pay`) live in their
//! own routers.

use super::faults::{ActiveFault, Fault, RequestRecord};
use super::{lock, page::escape, SharedState};
use axum::{
    extract::{rejection::JsonRejection, State},
    http::StatusCode,
    response::{Html, IntoResponse, Response},
    routing::get,
    Json, Router,
};
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/_sandbox", get(index))
        .route("/_sandbox/", get(index))
        .route("/_sandbox/faults", get(list_faults).post(set_fault).delete(clear_faults))
        .route("/_sandbox/requests", get(list_requests).delete(clear_requests))
        .route("/_sandbox/clock", get(clock).post(advance_clock))
        .route("/_sandbox/callback-override", get(callback_override).post(set_callback_override))
}

/// A JSON error answer: `{"error": "..."}`.
fn bad_request(message: impl Into<String>) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message.into() }))).into_response()
}

/// A JSON body that did not parse: a 400 that says what was wrong with it.
fn bad_body(rejection: JsonRejection) -> Response {
    bad_request(rejection.body_text())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    path: String,
    fault: String,
    #[serde(default)]
    ms: Option<u64>,
    #[serde(default)]
    times: Option<u32>,
}

async fn set_fault(State(state): State<SharedState>, payload: Result<Json<FaultRequest>, JsonRejection>) -> Response {
    let req = match payload {
        Ok(Json(r)) => r,
        Err(e) => return bad_body(e),
    };
    if !req.path.starts_with('/') || req.path.starts_with("/_sandbox") {
        return bad_request("\"path\" must be a provider path starting with '/', outside /_sandbox");
    }
    let fault = match Fault::from_name(&req.fault, req.ms) {
        Ok(f) => f,
        Err(e) => return bad_request(e),
    };
    if !super::faults::Faults::applies_to(fault, &req.path) {
        return bad_request("\"ratelimit\" is iyzico's answer: use it on an iyzico path (/v2/...)");
    }
    let mut faults = lock(&state.faults);
    faults.set(&req.path, fault, req.times);
    Json(faults.active()).into_response()
}

async fn list_faults(State(state): State<SharedState>) -> Json<Vec<ActiveFault>> {
    Json(lock(&state.faults).active())
}

async fn clear_faults(State(state): State<SharedState>) -> StatusCode {
    lock(&state.faults).clear();
    StatusCode::NO_CONTENT
}

async fn list_requests(State(state): State<SharedState>) -> Json<Vec<RequestRecord>> {
    Json(lock(&state.faults).requests())
}

async fn clear_requests(State(state): State<SharedState>) -> StatusCode {
    lock(&state.faults).clear_requests();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockRequest {
    advance_secs: i64,
}

async fn clock(State(state): State<SharedState>) -> Json<serde_json::Value> {
    Json(json!({ "now": state.clock.now() }))
}

async fn advance_clock(
    State(state): State<SharedState>,
    payload: Result<Json<ClockRequest>, JsonRejection>,
) -> Response {
    let req = match payload {
        Ok(Json(r)) => r,
        Err(e) => return bad_body(e),
    };
    // The clock only moves forward, and by at most ~100 years (chrono's range is finite).
    if !(0..=3_153_600_000).contains(&req.advance_secs) {
        return bad_request("\"advance_secs\" must be between 0 and 3153600000");
    }
    state.clock.advance(req.advance_secs);
    Json(json!({ "now": state.clock.now() })).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallbackOverrideRequest {
    url: Option<String>,
}

async fn callback_override(State(state): State<SharedState>) -> Json<serde_json::Value> {
    Json(json!({ "url": lock(&state.callback_override).clone() }))
}

async fn set_callback_override(
    State(state): State<SharedState>,
    payload: Result<Json<CallbackOverrideRequest>, JsonRejection>,
) -> Response {
    let req = match payload {
        Ok(Json(r)) => r,
        Err(e) => return bad_body(e),
    };
    let url = match req.url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty()) {
        None => None,
        Some(u) => match url::Url::parse(&u) {
            Ok(parsed) if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some() => Some(u),
            _ => return bad_request("\"url\" must be an absolute http(s) URL, or null"),
        },
    };
    *lock(&state.callback_override) = url.clone();
    Json(json!({ "url": url })).into_response()
}

async fn index(State(state): State<SharedState>) -> Html<String> {
    let base = escape(&state.base_url);
    Html(format!(
        r#"<!doctype html>
<html lang="tr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tahsildar sandbox</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#1c2430}}
code,pre{{background:#f2f4f7;border-radius:4px;padding:1px 4px}}pre{{padding:10px;overflow:auto}}
th,td{{text-align:left;padding:4px 10px 4px 0;vertical-align:top}}</style></head>
<body>
<h1>Tahsildar sandbox</h1>
<p>Paynet PayLink, PayTR Link API ve iyzico Link'in yerel simülasyonu. Gerçek para hareket etmez.<br>
A local simulation of Paynet PayLink, PayTR Link API and iyzico Link on <code>{base}</code>. No real money moves.</p>
<h2>Provider APIs</h2>
<ul><li>Paynet: <code>{base}/v1/mailorder/…</code>, <code>{base}/v1/transaction/check</code></li>
<li>PayTR: <code>{base}/odeme/api/link/…</code>, <code>{base}/odeme/durum-sorgu</code>, <code>{base}/rapor/islem-dokumu</code></li>
<li>iyzico: <code>{base}/v2/iyzilink/products…</code>, <code>{base}/v2/reporting/payment/…</code> (IYZWSv2)</li></ul>
<p>Merchant credentials are configured when the sandbox starts (<code>tahsildar sandbox</code> prints them).</p>
<h2>Control endpoints (JSON)</h2>
<table>
<tr><th>GET / POST / DELETE</th><td><code>/_sandbox/faults</code></td><td>list; set <code>{{"path":"/v1/mailorder/create","fault":"latency|http500|malformed|drop|hang|hold|ratelimit","ms":3000,"times":1}}</code>; clear all</td></tr>
<tr><th>GET / DELETE</th><td><code>/_sandbox/requests</code></td><td>requests seen on provider paths <code>[{{"method","path","at"}}]</code>; clear</td></tr>
<tr><th>GET / POST</th><td><code>/_sandbox/clock</code></td><td>now; move forward <code>{{"advance_secs":3600}}</code></td></tr>
<tr><th>POST</th><td><code>/_sandbox/iyzico/pay</code></td><td>pay an iyzico link without the page <code>{{"token":"AbC123","outcome":"paid|failed","installment":1}}</code></td></tr>
<tr><th>POST</th><td><code>/_sandbox/iyzico/next-token</code></td><td>the token the next iyzico create gets <code>{{"token":"AbC123"}}</code></td></tr>
<tr><th>GET / POST</th><td><code>/_sandbox/iyzico/settings</code></td><td><code>{{"http_errors":false,"require_rnd":false,"flexible_links":false,"max_image_bytes":2097152}}</code></td></tr>
<tr><th>GET / POST</th><td><code>/_sandbox/callback-override</code></td><td>deliver callbacks to <code>{{"url":"http://127.0.0.1:PORT/cb"}}</code> or <code>{{"url":null}}</code></td></tr>
</table>
<h2>Faults</h2>
<ul><li><b>latency</b>: wait <code>ms</code>, then answer normally</li>
<li><b>http500</b>: HTTP 500, the request is not carried out</li>
<li><b>malformed</b>: HTTP 200 with broken JSON, not carried out</li>
<li><b>drop</b>: the connection closes with no answer, not carried out</li>
<li><b>hang</b>: no answer ever, not carried out</li>
<li><b>hold</b>: carried out, but no answer ever</li>
<li><b>ratelimit</b> (iyzico paths only): iyzico's <code>50000</code> "Request Limit Exceeded", not carried out</li></ul>
<p><code>times</code> limits a fault to the next N requests on that path; without it the fault stays until cleared.</p>
<pre>curl -X POST {base}/_sandbox/faults -H 'content-type: application/json' \
  -d '{{"path":"/odeme/api/link/create","fault":"http500","times":1}}'</pre>
</body></html>
"#
    ))
}
