//! Fault injection and the request log, over real HTTP against an in-process sandbox.

use std::time::{Duration, Instant};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::{lock, Sandbox, SandboxConfig};

/// A provider path the sandbox serves (or at least routes through the fault layer).
const PATH: &str = "/v1/mailorder/detail";
const OTHER: &str = "/odeme/durum-sorgu";

fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(timeout).build().unwrap()
}

async fn sandbox() -> Sandbox {
    Sandbox::start_local(SandboxConfig::demo()).await.unwrap()
}

async fn post(sb: &Sandbox, c: &reqwest::Client, path: &str) -> reqwest::Result<reqwest::Response> {
    c.post(format!("{}{path}", sb.base_url())).json(&serde_json::json!({"reference_no": "x"})).send().await
}

async fn set_fault(sb: &Sandbox, body: serde_json::Value) -> reqwest::Response {
    client(Duration::from_secs(5)).post(format!("{}/_sandbox/faults", sb.base_url())).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn latency_delays_then_answers_normally() {
    let sb = sandbox().await;
    let c = client(Duration::from_secs(5));
    let baseline = post(&sb, &c, PATH).await.unwrap().status();
    let r = set_fault(&sb, serde_json::json!({"path": PATH, "fault": "latency", "ms": 600, "times": 1})).await;
    assert_eq!(r.status(), 200);
    let started = Instant::now();
    let status = post(&sb, &c, PATH).await.unwrap().status();
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(600), "answered after {took:?}");
    assert_eq!(status, baseline, "latency must not change the answer");
    assert!(lock(&sb.state().faults).active().is_empty(), "times=1 used up");
    sb.shutdown().await;
}

#[tokio::test]
async fn http500_answers_500_and_expires_after_times() {
    let sb = sandbox().await;
    let c = client(Duration::from_secs(5));
    lock(&sb.state().faults).set(PATH, Fault::Http500, Some(2));
    for _ in 0..2 {
        let r = post(&sb, &c, PATH).await.unwrap();
        assert_eq!(r.status(), 500);
        assert!(r.text().await.unwrap().contains("500 Internal Server Error"));
    }
    let third = post(&sb, &c, PATH).await.unwrap();
    assert_ne!(third.status(), 500, "the fault applied to 2 requests only");
    // Other paths were never affected.
    lock(&sb.state().faults).set(PATH, Fault::Http500, None);
    assert_ne!(post(&sb, &c, OTHER).await.unwrap().status(), 500);
    assert_eq!(post(&sb, &c, PATH).await.unwrap().status(), 500);
    assert_eq!(post(&sb, &c, PATH).await.unwrap().status(), 500, "no times: stays on");
    sb.shutdown().await;
}

#[tokio::test]
async fn malformed_is_200_json_that_does_not_parse() {
    let sb = sandbox().await;
    let c = client(Duration::from_secs(5));
    set_fault(&sb, serde_json::json!({"path": PATH, "fault": "malformed"})).await;
    let r = post(&sb, &c, PATH).await.unwrap();
    assert_eq!(r.status(), 200);
    let ct = r.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().to_string();
    assert!(ct.starts_with("application/json"), "{ct}");
    let text = r.text().await.unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err(), "parsed: {text}");
    sb.shutdown().await;
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let sb = sandbox().await;
    let c = client(Duration::from_secs(5));
    // A warm keep-alive connection first: the drop must still surface, not be retried silently.
    post(&sb, &c, PATH).await.unwrap();
    lock(&sb.state().faults).set(PATH, Fault::Drop, Some(1));
    let started = Instant::now();
    let err = post(&sb, &c, PATH).await.expect_err("a dropped connection is not a response");
    assert!(err.is_connect() || err.is_request(), "{err:?}");
    assert!(!err.is_timeout(), "dropped, not timed out: {err:?}");
    assert!(err.status().is_none());
    assert!(started.elapsed() < Duration::from_secs(2));
    // Only one request reached the sandbox: the client did not retry behind our back.
    assert_eq!(lock(&sb.state().faults).request_count(PATH), 2);
    // The server is fine afterwards.
    assert!(post(&sb, &c, PATH).await.is_ok());
    sb.shutdown().await;
}

