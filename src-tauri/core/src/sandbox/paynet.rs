//! The paynet simulation: state, API routes, payment page.
use super::SharedState;
#[derive(Default)]
pub struct PaynetState {}
pub fn routes() -> axum::Router<SharedState> {
    axum::Router::new()
}
