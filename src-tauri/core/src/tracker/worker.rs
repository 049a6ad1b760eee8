//! The tracker's task: sleeps until a provider is due (or forever when nothing waits), runs the
//! due sweeps side by side, and serves the handle's commands in between. Providers are handled
//! alike through [`Sweeper`] (one lane per client set up); only the PayTR owner's choices
//! (resolve, dismiss) name one.

use super::cadence::nap;
use super::ctx::{Ctx, SweepError};
use super::sweeper::{sweeper_for, Refreshed, Sweeper};
use super::{
    sweep_paytr, Clients, Command, CycleReport, Stats, SweepOutcome, TrackerError, TrackerEvent, TrackerStore,
};
use crate::providers::paytr::PaytrClient;
use crate::providers::{ErrorKind, Provider};
use crate::store::{LinkRecord, LinkStatus};
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::Poll;
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

/// A configured provider: its sweep and its schedule.
struct Lane<S> {
    sweeper: Box<dyn Sweeper<S>>,
    track: Track,
}

pub(crate) struct Worker<S> {
    ctx: Ctx<S>,
    clients: Clients,
    stats: Arc<Stats>,
    /// One per configured provider, in [`Provider::ALL`]'s order.
    lanes: Vec<Lane<S>>,
}

/// A lane for each provider set up; a provider without a client has none (never swept).
fn lanes<S: TrackerStore>(clients: &Clients) -> Vec<Lane<S>> {
    clients.iter().map(|c| Lane { sweeper: sweeper_for(c), track: Track::default() }).collect()
}

impl<S: TrackerStore> Worker<S> {
    pub fn new(ctx: Ctx<S>, clients: Clients, stats: Arc<Stats>) -> Self {
        Worker { ctx, lanes: lanes(&clients), clients, stats }
    }

