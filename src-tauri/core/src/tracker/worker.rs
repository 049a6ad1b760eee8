//! The tracker's task: sleeps until a provider is due (or forever when nothing waits), runs the
//! due sweeps, and serves the handle's commands in between.

use super::cadence::nap;
use super::ctx::{Ctx, SweepError};
use super::sweep_paytr::PaytrCursor;
use super::{
    sweep_paynet, sweep_paytr, Clients, Command, CycleReport, Stats, SweepOutcome, TrackerError, TrackerEvent,
    TrackerStore,
};
use crate::providers::{ErrorKind, Provider};
use crate::store::{LinkRecord, LinkStatus};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::mpsc;

/// One provider's schedule state.
#[derive(Debug, Default)]
struct Track {
    /// When its last sweep ended (wall clock); `None` before the first.
    last_run: Option<SystemTime>,
    /// Consecutive failed sweeps and the last failure's kind.
    failures: u32,
    last_kind: Option<ErrorKind>,
}

pub(crate) struct Worker<S> {
    ctx: Ctx<S>,
    clients: Clients,
    stats: Arc<Stats>,
    paynet: Track,
    paytr: Track,
    iyzico: Track,
    cursor: PaytrCursor,
}

impl<S: TrackerStore> Worker<S> {
    pub fn new(ctx: Ctx<S>, clients: Clients, stats: Arc<Stats>) -> Self {
        Worker {
            ctx,
            clients,
            stats,
            paynet: Track::default(),
            paytr: Track::default(),
            iyzico: Track::default(),
            cursor: PaytrCursor::default(),
        }
    }

    pub async fn run(mut self, mut rx: mpsc::Receiver<Command>) {
        loop {
            self.stats.loops.fetch_add(1, Ordering::Relaxed);
            let now = SystemTime::now();
            let (paynet_due, paytr_due) = (self.due(Provider::Paynet, now), self.due(Provider::Paytr, now));
            if paynet_due.is_some_and(|t| t <= now) || paytr_due.is_some_and(|t| t <= now) {
                self.cycle(paynet_due.is_some_and(|t| t <= now), paytr_due.is_some_and(|t| t <= now)).await;
                continue;
            }
            let next = match (paynet_due, paytr_due) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let command = match next {
                // Nothing waits: no timer at all, only a command wakes the task.
                None => rx.recv().await,
                Some(due) => tokio::select! {
                    c = rx.recv() => c,
                    _ = tokio::time::sleep(nap(now, due)) => continue,
                },
            };
            match command {
                None | Some(Command::Shutdown) => return,
                Some(c) => self.handle(c).await,
            }
        }
    }

    async fn handle(&mut self, command: Command) {
        match command {
            Command::Wake | Command::Shutdown => {}
            Command::SetClients(c) => {
                self.clients = *c;
                self.cursor = PaytrCursor::default();
                (self.paynet, self.paytr) = (Track::default(), Track::default());
            }
            Command::Cycle(reply) => {
                let report = self.cycle(true, true).await;
                let _ = reply.send(report);
            }
            Command::Refresh(id, reply) => {
                let _ = reply.send(self.refresh(id).await);
            }
            Command::Resolve(oid, id, reply) => {
                let result = match self.clients.paytr.clone() {
                    Some(c) => sweep_paytr::resolve(&self.ctx, &c, &oid, id).await,
                    None => Err(TrackerError::NotConfigured(Provider::Paytr)),
                };
                let _ = reply.send(result);
            }
            Command::Dismiss(oid, reply) => {
                let _ = reply.send(sweep_paytr::dismiss(&self.ctx, &oid));
            }
        }
    }

    /// When `provider` is next due, or `None` when it has no client or nothing to watch.
    fn due(&self, provider: Provider, now: SystemTime) -> Option<SystemTime> {
        let links = match provider {
            Provider::Paynet if self.clients.paynet.is_some() => sweep_paynet::watch_list(&self.ctx),
            Provider::Paytr if self.clients.paytr.is_some() => self.ctx.store.waiting(Provider::Paytr),
            _ => return None,
        };
        let cadence = &self.ctx.config.cadence;
        let links = match links {
            Ok(l) => l,
            Err(e) => {
                log::warn!("tracker: cannot read the store: {e}");
                return Some(now + cadence.backoff_cap.min(Duration::from_secs(60)));
            }
        };
        let youngest = links.iter().map(|l| l.created_at).max()?;
        let age_ms = self.ctx.now_ms().saturating_sub(youngest).max(0);
        let age = Duration::from_millis(u64::try_from(age_ms).unwrap_or(0));
        let track = match provider {
            Provider::Paynet => &self.paynet,
            Provider::Paytr => &self.paytr,
            Provider::Iyzico => &self.iyzico,
        };
        let Some(last) = track.last_run else {
            // First look since start (or since links appeared): at once.
            return Some(now);
        };
        let failure = track.last_kind.map(|k| (track.failures, k));
        cadence.next_due(last, Some(age), failure)
    }

