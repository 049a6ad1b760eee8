//! Turns one mode's [`TrackerEvent`]s into what the UI hears: each link re-read from the store
//! (the event carries only its id), the unseen-payments count, plain-words errors in the UI
//! language. Runs until the mode's tracker stops (its event sender is dropped).

use super::{notice_text, UiEvent};
use crate::dto::link::{amount_text, LinkDto, LinkStatusEvent, LinksChangedEvent};
use crate::dto::pick;
use crate::dto::tracking::{AmbiguousSaleDto, PaymentReceivedEvent, TrackerErrorEvent};
use crate::error::{kind_name, provider_message};
use crate::state::prefs::Prefs;
use std::collections::HashSet;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tahsildar_core::money::Currency;
use tahsildar_core::providers::ProviderError;
use tahsildar_core::store::{LinkStatus, Store, StoreError};
use tahsildar_core::tracker::{SqliteTrackerStore, TrackerEvent};
use tahsildar_core::Lang;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

/// Paid links recorded on this machine after `since` (Unix ms): "payments since you last looked".
pub fn unseen_count(store: &Store, since: i64) -> Result<u64, StoreError> {
    // `updated_at` is when this machine recorded the payment (a paid link never changes again):
    // a payment made while the app was closed counts as new when it is found.
    store.count_changed_since(LinkStatus::Paid, since)
}

pub struct Pump {
    pub demo: bool,
    pub store: Arc<Mutex<Store>>,
    pub sales: Arc<SqliteTrackerStore>,
    pub settings: Arc<Mutex<Store>>,
    pub prefs: Arc<RwLock<Prefs>>,
    pub ui: broadcast::Sender<UiEvent>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// More status changes than this in one burst (a first sweep after weeks offline) are sent as
/// one `links-changed`: the UI re-reads its page once instead of drawing thousands of rows.
pub const BURST: usize = 20;
/// How long the pump gathers a burst after its first event: short beside any sweep's pace.
const GATHER: Duration = Duration::from_millis(50);
/// A burst is cut here so memory stays bounded whatever the tracker sends.
const MAX_BATCH: usize = 4096;

/// What one batch of tracker events becomes: with `bulk`, the status changes are folded into
/// one `links-changed` carrying that count; `each` is passed on one by one, in order.
#[derive(Debug, PartialEq)]
pub struct Batch {
    pub bulk: Option<u64>,
    pub each: Vec<TrackerEvent>,
}

/// Folds a burst: more than [`BURST`] distinct links changed, or events were lost (`lost`),
/// makes one `links-changed`. Payments, sales to pick and errors are always passed on.
pub fn fold(events: Vec<TrackerEvent>, lost: u64) -> Batch {
    let changed: HashSet<i64> = events
        .iter()
        .filter_map(|e| match e {
            TrackerEvent::LinkStatusChanged { link_id, .. } => Some(*link_id),
            _ => None,
        })
        .collect();
    if lost == 0 && changed.len() <= BURST {
        return Batch { bulk: None, each: events };
    }
    let each = events.into_iter().filter(|e| !matches!(e, TrackerEvent::LinkStatusChanged { .. })).collect();
    Batch { bulk: Some(changed.len() as u64 + lost), each }
}

impl Pump {
    pub async fn run(self, mut rx: broadcast::Receiver<TrackerEvent>) {
        let this = Arc::new(self);
        loop {
            let mut lost = 0u64;
            let first = match rx.recv().await {
                Ok(e) => Some(e),
                Err(RecvError::Lagged(n)) => {
                    lost += n;
                    None
                }
                Err(RecvError::Closed) => return,
            };
            let mut events: Vec<TrackerEvent> = first.into_iter().collect();
            let until = tokio::time::Instant::now() + GATHER;
            while events.len() < MAX_BATCH {
                match tokio::time::timeout_at(until, rx.recv()).await {
                    Ok(Ok(e)) => events.push(e),
                    Ok(Err(RecvError::Lagged(n))) => lost += n,
                    Ok(Err(RecvError::Closed)) | Err(_) => break,
                }
            }
            if lost > 0 {
                log::info!("tracker events: {lost} not kept; the UI re-reads its links");
            }
            let batch = fold(events, lost);
            if let Some(count) = batch.bulk {
                let _ = this.ui.send(UiEvent::LinksChanged(LinksChangedEvent { count }));
            }
            for event in batch.each {
                let me = this.clone();
                let out = tokio::task::spawn_blocking(move || me.convert(event)).await;
                match out {
                    Ok(Ok(Some(ui))) => {
                        let _ = this.ui.send(ui);
                    }
                    Ok(Ok(None)) => {}
                    Ok(Err(e)) => log::warn!("tracker event not passed on: {e}"),
                    Err(e) => log::warn!("tracker event task failed: {e}"),
                }
            }
        }
    }

    fn lang(&self) -> Lang {
        lock(&self.settings).settings().map(|s| s.lang).unwrap_or_default()
    }

