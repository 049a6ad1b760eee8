//! Sandbox-only endpoints under `/_sandbox/` (owned by the sandbox-infrastructure work).
use super::SharedState;
pub fn routes() -> axum::Router<SharedState> {
    axum::Router::new()
}
