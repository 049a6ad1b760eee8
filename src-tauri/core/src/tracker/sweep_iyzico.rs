//! The iyzico sweep. iyzico tells a payment by the link's own `soldCount` (`shared/iyzico.md`
//! §7.1), so every waiting link is settled exactly by its token, with no amount matching: read
//! from the list (100 a page, newest first) while paging is cheaper than asking for each link,
//! then `get` for the links the pages did not show. An uncertain create is found by the
//! `conversationId` our create sent (the link's `local_ref`) on the newest pages.
//!
//! Safe when §10 guesses are wrong: a row we cannot read is skipped; a row without a readable
//! `soldCount`, or a list refused as invalid, leaves the links to `get`; a row without
//! `conversationId` finds no uncertain create (the owner settles it); and a link is only called
//! deleted when iyzico denies it to keys that do know our other links.

use super::ctx::{Ctx, SweepError};
use super::sweeper::{Refreshed, Sweeper, Work};
use super::TrackerStore;
use crate::providers::iyzico::{IyzicoClient, IyzicoError, IyzicoLink, IyzicoToken, LinkStatus as AtIyzico};
use crate::providers::{ErrorKind, Provider, ProviderError};
use crate::store::{LinkRecord, LinkStatus, StoreError};
use crate::Lang;
use std::collections::{HashMap, HashSet};

/// Rows per list page (iyzico's largest, §4.4).
const PAGE: u32 = crate::providers::iyzico::MAX_PAGE_SIZE;
/// A guard against a list that never ends; beyond it, `get` answers for each link.
const MAX_PAGES: u32 = 200;
/// Uncertain creates are looked for on the newest pages only: they are minutes old, and the
/// list is newest first.
const UNKNOWN_PAGES: u32 = 3;
/// An uncertain create not found for this long is no longer looked for (and no longer keeps the
/// tracker polling): the owner settles it from iyzico's panel, as for any provider without a
/// look-up by our reference.
const UNKNOWN_HORIZON_MS: i64 = 3 * 24 * 3600 * 1000;
/// Links paused (cancelled) this recently are read from the list pages the sweep reads for the
/// waiting ones anyway: iyzico's panel can reopen a paused link, and it can then be paid. They
/// cost no call of their own (they neither start a sweep nor make it page further or `get`);
/// one not on a page read stays as it is until its "Yenile".
const PAUSED_HORIZON_MS: i64 = 30 * 24 * 3600 * 1000;

fn provider_error(e: IyzicoError) -> ProviderError {
    e.into_provider_error(Provider::Iyzico)
}

fn token_of(link: &LinkRecord) -> Option<IyzicoToken> {
    link.provider_id.as_deref().and_then(|t| IyzicoToken::parse(t).ok())
}

/// The iyzico sweep's memory between sweeps: when each waiting link was last asked for with
/// `get`. Those never or longest ago asked go first, so a rate limit that stops every sweep after
/// the same number of calls still reaches every link in turn.
#[derive(Debug, Default)]
pub(crate) struct AskedAt {
    tick: u64,
    asked: HashMap<i64, u64>,
}

/// iyzico's tracker strategy and its memory.
pub(crate) struct IyzicoSweeper {
    client: IyzicoClient,
    asked: AskedAt,
}

impl IyzicoSweeper {
    pub fn new(client: IyzicoClient) -> Self {
        IyzicoSweeper { client, asked: AskedAt::default() }
    }
}

impl<S: TrackerStore> Sweeper<S> for IyzicoSweeper {
    fn provider(&self) -> Provider {
        Provider::Iyzico
    }

    fn watch_list(&self, ctx: &Ctx<S>) -> Result<Vec<LinkRecord>, StoreError> {
        watch_list(ctx)
    }

    fn sweep<'a>(&'a mut self, ctx: &'a Ctx<S>) -> Work<'a, Option<usize>> {
        Box::pin(sweep(ctx, &self.client, &mut self.asked))
    }

    fn refresh_one<'a>(&'a self, ctx: &'a Ctx<S>, link: &'a LinkRecord) -> Work<'a, Refreshed> {
        Box::pin(async move {
            match link.status {
                LinkStatus::Waiting => {
                    check_one(ctx, &self.client, link).await?;
                    Ok(Refreshed::Done)
                }
                // An uncertain create is found only by our reference in iyzico's list.
                LinkStatus::Unknown => Ok(Refreshed::NeedsSweep),
                _ => Ok(Refreshed::Done),
            }
        })
    }
}