    /// Blocking: reads the store.
    fn convert(&self, event: TrackerEvent) -> Result<Option<UiEvent>, StoreError> {
        Ok(Some(match event {
            // A refund changes the row (its label) and the totals, not the status: the same redraw.
            TrackerEvent::LinkStatusChanged { link_id, .. } | TrackerEvent::Refunded { link_id, .. } => {
                let link = lock(&self.store).get(link_id)?;
                UiEvent::LinkStatus(LinkStatusEvent { link: LinkDto::from(&link) })
            }
            TrackerEvent::Paid { link_id, .. } => {
                let since = self.prefs.read().unwrap_or_else(|p| p.into_inner()).payments_seen(self.demo);
                let (link, unseen) = {
                    let store = lock(&self.store);
                    (store.get(link_id)?, unseen_count(&store, since)?)
                };
                let lang = self.lang();
                let link = LinkDto::from(&link);
                let (title, body) = notice_text(&link, lang);
                UiEvent::PaymentReceived { payload: PaymentReceivedEvent { link, unseen_count: unseen }, title, body }
            }
            TrackerEvent::AmbiguousSale { oid, amount_minor, currency, candidates, .. } => {
                UiEvent::AmbiguousSale(sale_dto(&lock(&self.store), oid, amount_minor, &currency, &candidates)?)
            }
            TrackerEvent::Error { provider, kind, message } => {
                let lang = self.lang();
                let err = ProviderError::new(provider, kind, message);
                UiEvent::TrackerError(TrackerErrorEvent {
                    provider: Some(provider.into()),
                    kind: kind_name(kind).to_string(),
                    message: provider_message(&err, lang),
                })
            }
            TrackerEvent::StoreError { message } => {
                log::warn!("tracker: local store: {message}");
                let lang = self.lang();
                UiEvent::TrackerError(TrackerErrorEvent {
                    provider: None,
                    kind: "store".into(),
                    message: pick(
                        lang,
                        "Ödemeler kontrol edilirken yerel kayıt okunamadı; birazdan yeniden denenecek.",
                        "The local records could not be read while checking payments; it will be tried again shortly.",
                    ),
                })
            }
        }))
    }
}

/// A sale and its candidate links as the UI shows them (a candidate deleted since is left out).
fn sale_dto(
    store: &Store,
    oid: String,
    amount_minor: i64,
    currency: &str,
    candidates: &[i64],
) -> Result<AmbiguousSaleDto, StoreError> {
    let amount_text = match currency.parse::<Currency>() {
        Ok(c) => amount_text(amount_minor, c),
        Err(_) => format!("{amount_minor} ({currency})"),
    };
    let mut rows = Vec::new();
    for id in candidates {
        match store.get(*id) {
            Ok(l) => rows.push(LinkDto::from(&l)),
            Err(StoreError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(AmbiguousSaleDto { oid, amount_text, candidates: rows })
}

/// The sales waiting for the owner's pick, for `list_ambiguous_sales`.
pub fn ambiguous_sales(store: &Store, sales: &SqliteTrackerStore) -> Result<Vec<AmbiguousSaleDto>, StoreError> {
    use tahsildar_core::tracker::TrackerStore;
    sales
        .ambiguous_sales()?
        .into_iter()
        .map(|s| sale_dto(store, s.merchant_oid, s.amount_minor, &s.currency, &s.candidates))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tahsildar_core::providers::{ErrorKind, Provider};

    fn status(id: i64) -> TrackerEvent {
        TrackerEvent::LinkStatusChanged { link_id: id, status: LinkStatus::Expired }
    }

    fn paid(id: i64) -> TrackerEvent {
        TrackerEvent::Paid {
            link_id: id,
            customer: "Ali".into(),
            amount_minor: 100,
            currency: Currency::Tl,
            payment_ref: None,
        }
    }

    fn kinds(events: &[TrackerEvent]) -> Vec<String> {
        events.iter().map(|e| format!("{e:?}").split([' ', '{']).next().unwrap_or_default().to_string()).collect()
    }

    #[test]
    fn a_few_changes_pass_one_by_one_in_order() {
        let events: Vec<_> = (1..=BURST as i64).map(status).chain([paid(3)]).collect();
        let b = fold(events, 0);
        assert_eq!(b.bulk, None);
        assert_eq!(b.each.len(), BURST + 1);
    }

    #[test]
    fn a_burst_becomes_one_re_read_and_payments_still_pass() {
        let mut events: Vec<_> = (1..=500).map(status).collect();
        events.push(paid(7));
        events.push(status(7));
        events.push(TrackerEvent::Error { provider: Provider::Paytr, kind: ErrorKind::Network, message: "x".into() });
        let b = fold(events, 0);
        assert_eq!(b.bulk, Some(500), "distinct links");
        assert_eq!(kinds(&b.each), ["Paid", "Error"]);
    }

    #[test]
    fn lost_events_always_make_the_views_re_read() {
        let b = fold(vec![status(1)], 3);
        assert_eq!((b.bulk, b.each.len()), (Some(4), 0));
        assert_eq!(fold(Vec::new(), 2).bulk, Some(2));
    }
}
