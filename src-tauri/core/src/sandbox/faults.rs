//! Per-endpoint fault injection and the request log (the server that carries out `drop` is in
//! `server.rs`).
//!
//! Tests switch a fault on for an exact path (optionally for the next N requests only).

use super::server::abort_connection;
use super::{lock, SharedState};
use axum::{
    extract::{Request, State},
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// Paths under this prefix are the sandbox's own controls: never faulted, never logged.
pub const CONTROL_PREFIX: &str = "/_sandbox";

/// How long `hang` and `hold` keep a connection open before closing it (still without an
/// answer), so a forgotten fault cannot pile up connections forever. Far above any client timeout.
pub const STALL_LIMIT: Duration = Duration::from_secs(300);

/// The request log keeps this many entries (oldest dropped first).
const LOG_CAPACITY: usize = 10_000;

/// What happens to a request on a faulted path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Wait, then answer normally.
    Latency { ms: u64 },
    /// HTTP 500 with a gateway-style error page; the handler does not run.
    Http500,
    /// HTTP 200 `application/json` whose body is cut-off JSON; the handler does not run.
    Malformed,
    /// Close the connection with no HTTP answer at all; the handler does not run.
    Drop,
    /// Never answer; the handler does not run.
    Hang,
    /// Run the handler (its state changes stick), then never answer: the "did it happen?" case.
    Hold,
    /// iyzico's rate limit: the `50000` "Request Limit Exceeded" failure; the handler does not
    /// run. Only on iyzico paths (`/v2/...`), the one provider with a documented limit answer.
    RateLimit,
}

impl Fault {
    /// From the control API's words: `latency` (needs `ms`), `http500`, `malformed`, `drop`,
    /// `hang`, `hold`, `ratelimit`.
    pub fn from_name(name: &str, ms: Option<u64>) -> Result<Fault, String> {
        Ok(match name {
            "latency" => Fault::Latency { ms: ms.ok_or("latency needs \"ms\"")? },
            "http500" => Fault::Http500,
            "malformed" => Fault::Malformed,
            "drop" => Fault::Drop,
            "hang" => Fault::Hang,
            "hold" => Fault::Hold,
            "ratelimit" => Fault::RateLimit,
            other => {
                return Err(format!(
                    "unknown fault {other:?}; expected latency, http500, malformed, drop, hang, hold or ratelimit"
                ))
            }
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Fault::Latency { .. } => "latency",
            Fault::Http500 => "http500",
            Fault::Malformed => "malformed",
            Fault::Drop => "drop",
            Fault::Hang => "hang",
            Fault::Hold => "hold",
            Fault::RateLimit => "ratelimit",
        }
    }
}

/// One request the sandbox received on a provider path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RequestRecord {
    pub method: String,
    pub path: String,
    /// By the sandbox clock (so it lines up with link timestamps after `/_sandbox/clock`).
    pub at: DateTime<Utc>,
}

/// An active fault as listed by the control API.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActiveFault {
    pub path: String,
    pub fault: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
    /// Requests it still applies to; `None` = until cleared.
    pub times: Option<u32>,
}

struct Rule {
    fault: Fault,
    remaining: Option<u32>,
}

/// The active faults (by exact path) and the request log.
#[derive(Default)]
pub struct Faults {
    rules: HashMap<String, Rule>,
    log: VecDeque<RequestRecord>,
}

impl Faults {
    /// Whether `fault` means anything on `path` (the rate-limit answer is iyzico's own).
    pub fn applies_to(fault: Fault, path: &str) -> bool {
        fault != Fault::RateLimit || super::iyzico::is_iyzico_path(path)
    }

    /// Applies `fault` to requests on exactly `path`: the next `times` of them, or all until
    /// [`Faults::clear`]. Replaces any fault already set on that path. `times: Some(0)` removes it.
    pub fn set(&mut self, path: &str, fault: Fault, times: Option<u32>) {
        if times == Some(0) {
            self.rules.remove(path);
        } else {
            self.rules.insert(path.to_string(), Rule { fault, remaining: times });
        }
    }

    /// Removes every fault.
    pub fn clear(&mut self) {
        self.rules.clear();
    }