#[tokio::test]
async fn hang_never_answers_until_the_client_gives_up() {
    let sb = sandbox().await;
    lock(&sb.state().faults).set(PATH, Fault::Hang, None);
    let started = Instant::now();
    let err = post(&sb, &client(Duration::from_millis(700)), PATH).await.expect_err("hang must not answer");
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() >= Duration::from_millis(700));
    // Meanwhile other paths answer at once.
    assert!(post(&sb, &client(Duration::from_secs(2)), OTHER).await.is_ok());
    sb.shutdown().await;
}

#[tokio::test]
async fn clear_removes_every_fault() {
    let sb = sandbox().await;
    let c = client(Duration::from_secs(2));
    set_fault(&sb, serde_json::json!({"path": PATH, "fault": "hang"})).await;
    set_fault(&sb, serde_json::json!({"path": OTHER, "fault": "http500"})).await;
    let listed: serde_json::Value =
        c.get(format!("{}/_sandbox/faults", sb.base_url())).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    let r = c.delete(format!("{}/_sandbox/faults", sb.base_url())).send().await.unwrap();
    assert!(r.status().is_success());
    assert!(post(&sb, &c, PATH).await.is_ok());
    assert_ne!(post(&sb, &c, OTHER).await.unwrap().status(), 500);
    sb.shutdown().await;
}

#[tokio::test]
async fn request_log_counts_provider_calls_only() {
    let sb = sandbox().await;
    let c = client(Duration::from_secs(5));
    for _ in 0..3 {
        post(&sb, &c, PATH).await.unwrap();
    }
    c.get(format!("{}{OTHER}?x=1", sb.base_url())).send().await.unwrap();
    c.get(format!("{}/_sandbox/", sb.base_url())).send().await.unwrap();
    let log: Vec<serde_json::Value> =
        c.get(format!("{}/_sandbox/requests", sb.base_url())).send().await.unwrap().json().await.unwrap();
    assert_eq!(log.len(), 4, "{log:?}");
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], PATH);
    assert_eq!(log[3]["method"], "GET");
    assert_eq!(log[3]["path"], OTHER, "the query string is not part of the path");
    assert!(log[0]["at"].as_str().unwrap().parse::<chrono::DateTime<chrono::Utc>>().is_ok());
    assert_eq!(lock(&sb.state().faults).request_count(PATH), 3);
    c.delete(format!("{}/_sandbox/requests", sb.base_url())).send().await.unwrap();
    assert!(lock(&sb.state().faults).requests().is_empty());
    sb.shutdown().await;
}

#[tokio::test]
async fn many_concurrent_connections_with_faults_mixed_in() {
    let sb = sandbox().await;
    lock(&sb.state().faults).set(PATH, Fault::Hang, None);
    lock(&sb.state().faults).set("/odeme/api/link/get", Fault::Drop, None);
    let mut tasks = Vec::new();
    for i in 0..40 {
        let base = sb.base_url().to_string();
        tasks.push(tokio::spawn(async move {
            // Fresh clients: one connection each.
            let c = client(Duration::from_secs(3));
            let path = match i % 4 {
                0 => PATH,
                1 => "/odeme/api/link/get",
                _ => OTHER,
            };
            (i % 4, c.post(format!("{base}{path}")).body("{}").send().await)
        }));
    }
    for t in tasks {
        let (kind, result) = t.await.unwrap();
        match kind {
            0 => assert!(result.unwrap_err().is_timeout()),
            1 => assert!(result.unwrap_err().status().is_none()),
            _ => assert!(result.is_ok()),
        }
    }
    assert_eq!(lock(&sb.state().faults).requests().len(), 40);
    sb.shutdown().await;
}

