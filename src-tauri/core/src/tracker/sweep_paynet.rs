//! The Paynet sweep: `mailorder/list` (paged) over the days of the watched links, `detail` for
//! the rest, `transaction/check` before a link is called paid; uncertain creates reconciled by
//! `reference_no` with `detail`, the list only giving them their id and page.

use super::ctx::{Ctx, SweepError};
use super::paynet_plan::{self, Settled, WaitingPaynet};
use super::sweeper::{Refreshed, Sweeper, Work};
use super::TrackerStore;
use crate::providers::paynet::{
    LinkDetail, LinkRef, ListQuery, ListRow, PaynetClient, PaynetLinkId, PaynetStatus, TxRef,
};
use crate::providers::{ErrorKind, Provider};
use crate::store::{LinkRecord, LinkStatus, StoreError};
use std::collections::{HashMap, HashSet};

/// Rows per `mailorder/list` page (the sandbox's and, as far as known, Paynet's maximum).
const PAGE: u32 = 100;
/// A guard against a server that always says `has_more`.
const MAX_PAGES: usize = 1000;

fn watched(link: &LinkRecord) -> WaitingPaynet {
    WaitingPaynet {
        link_id: link.id,
        local_ref: link.local_ref.clone(),
        provider_id: link.provider_id.clone(),
        created_at_ms: link.created_at,
        expires_at_ms: link.expires_at,
        unknown: link.status == LinkStatus::Unknown,
    }
}

/// Paynet's tracker strategy.
pub(crate) struct PaynetSweeper(PaynetClient);

impl PaynetSweeper {
    pub fn new(client: PaynetClient) -> Self {
        PaynetSweeper(client)
    }
}

impl<S: TrackerStore> Sweeper<S> for PaynetSweeper {
    fn provider(&self) -> Provider {
        Provider::Paynet
    }

    fn watch_list(&self, ctx: &Ctx<S>) -> Result<Vec<LinkRecord>, StoreError> {
        watch_list(ctx)
    }

    fn sweep<'a>(&'a mut self, ctx: &'a Ctx<S>) -> Work<'a, Option<usize>> {
        Box::pin(async move { sweep(ctx, &self.0).await.map(Some) })
    }

    fn refresh_one<'a>(&'a self, ctx: &'a Ctx<S>, link: &'a LinkRecord) -> Work<'a, Refreshed> {
        Box::pin(async move {
            match link.status {
                LinkStatus::Waiting => {
                    check_one(ctx, &self.0, link, None).await?;
                    let fresh = ctx.store.get(link.id)?;
                    ctx.expire_by_time(std::slice::from_ref(&fresh), &Default::default())?;
                    Ok(Refreshed::Done)
                }
                // `detail` by reference gives no id and page: the sweep completes the link.
                LinkStatus::Unknown => Ok(Refreshed::NeedsSweep),
                _ => Ok(Refreshed::Done),
            }
        })
    }
}

/// Links the Paynet sweep looks at: waiting ones and uncertain creates.
pub(crate) fn watch_list<S: TrackerStore>(ctx: &Ctx<S>) -> Result<Vec<LinkRecord>, StoreError> {
    let mut links = ctx.store.waiting(Provider::Paynet)?;
    links.extend(ctx.store.unknown(Provider::Paynet)?);
    Ok(links)
}

