//! What the sandbox inside the app refuses (issue 8 §1): a request whose `Host` is not its own
//! `127.0.0.1:PORT` / `localhost:PORT` (a web page reaching it by DNS rebinding carries its own
//! host name), and the `/_sandbox/*` control routes, which only `tahsildar sandbox` and tests have.

use super::{faults::CONTROL_PREFIX, SharedState};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// How a sandbox serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SandboxOptions {
    /// `/_sandbox/*` (faults, clock, pay/refund actions) are served.
    pub control_routes: bool,
    /// Only requests addressed to `127.0.0.1:PORT` or `localhost:PORT` are served.
    pub check_host: bool,
}

impl SandboxOptions {
    /// `tahsildar sandbox` and tests: every route, any host (the address is chosen by the user).
    pub const FULL: SandboxOptions = SandboxOptions { control_routes: true, check_host: false };
    /// The demo sandbox inside the app: the providers' API and pages only, to its own address.
    pub const IN_APP: SandboxOptions = SandboxOptions { control_routes: false, check_host: true };
}

/// Whether `Host` names this sandbox: `127.0.0.1:PORT` or `localhost:PORT`, nothing else.
pub fn host_allowed(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
}

fn is_control(path: &str) -> bool {
    path == CONTROL_PREFIX || path.starts_with("/_sandbox/")
}

/// Outermost layer of [`super::router`].
pub async fn middleware(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    let options = state.options;
    if options.check_host && !host_allowed(req.headers(), state.port) {
        return (StatusCode::FORBIDDEN, "Bu adres yalnızca 127.0.0.1 üzerinden kullanılabilir. (Local use only.)")
            .into_response();
    }
    if !options.control_routes && is_control(req.uri().path()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_host(h: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(header::HOST, h.parse().unwrap());
        m
    }

    #[test]
    fn only_the_loopback_names_with_our_port_pass() {
        assert!(host_allowed(&with_host("127.0.0.1:8790"), 8790));
        assert!(host_allowed(&with_host("LOCALHOST:8790"), 8790));
        for bad in ["evil.example:8790", "127.0.0.1:8791", "127.0.0.1", "localhost", "[::1]:8790", "x.127.0.0.1:8790"] {
            assert!(!host_allowed(&with_host(bad), 8790), "{bad}");
        }
        assert!(!host_allowed(&HeaderMap::new(), 8790));
    }
}