    fn track(&mut self, provider: Provider) -> &mut Track {
        match provider {
            Provider::Paynet => &mut self.paynet,
            Provider::Paytr => &mut self.paytr,
            Provider::Iyzico => &mut self.iyzico,
        }
    }

    /// Runs the chosen sweeps side by side; each fails on its own.
    pub(super) async fn cycle(&mut self, paynet: bool, paytr: bool) -> CycleReport {
        let clients = self.clients.clone();
        let ctx = &self.ctx;
        let stats = &self.stats;
        let cursor = &mut self.cursor;
        let paynet_run = async {
            match (paynet, &clients.paynet) {
                (true, Some(c)) => {
                    stats.paynet_sweeps.fetch_add(1, Ordering::Relaxed);
                    Some(sweep_paynet::sweep(ctx, c).await)
                }
                _ => None,
            }
        };
        let paytr_run = async {
            match (paytr, &clients.paytr) {
                (true, Some(c)) => {
                    stats.paytr_sweeps.fetch_add(1, Ordering::Relaxed);
                    Some(sweep_paytr::sweep(ctx, c, cursor).await)
                }
                _ => None,
            }
        };
        let (a, b) = tokio::join!(paynet_run, paytr_run);
        CycleReport { paynet: self.settle(Provider::Paynet, a), paytr: self.settle(Provider::Paytr, b) }
    }

    /// Books a sweep's result into the schedule and tells the UI about a failure.
    fn settle(&mut self, provider: Provider, result: Option<Result<usize, SweepError>>) -> SweepOutcome {
        let Some(result) = result else {
            return SweepOutcome::Skipped;
        };
        let now = SystemTime::now();
        let outcome = match result {
            Ok(changed) => {
                let t = self.track(provider);
                (t.failures, t.last_kind) = (0, None);
                SweepOutcome::Done { changed }
            }
            Err(SweepError::Provider(error)) => {
                log::warn!("tracker: {provider} sweep failed: {error}");
                let t = self.track(provider);
                t.failures = t.failures.saturating_add(1);
                t.last_kind = Some(error.kind);
                self.ctx.emit(TrackerEvent::Error { provider, kind: error.kind, message: error.message.clone() });
                SweepOutcome::Failed { error }
            }
            Err(SweepError::Store(e)) => {
                log::warn!("tracker: store error during the {provider} sweep: {e}");
                let t = self.track(provider);
                t.failures = t.failures.saturating_add(1);
                t.last_kind = Some(ErrorKind::Server);
                self.ctx.emit(TrackerEvent::StoreError { message: e.to_string() });
                SweepOutcome::Failed {
                    error: crate::providers::ProviderError::new(
                        provider,
                        ErrorKind::Server,
                        format!("local store: {e}"),
                    ),
                }
            }
        };
        self.track(provider).last_run = Some(now);
        outcome
    }

    /// "Refresh now" for one link: Paynet asks `detail` for it (uncertain creates run the whole
    /// Paynet sweep, which asks `detail` by our reference); PayTR can only run its sweep.
    async fn refresh(&mut self, id: i64) -> Result<LinkRecord, TrackerError> {
        let link = self.ctx.store.get(id)?;
        match link.provider {
            Provider::Paynet => {
                let client = self.clients.paynet.clone().ok_or(TrackerError::NotConfigured(Provider::Paynet))?;
                if link.status == LinkStatus::Waiting {
                    sweep_paynet::check_one(&self.ctx, &client, &link, None).await?;
                    let fresh = self.ctx.store.get(id)?;
                    self.ctx.expire_by_time(std::slice::from_ref(&fresh), &Default::default())?;
                } else if link.status == LinkStatus::Unknown {
                    self.run_one(Provider::Paynet).await?;
                }
            }
            Provider::Paytr => {
                if self.clients.paytr.is_none() {
                    return Err(TrackerError::NotConfigured(Provider::Paytr));
                }
                if link.status == LinkStatus::Waiting {
                    self.run_one(Provider::Paytr).await?;
                }
            }
            // The iyzico sweep lands with its tracker strategy (issue 12 §3).
            Provider::Iyzico => return Err(TrackerError::NotConfigured(Provider::Iyzico)),
        }
        Ok(self.ctx.store.get(id)?)
    }

    async fn run_one(&mut self, provider: Provider) -> Result<(), TrackerError> {
        let report = self.cycle(provider == Provider::Paynet, provider == Provider::Paytr).await;
        let outcome = if provider == Provider::Paynet { report.paynet } else { report.paytr };
        match outcome {
            SweepOutcome::Failed { error } => Err(TrackerError::Provider(error)),
            _ => Ok(()),
        }
    }
}
