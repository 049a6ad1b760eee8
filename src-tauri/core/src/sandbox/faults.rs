//! Per-endpoint fault injection and the request log (owned by the sandbox-infrastructure work).

use super::SharedState;
use axum::{extract::{Request, State}, middleware::Next, response::Response};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

#[derive(Default)]
pub struct Faults {}

pub async fn middleware(State(_state): State<SharedState>, req: Request, next: Next) -> Response {
    next.run(req).await
}

pub async fn serve(listener: TcpListener, state: SharedState, shutdown: oneshot::Receiver<()>) {
    let app = super::router(state);
    let _ = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = shutdown.await;
        })
        .await;
}
