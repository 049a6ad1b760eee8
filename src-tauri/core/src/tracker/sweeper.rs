//! The seam between the worker and the providers: every provider's sweep behind one shape — what
//! it watches (for the schedule), one full sweep, and "check this one link now" — so the worker
//! schedules, runs and books each provider the same way without naming any of them. Each
//! provider's sweep module implements [`Sweeper`] and is registered once, in [`sweeper_for`]. A
//! provider's memory between sweeps (PayTR's report cursor, when iyzico links were last asked
//! for) lives in its sweeper and goes with its client.

use super::ctx::{Ctx, SweepError};
use super::{sweep_iyzico, sweep_paynet, sweep_paytr, TrackerStore};
use crate::providers::{AnyClient, Provider};
use crate::store::{LinkRecord, StoreError};
use std::future::Future;
use std::pin::Pin;

/// A sweep's work in progress (boxed: the worker holds its providers' sweepers as trait objects).
pub(crate) type Work<'a, T> = Pin<Box<dyn Future<Output = Result<T, SweepError>> + Send + 'a>>;

/// One provider's tracker strategy.
pub(crate) trait Sweeper<S: TrackerStore>: Send + Sync {
    fn provider(&self) -> Provider;

    /// The links a sweep looks at; the schedule follows the youngest of them, and none means no
    /// sweep at all.
    fn watch_list(&self, ctx: &Ctx<S>) -> Result<Vec<LinkRecord>, StoreError>;

    /// How many recent payments the sweep watches for their refunds besides [`Self::watch_list`]
    /// (PayTR): counted, never loaded (a busy book has tens of thousands). None by default.
    fn watched_payments(&self, _ctx: &Ctx<S>) -> Result<u64, StoreError> {
        Ok(0)
    }

    /// One full sweep. Returns how many links changed, or `None` when there was nothing to
    /// watch and no call was made.
    fn sweep<'a>(&'a mut self, ctx: &'a Ctx<S>) -> Work<'a, Option<usize>>;

    /// "Şimdi kontrol et" for `link` (of this provider): asks about it alone where the provider
    /// can answer for one link, else says a full sweep is needed.
    fn refresh_one<'a>(&'a self, ctx: &'a Ctx<S>, link: &'a LinkRecord) -> Work<'a, Refreshed>;
}

/// What is left to do after a link was checked on its own.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refreshed {
    /// Its provider was asked about it (or nothing could be asked): it is as stored now.
    Done,
    /// Only a full sweep of its provider can tell (PayTR's report; an uncertain create found by
    /// our reference in a list).
    NeedsSweep,
}

/// The sweeper for `client`'s provider, with fresh memory. The one place a provider's tracker
/// strategy is registered.
pub(crate) fn sweeper_for<S: TrackerStore>(client: &AnyClient) -> Box<dyn Sweeper<S>> {
    match client.clone() {
        AnyClient::Paynet(c) => Box::new(sweep_paynet::PaynetSweeper::new(c)),
        AnyClient::Paytr(c) => Box::new(sweep_paytr::PaytrSweeper::new(c)),
        AnyClient::Iyzico(c) => Box::new(sweep_iyzico::IyzicoSweeper::new(c)),
    }
}
