//! The PayTR sweep. PayTR has no status call for a link: sales are read from
//! `rapor/islem-dokumu` (≤3-day windows over the waiting links' lifetimes), matched to links by
//! [`super::paytr_match`], confirmed with `durum-sorgu`, and only then recorded.

use super::ctx::{Ctx, SweepError};
use super::paytr_match::{self, SaleOutcome, SeenSale, WaitingPaytr};
use super::store_api::{SaleEntry, SaleState};
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

pub(crate) fn waiting(link: &LinkRecord) -> WaitingPaytr {
    WaitingPaytr {
        link_id: link.id,
        price_minor: link.amount_minor,
        currency: link.currency,
        created_at_ms: link.created_at,
        expires_at_ms: link.expires_at,
    }
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
    }
}

/// The tracker's PayTR memory between sweeps: where the last successful report read ended.
#[derive(Debug, Default)]
pub(crate) struct PaytrCursor {
    pub read_until: Option<NaiveDateTime>,
}

/// One full sweep. Returns how many links changed.
pub(crate) async fn sweep<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &PaytrClient,
    cursor: &mut PaytrCursor,
) -> Result<usize, SweepError> {
    let mut changed = repair(ctx)?;
    let links = ctx.store.waiting(Provider::Paytr)?;
    let Some(oldest) = links.iter().map(|l| l.created_at).min() else {
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
    let rows = client.transactions(from.min(now), now).await?;
    let kept: HashMap<String, SaleEntry> =
        ctx.store.sales_since(start.date())?.into_iter().map(|e| (e.merchant_oid.clone(), e)).collect();
    let settled: HashSet<String> =
        kept.values().filter(|e| e.state.is_settled()).map(|e| e.merchant_oid.clone()).collect();
    let now_ms = ctx.now_ms();
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
    let mut paid = HashSet::new();
    for outcome in paytr_match::match_sales(&waiting, &sales, &settled) {
        let Some(sale) = by_oid.get(outcome.oid()) else { continue };
        let first_seen = kept.get(outcome.oid()).map_or(sale.first_seen_ms, |e| e.first_seen_at);
        match outcome {
            SaleOutcome::Unmatched { .. } => {
                ctx.store.put_sale(&entry(&sale.row, SaleState::Unmatched, vec![], first_seen))?
            }
            SaleOutcome::Attributed { link, .. } => {
                let candidates: Vec<&LinkRecord> = by_id.get(&link).copied().into_iter().collect();
                if let Some(id) = decide(ctx, client, &sale.row, &candidates, first_seen).await? {
                    paid.insert(id);
                    changed += 1;
                }
            }
            SaleOutcome::Ambiguous { candidates, .. } => {
                let candidates: Vec<&LinkRecord> = candidates.iter().filter_map(|id| by_id.get(id).copied()).collect();
                if let Some(id) = decide(ctx, client, &sale.row, &candidates, first_seen).await? {
                    paid.insert(id);
                    changed += 1;
                }
            }
        }
    }
    cursor.read_until = Some(now);
    let fresh: Vec<LinkRecord> =
        links.iter().filter(|l| !paid.contains(&l.id)).filter_map(|l| ctx.store.get(l.id).ok()).collect();
    changed += ctx.expire_by_time(&fresh, &paid)?;
    Ok(changed)
}

/// Confirms the sale with `durum-sorgu` and keeps the candidates PayTR's amounts agree with.
/// One left: attributed (returns the link). Several: the owner is asked. None: dismissed.
async fn decide<S: TrackerStore>(
    ctx: &Ctx<S>,
    client: &PaytrClient,
    row: &ReportRow,
    candidates: &[&LinkRecord],
    first_seen: i64,
) -> Result<Option<i64>, SweepError> {
    let oid = row.merchant_oid.trim();
    let status = match client.payment_status(oid).await {
        Ok(s) => s,
        // PayTR knows no successful payment by this id (or the id is not one it accepts).
        Err(e) if matches!(e.kind, ErrorKind::NotFound | ErrorKind::Validation) => {
            ctx.store.put_sale(&entry(row, SaleState::Dismissed, vec![], first_seen))?;
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let fits: Vec<&LinkRecord> =
        candidates.iter().copied().filter(|l| paytr_match::confirms(&status, &waiting(l))).collect();
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
        [one] => {
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
    if !paytr_match::confirms(&status, &waiting(&link)) {
        return Err(TrackerError::NotConfirmed { oid: oid.into(), link_id });
    }
    let after = ctx.store.attribute_sale(oid, link_id, ctx.now_ms())?;
    ctx.announce(link.status, &after);
    for other in ctx.store.ambiguous_sales()? {
        let open: Vec<LinkRecord> = other
            .candidates
            .iter()
            .filter_map(|id| ctx.store.get(*id).ok())
            .filter(|l| l.status == LinkStatus::Waiting)
            .collect();
        if let [only] = open.as_slice() {
            // Both were confirmed by PayTR as fitting when the sale was first seen.
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
