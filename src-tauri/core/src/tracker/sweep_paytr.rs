//! The PayTR sweep. PayTR has no status call for a link: sales are read from
//! `rapor/islem-dokumu` (≤3-day windows over the waiting links' lifetimes), matched to links by
//! [`super::paytr_match`], confirmed with `durum-sorgu`, and only then recorded. Refund rows
//! (`islem_tipi` `I`) of sales that paid our links are recorded on those links; the report is
//! read on for them for [`REFUND_WATCH_MS`] after a payment, even when nothing waits.

use super::ctx::{Ctx, SweepError};
use super::paytr_match::{self, Fit, SaleOutcome, SeenSale, WaitingPaytr};
use super::paytr_refunds::{is_refund, record_refunds};
use super::store_api::{SaleEntry, SaleState};
use super::sweeper::{Refreshed, Sweeper, Work};
use super::{TrackerError, TrackerEvent, TrackerStore};
use crate::providers::paytr::{PaytrClient, ReportRow};
use crate::providers::{ErrorKind, Provider};
use crate::store::{LinkRecord, LinkStatus, StoreError};
use crate::time::to_istanbul;
use chrono::{DateTime, Duration as ChronoDuration, NaiveDateTime, Utc};
use std::collections::{HashMap, HashSet};

/// A new sweep re-reads this much before where the last one ended (rows may reach the report a
/// little late; rows already kept are recognised by their `siparis_no`).
const OVERLAP_MINUTES: i64 = 120;
/// Clock skew allowed at the start of a link's life.
const SKEW_MINUTES: i64 = 5;
/// How long after a payment PayTR's report is still read for its refunds.
pub(crate) const REFUND_WATCH_MS: i64 = 14 * 24 * 3600 * 1000;

/// PayTR's tracker strategy and its report cursor.
pub(crate) struct PaytrSweeper {
    client: PaytrClient,
    cursor: PaytrCursor,
}

impl PaytrSweeper {
    pub fn new(client: PaytrClient) -> Self {
        PaytrSweeper { client, cursor: PaytrCursor::default() }
    }
}

impl<S: TrackerStore> Sweeper<S> for PaytrSweeper {
    fn provider(&self) -> Provider {
        Provider::Paytr
    }

    fn watch_list(&self, ctx: &Ctx<S>) -> Result<Vec<LinkRecord>, StoreError> {
        ctx.store.waiting(Provider::Paytr)
    }

    // Recent payments too: their refunds are in the same report.
    fn watched_payments(&self, ctx: &Ctx<S>) -> Result<u64, StoreError> {
        Ok(ctx.store.paid_watch(Provider::Paytr, ctx.now_ms() - REFUND_WATCH_MS)?.count)
    }

    fn sweep<'a>(&'a mut self, ctx: &'a Ctx<S>) -> Work<'a, Option<usize>> {
        Box::pin(async move { sweep(ctx, &self.client, &mut self.cursor).await.map(Some) })
    }

    fn refresh_one<'a>(&'a self, _: &'a Ctx<S>, link: &'a LinkRecord) -> Work<'a, Refreshed> {
        // PayTR has no per-link status call: its sales are in the report.
        let left = if link.status == LinkStatus::Waiting { Refreshed::NeedsSweep } else { Refreshed::Done };
        Box::pin(std::future::ready(Ok(left)))
    }
}

pub(crate) fn waiting(link: &LinkRecord) -> WaitingPaytr {
    WaitingPaytr::of(link)
}

fn local(ms: i64) -> Option<NaiveDateTime> {
    DateTime::<Utc>::from_timestamp_millis(ms).map(to_istanbul)
}

fn entry(row: &ReportRow, state: SaleState, candidates: Vec<i64>, first_seen: i64) -> SaleEntry {
    SaleEntry {
        merchant_oid: row.merchant_oid.trim().to_string(),
        state,
        link_id: None,
        candidates,
        amount_minor: row.amount_minor,
        paid_minor: row.paid_minor,
        currency: row.currency.clone(),
        installments: row.installments,
        sale_date: row.date,
        sale_time: row.time,
        first_seen_at: first_seen,
        net_minor: row.net_minor,
    }
}

fn row_of(e: &SaleEntry) -> ReportRow {
    ReportRow {
        kind: "S".into(),
        merchant_oid: e.merchant_oid.clone(),
        amount_minor: e.amount_minor,
        paid_minor: e.paid_minor,
        currency: e.currency.clone(),
        installments: e.installments,
        date: e.sale_date,
        time: e.sale_time,
        net_minor: e.net_minor,
    }
}

