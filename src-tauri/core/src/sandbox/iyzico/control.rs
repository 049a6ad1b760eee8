//! Sandbox-only iyzico controls (`/_sandbox/iyzico/...`, off in the app like every control
//! route): the token the next create gets, and the §9 switches.

use super::{lock, Settings};
use crate::sandbox::SharedState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// The largest `max_image_bytes` a test may set (the request body limit is above it).
pub const MAX_IMAGE_CAP: usize = 6 * 1024 * 1024;

fn bad(msg: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": msg }))).into_response()
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NextToken {
    token: String,
}

/// `POST /_sandbox/iyzico/next-token {"token":"AbC123"}`: the next create (or fast link) gets
/// this token, so the §8 vectors' fixed paths name a real link.
pub(super) async fn next_token(State(st): State<SharedState>, body: Bytes) -> Response {
    let req: NextToken = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return bad(format!("expected {{\"token\"}}: {e}")),
    };
    let t = req.token;
    if !(3..=16).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return bad("\"token\" must be 3 to 16 letters and digits".into());
    }
    let mut state = lock(&st.iyzico);
    if state.links.iter().any(|l| l.token == t) {
        return bad(format!("token {t:?} is taken"));
    }
    state.next_token = Some(t.clone());
    Json(serde_json::json!({ "token": t })).into_response()
}

pub(super) async fn settings(State(st): State<SharedState>) -> Json<Settings> {
    Json(lock(&st.iyzico).settings)
}

/// `POST /_sandbox/iyzico/settings` with any of `http_errors`, `require_rnd`, `flexible_links`,
/// `max_image_bytes`; the rest keep their defaults.
pub(super) async fn set_settings(State(st): State<SharedState>, body: Bytes) -> Response {
    let new: Settings = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => {
            return bad(format!(
                "expected settings {{\"http_errors\",\"require_rnd\",\"flexible_links\",\"max_image_bytes\"}}: {e}"
            ))
        }
    };
    if new.max_image_bytes == 0 || new.max_image_bytes > MAX_IMAGE_CAP {
        return bad(format!("\"max_image_bytes\" must be 1 to {MAX_IMAGE_CAP}"));
    }
    lock(&st.iyzico).settings = new;
    Json(new).into_response()
}
