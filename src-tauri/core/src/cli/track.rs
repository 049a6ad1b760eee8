//! `tahsildar track`: the app's payment tracker over the book, from a terminal. `--once` runs one
//! full cycle and exits; without it the tracker runs until Ctrl+C (or SIGTERM), for a small
//! always-on machine at the counter. The app may run on the same book at the same time: every
//! status write is conditional on the row as read, and a PayTR sale is claimed by one atomic
//! update, so neither can undo the other's write nor attribute a sale twice.

use super::book::Book;
use super::clients::client_for;
use super::output::{turkish, Status};
use super::{CliError, Common, Out, TrackArgs};
use crate::providers::Provider;
use crate::store::{LinkRecord, LinkStatus, StoreError};
use crate::tracker::{
    Clients, CycleReport, SaleEntry, SqliteTrackerStore, SweepOutcome, Tracker, TrackerConfig, TrackerEvent,
    TrackerStore,
};
use chrono::NaiveDate;
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};

/// How often the running tracker is asked to look at the book again: links made meanwhile by the
/// app or `link create` are picked up even when nothing was waiting before.
const LOOK_AGAIN: Duration = Duration::from_secs(10);

pub(super) async fn run(a: TrackArgs, out: Out<'_>) -> Result<(), CliError> {
    let book = Book::open(&a.book).await?;
    let clients = clients(&a, &book).await?;
    let path = book.path.clone();
    let store = book.store.clone();
    let inner = tokio::task::spawn_blocking(move || SqliteTrackerStore::new(store, &path))
        .await
        .map_err(|e| CliError::Failed(format!("could not open the link book: {e}")))?
        .map_err(|e| CliError::Failed(format!("could not open the link book {}: {e}", book.path.display())))?;
    let store = Arc::new(Watched { inner, before: Mutex::default() });
    let (tx, rx) = broadcast::channel(1024);
    let printer = Printer { store: store.clone(), json: a.json };
    if a.once {
        let sweep = async move { Tracker::once(store, clients, tx, TrackerConfig::default()).await };
        let (report, printed) = tokio::join!(sweep, printer.drain(rx, out));
        printed?;
        return verdict(&report);
    }
    let handle = Tracker::spawn(store, clients, tx, TrackerConfig::default());
    let aborted = tokio::sync::Notify::new();
    let control = async {
        let mut look = tokio::time::interval(LOOK_AGAIN);
        let stopped = loop {
            tokio::select! {
                r = stop_signal() => break r,
                _ = look.tick() => handle.wake(),
            }
        };
        // Stop after the sweep in progress (each write is complete on its own), so its events
        // are still printed; a second signal stops at once.
        tokio::select! {
            _ = handle.shutdown() => {}
            _ = stop_signal() => aborted.notify_one(),
        }
        stopped
    };
    // The printer ends when the stopped tracker drops its end of the channel.
    let print = async {
        tokio::select! {
            p = printer.drain(rx, out) => p,
            _ = aborted.notified() => Ok(()),
        }
    };
    let (stopped, printed) = tokio::join!(control, print);
    printed.and(stopped)
}

/// Ctrl+C, or on Unix also SIGTERM (a service manager stopping it).
async fn stop_signal() -> Result<(), CliError> {
    let failed = |e: std::io::Error| CliError::Failed(format!("could not wait for Ctrl+C: {e}"));
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).map_err(failed)?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.map_err(failed),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.map_err(failed)
    }
}

/// Exit 0 unless every provider that was asked failed (none could be reached).
fn verdict(report: &CycleReport) -> Result<(), CliError> {
    let outcomes: Vec<&SweepOutcome> = report.outcomes().map(|(_, o)| o).collect();
    let failed: Vec<String> = outcomes
        .iter()
        .filter_map(|o| match o {
            SweepOutcome::Failed { error } => Some(error.to_string()),
            _ => None,
        })
        .collect();
    let any_done = outcomes.iter().any(|o| matches!(o, SweepOutcome::Done { .. }));
    if failed.is_empty() || any_done {
        Ok(())
    } else {
        Err(CliError::Failed(format!("no provider could be reached: {}", failed.join("; "))))
    }
}

/// The clients for the providers set up (environment or the app's keychain). A provider without
/// credentials is not watched, with a line on stderr; none set up is a usage error.
async fn clients(a: &TrackArgs, book: &Book) -> Result<Clients, CliError> {
    let mut clients = Clients::default();
    let mut missing = Vec::new();
    for provider in Provider::ALL {
        let common = Common { provider, base_url: a.base_url(provider).clone(), json: a.json };
        match optional(client_for(&common, Some(book)).await)? {
            Ok(client) => clients.put(client),
            Err(why) => missing.push(why),
        }
    }
    if clients.is_empty() {
        return Err(CliError::Usage(format!("nothing to track with: {}", missing.join("; "))));
    }
    for why in missing {
        eprintln!("tahsildar: not watched: {why}");
    }
    Ok(clients)
}

