//! The background payment tracker: answers "has Ali paid yet?" by itself, for every provider,
//! with no server of ours. It watches every waiting link, updates the store and tells the UI
//! through [`TrackerEvent`]s.
//!
//! One cycle runs each configured provider's sweep side by side, each behind the one shape of
//! `sweeper::Sweeper`: Paynet (one paged `mailorder/list` over the days of the waiting links,
//! `detail` only for what the list did not settle, `transaction/check` before saying "paid"),
//! PayTR (`rapor/islem-dokumu` over the links' lifetimes, sales matched by currency, amount and
//! time, confirmed by `durum-sorgu`; several candidates go to the owner) and iyzico (each link's
//! own `soldCount`, read from the list pages and `get`). Each sweep fails on its own and changes
//! nothing it could not confirm. See [`cadence`] for when cycles run.

pub mod cadence;
mod ctx;
pub mod paynet_plan;
pub mod paytr_match;
mod paytr_refunds;
pub mod store_api;
pub mod store_impl;
mod sweep_iyzico;
mod sweep_paynet;
mod sweep_paytr;
mod sweeper;
mod worker;

pub use cadence::Cadence;
pub use store_api::{RefundSeen, SaleEntry, SaleState, TrackerStore};
pub use store_impl::SqliteTrackerStore;

/// The provider clients the tracker may use; a provider without credentials has none.
pub use crate::providers::Clients;

use crate::money::Currency;
use crate::providers::{ErrorKind, PerProvider, Provider, ProviderError};
use crate::store::{LinkRecord, LinkStatus, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot};
use tokio::task::JoinHandle;

/// Now, as the tracker sees it (tests move it; the app uses the real clock).
pub type ClockFn = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

#[derive(Clone)]
pub struct TrackerConfig {
    pub cadence: Cadence,
    /// A link is marked expired by time this long after its expiry, and only after a successful
    /// sweep: a payment made just before expiry may reach the report a little late.
    pub expiry_grace: Duration,
    /// An uncertain Paynet create the provider has never heard of is marked failed only after
    /// this long (the request may still have been on its way).
    pub unknown_grace: Duration,
    pub clock: ClockFn,
}

impl Default for TrackerConfig {
    fn default() -> Self {
        TrackerConfig {
            cadence: Cadence::default(),
            expiry_grace: Duration::from_secs(10 * 60),
            unknown_grace: Duration::from_secs(10 * 60),
            clock: Arc::new(Utc::now),
        }
    }
}

impl std::fmt::Debug for TrackerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrackerConfig")
            .field("cadence", &self.cadence)
            .field("expiry_grace", &self.expiry_grace)
            .finish_non_exhaustive()
    }
}

/// What the UI hears (the desktop app forwards these as Tauri events).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TrackerEvent {
    LinkStatusChanged {
        link_id: i64,
        status: LinkStatus,
    },
    /// Money arrived: sent once per link, after the provider confirmed it.
    Paid {
        link_id: i64,
        customer: String,
        amount_minor: i64,
        currency: Currency,
        payment_ref: Option<String>,
    },
    /// The provider refunded (part of) a paid link's payment: recorded once per refund; the
    /// link stays paid, its row and the totals change.
    Refunded {
        link_id: i64,
        refunded_minor: i64,
        currency: Currency,
    },
    /// "Ödeme geldi — hangi link?": a PayTR sale fits several waiting links; the owner picks
    /// with [`TrackerHandle::resolve_sale`].
    AmbiguousSale {
        oid: String,
        amount_minor: i64,
        paid_minor: i64,
        currency: String,
        candidates: Vec<i64>,
    },
    /// A sweep failed; it is retried later by itself. Nothing was changed on its account.
    Error {
        provider: Provider,
        kind: ErrorKind,
        message: String,
    },
    /// The local store could not be read or written.
    StoreError {
        message: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum TrackerError {
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0} is not set up (no credentials)")]
    NotConfigured(Provider),
    #[error("sale {0} is not waiting for a choice")]
    NoSuchPendingSale(String),
    #[error("link {link_id} is not one of the links sale {oid} may have paid")]
    NotACandidate { oid: String, link_id: i64 },
    #[error("PayTR does not confirm that sale {oid} paid link {link_id} (amount or currency differ)")]
    NotConfirmed { oid: String, link_id: i64 },
    #[error("the tracker has stopped")]
    Stopped,
}