/// The first wait before a sale whose `durum-sorgu` failed is asked again; it doubles per
/// failure up to [`RETRY_MAX_MS`].
const RETRY_FIRST_MS: i64 = 60_000;
const RETRY_MAX_MS: i64 = 60 * 60_000;

/// The tracker's PayTR memory between sweeps: where the last successful report read ended, and
/// the sales whose status inquiry failed (merchant_oid → failures so far, next try in Unix ms).
#[derive(Debug, Default)]
pub(crate) struct PaytrCursor {
    pub read_until: Option<NaiveDateTime>,
    pub retry: HashMap<String, (u32, i64)>,
}

impl PaytrCursor {
    fn due(&self, oid: &str, now_ms: i64) -> bool {
        self.retry.get(oid).is_none_or(|(_, next)| *next <= now_ms)
    }

    fn failed(&mut self, oid: &str, now_ms: i64) -> i64 {
        let tries = self.retry.get(oid).map_or(0, |(n, _)| *n);
        let wait = RETRY_FIRST_MS.saturating_mul(1 << tries.min(10)).min(RETRY_MAX_MS);
        self.retry.insert(oid.to_string(), (tries + 1, now_ms + wait));
        wait
    }
}

/// One full sweep. Returns how many links changed.
pub(crate) async fn sweep<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &PaytrClient,
    cursor: &mut PaytrCursor,
) -> Result<usize, SweepError> {
    let mut changed = repair(ctx)?;
    let links = ctx.store.waiting(Provider::Paytr)?;
    let now_ms = ctx.now_ms();
    let paid = ctx.store.paid_watch(Provider::Paytr, now_ms - REFUND_WATCH_MS)?;
    // From the oldest waiting link's creation, or the oldest watched payment (its refunds).
    let oldest = links.iter().map(|l| l.created_at).chain(paid.oldest_paid_at).min();
    let Some(oldest) = oldest else {
        return Ok(changed);
    };
    let now = to_istanbul(ctx.now());
    let start = local(oldest)
        .and_then(|t| t.checked_sub_signed(ChronoDuration::minutes(SKEW_MINUTES)))
        .ok_or_else(|| StoreError::Corrupt(format!("link time {oldest} out of range")))?;
    let from = match cursor.read_until.and_then(|r| r.checked_sub_signed(ChronoDuration::minutes(OVERLAP_MINUTES))) {
        Some(r) => start.max(r),
        None => start,
    };
    let (refunds, rows): (Vec<ReportRow>, Vec<ReportRow>) =
        client.transactions(from.min(now), now).await?.into_iter().partition(is_refund);
    if links.is_empty() {
        changed += record_refunds(ctx, &refunds)?;
        cursor.read_until = Some(now);
        return Ok(changed);
    }
    let kept: HashMap<String, SaleEntry> =
        ctx.store.sales_since(start.date())?.into_iter().map(|e| (e.merchant_oid.clone(), e)).collect();
    let settled: HashSet<String> =
        kept.values().filter(|e| e.state.is_settled()).map(|e| e.merchant_oid.clone()).collect();
    // Sales kept from earlier sweeps come with their first-seen time; new rows are seen now.
    let mut sales: Vec<SeenSale> = kept
        .values()
        .filter(|e| e.state == SaleState::Unmatched)
        .map(|e| SeenSale { row: row_of(e), first_seen_ms: e.first_seen_at })
        .collect();
    sales.extend(
        rows.iter()
            .filter(|r| !kept.contains_key(r.merchant_oid.trim()))
            .map(|r| SeenSale { row: r.clone(), first_seen_ms: now_ms }),
    );
    let waiting: Vec<WaitingPaytr> = links.iter().map(waiting).collect();
    let by_id: HashMap<i64, &LinkRecord> = links.iter().map(|l| (l.id, l)).collect();
    let by_oid: HashMap<&str, &SeenSale> = sales.iter().map(|s| (s.row.merchant_oid.trim(), s)).collect();
    let ask_always = ctx.store.paytr_sells_elsewhere()?;
    let mut paid = HashSet::new();
    for outcome in paytr_match::match_sales(&waiting, &sales, &settled, ask_always) {
        let oid = outcome.oid().to_string();
        let Some(sale) = by_oid.get(oid.as_str()) else { continue };
        let first_seen = kept.get(&oid).map_or(sale.first_seen_ms, |e| e.first_seen_at);
        let (ids, alone) = match outcome {
            SaleOutcome::Unmatched { .. } => {
                ctx.store.put_sale(&entry(&sale.row, SaleState::Unmatched, vec![], first_seen))?;
                continue;
            }
            SaleOutcome::Attributed { link, .. } => (vec![link], true),
            SaleOutcome::Ambiguous { candidates, .. } => (candidates, false),
        };
        let candidates: Vec<&LinkRecord> = ids.iter().filter_map(|id| by_id.get(id).copied()).collect();
        if !cursor.due(&oid, now_ms) {
            // Its status inquiry failed lately: it waits (kept as unmatched) for its next try.
            ctx.store.put_sale(&entry(&sale.row, SaleState::Unmatched, vec![], first_seen))?;
            continue;
        }
        if let Some(id) = decide(ctx, client, cursor, &sale.row, &candidates, alone, first_seen).await? {
            paid.insert(id);
            changed += 1;
        }
    }
    // After the sales: a sale paid and refunded between two reads is first attributed.
    changed += record_refunds(ctx, &refunds)?;
    cursor.read_until = Some(now);
    let fresh: Vec<LinkRecord> =
        links.iter().filter(|l| !paid.contains(&l.id)).filter_map(|l| ctx.store.get(l.id).ok()).collect();
    changed += ctx.expire_by_time(&fresh, &paid)?;
    Ok(changed)
}

