//! Raw HTTP to the iyzico sandbox for the `iyzico_*` tests: requests are built and signed here
//! byte by byte (an IYZWSv2 signer of the tests' own, so the sandbox's check is tested against
//! an independent one), and answers are read as plain JSON.

#![allow(dead_code)] // each test binary uses a different part of this

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tahsildar_core::sandbox::{Sandbox, SandboxConfig, DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY};

/// A valid 1×1 PNG (`shared/iyzico.md` §8).
pub const PNG_1X1: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

pub async fn sandbox() -> Sandbox {
    Sandbox::start_local(SandboxConfig::demo()).await.unwrap()
}

/// `IYZWSv2 base64("apiKey:…&randomKey:…&signature:" + hex(HMAC(secret, rnd + path + body)))`.
pub fn authorization(api_key: &str, secret: &str, rnd: &str, path: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{rnd}{path}").as_bytes());
    mac.update(body);
    let sig: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let plain = format!("apiKey:{api_key}&randomKey:{rnd}&signature:{sig}");
    format!("IYZWSv2 {}", base64::engine::general_purpose::STANDARD.encode(plain))
}

/// One answer: the HTTP status, the JSON and the raw text.
pub struct Answer {
    pub status: u16,
    pub json: Value,
    pub text: String,
}

impl Answer {
    pub fn ok(&self) -> bool {
        self.json["status"] == "success"
    }
    pub fn code(&self) -> String {
        match &self.json["errorCode"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
    #[track_caller]
    pub fn assert_ok(&self) -> &Value {
        assert!(self.ok() && self.status == 200, "{} {}", self.status, self.text);
        &self.json
    }
    #[track_caller]
    pub fn assert_failure(&self, code: &str) {
        assert_eq!(self.json["status"], "failure", "{}", self.text);
        assert_eq!(self.code(), code, "{}", self.text);
    }
}

/// Sends `method path_and_query` with `body` (None = no body) and the given headers, exactly.
pub async fn raw(
    sb: &Sandbox,
    method: &str,
    path_and_query: &str,
    body: Option<&[u8]>,
    headers: &[(&str, String)],
) -> Answer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = reqwest::Client::new().request(method, format!("{}{path_and_query}", sb.base_url()));
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    if let Some(b) = body {
        req = req.body(b.to_vec());
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, json, text }
}

/// A request signed with `keys` over the path without its query and the body as sent.
pub async fn signed_with(
    sb: &Sandbox,
    keys: (&str, &str),
    method: &str,
    path_and_query: &str,
    body: Option<&str>,
) -> Answer {
    let path = path_and_query.split('?').next().unwrap();
    let rnd = format!("{}", rand_digits());
    let bytes = body.map(str::as_bytes);
    let auth = authorization(keys.0, keys.1, &rnd, path, bytes.unwrap_or(b""));
    let headers = [("authorization", auth), ("content-type", "application/json".to_string()), ("x-iyzi-rnd", rnd)];
    raw(sb, method, path_and_query, bytes, &headers).await
}

/// A request signed with the demo keys.
pub async fn signed(sb: &Sandbox, method: &str, path_and_query: &str, body: Option<&str>) -> Answer {
    signed_with(sb, (DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY), method, path_and_query, body).await
}

fn rand_digits() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64
}

/// A create body: the documented fields with `overrides` merged over them.
pub fn create_body(overrides: Value) -> String {
    let mut body = json!({
        "locale": "tr",
        "conversationId": "conv-1",
        "name": "Kahve",
        "description": "250g filtre kahve",
        "price": "149.90",
        "currencyCode": "TRY",
        "encodedImageFile": PNG_1X1,
        "addressIgnorable": true,
        "installmentRequested": false,
        "stockEnabled": true,
        "stockCount": 1,
    });
    for (k, v) in overrides.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    body.to_string()
}

/// Creates a link and returns its token.
pub async fn create(sb: &Sandbox, overrides: Value) -> String {
    let a = signed(sb, "POST", "/v2/iyzilink/products", Some(&create_body(overrides))).await;
    a.assert_ok()["data"]["token"].as_str().unwrap().to_string()
}

pub async fn get(sb: &Sandbox, token: &str) -> Answer {
    signed(sb, "GET", &format!("/v2/iyzilink/products/{token}?locale=tr"), None).await
}

/// `POST /_sandbox/...` with a JSON body: (HTTP status, JSON).
pub async fn control(sb: &Sandbox, path: &str, body: Value) -> (u16, Value) {
    let r = reqwest::Client::new().post(format!("{}{path}", sb.base_url())).json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// Pays `token` through the control route; returns the HTTP status and answer.
pub async fn pay(sb: &Sandbox, token: &str, outcome: &str) -> (u16, Value) {
    control(sb, "/_sandbox/iyzico/pay", json!({"token": token, "outcome": outcome})).await
}
