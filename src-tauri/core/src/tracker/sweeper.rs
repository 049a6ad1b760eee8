//! The seam between the worker and the providers: every provider's sweep behind one shape — what
//! it watches (for the schedule), one full sweep, and "check this one link now" — so the worker
//! schedules, runs and books each provider the same way without naming any of them. A provider's
//! memory between sweeps (PayTR's report cursor, when iyzico links were last asked for) lives in
//! its variant and goes with its client.

use super::ctx::{Ctx, SweepError};
use super::sweep_iyzico::AskedAt;
use super::sweep_paytr::PaytrCursor;
use super::{sweep_iyzico, sweep_paynet, sweep_paytr, Clients, TrackerStore};
use crate::providers::iyzico::IyzicoClient;
use crate::providers::paynet::PaynetClient;
use crate::providers::paytr::PaytrClient;
use crate::providers::Provider;
use crate::store::{LinkRecord, LinkStatus, StoreError};

pub(crate) enum Sweeper {
    Paynet(PaynetClient),
    Paytr { client: PaytrClient, cursor: PaytrCursor },
    Iyzico { client: IyzicoClient, asked: AskedAt },
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

impl Sweeper {
    /// `provider`'s sweeper, when its client is configured.
    pub fn of(clients: &Clients, provider: Provider) -> Option<Sweeper> {
        match provider {
            Provider::Paynet => clients.paynet.clone().map(Sweeper::Paynet),
            Provider::Paytr => {
                clients.paytr.clone().map(|client| Sweeper::Paytr { client, cursor: PaytrCursor::default() })
            }
            Provider::Iyzico => {
                clients.iyzico.clone().map(|client| Sweeper::Iyzico { client, asked: AskedAt::default() })
            }
        }
    }

    pub fn provider(&self) -> Provider {
        match self {
            Sweeper::Paynet(_) => Provider::Paynet,
            Sweeper::Paytr { .. } => Provider::Paytr,
            Sweeper::Iyzico { .. } => Provider::Iyzico,
        }
    }

    /// The links a sweep looks at; the schedule follows the youngest of them, and none means no
    /// sweep at all.
    pub fn watch_list<S: TrackerStore>(&self, ctx: &Ctx<S>) -> Result<Vec<LinkRecord>, StoreError> {
        match self {
            Sweeper::Paynet(_) => sweep_paynet::watch_list(ctx),
            Sweeper::Paytr { .. } => {
                // Recent payments too: their refunds are in the same report.
                let mut links = ctx.store.waiting(Provider::Paytr)?;
                let since = ctx.now_ms() - sweep_paytr::REFUND_WATCH_MS;
                links.extend(ctx.store.paid_since(Provider::Paytr, since)?);
                Ok(links)
            }
            Sweeper::Iyzico { .. } => sweep_iyzico::watch_list(ctx),
        }
    }

    /// One full sweep. Returns how many links changed, or `None` when there was nothing to
    /// watch and no call was made (iyzico; Paynet and PayTR always report a count).
    pub async fn sweep<S: TrackerStore>(&mut self, ctx: &Ctx<S>) -> Result<Option<usize>, SweepError> {
        match self {
            Sweeper::Paynet(c) => sweep_paynet::sweep(ctx, c).await.map(Some),
            Sweeper::Paytr { client, cursor } => sweep_paytr::sweep(ctx, client, cursor).await.map(Some),
            Sweeper::Iyzico { client, asked } => sweep_iyzico::sweep(ctx, client, asked).await,
        }
    }

    /// "Şimdi kontrol et" for `link` (of this provider): asks about it alone where the provider
    /// can answer for one link, else says a full sweep is needed.
    pub async fn refresh_one<S: TrackerStore>(&self, ctx: &Ctx<S>, link: &LinkRecord) -> Result<Refreshed, SweepError> {
        match (self, link.status) {
            (Sweeper::Paynet(c), LinkStatus::Waiting) => {
                sweep_paynet::check_one(ctx, c, link, None).await?;
                let fresh = ctx.store.get(link.id)?;
                ctx.expire_by_time(std::slice::from_ref(&fresh), &Default::default())?;
                Ok(Refreshed::Done)
            }
            (Sweeper::Iyzico { client, .. }, LinkStatus::Waiting) => {
                sweep_iyzico::check_one(ctx, client, link).await?;
                Ok(Refreshed::Done)
            }
            // Paynet's `detail` by reference gives no id and page: its sweep completes the link.
            // iyzico finds an uncertain create only by our reference in its list.
            (Sweeper::Paynet(_) | Sweeper::Iyzico { .. }, LinkStatus::Unknown) => Ok(Refreshed::NeedsSweep),
            // PayTR has no per-link status call: its sales are in the report.
            (Sweeper::Paytr { .. }, LinkStatus::Waiting) => Ok(Refreshed::NeedsSweep),
            _ => Ok(Refreshed::Done),
        }
    }
}