/// How one provider's sweep went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SweepOutcome {
    /// No client, or nothing to watch: no call was made.
    Skipped,
    /// `changed` links got a new status.
    Done {
        changed: usize,
    },
    Failed {
        error: ProviderError,
    },
}

/// How each provider's sweep went in one cycle (as JSON, an object keyed by provider name).
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CycleReport(PerProvider<SweepOutcome>);

/// `CycleReport { paynet: …, paytr: …, … }`, as logs and test messages always showed it.
impl std::fmt::Debug for CycleReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("CycleReport");
        for (p, outcome) in self.outcomes() {
            d.field(p.as_str(), outcome);
        }
        d.finish()
    }
}

impl Default for CycleReport {
    fn default() -> Self {
        CycleReport(PerProvider::from_fn(|_| SweepOutcome::Skipped))
    }
}

impl CycleReport {
    /// Each provider's outcome made by `f`.
    pub fn from_fn(f: impl FnMut(Provider) -> SweepOutcome) -> Self {
        CycleReport(PerProvider::from_fn(f))
    }

    /// `provider`'s outcome.
    pub fn of(&self, provider: Provider) -> &SweepOutcome {
        self.0.get(provider)
    }

    fn slot(&mut self, provider: Provider) -> &mut SweepOutcome {
        self.0.get_mut(provider)
    }

    /// Every provider's outcome, in [`Provider::ALL`]'s order.
    pub fn outcomes(&self) -> impl Iterator<Item = (Provider, &SweepOutcome)> {
        self.0.iter()
    }
}

enum Command {
    Wake,
    Cycle(oneshot::Sender<CycleReport>),
    Refresh(i64, oneshot::Sender<Result<LinkRecord, TrackerError>>),
    Resolve(String, i64, oneshot::Sender<Result<LinkRecord, TrackerError>>),
    Dismiss(String, oneshot::Sender<Result<(), TrackerError>>),
    SetClients(Box<Clients>),
    Shutdown,
}

/// Counters for tests and the benchmark.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    /// Times the task's loop ran (a wake-up from a timer or a command).
    loops: AtomicU64,
    /// Sweeps started, per provider.
    sweeps: PerProvider<AtomicU64>,
}

impl Stats {
    /// The sweep counter of `provider`.
    fn sweeps_of(&self, provider: Provider) -> &AtomicU64 {
        self.sweeps.get(provider)
    }
}

pub struct Tracker;

impl Tracker {
    /// Starts the tracker task on the current tokio runtime. It runs a first cycle at once (to
    /// catch payments made while the app was closed), then by [`Cadence`].
    pub fn spawn<S: TrackerStore>(
        store: Arc<S>,
        clients: Clients,
        events: broadcast::Sender<TrackerEvent>,
        config: TrackerConfig,
    ) -> TrackerHandle {
        let (tx, rx) = mpsc::channel(64);
        let stats = Arc::new(Stats::default());
        let ctx = ctx::Ctx { store, events, config };
        let task = tokio::spawn(worker::Worker::new(ctx, clients, stats.clone()).run(rx));
        TrackerHandle { tx, stats, task: Arc::new(Mutex::new(Some(task))) }
    }

    /// One full cycle (every provider) on the caller's task, then done: `tahsildar track --once`.
    /// The events go to `events` as the spawned tracker's do; the channel closes when this returns.
    pub async fn once<S: TrackerStore>(
        store: Arc<S>,
        clients: Clients,
        events: broadcast::Sender<TrackerEvent>,
        config: TrackerConfig,
    ) -> CycleReport {
        let ctx = ctx::Ctx { store, events, config };
        worker::Worker::new(ctx, clients, Arc::new(Stats::default())).cycle(&Provider::ALL).await
    }
}

/// Talks to the running tracker. Cheap to clone.
#[derive(Clone)]
pub struct TrackerHandle {
    tx: mpsc::Sender<Command>,
    stats: Arc<Stats>,
    task: Arc<Mutex<Option<JoinHandle<()>>>>,
}

impl std::fmt::Debug for TrackerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrackerHandle").field("loops", &self.loops()).finish_non_exhaustive()
    }
}

