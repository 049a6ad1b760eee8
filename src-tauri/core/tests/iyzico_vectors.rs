//! Issue 12 §2: the signed requests of `shared/iyzico.md` §8, replayed byte for byte as raw HTTP
//! against a sandbox configured with their fake keys, must be accepted (and the negative probes
//! refused); and the hold-out check: a request signed by a hand-written Python script is
//! accepted, one whose signature covers the query string is refused. Plus the iyzico faults.

mod iyzico_common;

use iyzico_common::*;
use serde_json::json;
use std::time::Duration;
use tahsildar_core::sandbox::{lock, Sandbox, SandboxConfig, SandboxOptions};

const API_KEY: &str = "sandbox-apikey-123";
const SECRET: &str = "sandbox-secret-456";

async fn vector_sandbox() -> Sandbox {
    let config =
        SandboxConfig { iyzico_api_key: API_KEY.into(), iyzico_secret_key: SECRET.into(), ..SandboxConfig::demo() };
    Sandbox::start_local(config).await.unwrap()
}

/// A §8 request exactly as published: method, path and query, body, Authorization, x-iyzi-rnd.
async fn replay(sb: &Sandbox, method: &str, pq: &str, body: Option<&str>, rnd: &str, auth: &str) -> Answer {
    let headers = [
        ("authorization", auth.to_string()),
        ("content-type", "application/json".to_string()),
        ("x-iyzi-rnd", rnd.to_string()),
    ];
    raw(sb, method, pq, body.map(str::as_bytes), &headers).await
}

const V1_BODY: &str = r#"{"locale":"tr","conversationId":"conv-0001","name":"Kahve","description":"250g filtre kahve","price":"149.90","currencyCode":"TRY","encodedImageFile":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC","addressIgnorable":true,"installmentRequested":false,"stockEnabled":true,"stockCount":40}"#;
const V1_AUTH: &str = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5MDEyMzQ1Njc4OSZzaWduYXR1cmU6ZjYyMjYyZjZhNzdkOGJhMTA1MTg2NDgzODc1NzJmNjM3MzdjMmUyMWM1OTRmOTMxODE3NWQwYjlmNWU3YzYyOQ==";
const V6_BODY: &str = r#"{"locale":"tr","conversationId":"conv-0005","name":"Kahve 500g","description":"500g filtre kahve","price":"279.00","currencyCode":"TRY","encodedImageFile":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC","addressIgnorable":false,"installmentRequested":true,"stockEnabled":true,"stockCount":12}"#;
const V7_BODY: &str =
    r#"{"locale":"tr","conversationId":"conv-0006","description":"Masa 4","price":"120.00","currencyCode":"TRY"}"#;
const V3B_BODY: &str = r#"{"locale":"tr","token":"AbC123","productStatus":"PASSIVE"}"#;