/// Links the iyzico sweep looks at: waiting ones and recent uncertain creates.
pub(crate) fn watch_list<S: TrackerStore>(ctx: &Ctx<S>) -> Result<Vec<LinkRecord>, StoreError> {
    let mut links = ctx.store.waiting(Provider::Iyzico)?;
    let now = ctx.now_ms();
    links.extend(
        ctx.store
            .unknown(Provider::Iyzico)?
            .into_iter()
            .filter(|l| now.saturating_sub(l.created_at) < UNKNOWN_HORIZON_MS),
    );
    Ok(links)
}

/// Whether to read page `page + 1` after page `page`: while some link is still unseen and the
/// pages left cost no more calls than a `get` for each unseen waiting link (or an uncertain
/// create may still be on the newest pages).
pub(crate) fn keep_paging(page: u32, pages_left: Option<u32>, unseen_waiting: usize, unknown_left: bool) -> bool {
    if pages_left == Some(0) || page >= MAX_PAGES {
        return false;
    }
    let left = pages_left.unwrap_or(1);
    (unknown_left && page < UNKNOWN_PAGES) || (unseen_waiting > 0 && left as usize <= unseen_waiting)
}

/// Pages left after `page`, from what the page says (`pageCount`, else `totalCount`, else a
/// short page is the last); `None` when it says nothing.
fn pages_left(page: u32, p: &crate::providers::iyzico::ListPage) -> Option<u32> {
    let read = p.items.len() + p.skipped;
    if read == 0 {
        return Some(0);
    }
    if let Some(n) = p.page_count {
        return Some(n.saturating_sub(page));
    }
    if let Some(t) = p.total_count {
        let n = u32::try_from(t.div_ceil(u64::from(PAGE))).unwrap_or(u32::MAX);
        return Some(n.saturating_sub(page));
    }
    (read < PAGE as usize).then_some(0)
}

/// One full sweep. Returns how many links changed; `None` when nothing is watched (no call made).
pub(crate) async fn sweep<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &IyzicoClient,
    memory: &mut AskedAt,
) -> Result<Option<usize>, SweepError> {
    let links = watch_list(ctx)?;
    let mut waiting: HashMap<IyzicoToken, &LinkRecord> = HashMap::new();
    let mut unknown: HashMap<&str, &LinkRecord> = HashMap::new();
    for l in &links {
        match (l.status, token_of(l)) {
            (LinkStatus::Waiting, Some(t)) => {
                waiting.insert(t, l);
            }
            (LinkStatus::Waiting, None) => log::warn!("iyzico link {} waits without a usable token; skipped", l.id),
            _ => {
                unknown.insert(l.local_ref.as_str(), l);
            }
        }
    }
    if waiting.is_empty() && unknown.is_empty() {
        return Ok(None);
    }
    let since = ctx.now_ms().saturating_sub(PAUSED_HORIZON_MS);
    let mut paused: HashMap<IyzicoToken, LinkRecord> = ctx
        .store
        .cancelled_since(Provider::Iyzico, since)?
        .into_iter()
        .filter_map(|l| token_of(&l).map(|t| (t, l)))
        .collect();
    let mut changed = 0;
    // Whether these keys know at least one of our links (so "not found" means gone, not "other
    // account").
    let mut known = false;
    let mut page = 1;
    loop {
        let p = match client.list(page, PAGE, Lang::En).await {
            Ok(p) => p,
            // iyzico refuses the list request itself (§10.6 leaves the largest page open): the
            // links are asked for one by one instead of never.
            Err(e) if e.kind == ErrorKind::Validation => {
                log::warn!("iyzico refused its list (code {:?}); asking for each waiting link instead", e.code);
                break;
            }
            Err(e) => return Err(provider_error(e).into()),
        };
        // Whether the list's rows say if they sold (§10.10 leaves open what list rows carry).
        let mut rows_tell = true;
        for item in &p.items {
            if let Some(link) = waiting.get(&item.token).copied() {
                known = true;
                if item.sold_count.is_none() {
                    // Left for `get`, which may say more than the list row.
                    rows_tell = false;
                    continue;
                }
                waiting.remove(&item.token);
                changed += apply(ctx, link, item)?;
            } else if let Some(link) = item.conversation_id.as_deref().and_then(|c| unknown.remove(c.trim())) {
                known = true;
                changed += finish(ctx, link, item)?;
            } else if let Some(link) = paused.remove(&item.token) {
                changed += reopened(ctx, &link, item)?;
            }
        }
        if !rows_tell {
            log::warn!("iyzico's list rows carry no readable soldCount; asking for each waiting link instead");
        }
        let unseen = if rows_tell { waiting.len() } else { 0 };
        if !keep_paging(page, pages_left(page, &p), unseen, !unknown.is_empty()) {
            break;
        }
        page += 1;
    }
    // The rest, one by one: never or longest ago asked first, then oldest first.
    let ids: HashSet<i64> = links.iter().map(|l| l.id).collect();
    memory.asked.retain(|id, _| ids.contains(id));
    let mut rest: Vec<(IyzicoToken, &LinkRecord)> = waiting.into_iter().collect();
    rest.sort_by_key(|(_, l)| (memory.asked.get(&l.id).copied().unwrap_or(0), l.id));
    let mut gone = Vec::new();
    for (token, link) in rest {
        memory.tick += 1;
        memory.asked.insert(link.id, memory.tick);
        match client.get(&token, Lang::En).await {
            Ok(item) => {
                known = true;
                changed += apply(ctx, link, &item)?;
            }
            Err(e) if e.kind == ErrorKind::NotFound => gone.push(link),
            Err(e) => one_failed(link, e)?,
        }
    }
    for link in gone {
        changed += deleted_at_iyzico(ctx, link, known)?;
    }
    let fresh: Vec<LinkRecord> =
        links.iter().filter(|l| l.status == LinkStatus::Waiting).filter_map(|l| ctx.store.get(l.id).ok()).collect();
    changed += ctx.expire_by_time(&fresh, &HashSet::new())?;
    Ok(Some(changed))
}