/// Confirms the sale with `durum-sorgu` and keeps the candidates PayTR's amounts agree with.
/// One exact fit of a sale that may be `alone` attributed: attributed (returns the link). Any
/// other fit: the owner is asked. None: dismissed — only on PayTR's own answer.
/// A failed inquiry (PayTR answers `failed`, an error, or nothing usable) leaves the sale
/// waiting for a later try with backoff; the sweep goes on with the other sales.
#[allow(clippy::too_many_arguments)]
async fn decide<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &PaytrClient,
    cursor: &mut PaytrCursor,
    row: &ReportRow,
    candidates: &[&LinkRecord],
    alone: bool,
    first_seen: i64,
) -> Result<Option<i64>, SweepError> {
    let oid = row.merchant_oid.trim();
    let status = match client.payment_status(oid).await {
        Ok(s) => s,
        // PayTR itself says it knows no successful payment by this id.
        Err(e) if e.kind == ErrorKind::NotFound && e.error_type.is_some() => {
            ctx.store.put_sale(&entry(row, SaleState::Dismissed, vec![], first_seen))?;
            cursor.retry.remove(oid);
            return Ok(None);
        }
        // Wrong credentials, or PayTR unreachable: every inquiry would fail, so the sweep
        // fails and is retried as a whole (nothing was changed on its account).
        Err(e)
            if e.kind == ErrorKind::Auth
                || matches!(e.kind, ErrorKind::Network | ErrorKind::Timeout)
                || (e.kind == ErrorKind::Server && e.error_type.is_none()) =>
        {
            return Err(e.into())
        }
        // PayTR answered about this one sale (`failed`, an error, an unreadable answer) or we
        // could not ask about it: it waits with backoff, the other sales go on.
        Err(e) => {
            let wait = cursor.failed(oid, ctx.now_ms());
            log::warn!("PayTR durum-sorgu for a sale failed ({:?}); asked again in {} s", e.kind, wait / 1000);
            ctx.store.put_sale(&entry(row, SaleState::Unmatched, vec![], first_seen))?;
            return Ok(None);
        }
    };
    cursor.retry.remove(oid);
    let fitting: Vec<(&LinkRecord, Fit)> = candidates
        .iter()
        .copied()
        .filter_map(|l| paytr_match::confirms(&status, &waiting(l)).map(|f| (l, f)))
        .collect();
    let fits: Vec<&LinkRecord> = fitting.iter().map(|(l, _)| *l).collect();
    // Asked even when one link is left, unless it is one exact fit of a sale that may be
    // attributed alone (a looser fit, or a store that sells elsewhere too, always asks).
    let ask = !(alone && matches!(fitting.as_slice(), [(_, Fit::Exact)]));
    let at = status
        .payment_date
        .as_deref()
        .and_then(|d| crate::time::parse_date_time(d, &["%Y-%m-%d %H:%M:%S"]))
        .map_or_else(|| ctx.now_ms(), |d| crate::time::from_istanbul(d).timestamp_millis());
    match fits.as_slice() {
        [] => {
            ctx.store.put_sale(&entry(row, SaleState::Dismissed, vec![], first_seen))?;
            Ok(None)
        }
        [one] if !ask => {
            ctx.store.put_sale(&entry(row, SaleState::Unmatched, vec![], first_seen))?;
            match ctx.store.attribute_sale(oid, one.id, at) {
                Ok(after) => {
                    ctx.announce(one.status, &after);
                    Ok(Some(one.id))
                }
                Err(StoreError::IllegalTransition { .. }) => Ok(None),
                Err(e) => Err(e.into()),
            }
        }
        several => {
            let ids: Vec<i64> = several.iter().map(|l| l.id).collect();
            ctx.store.put_sale(&entry(row, SaleState::Ambiguous, ids.clone(), first_seen))?;
            ctx.emit(TrackerEvent::AmbiguousSale {
                oid: oid.to_string(),
                amount_minor: row.amount_minor,
                paid_minor: row.paid_minor,
                currency: row.currency.clone(),
                candidates: ids,
            });
            Ok(None)
        }
    }
}