#[tokio::test]
async fn every_section_8_vector_is_accepted_as_published() {
    let sb = vector_sandbox().await;
    let (s, _) = control(&sb, "/_sandbox/iyzico/next-token", json!({"token": "AbC123"})).await;
    assert_eq!(s, 200);
    assert_eq!(V1_BODY.len(), 334);
    assert_eq!(V6_BODY.len(), 339);

    // Case probe first: V1 with its signature in uppercase hex is refused (§10.5 default).
    let upper = {
        use base64::Engine;
        let e = base64::engine::general_purpose::STANDARD;
        let plain = String::from_utf8(e.decode(V1_AUTH.strip_prefix("IYZWSv2 ").unwrap()).unwrap()).unwrap();
        let (head, sig) = plain.split_once("&signature:").unwrap();
        format!("IYZWSv2 {}", e.encode(format!("{head}&signature:{}", sig.to_uppercase())))
    };
    replay(&sb, "POST", "/v2/iyzilink/products", Some(V1_BODY), "1722246017090123456789", &upper)
        .await
        .assert_failure("1000");

    // V1: create.
    let a = replay(&sb, "POST", "/v2/iyzilink/products", Some(V1_BODY), "1722246017090123456789", V1_AUTH).await;
    assert_eq!(a.assert_ok()["data"]["token"], "AbC123");
    assert_eq!(a.json["conversationId"], "conv-0001");
    // V2: list, the query unsigned.
    let v2 = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5MTEyMzQ1Njc4OSZzaWduYXR1cmU6YWFlYWZlNDMyZjI1NTdlY2M5NmM4ZTEzYjZiMjE0OTI5NjZmMDBjZTUzYzY1NTdiYjkyZTNiNjU5NDUxMmZmMQ==";
    let l = replay(
        &sb,
        "GET",
        "/v2/iyzilink/products?locale=tr&conversationId=conv-0002&page=1&count=10",
        None,
        "1722246017091123456789",
        v2,
    )
    .await;
    assert_eq!(l.assert_ok()["data"]["items"][0]["token"], "AbC123");
    assert_eq!(l.json["conversationId"], "conv-0002");
    // V2 negative: the signature over path + query (74706324…) is refused.
    let with_query = authorization(
        API_KEY,
        SECRET,
        "1722246017091123456789",
        "/v2/iyzilink/products?locale=tr&conversationId=conv-0002&page=1&count=10",
        b"",
    );
    assert!(String::from_utf8(base64_plain(&with_query))
        .unwrap()
        .ends_with("74706324bffef995c55c1b3217e5eaebc7b88ae22764e0d00b74eb3e18e9f140"));
    replay(
        &sb,
        "GET",
        "/v2/iyzilink/products?locale=tr&conversationId=conv-0002&page=1&count=10",
        None,
        "1722246017091123456789",
        &with_query,
    )
    .await
    .assert_failure("1000");
    // V2b: NODE style, body `{}` on a GET.
    let v2b = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5MTEyMzQ1Njc4OSZzaWduYXR1cmU6NTkxMzE2ZGJiYTVlOThhYzlhOTg5ZGI4NTc1OGY5OWI1MDkxZjQxZDY2NzhhZTEzZDlkYjhkM2IyN2RmZWU2MA==";
    replay(
        &sb,
        "GET",
        "/v2/iyzilink/products?page=1&count=10&locale=tr&conversationId=conv-0002",
        Some("{}"),
        "1722246017091123456789",
        v2b,
    )
    .await
    .assert_ok();
    // V2c: PY style, trailing slash and body `null`.
    let v2c = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6QWIzZEU2Z0gmc2lnbmF0dXJlOjQwMjBhNGYyODAwY2FkNzlkNGY3ZmI2MTQ1ZjVmMjUxMDZjYjQ5Njc4N2RlZTExMGJjOTNiYzc1YjM0ZTkyMmY=";
    let l = replay(&sb, "GET", "/v2/iyzilink/products/?page=1&count=10", Some("null"), "Ab3dE6gH", v2c).await;
    assert_eq!(l.assert_ok()["data"]["totalCount"], 1);
    // V5: get one (UUID-style random key).
    let v5 = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MGY4ZmFkNWItZDljYi00NjlmLWExNjUtNzA4Njc3Mjg5NTBlJnNpZ25hdHVyZTpkOTg0YTEzZDFjZTlkN2Y4NjdkMDkyODBkMGFmZmY4NTk2MzRkYTAyMWQwMzc3NDYyMzZkYTY2NmZhMzNiMzkw";
    let g =
        replay(&sb, "GET", "/v2/iyzilink/products/AbC123?locale=en", None, "0f8fad5b-d9cb-469f-a165-70867728950e", v5)
            .await;
    assert_eq!((g.assert_ok()["data"]["stockCount"].as_i64(), g.json["locale"].as_str()), (Some(40), Some("en")));
    // V6: update.
    let v6 = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5NTEyMzQ1Njc4OSZzaWduYXR1cmU6OTk5ZDViMGZlNDZjMjAzYTcyNWNlMzIxNGIxOGM0MzJkODdlMjc2NWI1NzIyNjkzNjUzZjFmMThhZTYxMmQzMA==";
    replay(&sb, "PUT", "/v2/iyzilink/products/AbC123", Some(V6_BODY), "1722246017095123456789", v6).await.assert_ok();
    assert!(get_with(&sb, "AbC123").await.text.contains("\"price\":279.00000000"));
    // V7: fast link, `?locale=tr` unsigned (AbC123 is an approved link).
    let v7 = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6MTcyMjI0NjAxNzA5NjEyMzQ1Njc4OSZzaWduYXR1cmU6OTM5Zjk1NWEzMmNkNjllMzBhNGY3Zjg4ZTU2ZjE5NTVhNTY1ZWM3ODZiODIyZTA1NWNlZTczMmI5NjhhMzQxNA==";
    replay(&sb, "POST", "/v2/iyzilink/fast-link/products?locale=tr", Some(V7_BODY), "1722246017096123456789", v7)
        .await
        .assert_ok();
    // V3: PASSIVE without a body; V3b: the PHP body, signed.
    let v3 = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6azJScTdacDEmc2lnbmF0dXJlOmE1Zjc3ODBhNWUyYzMxMzlmNDU1OGQ3ODBlZDk0ZmQ0ZmM5M2UwN2VkZDhhYzNmNmM1Nzc4NTdkMDk3MDNhZTY=";
    replay(&sb, "PATCH", "/v2/iyzilink/products/AbC123/status/PASSIVE?locale=tr", None, "k2Rq7Zp1", v3)
        .await
        .assert_ok();
    assert_eq!(get_with(&sb, "AbC123").await.json["data"]["productStatus"], "PASSIVE");
    let v3b = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6azJScTdacDEmc2lnbmF0dXJlOmYxYWFhOTg5N2VmY2IwNDQzYWRjYmU0ZjI3NDM2YTYyNzUyZmVhMjlkMzQyNzA5Y2NhYTFhODc3YjA5MzU2NWU=";
    replay(&sb, "PATCH", "/v2/iyzilink/products/AbC123/status/PASSIVE?locale=tr", Some(V3B_BODY), "k2Rq7Zp1", v3b)
        .await
        .assert_ok();
    // V3's header over V3b's body is refused: the body is signed as received.
    replay(&sb, "PATCH", "/v2/iyzilink/products/AbC123/status/PASSIVE?locale=tr", Some(V3B_BODY), "k2Rq7Zp1", v3)
        .await
        .assert_failure("1000");
    // V4: delete (PHP uniqid-style random key).
    let v4 = "IYZWSv2 YXBpS2V5OnNhbmRib3gtYXBpa2V5LTEyMyZyYW5kb21LZXk6NWI5ZjUwMDBjNTMxMCZzaWduYXR1cmU6MzdmZGVjYTg3NjcxYzcwZjAyZmY2MDFhYjEyODQxOGQxYWRiZmMzZmUzYzMyNzI3NGRiYjJjZjM3NGE2OWVjOQ==";
    let d = replay(
        &sb,
        "DELETE",
        "/v2/iyzilink/products/AbC123?locale=tr&conversationId=conv-0004",
        None,
        "5b9f5000c5310",
        v4,
    )
    .await;
    assert_eq!(d.assert_ok()["conversationId"], "conv-0004");
    get_with(&sb, "AbC123").await.assert_failure("201");
    // The same vectors against the demo keys: the key is unknown there.
    let demo = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    replay(&demo, "POST", "/v2/iyzilink/products", Some(V1_BODY), "1722246017090123456789", V1_AUTH)
        .await
        .assert_failure("1001");
    demo.shutdown().await;
    sb.shutdown().await;
}

