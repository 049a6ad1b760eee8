//! The `/_sandbox/...` control endpoints over HTTP.

use serde_json::{json, Value};
use std::time::Duration;
use tahsildar_core::sandbox::{lock, Sandbox, SandboxConfig, DEMO_PAYNET_SECRET_KEY, DEMO_PAYTR_MERCHANT_KEY};

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(5)).build().unwrap()
}

async fn sandbox() -> Sandbox {
    Sandbox::start_local(SandboxConfig::demo()).await.unwrap()
}

#[tokio::test]
async fn index_page_documents_the_controls_without_credentials() {
    let sb = sandbox().await;
    for path in ["/_sandbox/", "/_sandbox"] {
        let r = client().get(format!("{}{path}", sb.base_url())).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = r.text().await.unwrap();
        for endpoint in ["/_sandbox/faults", "/_sandbox/requests", "/_sandbox/clock", "/_sandbox/callback-override"] {
            assert!(html.contains(endpoint), "{endpoint}");
        }
        assert!(!html.contains(DEMO_PAYNET_SECRET_KEY) && !html.contains(DEMO_PAYTR_MERCHANT_KEY));
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn faults_are_set_listed_and_validated() {
    let sb = sandbox().await;
    let url = format!("{}/_sandbox/faults", sb.base_url());
    let r = client()
        .post(&url)
        .json(&json!({"path": "/v1/mailorder/create", "fault": "latency", "ms": 3000, "times": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let listed: Value = client().get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed, json!([{"path": "/v1/mailorder/create", "fault": "latency", "ms": 3000, "times": 1}]));

    for bad in [
        json!({"path": "/v1/mailorder/create", "fault": "explode"}),
        json!({"path": "/v1/mailorder/create", "fault": "latency"}),
        json!({"path": "v1/no-slash", "fault": "drop"}),
        json!({"path": "/_sandbox/faults", "fault": "drop"}),
        json!({"path": "/x", "fault": "drop", "times": -1}),
        json!({"path": "/x", "fault": "drop", "typo": 1}),
    ] {
        let r = client().post(&url).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        let body: Value = r.json().await.unwrap();
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{body}");
    }
    let r = client().post(&url).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(lock(&sb.state().faults).active().len(), 1, "bad requests changed nothing");

    assert_eq!(client().delete(&url).send().await.unwrap().status(), 204);
    assert!(lock(&sb.state().faults).active().is_empty());
    sb.shutdown().await;
}

#[tokio::test]
async fn clock_moves_forward_only() {
    let sb = sandbox().await;
    let url = format!("{}/_sandbox/clock", sb.base_url());
    let before = sb.state().clock.now();
    let r: Value = client().post(&url).json(&json!({"advance_secs": 7200})).send().await.unwrap().json().await.unwrap();
    let after = sb.state().clock.now();
    let moved = (after - before).num_seconds();
    assert!((7200..7260).contains(&moved), "moved {moved}s");
    let reported: chrono::DateTime<chrono::Utc> = r["now"].as_str().unwrap().parse().unwrap();
    assert!((reported - before).num_seconds() >= 7200);
    let r = client().post(&url).json(&json!({"advance_secs": -10})).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!((sb.state().clock.now() - after).num_seconds() < 60, "a refused move changes nothing");
    sb.shutdown().await;
}

#[tokio::test]
async fn callback_override_is_set_and_cleared() {
    let sb = sandbox().await;
    let url = format!("{}/_sandbox/callback-override", sb.base_url());
    let r = client().post(&url).json(&json!({"url": "http://127.0.0.1:9/cb"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(lock(&sb.state().callback_override).as_deref(), Some("http://127.0.0.1:9/cb"));
    let got: Value = client().get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(got, json!({"url": "http://127.0.0.1:9/cb"}));

    let r = client().post(&url).json(&json!({"url": "not a url"})).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(lock(&sb.state().callback_override).as_deref(), Some("http://127.0.0.1:9/cb"));

    let r = client().post(&url).json(&json!({"url": null})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(lock(&sb.state().callback_override).is_none());
    sb.shutdown().await;
}

#[tokio::test]
async fn control_paths_are_not_logged_or_faulted() {
    let sb = sandbox().await;
    client().get(format!("{}/_sandbox/faults", sb.base_url())).send().await.unwrap();
    client().get(format!("{}/_sandbox/requests", sb.base_url())).send().await.unwrap();
    assert!(lock(&sb.state().faults).requests().is_empty());
    sb.shutdown().await;
}