/// Finishes attributions a crash cut in half (sale recorded, link not yet marked paid).
fn repair<S: TrackerStore>(ctx: &Ctx<S>) -> Result<usize, StoreError> {
    let mut n = 0;
    for (oid, link_id) in ctx.store.unfinished_attributions()? {
        let link = ctx.store.get(link_id)?;
        if ctx.change(&link, LinkStatus::Paid, Some(&oid), ctx.now_ms())? {
            n += 1;
        }
    }
    Ok(n)
}

/// The owner picked `link_id` for the ambiguous sale `oid`. Then any other ambiguous sale left
/// with a single waiting candidate is settled the same way (two same-price links, two sales).
pub(crate) async fn resolve<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &PaytrClient,
    oid: &str,
    link_id: i64,
) -> Result<LinkRecord, TrackerError> {
    let sale = ctx
        .store
        .sale(oid)?
        .filter(|s| s.state == SaleState::Ambiguous)
        .ok_or_else(|| TrackerError::NoSuchPendingSale(oid.into()))?;
    if !sale.candidates.contains(&link_id) {
        return Err(TrackerError::NotACandidate { oid: oid.into(), link_id });
    }
    let link = ctx.store.get(link_id)?;
    let status = client.payment_status(oid).await?;
    if paytr_match::confirms(&status, &waiting(&link)).is_none() {
        return Err(TrackerError::NotConfirmed { oid: oid.into(), link_id });
    }
    let after = ctx.store.attribute_sale(oid, link_id, ctx.now_ms())?;
    ctx.announce(link.status, &after);
    if ctx.store.paytr_sells_elsewhere()? {
        // Every sale is the owner's to confirm.
        return Ok(after);
    }
    for other in ctx.store.ambiguous_sales()? {
        let open: Vec<LinkRecord> = other
            .candidates
            .iter()
            .filter_map(|id| ctx.store.get(*id).ok())
            .filter(|l| l.status == LinkStatus::Waiting)
            .collect();
        if let [only] = open.as_slice() {
            if paytr_match::fit_link(other.amount_minor, other.paid_minor, &waiting(only)) != Some(Fit::Exact) {
                continue;
            }
            // Both were confirmed by PayTR as fitting when the sale was first seen, and the order
            // amount is this link's price exactly (a looser fit, a flex amount or a quantity
            // stays the owner's to pick).
            if let Ok(done) = ctx.store.attribute_sale(&other.merchant_oid, only.id, ctx.now_ms()) {
                ctx.announce(only.status, &done);
            }
        }
    }
    Ok(after)
}

/// The owner says the ambiguous sale paid none of its candidates.
pub(crate) fn dismiss<S: TrackerStore>(ctx: &Ctx<S>, oid: &str) -> Result<(), TrackerError> {
    let mut sale = ctx
        .store
        .sale(oid)?
        .filter(|s| s.state == SaleState::Ambiguous)
        .ok_or_else(|| TrackerError::NoSuchPendingSale(oid.into()))?;
    sale.state = SaleState::Dismissed;
    sale.candidates.clear();
    ctx.store.put_sale(&sale)?;
    Ok(())
}