impl TrackerHandle {
    /// Something changed (a link was created): look at the schedule again.
    pub fn wake(&self) {
        // A full queue already holds a command that will make the task look again.
        let _ = self.tx.try_send(Command::Wake);
    }

    /// Wakes the task every `every` for as long as it runs, so that links another process writes
    /// into the same book (`tahsildar link create` beside the app) are tracked even when nothing
    /// was waiting before. The parked task itself keeps no timer; this costs one look at the book
    /// per tick. Holds no strong sender: the ticks end when the tracker's handles are gone or it
    /// was shut down.
    pub fn look_again_every(&self, every: Duration) {
        let weak = self.tx.downgrade();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await; // the first tick is immediate; the task looks at start anyway
            loop {
                tick.tick().await;
                match weak.upgrade() {
                    Some(tx) if !tx.is_closed() => {
                        let _ = tx.try_send(Command::Wake);
                    }
                    _ => return,
                }
            }
        });
    }

    async fn ask<T>(&self, make: impl FnOnce(oneshot::Sender<T>) -> Command) -> Result<T, TrackerError> {
        let (reply, answer) = oneshot::channel();
        self.tx.send(make(reply)).await.map_err(|_| TrackerError::Stopped)?;
        answer.await.map_err(|_| TrackerError::Stopped)
    }

    /// Runs one full cycle now (every provider) and reports how it went.
    pub async fn cycle_now(&self) -> Result<CycleReport, TrackerError> {
        self.ask(Command::Cycle).await
    }

    /// "Şimdi kontrol et": checks one link with its provider now; returns it as stored after.
    pub async fn refresh_now(&self, link_id: i64) -> Result<LinkRecord, TrackerError> {
        self.ask(|r| Command::Refresh(link_id, r)).await?
    }

    /// The owner's answer to "hangi link?": sale `oid` paid `link_id` (checked with PayTR).
    pub async fn resolve_sale(&self, oid: &str, link_id: i64) -> Result<LinkRecord, TrackerError> {
        self.ask(|r| Command::Resolve(oid.to_string(), link_id, r)).await?
    }

    /// The owner says sale `oid` paid none of the candidate links.
    pub async fn dismiss_sale(&self, oid: &str) -> Result<(), TrackerError> {
        self.ask(|r| Command::Dismiss(oid.to_string(), r)).await?
    }

    /// New credentials (or none): used from the next sweep on.
    pub async fn set_clients(&self, clients: Clients) -> Result<(), TrackerError> {
        self.tx.send(Command::SetClients(Box::new(clients))).await.map_err(|_| TrackerError::Stopped)
    }

    /// Stops the task after the sweep in progress, if any.
    pub async fn shutdown(&self) {
        let _ = self.tx.send(Command::Shutdown).await;
        let task = self.task.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }

    /// How many times the task woke up (timer or command). Idle: this stays put.
    pub fn loops(&self) -> u64 {
        self.stats.loops.load(Ordering::Relaxed)
    }

    /// Sweeps started for `provider`.
    pub fn sweeps(&self, provider: Provider) -> u64 {
        self.stats.sweeps_of(provider).load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_report_holds_each_provider_once_in_the_shape_it_always_had() {
        let done =
            |p: Provider| if p == Provider::Paytr { SweepOutcome::Done { changed: 2 } } else { SweepOutcome::Skipped };
        let mut report = CycleReport::from_fn(done);
        *report.slot(Provider::Iyzico) = SweepOutcome::Done { changed: 1 };
        let seen: Vec<Provider> = report.outcomes().map(|(p, _)| p).collect();
        assert_eq!(seen, Provider::ALL.to_vec());
        assert_eq!(report.of(Provider::Paytr), &SweepOutcome::Done { changed: 2 });
        assert_eq!(report.of(Provider::Iyzico), &SweepOutcome::Done { changed: 1 });
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            serde_json::json!({
                "paynet": { "outcome": "skipped" },
                "paytr": { "outcome": "done", "changed": 2 },
                "iyzico": { "outcome": "done", "changed": 1 },
            })
        );
        assert_eq!(
            format!("{report:?}"),
            "CycleReport { paynet: Skipped, paytr: Done { changed: 2 }, iyzico: Done { changed: 1 } }"
        );
        assert!(CycleReport::default().outcomes().all(|(_, o)| *o == SweepOutcome::Skipped));
    }
}