/// `get` for one waiting link ("Şimdi kontrol et"). Returns how many changed (0/1).
pub(crate) async fn check_one<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &IyzicoClient,
    link: &LinkRecord,
) -> Result<usize, SweepError> {
    let Some(token) = token_of(link) else {
        log::warn!("iyzico link {} waits without a usable token; nothing to ask", link.id);
        return Ok(0);
    };
    let changed = match client.get(&token, Lang::En).await {
        Ok(item) => apply(ctx, link, &item)?,
        // One link alone proves nothing about the account: the sweep decides (see
        // `deleted_at_iyzico`).
        Err(e) if e.kind == ErrorKind::NotFound => {
            log::info!("iyzico does not know link {} now; the next sweep decides", link.id);
            0
        }
        Err(e) => return Err(provider_error(e).into()),
    };
    let fresh = ctx.store.get(link.id)?;
    Ok(changed + ctx.expire_by_time(std::slice::from_ref(&fresh), &HashSet::new())?)
}

/// A failure about one link: the sweep goes on unless the failure is everyone's (keys, network,
/// iyzico down or rate limiting us), which fails the sweep to be retried with backoff.
fn one_failed(link: &LinkRecord, e: IyzicoError) -> Result<(), SweepError> {
    if matches!(
        e.kind,
        ErrorKind::Auth | ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Server | ErrorKind::RateLimited
    ) {
        return Err(provider_error(e).into());
    }
    log::warn!("iyzico get for link {} failed ({:?}, code {:?}); skipped this sweep", link.id, e.kind, e.code);
    Ok(())
}

/// What iyzico's object says about waiting `link`: sold → paid (a payment stands over anything);
/// passive → cancelled (it takes no payment; the owner paused it in iyzico's panel, and it can
/// still turn paid or be reopened); deleted → deleted. Unreadable `soldCount`: no change.
fn apply<S: TrackerStore>(ctx: &Ctx<S>, link: &LinkRecord, item: &IyzicoLink) -> Result<usize, SweepError> {
    let to = match item.sold_count {
        None => {
            log::warn!("iyzico link {}: its soldCount could not be read; left as it is", link.id);
            return Ok(0);
        }
        Some(n) if n >= 1 => LinkStatus::Paid,
        Some(_) => match item.status {
            Some(AtIyzico::Passive) => LinkStatus::Cancelled,
            Some(AtIyzico::Deleted) => LinkStatus::Deleted,
            _ => return Ok(0),
        },
    };
    // iyzico's link object carries no sale time: the payment is dated when it was seen.
    match ctx.change(link, to, None, ctx.now_ms()) {
        Ok(c) => Ok(usize::from(c)),
        // Changed meanwhile (the owner cancelled or deleted it): the next sweep reads it again.
        Err(StoreError::IllegalTransition { .. }) => Ok(0),
        Err(e) => Err(e.into()),
    }
}