#[tokio::test]
async fn shutdown_does_not_wait_for_hung_requests() {
    let sb = sandbox().await;
    lock(&sb.state().faults).set(PATH, Fault::Hang, None);
    lock(&sb.state().faults).set(OTHER, Fault::Hold, None);
    let base = sb.base_url().to_string();
    let pending: Vec<_> = [PATH, OTHER]
        .into_iter()
        .map(|path| {
            let url = format!("{base}{path}");
            tokio::spawn(async move { client(Duration::from_secs(30)).post(url).body("{}").send().await })
        })
        .collect();
    // Both requests are in flight (logged) before we shut down.
    let deadline = Instant::now() + Duration::from_secs(5);
    while lock(&sb.state().faults).requests().len() < 2 {
        assert!(Instant::now() < deadline, "requests never arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(1), sb.shutdown()).await.expect("shutdown took over a second");
    for p in pending {
        let result = tokio::time::timeout(Duration::from_secs(2), p).await.expect("client noticed").unwrap();
        assert!(result.is_err(), "a hung request never gets an answer");
    }
    assert!(started.elapsed() < Duration::from_secs(3));
    // Nothing listens any more.
    assert!(client(Duration::from_secs(1)).get(format!("{base}{OTHER}")).send().await.is_err());
}

/// A Paynet link create; what it does to the sandbox's state shows whether the handler ran.
async fn paynet_create(sb: &Sandbox, timeout: Duration) -> reqwest::Result<reqwest::Response> {
    client(timeout)
        .post(format!("{}/v1/mailorder/create", sb.base_url()))
        .header("Authorization", format!("Basic {}", tahsildar_core::sandbox::DEMO_PAYNET_SECRET_KEY))
        .header("Content-Type", "application/json")
        .body(r#"{"name_surname":"Ayşe Yılmaz","amount":120.50}"#)
        .send()
        .await
}

fn paynet_links(sb: &Sandbox) -> usize {
    lock(&sb.state().paynet).link_count()
}

#[tokio::test]
async fn hold_carries_out_the_create_but_never_answers() {
    let sb = sandbox().await;
    let ok = paynet_create(&sb, Duration::from_secs(5)).await.unwrap();
    assert_eq!(ok.status(), 200, "{}", ok.text().await.unwrap());
    assert_eq!(paynet_links(&sb), 1);
    lock(&sb.state().faults).set("/v1/mailorder/create", Fault::Hold, Some(1));
    let err = paynet_create(&sb, Duration::from_millis(800)).await.expect_err("held: no answer");
    assert!(err.is_timeout(), "{err:?}");
    // The create happened all the same (allow a slow machine to finish the handler).
    let deadline = Instant::now() + Duration::from_secs(3);
    while paynet_links(&sb) < 2 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(paynet_links(&sb), 2, "the held create was carried out");
    sb.shutdown().await;
}

#[tokio::test]
async fn faults_that_fail_a_request_leave_no_trace_in_the_provider() {
    let sb = sandbox().await;
    for fault in [Fault::Http500, Fault::Malformed, Fault::Drop, Fault::Hang] {
        lock(&sb.state().faults).set("/v1/mailorder/create", fault, Some(1));
        let _ = paynet_create(&sb, Duration::from_millis(1000)).await;
        assert_eq!(paynet_links(&sb), 0, "{fault:?} must not run the handler");
    }
    lock(&sb.state().faults).set("/v1/mailorder/create", Fault::Latency { ms: 200 }, Some(1));
    assert_eq!(paynet_create(&sb, Duration::from_secs(5)).await.unwrap().status(), 200);
    assert_eq!(paynet_links(&sb), 1, "latency delays, then carries out");
    assert_eq!(lock(&sb.state().faults).request_count("/v1/mailorder/create"), 5);
    sb.shutdown().await;
}
