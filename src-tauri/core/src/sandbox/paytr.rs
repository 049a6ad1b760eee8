//! The paytr simulation: state, API routes, payment page.
use super::SharedState;
#[derive(Default)]
pub struct PaytrState {}
pub fn routes() -> axum::Router<SharedState> {
    axum::Router::new()
}
