//! A pass-through in front of the sandbox that adds rows to the first page of iyzico's list, or
//! leaves a numeric field out of every list row — what the real iyzico might send, since
//! `shared/iyzico.md` §10.10 leaves the shape open (no token, a price that is not a number, an
//! unreadable or missing `soldCount`). Everything else, the signature check and `get` included,
//! is the sandbox's own answer, byte for byte.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

struct Upstream {
    base: String,
    odd: Vec<String>,
    strip: Vec<String>,
    refuse_list: bool,
    http: reqwest::Client,
}

pub struct OddRows {
    pub base_url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for OddRows {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the pass-through to `upstream` on 127.0.0.1; `odd` are JSON objects.
pub async fn start(upstream: &str, odd: Vec<serde_json::Value>) -> OddRows {
    start_with(upstream, odd, &[]).await
}

/// As [`start`], and list rows come without the numeric fields named in `strip`.
pub async fn start_with(upstream: &str, odd: Vec<serde_json::Value>, strip: &[&str]) -> OddRows {
    serve(upstream, odd, strip, false).await
}

/// A pass-through whose list is refused as an invalid request (iyzico's `11`), as a server with a
/// smaller page limit than ours might (§10.6); `get` still answers.
pub async fn refusing_list(upstream: &str) -> OddRows {
    serve(upstream, vec![], &[], true).await
}

async fn serve(upstream: &str, odd: Vec<serde_json::Value>, strip: &[&str], refuse_list: bool) -> OddRows {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let state = Arc::new(Upstream {
        base: upstream.to_string(),
        odd: odd.iter().map(|v| v.to_string()).collect(),
        strip: strip.iter().map(|f| format!("\"{f}\":")).collect(),
        refuse_list,
        http: reqwest::Client::new(),
    });
    let app = axum::Router::new().fallback(forward).with_state(state);
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    OddRows { base_url, task }
}

async fn forward(
    State(up): State<Arc<Upstream>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let list = method == Method::GET && uri.path() == "/v2/iyzilink/products";
    if list && up.refuse_list {
        let body = r#"{"status":"failure","errorCode":"11","errorMessage":"Geçersiz istek","locale":"en"}"#;
        return (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    }
    let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut req = up.http.request(method.clone(), format!("{}{path_and_query}", up.base));
    for (k, v) in &headers {
        if k != header::HOST && k != header::CONTENT_LENGTH {
            req = req.header(k, v);
        }
    }
    if !body.is_empty() {
        req = req.body(body.to_vec());
    }
    let Ok(answer) = req.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = answer.status();
    let mut text = answer.text().await.unwrap_or_default();
    if list {
        for key in &up.strip {
            text = without_number(&text, key);
        }
    }
    let first_list_page = list && uri.query().is_some_and(|q| q.split('&').any(|kv| kv == "page=1"));
    if first_list_page && !up.odd.is_empty() {
        // Spliced into the text, so the sandbox's own rows keep their exact bytes.
        if let Some(at) = text.find("\"items\":[").map(|i| i + "\"items\":[".len()) {
            let empty = text[at..].starts_with(']');
            let rows = up.odd.join(",");
            text.insert_str(at, &if empty { rows } else { format!("{rows},") });
        }
    }
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

/// `text` without every `key` (`"name":`) followed by a number and a comma.
fn without_number(text: &str, key: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(key) {
        out.push_str(&rest[..at]);
        let after = &rest[at + key.len()..];
        let digits = after.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(after.len());
        rest = after[digits..].strip_prefix(',').unwrap_or(&after[digits..]);
    }
    out.push_str(rest);
    out
}