fn base64_plain(header: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(header.strip_prefix("IYZWSv2 ").unwrap()).unwrap()
}

async fn get_with(sb: &Sandbox, token: &str) -> Answer {
    signed_with(sb, (API_KEY, SECRET), "GET", &format!("/v2/iyzilink/products/{token}"), None).await
}

/// The hold-out signer: plain Python, `hmac`/`hashlib`/`base64` only, written from the docs
/// (§2.1), not from our Rust. argv: api key, secret, random key, the string to sign as path;
/// stdin: the body. Prints the Authorization header.
const PY_SIGNER: &str = r#"
import base64, hashlib, hmac, sys
api_key, secret, rnd, path = sys.argv[1:5]
body = sys.stdin.buffer.read()
digest = hmac.new(secret.encode("utf-8"), rnd.encode("utf-8") + path.encode("utf-8") + body, hashlib.sha256).hexdigest()
plain = "apiKey:" + api_key + "&randomKey:" + rnd + "&signature:" + digest
sys.stdout.write("IYZWSv2 " + base64.b64encode(plain.encode("utf-8")).decode("ascii"))
"#;

fn python_sign(rnd: &str, signed_path: &str, body: &str) -> Option<String> {
    use std::io::Write;
    let mut child = match std::process::Command::new("python3")
        .args(["-c", PY_SIGNER, API_KEY, SECRET, rnd, signed_path])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        // `npm test` (CI) always has python3 (the workflow linters need it): missing there is a
        // failure, not a skip; elsewhere the test says loudly that it did not run.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => return None,
        Err(e) => panic!("python3 did not start: {e}"),
    };
    child.stdin.take().unwrap().write_all(body.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the Python signer failed");
    Some(String::from_utf8(out.stdout).unwrap())
}