/// One full sweep. Returns how many links changed.
pub(crate) async fn sweep<S: TrackerStore>(ctx: &Ctx<S>, client: &PaynetClient) -> Result<usize, SweepError> {
    let links = watch_list(ctx)?;
    let watch: Vec<WaitingPaynet> = links.iter().map(watched).collect();
    let Some((from, to)) = paynet_plan::plan(&watch, ctx.now_ms()) else {
        return Ok(0);
    };
    let mut rows = Vec::new();
    // Whether `rows` holds every link of the range (else an uncertain create reads its own).
    let mut complete = false;
    for _ in 0..MAX_PAGES {
        let page = client.list(&ListQuery { from, to, limit: PAGE, starting_after: Some(rows.len() as u64) }).await?;
        let got = page.rows.len();
        rows.extend(page.rows);
        if !page.has_more {
            complete = true;
            break;
        }
        if got == 0 {
            return Err(crate::providers::ProviderError::new(
                Provider::Paynet,
                ErrorKind::Protocol,
                "Paynet's list says there are more rows but sent an empty page",
            )
            .into());
        }
        // Many old links in the range but few of ours left: `detail` each is cheaper.
        let left = page.total.map(|t| t.saturating_sub(rows.len() as u64).div_ceil(u64::from(PAGE))).unwrap_or(1);
        let (settled, _) = paynet_plan::settle(&rows, &watch);
        if !paynet_plan::keep_paging(left, watch.len() - settled.len()) {
            break;
        }
    }
    let (settled, needs_detail) = paynet_plan::settle(&rows, &watch);
    let by_id: HashMap<i64, &LinkRecord> = links.iter().map(|l| (l.id, l)).collect();
    let mut changed = 0;
    let mut touched = HashSet::new();
    for s in &settled {
        if let Some(link) = by_id.get(&s.link_id) {
            changed += apply(ctx, client, link, s).await?;
            touched.insert(link.id);
        }
    }
    for id in needs_detail {
        if let Some(link) = by_id.get(&id) {
            changed += check_one(ctx, client, link, complete.then_some(rows.as_slice())).await?;
            touched.insert(id);
        }
    }
    // Only links the provider still calls waiting are left to expire by time.
    let fresh: Vec<LinkRecord> = links.iter().filter_map(|l| ctx.store.get(l.id).ok()).collect();
    changed += ctx.expire_by_time(&fresh, &HashSet::new())?;
    Ok(changed)
}

/// `detail` for one link, then the same handling as a list row. An uncertain create is asked
/// for by our `reference_no` only; `rows` (the list of its days, when already read) may give it
/// its id and page. Returns how many changed (0/1).
pub(crate) async fn check_one<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &PaynetClient,
    link: &LinkRecord,
    rows: Option<&[ListRow]>,
) -> Result<usize, SweepError> {
    let unknown = link.status == LinkStatus::Unknown;
    let r = match link.provider_id.as_deref().map(str::trim).filter(|s| !s.is_empty() && !unknown) {
        Some(id) => LinkRef::Id(PaynetLinkId(id.to_string())),
        None => LinkRef::Reference(link.local_ref.clone()),
    };
    match client.detail(&r).await {
        Ok(d) if unknown => reconcile(ctx, client, link, d, rows).await,
        Ok(d) => {
            let s = Settled { link_id: link.id, status: d.status, xact_id: d.xact_id, found: None };
            apply(ctx, client, link, &s).await
        }
        Err(e) if e.kind == ErrorKind::NotFound && unknown => {
            let age = ctx.now_ms().saturating_sub(link.created_at);
            if age > i64::try_from(ctx.config.unknown_grace.as_millis()).unwrap_or(i64::MAX) {
                let after =
                    ctx.store.mark_failed(link.id, "Paynet has no link with this reference: it was never created")?;
                ctx.announce(link.status, &after);
                return Ok(1);
            }
            Ok(0)
        }
        Err(e) if e.kind == ErrorKind::NotFound => {
            log::warn!("Paynet no longer knows waiting link {}", link.id);
            Ok(0)
        }
        Err(e) => Err(e.into()),
    }
}

/// An uncertain create that `detail` says exists: completed with its id and page, then given
/// `detail`'s status. Without an id and page it stays unknown.
async fn reconcile<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &PaynetClient,
    link: &LinkRecord,
    d: LinkDetail,
    rows: Option<&[ListRow]>,
) -> Result<usize, SweepError> {
    let others = watch_list(ctx)?;
    let taken: Vec<&str> = others.iter().filter(|l| l.id != link.id).filter_map(|l| l.provider_id.as_deref()).collect();
    let mut found = paynet_plan::locate(&d, &link.local_ref, link.amount_minor, rows.unwrap_or(&[]), &taken);
    if found.is_none() && rows.is_none() {
        // Paynet filters the list by creation day; a day either side covers clock and zone drift.
        let day = |ms: i64| {
            chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms).map(|t| crate::time::to_istanbul(t).date())
        };
        if let (Some(created), Some(today)) = (day(link.created_at), day(ctx.now_ms())) {
            let from = created.pred_opt().unwrap_or(created);
            let to = today.max(created).succ_opt().unwrap_or(today);
            let rows = client.list_all(from, to).await?;
            found = paynet_plan::locate(&d, &link.local_ref, link.amount_minor, &rows, &taken);
        }
    }
    let Some(found) = found else {
        log::info!("Paynet has uncertain link {} but no row gives its id and page yet", link.id);
        return Ok(0);
    };
    let s = Settled { link_id: link.id, status: d.status, xact_id: d.xact_id, found: Some(found) };
    apply(ctx, client, link, &s).await
}