/// Missing credentials become `Err(why)` (the provider is skipped); any other problem stops.
fn optional<T>(r: Result<T, CliError>) -> Result<Result<T, String>, CliError> {
    match r {
        Ok(c) => Ok(Ok(c)),
        Err(CliError::Usage(m)) if m.starts_with(super::MISSING_CREDENTIALS) => Ok(Err(m)),
        Err(e) => Err(e),
    }
}

/// The book as the tracker sees it, noting each link's status just before the tracker changed it:
/// the tracker's events name only the new one, and a `status` line names both.
struct Watched {
    inner: SqliteTrackerStore,
    before: Mutex<HashMap<i64, LinkStatus>>,
}

impl Watched {
    fn note(&self, id: i64, before: LinkStatus) {
        self.before.lock().unwrap_or_else(|p| p.into_inner()).insert(id, before);
    }

    fn take_before(&self, id: i64) -> Option<LinkStatus> {
        self.before.lock().unwrap_or_else(|p| p.into_inner()).remove(&id)
    }

    /// A write that changes link `id`'s status, noting the status read just before it.
    fn noting(
        &self,
        id: i64,
        write: impl FnOnce(&SqliteTrackerStore) -> Result<LinkRecord, StoreError>,
    ) -> Result<LinkRecord, StoreError> {
        let before = self.inner.get(id)?.status;
        let after = write(&self.inner)?;
        self.note(id, before);
        Ok(after)
    }
}

/// The reads and the writes that change no link's status, passed to the book as they are.
macro_rules! pass_through {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $out:ty;)*) => {
        $(fn $name(&self, $($arg: $ty),*) -> Result<$out, StoreError> {
            self.inner.$name($($arg),*)
        })*
    };
}

impl TrackerStore for Watched {
    pass_through! {
        waiting(provider: Provider) -> Vec<LinkRecord>;
        unknown(provider: Provider) -> Vec<LinkRecord>;
        cancelled_since(provider: Provider, since_ms: i64) -> Vec<LinkRecord>;
        get(id: i64) -> LinkRecord;
        sales_since(day: NaiveDate) -> Vec<SaleEntry>;
        ambiguous_sales() -> Vec<SaleEntry>;
        sale(oid: &str) -> Option<SaleEntry>;
        put_sale(sale: &SaleEntry) -> ();
        unfinished_attributions() -> Vec<(String, i64)>;
        // The owner's setting: without it the trait's default (off) would attribute exact sales.
        paytr_sells_elsewhere() -> bool;
    }
    fn set_status(
        &self,
        id: i64,
        expected: Option<(LinkStatus, i64)>,
        status: LinkStatus,
        payment_ref: Option<&str>,
        at_ms: i64,
    ) -> Result<(LinkStatus, LinkRecord), StoreError> {
        let (before, after) = self.inner.set_status(id, expected, status, payment_ref, at_ms)?;
        self.note(id, before);
        Ok((before, after))
    }
    fn finish_create(
        &self,
        id: i64,
        provider_id: &str,
        url: &str,
        expires_at: Option<i64>,
    ) -> Result<LinkRecord, StoreError> {
        self.noting(id, |s| s.finish_create(id, provider_id, url, expires_at))
    }
    fn mark_failed(&self, id: i64, reason: &str) -> Result<LinkRecord, StoreError> {
        self.noting(id, |s| s.mark_failed(id, reason))
    }
    fn attribute_sale(&self, oid: &str, link_id: i64, at_ms: i64) -> Result<LinkRecord, StoreError> {
        // The write itself is conditional (a link or sale taken meanwhile is refused), so this
        // earlier reading is the status the link had when the sale was claimed.
        self.noting(link_id, |s| s.attribute_sale(oid, link_id, at_ms))
    }
}

/// Turns tracker events into lines.
struct Printer {
    store: Arc<Watched>,
    json: bool,
}

impl Printer {
    /// Prints events until the channel closes (every sender gone).
    async fn drain(&self, mut rx: broadcast::Receiver<TrackerEvent>, out: Out<'_>) -> Result<(), CliError> {
        loop {
            match rx.recv().await {
                Ok(e) => {
                    if let Some(line) = self.line(&e) {
                        writeln!(out, "{line}")?;
                        out.flush()?;
                    }
                }
                Err(RecvError::Lagged(n)) => eprintln!("tahsildar: {n} events were dropped (output too slow)"),
                Err(RecvError::Closed) => return Ok(()),
            }
        }
    }