    pub async fn run(mut self, mut rx: mpsc::Receiver<Command>) {
        loop {
            self.stats.loops.fetch_add(1, Ordering::Relaxed);
            let now = SystemTime::now();
            let dues: Vec<(Provider, Option<SystemTime>)> =
                self.lanes.iter().map(|l| (l.sweeper.provider(), self.due(l, now))).collect();
            let ready: Vec<Provider> =
                dues.iter().filter(|(_, d)| d.is_some_and(|t| t <= now)).map(|(p, _)| *p).collect();
            if !ready.is_empty() {
                self.cycle(&ready).await;
                continue;
            }
            let command = match dues.iter().filter_map(|(_, d)| *d).min() {
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
                // New credentials start afresh: schedules, backoffs and PayTR's cursor.
                self.lanes = lanes(&c);
                self.clients = *c;
            }
            Command::Cycle(reply) => {
                let report = self.cycle(&Provider::ALL).await;
                let _ = reply.send(report);
            }
            Command::Refresh(id, reply) => {
                let _ = reply.send(self.refresh(id).await);
            }
            Command::Resolve(oid, id, reply) => {
                let result = match self.clients.get::<PaytrClient>().cloned() {
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

    /// When `lane` is next due, or `None` when it has nothing to watch.
    fn due(&self, lane: &Lane<S>, now: SystemTime) -> Option<SystemTime> {
        let cadence = &self.ctx.config.cadence;
        let watch = match lane.sweeper.watch_list(&self.ctx).and_then(|open| {
            let paid = lane.sweeper.watched_payments(&self.ctx)?;
            Ok((open, paid))
        }) {
            Ok(w) => w,
            Err(e) => {
                log::warn!("tracker: cannot read the store: {e}");
                return Some(now + cadence.backoff_cap.min(Duration::from_secs(60)));
            }
        };
        let (open, paid) = watch;
        if open.is_empty() && paid == 0 {
            return None;
        }
        // Paid links are watched for their refunds only: they never make the schedule faster.
        let youngest = open.iter().filter(|l| l.status != LinkStatus::Paid).map(|l| l.created_at).max();
        let track = &lane.track;
        let Some(last) = track.last_run else {
            // First look since start (or since links appeared): at once.
            return Some(now);
        };
        let failure = track.last_kind.map(|k| (track.failures, k));
        let Some(youngest) = youngest else {
            return Some(cadence.next_refund_look(last, failure));
        };
        let age_ms = self.ctx.now_ms().saturating_sub(youngest).max(0);
        let age = Duration::from_millis(u64::try_from(age_ms).unwrap_or(0));
        cadence.next_due(last, Some(age), failure)
    }

    /// Runs the sweeps of `which` (those configured) side by side; each fails on its own.
    pub(super) async fn cycle(&mut self, which: &[Provider]) -> CycleReport {
        let (ctx, stats) = (&self.ctx, &self.stats);
        let runs: Vec<_> = self
            .lanes
            .iter_mut()
            .filter(|l| which.contains(&l.sweeper.provider()))
            .map(|l| run_sweep(ctx, stats, l.sweeper.as_mut()))
            .collect();
        let results = join_all(runs).await;
        let mut report = CycleReport::default();
        for (provider, result) in results {
            *report.slot(provider) = self.settle(provider, result);
        }
        report
    }

    /// Books a sweep's result into the schedule and tells the UI about a failure.
    fn settle(&mut self, provider: Provider, result: Result<Option<usize>, SweepError>) -> SweepOutcome {
        let now = SystemTime::now();
        let (outcome, failed) = match result {
            Ok(None) => return SweepOutcome::Skipped,
            Ok(Some(changed)) => (SweepOutcome::Done { changed }, None),
            Err(SweepError::Provider(error)) => {
                log::warn!("tracker: {provider} sweep failed: {error}");
                self.ctx.emit(TrackerEvent::Error { provider, kind: error.kind, message: error.message.clone() });
                let kind = error.kind;
                (SweepOutcome::Failed { error }, Some(kind))
            }
            Err(SweepError::Store(e)) => {
                log::warn!("tracker: store error during the {provider} sweep: {e}");
                self.ctx.emit(TrackerEvent::StoreError { message: e.to_string() });
                let error =
                    crate::providers::ProviderError::new(provider, ErrorKind::Server, format!("local store: {e}"));
                (SweepOutcome::Failed { error }, Some(ErrorKind::Server))
            }
        };
        if let Some(t) = self.lanes.iter_mut().find(|l| l.sweeper.provider() == provider).map(|l| &mut l.track) {
            match failed {
                None => (t.failures, t.last_kind) = (0, None),
                Some(kind) => {
                    t.failures = t.failures.saturating_add(1);
                    t.last_kind = Some(kind);
                }
            }
            t.last_run = Some(now);
        }
        outcome
    }

    /// "Refresh now" for one link: asks its provider about it alone where it can (Paynet and
    /// iyzico for a waiting link), else runs that provider's whole sweep.
    async fn refresh(&mut self, id: i64) -> Result<LinkRecord, TrackerError> {
        let link = self.ctx.store.get(id)?;
        let lane = self
            .lanes
            .iter()
            .find(|l| l.sweeper.provider() == link.provider)
            .ok_or(TrackerError::NotConfigured(link.provider))?;
        if lane.sweeper.refresh_one(&self.ctx, &link).await? == Refreshed::NeedsSweep {
            self.run_one(link.provider).await?;
        }
        Ok(self.ctx.store.get(id)?)
    }

    async fn run_one(&mut self, provider: Provider) -> Result<(), TrackerError> {
        match self.cycle(&[provider]).await.of(provider) {
            SweepOutcome::Failed { error } => Err(TrackerError::Provider(error.clone())),
            _ => Ok(()),
        }
    }
}

/// One provider's sweep, counted.
async fn run_sweep<S: TrackerStore>(
    ctx: &Ctx<S>,
    stats: &Stats,
    sweeper: &mut dyn Sweeper<S>,
) -> (Provider, Result<Option<usize>, SweepError>) {
    let provider = sweeper.provider();
    stats.sweeps_of(provider).fetch_add(1, Ordering::Relaxed);
    (provider, sweeper.sweep(ctx).await)
}

/// Polls every future until all are done; their outputs in their order. (The tracker's sweeps
/// borrow the worker, so they cannot be spawned; this runs them side by side on its task.)
async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (f, out) in futures.iter_mut().zip(outputs.iter_mut()) {
            if out.is_none() {
                match f.as_mut().poll(cx) {
                    Poll::Ready(v) => *out = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::paynet::PaynetClient;
    use crate::store::Store;
    use crate::tracker::{SqliteTrackerStore, TrackerConfig};
    use std::sync::Mutex;
    use tokio::sync::broadcast;

    #[tokio::test]
    async fn only_providers_with_a_client_are_swept_and_each_is_reported_once() {
        let dir = std::env::temp_dir().join(format!("tahsildar-lanes-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("links.sqlite3");
        let store = Arc::new(SqliteTrackerStore::new(Arc::new(Mutex::new(Store::open(&db).unwrap())), &db).unwrap());
        let ctx = Ctx { store, events: broadcast::channel(16).0, config: TrackerConfig::default() };
        // Paynet only; nothing waits, so its sweep makes no call (the address is never used).
        let paynet = PaynetClient::new("http://127.0.0.1:9", "k".to_string().into()).unwrap();
        let stats = Arc::new(Stats::default());
        let mut worker = Worker::new(ctx, Clients::default().with(Some(paynet)), stats.clone());
        assert_eq!(worker.lanes.iter().map(|l| l.sweeper.provider()).collect::<Vec<_>>(), vec![Provider::Paynet]);

        let report = worker.cycle(&Provider::ALL).await;
        let seen: Vec<Provider> = report.outcomes().map(|(p, _)| p).collect();
        assert_eq!(seen, Provider::ALL.to_vec(), "every provider once, in order");
        for p in Provider::ALL {
            let (outcome, sweeps) = (report.of(p), stats.sweeps_of(p).load(Ordering::Relaxed));
            if p == Provider::Paynet {
                assert_eq!((outcome, sweeps), (&SweepOutcome::Done { changed: 0 }, 1));
            } else {
                assert_eq!((outcome, sweeps), (&SweepOutcome::Skipped, 0), "{p} has no client");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test(start_paused = true)]
    async fn joined_futures_run_side_by_side_and_keep_their_order() {
        let start = tokio::time::Instant::now();
        let slow = |ms: u64, v: u32| async move {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            v
        };
        let out = join_all(vec![slow(300, 1), slow(100, 2), slow(200, 3)]).await;
        assert_eq!(out, vec![1, 2, 3]);
        assert_eq!(start.elapsed(), Duration::from_millis(300), "side by side, not one after the other");
        assert!(join_all(Vec::<std::future::Ready<u8>>::new()).await.is_empty());
    }
}