/// Records what Paynet said about `link`. "Paid" only after `transaction/check` shows a
/// successful card transaction; until then the link stays as it is.
async fn apply<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &PaynetClient,
    link: &LinkRecord,
    s: &Settled,
) -> Result<usize, SweepError> {
    let mut link = link.clone();
    let mut changed = 0;
    if let Some(found) = &s.found {
        match ctx.store.finish_create(link.id, &found.provider_id, &found.url, found.expires_at_ms) {
            Ok(after) => {
                ctx.announce(link.status, &after);
                link = after;
                changed = 1;
            }
            // Completed meanwhile, or the id is already another link's: leave it as it is.
            Err(StoreError::IllegalTransition { .. }) => return Ok(0),
            Err(StoreError::DuplicateProviderId { .. }) => {
                log::warn!("Paynet id found for uncertain link {} already belongs to another link", link.id);
                return Ok(0);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let to = match s.status {
        PaynetStatus::Paid => LinkStatus::Paid,
        PaynetStatus::Expired => LinkStatus::Expired,
        PaynetStatus::Passive => LinkStatus::Cancelled,
        // An uncertain create that exists but could not be completed (no id/page) stays unknown.
        PaynetStatus::Waiting | PaynetStatus::Unknown(_) => return Ok(changed),
    };
    let (payment_ref, at, tx) = if to == LinkStatus::Paid {
        match confirm(client, &link, s.xact_id.as_deref()).await? {
            Some(tx) => (Some(tx.xact_id.clone()), tx.at_ms.unwrap_or_else(|| ctx.now_ms()), Some(tx)),
            None => {
                log::info!("Paynet lists link {} as paid but shows no successful transaction yet", link.id);
                return Ok(changed);
            }
        }
    } else {
        (None, ctx.now_ms(), None)
    };
    match ctx.change(&link, to, payment_ref.as_deref(), at) {
        Ok(c) => {
            // The net and the charge are for the day report only: failing to keep them never
            // undoes the payment.
            if let (true, Some(tx)) = (c, tx) {
                if let Some(net) = tx.net_minor {
                    if let Err(e) = ctx.store.record_net(link.id, net) {
                        log::warn!("could not keep Paynet's net amount for link {}: {}", link.id, e.code());
                    }
                }
                // `amount` is what the card was charged: beyond the link's amount, a surcharge.
                let surcharge = (tx.charged_minor - link.amount_minor).max(0);
                if let Err(e) = ctx.store.record_charge(link.id, surcharge, tx.installments) {
                    log::warn!("could not keep Paynet's charge for link {}: {}", link.id, e.code());
                }
            }
            Ok(changed.max(usize::from(c)))
        }
        Err(StoreError::IllegalTransition { .. }) => Ok(changed),
        Err(e) => Err(e.into()),
    }
}

/// What `transaction/check` says of the payment behind a paid link.
struct Confirmed {
    xact_id: String,
    /// When it was made (Unix ms).
    at_ms: Option<i64>,
    /// `amount`: what the card was charged.
    charged_minor: i64,
    /// `netAmount`: what Paynet pays out.
    net_minor: Option<i64>,
    /// `instalment`, when more than one.
    installments: Option<u32>,
}

/// The successful transaction behind a paid link, by our reference first, then by the
/// `xact_id` Paynet gave.
async fn confirm(
    client: &PaynetClient,
    link: &LinkRecord,
    xact_id: Option<&str>,
) -> Result<Option<Confirmed>, SweepError> {
    let mut refs = vec![TxRef::Reference(link.local_ref.clone())];
    refs.extend(xact_id.map(|x| TxRef::XactId(x.to_string())));
    for r in refs {
        let txs = client.check_transaction(&r).await?;
        if let Some(t) = txs.iter().rev().find(|t| t.is_succeed) {
            return Ok(Some(Confirmed {
                xact_id: t.xact_id.clone(),
                at_ms: t.xact_date.map(|d| crate::time::from_istanbul(d).timestamp_millis()),
                charged_minor: t.amount_minor,
                net_minor: t.net_minor,
                installments: t.installments.filter(|&n| n > 1),
            }));
        }
    }
    Ok(None)
}