    fn provider_id(&self, id: i64) -> Option<LinkRecord> {
        self.store.get(id).ok()
    }

    fn line(&self, e: &TrackerEvent) -> Option<String> {
        match e {
            TrackerEvent::LinkStatusChanged { link_id, status } => {
                let link = self.provider_id(*link_id)?;
                let from = self.store.take_before(*link_id).map(Status::of);
                let to = Status::of(*status);
                let id = link.provider_id.clone();
                Some(if self.json {
                    json!({
                        "event": "status",
                        "provider": link.provider,
                        "id": id,
                        "from": from.map(Status::as_str),
                        "to": to.as_str(),
                        "amount_minor": link.amount_minor,
                        "currency": link.currency.code(),
                    })
                    .to_string()
                } else {
                    format!(
                        "{} link {}: {} -> {} ({} {})",
                        link.provider,
                        id.as_deref().unwrap_or("-"),
                        from.map_or("?", Status::as_str),
                        to.as_str(),
                        turkish(link.amount_minor),
                        link.currency.code()
                    )
                })
            }
            // The status line above already says it; the app rings a bell for this one.
            TrackerEvent::Paid { .. } => None,
            TrackerEvent::Refunded { link_id, refunded_minor, currency } => {
                let link = self.provider_id(*link_id)?;
                let id = link.provider_id.clone();
                Some(if self.json {
                    json!({
                        "event": "refund",
                        "provider": link.provider,
                        "id": id,
                        "refunded_minor": refunded_minor,
                        "currency": currency.code(),
                    })
                    .to_string()
                } else {
                    format!(
                        "{} link {}: refunded {} {} in all",
                        link.provider,
                        id.as_deref().unwrap_or("-"),
                        turkish(*refunded_minor),
                        currency.code()
                    )
                })
            }
            TrackerEvent::AmbiguousSale { oid, candidates, paid_minor, currency, .. } => {
                let ids: Vec<Option<String>> =
                    candidates.iter().map(|c| self.provider_id(*c).and_then(|l| l.provider_id)).collect();
                Some(if self.json {
                    json!({ "event": "ambiguous", "oid": oid, "candidates": ids }).to_string()
                } else {
                    let names: Vec<&str> = ids.iter().map(|i| i.as_deref().unwrap_or("-")).collect();
                    format!(
                        "PayTR sale {oid} ({} {currency}) fits several links: {}; choose in the app (Ödeme geldi — hangi link?)",
                        turkish(*paid_minor),
                        names.join(", ")
                    )
                })
            }
            TrackerEvent::Error { provider, kind, message } => {
                Some(error_line(self.json, Some(*provider), kind, message))
            }
            TrackerEvent::StoreError { message } => Some(error_line(self.json, None, &"store", message)),
        }
    }
}

fn error_line(json: bool, provider: Option<Provider>, kind: &impl serde::Serialize, message: &str) -> String {
    if json {
        json!({ "event": "error", "provider": provider, "kind": kind, "message": message }).to_string()
    } else {
        let kind = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let who = provider.map_or("the link book".to_string(), |p| p.to_string());
        format!("{who}: {kind} error, will try again: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{ErrorKind, ProviderError};

    fn failed() -> SweepOutcome {
        SweepOutcome::Failed { error: ProviderError::new(Provider::Paytr, ErrorKind::Network, "down".to_string()) }
    }

    /// The given outcomes; every other provider skipped.
    fn report(given: &[(Provider, SweepOutcome)]) -> CycleReport {
        CycleReport::from_fn(|p| given.iter().find(|(q, _)| *q == p).map_or(SweepOutcome::Skipped, |(_, o)| o.clone()))
    }

    #[test]
    fn exit_is_non_zero_only_when_no_provider_was_reached() {
        let r = |paynet, paytr| verdict(&report(&[(Provider::Paynet, paynet), (Provider::Paytr, paytr)]));
        assert!(r(SweepOutcome::Skipped, SweepOutcome::Skipped).is_ok());
        assert!(r(SweepOutcome::Done { changed: 0 }, failed()).is_ok());
        assert!(r(failed(), SweepOutcome::Skipped).is_err());
        assert!(r(failed(), failed()).unwrap_err().to_string().contains("no provider could be reached"));
        // iyzico counts like the others.
        let with_iyzico = |iyzico| report(&[(Provider::Paynet, failed()), (Provider::Iyzico, iyzico)]);
        assert!(verdict(&with_iyzico(SweepOutcome::Done { changed: 1 })).is_ok());
        assert!(verdict(&with_iyzico(failed())).is_err());
    }
}
