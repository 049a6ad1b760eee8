//! The sandbox's own HTTP server: an accept loop rather than `axum::serve`, because one fault,
//! `drop`, has to close the TCP connection without any HTTP answer, which a handler cannot do by
//! itself (it marks its response with [`AbortConnection`] and the connection task drops the socket).

use super::SharedState;
use axum::response::Response;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch, Notify};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// How long shutdown lets in-flight requests finish before cutting every connection.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(300);

/// Marks a response whose connection must be closed instead of answered (see [`serve`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct AbortConnection;

pub(super) fn abort_connection() -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    response.extensions_mut().insert(AbortConnection);
    response
}

/// Serves [`super::router`] on `listener` until `shutdown` fires (or its sender is dropped).
/// Each connection runs in its own task; on shutdown, in-flight requests get a short grace and
/// then every remaining connection (hung ones included) is cut.
pub async fn serve(listener: TcpListener, state: SharedState, shutdown: oneshot::Receiver<()>) {
    let app = super::router(state);
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    connections.spawn(connection(stream, app.clone(), stop_rx.clone()));
                }
                Err(e) => {
                    // Usually out of file descriptors: back off instead of spinning.
                    log::warn!("sandbox: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained =
        tokio::time::timeout(SHUTDOWN_GRACE, async { while connections.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        connections.shutdown().await;
    }
}

async fn connection(stream: TcpStream, app: axum::Router, mut stop: watch::Receiver<bool>) {
    let abort = Arc::new(Notify::new());
    let service = {
        let abort = abort.clone();
        hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
            let app = app.clone();
            let abort = abort.clone();
            async move {
                let response = app.oneshot(req.map(axum::body::Body::new)).await?;
                if response.extensions().get::<AbortConnection>().is_some() {
                    // Never hand the response to hyper: the connection task drops the socket.
                    abort.notify_one();
                    std::future::pending::<()>().await;
                }
                Ok::<_, std::convert::Infallible>(response)
            }
        })
    };
    let conn =
        hyper::server::conn::http1::Builder::new().serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut stopping = *stop.borrow();
    if stopping {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            // Returning drops `conn` and with it the socket: the client sees the connection
            // close with no answer.
            _ = abort.notified() => return,
            changed = stop.changed(), if !stopping => {
                stopping = true;
                if changed.is_err() || *stop.borrow() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}