#[tokio::test]
async fn a_request_signed_by_a_python_script_is_accepted_and_one_signing_the_query_is_refused() {
    let sb = vector_sandbox().await;
    let body = create_body(json!({"name": "Çay — 1 kg", "description": "Rize, şekersiz"}));
    let Some(create_auth) = python_sign("py-rnd-1", "/v2/iyzilink/products", &body) else {
        eprintln!("\n\n!!!!! SKIPPED: python3 is missing, so the Python hold-out signer could not run !!!!!\n\n");
        return;
    };
    let headers =
        |auth: String| [("authorization", auth), ("content-type", "application/json; charset=utf-8".to_string())];
    let a = raw(&sb, "POST", "/v2/iyzilink/products?locale=tr", Some(body.as_bytes()), &headers(create_auth)).await;
    let token = a.assert_ok()["data"]["token"].as_str().unwrap().to_string();
    assert_eq!(get_with(&sb, &token).await.json["data"]["name"], "Çay — 1 kg");

    let pq = "/v2/iyzilink/products?page=1&count=10";
    let good = python_sign("py-rnd-2", "/v2/iyzilink/products", "").unwrap();
    raw(&sb, "GET", pq, None, &headers(good)).await.assert_ok();
    let query_signed = python_sign("py-rnd-3", pq, "").unwrap();
    let refused = raw(&sb, "GET", pq, None, &headers(query_signed)).await;
    refused.assert_failure("1000");
    assert_eq!(refused.json["errorMessage"], "Geçersiz imza");
    sb.shutdown().await;
}

#[tokio::test]
async fn iyzico_faults_follow_the_fault_model() {
    let sb = sandbox().await;
    let path = "/v2/iyzilink/products";
    let set = |body: serde_json::Value| control(&sb, "/_sandbox/faults", body);
    let (s, _) = set(json!({"path": path, "fault": "ratelimit", "times": 1})).await;
    assert_eq!(s, 200);
    let a = signed(&sb, "POST", path, Some(&create_body(json!({})))).await;
    assert_eq!((a.status, a.json["errorCode"].as_i64()), (200, Some(50000)), "{}", a.text);
    assert_eq!(a.json["errorMessage"], "Request Limit Exceeded");
    assert_eq!(lock(&sb.state().iyzico).link_count(), 0, "a rate-limited create does nothing");
    control(&sb, "/_sandbox/iyzico/settings", json!({"http_errors": true})).await;
    set(json!({"path": path, "fault": "ratelimit", "times": 1})).await;
    assert_eq!(signed(&sb, "GET", path, None).await.status, 429);
    let (s, v) = set(json!({"path": "/odeme/api/link/create", "fault": "ratelimit"})).await;
    assert_eq!(s, 400, "{v}");

    set(json!({"path": path, "fault": "http500", "times": 1})).await;
    assert_eq!(signed(&sb, "POST", path, Some(&create_body(json!({})))).await.status, 500);
    set(json!({"path": path, "fault": "malformed", "times": 1})).await;
    let m = signed(&sb, "GET", path, None).await;
    assert!(m.status == 200 && m.json.is_null(), "cut-off JSON: {}", m.text);
    set(json!({"path": path, "fault": "latency", "ms": 400, "times": 1})).await;
    let started = std::time::Instant::now();
    signed(&sb, "POST", path, Some(&create_body(json!({})))).await.assert_ok();
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(lock(&sb.state().iyzico).link_count(), 1);
    assert!(lock(&sb.state().faults).request_count(path) >= 5);
    sb.shutdown().await;
}

#[tokio::test]
async fn the_sandbox_inside_the_app_serves_iyzico_but_not_its_controls() {
    let config = SandboxConfig::random();
    assert!(config.iyzico_api_key.starts_with("sandbox-") && config.iyzico_secret_key.starts_with("sandbox-"));
    let keys = (config.iyzico_api_key.clone(), config.iyzico_secret_key.clone());
    let sb = Sandbox::start_with(config, std::net::SocketAddr::from(([127, 0, 0, 1], 0)), SandboxOptions::IN_APP)
        .await
        .unwrap();
    let token =
        signed_with(&sb, (&keys.0, &keys.1), "POST", "/v2/iyzilink/products", Some(&create_body(json!({})))).await;
    let token = token.assert_ok()["data"]["token"].as_str().unwrap().to_string();
    for p in ["/_sandbox/iyzico/pay", "/_sandbox/iyzico/next-token", "/_sandbox/iyzico/settings"] {
        assert_eq!(control(&sb, p, json!({"token": token, "outcome": "paid"})).await.0, 404, "{p}");
    }
    // The demo keys do not work on it.
    signed(&sb, "GET", "/v2/iyzilink/products", None).await.assert_failure("1001");
    sb.shutdown().await;
}
