//! Issue 8 §5 from the outside: a PayTR `durum-sorgu` answer dated in year −262143 (the date the
//! fuzzer found) used to crash every sweep (`time::from_istanbul` overflowed). The real binary,
//! the sandbox, and between them a proxy that rewrites only that one field.

mod cli_common;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use cli_common::*;
use serde_json::{json, Value};

const FUZZED: &str = "-262143-01-01 00:00:00";

/// Forwards everything to `upstream`; in `durum-sorgu` answers, `payment_date` becomes [`FUZZED`].
async fn mangling_proxy(upstream: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let http = reqwest::Client::new();
    let forward = move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
        let (http, upstream) = (http.clone(), upstream.clone());
        async move {
            let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
            let mut req = http.request(method, format!("{upstream}{path}")).body(body);
            if let Some(ct) = headers.get("content-type") {
                req = req.header("content-type", ct.as_bytes());
            }
            let answer = req.send().await.unwrap();
            let status = StatusCode::from_u16(answer.status().as_u16()).unwrap();
            let mut body = answer.bytes().await.unwrap().to_vec();
            if path.contains("durum-sorgu") {
                let mut v: Value = serde_json::from_slice(&body).unwrap();
                v["payment_date"] = json!(FUZZED);
                body = v.to_string().into_bytes();
            }
            (status, [("content-type", "application/json")], body)
        }
    };
    let app = axum::Router::new().fallback(forward);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paytr_payment_dated_in_year_minus_262143_does_not_crash_the_sweep() {
    let sb = sandbox().await;
    let proxy = mangling_proxy(sb.base_url().to_string()).await;
    let dir = book_dir();
    let v = create_in(&sb, &dir, "paytr", &["--amount", "33,30", "--description", "Tarih testi"]).await;
    let id = v["id"].as_str().unwrap();
    pay(&sb, "paytr", id).await;

    let r = track_once(&dir, sb.base_url(), &proxy).await;
    assert_eq!(r.code, 0, "a panic exits 101\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
    // The date is refused (not read), the payment itself is still recorded.
    let events = status_events(&r.json_lines());
    assert_eq!(events.len(), 1, "{}", r.stdout);
    assert_eq!((&events[0]["id"], &events[0]["to"]), (&json!(id), &json!("paid")));
    let paid = book_list(&dir, &["--status", "paid"]).await;
    assert_eq!(paid.len(), 1);
}
