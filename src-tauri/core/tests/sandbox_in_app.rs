//! Issue 8 §1: the demo sandbox inside the app answers only to its own address, has no control
//! routes, and takes fresh random credentials each run; `tahsildar sandbox` and tests keep all.

use std::net::SocketAddr;
use tahsildar_core::sandbox::{Sandbox, SandboxConfig, SandboxOptions};

async fn in_app() -> Sandbox {
    Sandbox::start_with(SandboxConfig::random(), SocketAddr::from(([127, 0, 0, 1], 0)), SandboxOptions::IN_APP)
        .await
        .unwrap()
}

async fn status(url: &str, host: Option<&str>) -> u16 {
    let mut r = reqwest::Client::new().get(url);
    if let Some(h) = host {
        r = r.header("host", h);
    }
    r.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_page_by_another_host_name_is_refused() {
    let sb = in_app().await;
    let port = sb.addr().port();
    let page = format!("{}/link/NOSUCH1", sb.base_url());
    // Its own names reach it (an unknown link: 404 from the PayTR page itself).
    assert_eq!(status(&page, None).await, 404);
    assert_eq!(status(&page, Some(&format!("localhost:{port}"))).await, 404);
    // DNS rebinding: a web page's own host name pointing at 127.0.0.1.
    assert_eq!(status(&page, Some(&format!("evil.example:{port}"))).await, 403);
    assert_eq!(status(&page, Some("127.0.0.1")).await, 403);
}

#[tokio::test]
async fn control_routes_are_off_in_the_app_and_on_elsewhere() {
    let sb = in_app().await;
    for path in ["/_sandbox", "/_sandbox/faults", "/_sandbox/clock", "/_sandbox/requests"] {
        assert_eq!(status(&format!("{}{path}", sb.base_url()), None).await, 404, "{path}");
    }
    let r = reqwest::Client::new()
        .post(format!("{}/_sandbox/paytr/pay", sb.base_url()))
        .json(&serde_json::json!({"id": "X", "outcome": "paid"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let full = Sandbox::start_local(SandboxConfig::demo()).await.unwrap();
    assert_eq!(status(&format!("{}/_sandbox/faults", full.base_url()), None).await, 200);
    assert_eq!(status(&format!("{}/_sandbox/faults", full.base_url()), Some("elsewhere.example")).await, 200);
}

#[test]
fn demo_credentials_are_random_per_run() {
    let (a, b, demo) = (SandboxConfig::random(), SandboxConfig::random(), SandboxConfig::demo());
    for c in [&a, &b] {
        assert_ne!(c.paynet_secret_key, demo.paynet_secret_key);
        assert_ne!(c.paytr_merchant_key, demo.paytr_merchant_key);
        assert!(c.paynet_secret_key.starts_with("sck_") && c.paytr_merchant_id.parse::<u32>().is_ok());
    }
    assert_ne!(a.paytr_merchant_salt, b.paytr_merchant_salt);
    assert_ne!(a.paynet_secret_key, b.paynet_secret_key);
}