    pub fn active(&self) -> Vec<ActiveFault> {
        let mut out: Vec<ActiveFault> = self
            .rules
            .iter()
            .map(|(path, rule)| ActiveFault {
                path: path.clone(),
                fault: rule.fault.name(),
                ms: match rule.fault {
                    Fault::Latency { ms } => Some(ms),
                    _ => None,
                },
                times: rule.remaining,
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    /// The logged requests, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.log.iter().cloned().collect()
    }

    /// How many logged requests were on exactly `path` (any method).
    pub fn request_count(&self, path: &str) -> usize {
        self.log.iter().filter(|r| r.path == path).count()
    }

    pub fn clear_requests(&mut self) {
        self.log.clear();
    }

    fn record(&mut self, record: RequestRecord) {
        if self.log.len() >= LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(record);
    }

    /// The fault for this request, counting it against `times`.
    fn take(&mut self, path: &str) -> Option<Fault> {
        let rule = self.rules.get_mut(path)?;
        let fault = rule.fault;
        if let Some(n) = rule.remaining.as_mut() {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.rules.remove(path);
            }
        }
        Some(fault)
    }
}

/// Logs the request and applies its path's fault, if any. Outermost layer of [`super::router`].
pub async fn middleware(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if path == CONTROL_PREFIX || path.starts_with("/_sandbox/") {
        return next.run(req).await;
    }
    let fault = {
        let mut faults = lock(&state.faults);
        faults.record(RequestRecord { method: req.method().to_string(), path: path.clone(), at: state.clock.now() });
        faults.take(&path)
    };
    let Some(fault) = fault else {
        return next.run(req).await;
    };
    log::debug!("sandbox: fault {} on {path}", fault.name());
    match fault {
        // The request is carried out in its own task: a provider does not undo a create because
        // the caller hung up while it was slow (so crash tests can leave a link at the provider).
        Fault::Latency { ms } => {
            let run = tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                next.run(req).await
            });
            run.await.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        Fault::Http500 => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        )
            .into_response(),
        Fault::Malformed => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            // Cut mid-string, as a truncated upstream answer would be.
            "{\"status\":\"success\",\"code\":0,\"message\":\"Ba\u{15f}ar\u{131}l\u{131} \u{130}\u{15f}",
        )
            .into_response(),
        Fault::Drop => abort_connection(),
        Fault::Hang => {
            tokio::time::sleep(STALL_LIMIT).await;
            abort_connection()
        }
        Fault::Hold => {
            let _ = tokio::spawn(next.run(req)).await;
            tokio::time::sleep(STALL_LIMIT).await;
            abort_connection()
        }
        Fault::RateLimit => super::iyzico::rate_limited(&state),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::server::AbortConnection;
    use crate::sandbox::{iyzico, paynet, paytr, Clock, SandboxConfig, SandboxState};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::sync::Mutex;
    use tower::ServiceExt;

    fn state() -> SharedState {
        Arc::new(SandboxState {
            config: SandboxConfig::demo(),
            base_url: "http://127.0.0.1:1".into(),
            port: 1,
            options: crate::sandbox::SandboxOptions::FULL,
            clock: Clock::default(),
            paynet: Mutex::new(paynet::PaynetState::default()),
            paytr: Mutex::new(paytr::PaytrState::default()),
            iyzico: Mutex::new(iyzico::IyzicoState::default()),
            faults: Mutex::new(Faults::default()),
            http: reqwest::Client::new(),
            callback_override: Mutex::new(None),
        })
    }

    /// A one-route app whose handler counts its runs, behind the fault middleware.
    fn app(state: &SharedState, runs: &Arc<AtomicUsize>) -> axum::Router {
        let runs = runs.clone();
        axum::Router::new()
            .route(
                "/x",
                axum::routing::post(move || async move {
                    runs.fetch_add(1, Ordering::SeqCst);
                    "done"
                }),
            )
            .layer(axum::middleware::from_fn_with_state(state.clone(), middleware))
    }

    async fn call(app: axum::Router, within: Duration) -> Option<Response> {
        let req = Request::post("/x").body(axum::body::Body::empty()).unwrap();
        tokio::time::timeout(within, app.oneshot(req)).await.ok().map(|r| r.unwrap())
    }

    #[tokio::test]
    async fn hold_runs_the_handler_but_never_answers() {
        let (state, runs) = (state(), Arc::new(AtomicUsize::new(0)));
        lock(&state.faults).set("/x", Fault::Hold, Some(1));
        assert!(call(app(&state, &runs), Duration::from_millis(300)).await.is_none());
        assert_eq!(runs.load(Ordering::SeqCst), 1, "the handler ran");
        // Used up: the next request is answered.
        assert!(call(app(&state, &runs), Duration::from_secs(1)).await.is_some());
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn faults_that_do_not_carry_out_the_request_skip_the_handler() {
        let (state, runs) = (state(), Arc::new(AtomicUsize::new(0)));
        for fault in [Fault::Http500, Fault::Malformed, Fault::Drop] {
            lock(&state.faults).set("/x", fault, Some(1));
            let response = call(app(&state, &runs), Duration::from_secs(1)).await.expect("answered");
            assert_eq!(response.extensions().get::<AbortConnection>().is_some(), fault == Fault::Drop);
        }
        lock(&state.faults).set("/x", Fault::Hang, Some(1));
        assert!(call(app(&state, &runs), Duration::from_millis(200)).await.is_none());
        assert_eq!(runs.load(Ordering::SeqCst), 0);
        assert_eq!(lock(&state.faults).request_count("/x"), 4);
    }

    #[test]
    fn fault_names_round_trip_and_bad_ones_are_refused() {
        for name in ["http500", "malformed", "drop", "hang", "hold", "ratelimit"] {
            assert_eq!(Fault::from_name(name, None).unwrap().name(), name);
        }
        assert_eq!(Fault::from_name("latency", Some(5)), Ok(Fault::Latency { ms: 5 }));
        assert!(Fault::from_name("latency", None).is_err());
        assert!(Fault::from_name("explode", None).is_err());
    }

    #[test]
    fn the_log_is_bounded() {
        let mut faults = Faults::default();
        for i in 0..LOG_CAPACITY + 5 {
            faults.record(RequestRecord { method: "GET".into(), path: format!("/{i}"), at: Utc::now() });
        }
        assert_eq!(faults.requests().len(), LOG_CAPACITY);
        assert_eq!(faults.requests()[0].path, "/5");
    }
}