/// What iyzico's row says about a link cancelled (paused) here: sold → paid (reopened in the
/// panel and paid); active → waiting again (reopened in the panel); deleted → deleted. Still
/// passive, or a row we cannot read: no change.
fn reopened<S: TrackerStore>(ctx: &Ctx<S>, link: &LinkRecord, item: &IyzicoLink) -> Result<usize, SweepError> {
    let to = match (item.sold_count, &item.status) {
        (Some(n), _) if n >= 1 => LinkStatus::Paid,
        (Some(_), Some(AtIyzico::Active)) => LinkStatus::Waiting,
        (Some(_), Some(AtIyzico::Deleted)) => LinkStatus::Deleted,
        _ => return Ok(0),
    };
    log::info!("iyzico link {} is {to} in iyzico's panel after it was cancelled here", link.id);
    match ctx.change(link, to, None, ctx.now_ms()) {
        Ok(c) => Ok(usize::from(c)),
        // Reopened or deleted by the owner here meanwhile: the next sweep reads it again.
        Err(StoreError::IllegalTransition { .. }) => Ok(0),
        Err(e) => Err(e.into()),
    }
}

/// iyzico says it has no link `link`'s token. Marked deleted only when the same keys showed at
/// least one other of our links this sweep: other keys (a second account, sandbox keys on the
/// live host) would deny every link, and "deleted" is final.
fn deleted_at_iyzico<S: TrackerStore>(ctx: &Ctx<S>, link: &LinkRecord, known: bool) -> Result<usize, SweepError> {
    if !known {
        log::warn!("iyzico does not know waiting link {}, nor any other of ours: left as it is", link.id);
        return Ok(0);
    }
    log::info!("iyzico no longer has link {}: marked deleted", link.id);
    match ctx.change(link, LinkStatus::Deleted, None, ctx.now_ms()) {
        Ok(c) => Ok(usize::from(c)),
        Err(StoreError::IllegalTransition { .. }) => Ok(0),
        Err(e) => Err(e.into()),
    }
}

/// An uncertain create found in the list by our reference: completed with its token and page,
/// then given the row's status (it may already be paid).
fn finish<S: TrackerStore>(ctx: &Ctx<S>, link: &LinkRecord, item: &IyzicoLink) -> Result<usize, SweepError> {
    let Some(url) = item.url.as_deref().filter(|u| !u.trim().is_empty()) else {
        log::warn!("iyzico has uncertain link {} but its row has no url; left uncertain", link.id);
        return Ok(0);
    };
    let after = match ctx.store.finish_create(link.id, &item.token.0, url.trim(), None) {
        Ok(after) => after,
        // Completed meanwhile (the link service, another process): leave it.
        Err(StoreError::IllegalTransition { .. }) => return Ok(0),
        Err(StoreError::DuplicateProviderId { .. }) => {
            log::warn!("the iyzico token found for uncertain link {} already belongs to another link", link.id);
            return Ok(0);
        }
        Err(e) => return Err(e.into()),
    };
    log::info!("uncertain iyzico link {} found by its reference", link.id);
    ctx.announce(link.status, &after);
    Ok(1.max(apply(ctx, &after, item)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_while_cheaper_than_a_get_per_unseen_link() {
        // 1,000 waiting links on 10 pages: read them all (10 calls, not 1,000).
        assert!(keep_paging(1, Some(9), 990, false));
        // 3 old links somewhere in 100 pages: 3 gets instead.
        assert!(!keep_paging(1, Some(99), 3, false));
        // Everyone seen, or the end: stop.
        assert!(!keep_paging(1, Some(5), 0, false));
        assert!(!keep_paging(4, Some(0), 10, true));
        // An uncertain create is looked for on the newest pages only.
        assert!(keep_paging(1, Some(50), 0, true));
        assert!(!keep_paging(UNKNOWN_PAGES, Some(50), 0, true));
        // A page that says nothing about what follows counts as one more page.
        assert!(keep_paging(1, None, 1, false));
        assert!(!keep_paging(MAX_PAGES, None, 1_000_000, false), "bounded");
    }
}
