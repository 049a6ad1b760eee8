//! What every sweep shares: the store, the event channel, the settings and the clock, and the
//! one way a link's status is changed (store first, then the events).

use super::{TrackerConfig, TrackerEvent, TrackerStore};
use crate::store::{LinkRecord, LinkStatus, StoreError};
use chrono::{DateTime, Utc};
use std::sync::Arc;
use tokio::sync::broadcast;

pub(crate) struct Ctx<S> {
    pub store: Arc<S>,
    pub events: broadcast::Sender<TrackerEvent>,
    pub config: TrackerConfig,
}

impl<S: TrackerStore> Ctx<S> {
    pub fn now(&self) -> DateTime<Utc> {
        (self.config.clock)()
    }

    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }

    /// Sends an event; nobody listening is fine (the UI may be closed).
    pub fn emit(&self, event: TrackerEvent) {
        let _ = self.events.send(event);
    }

    /// Moves `link` to `to` and tells the UI. Returns whether anything changed.
    ///
    /// `link` is what the sweep read before asking the provider; the owner may have cancelled or
    /// reopened it since. Only a payment (money that arrived) stands over such a change; any other
    /// status is written only if the link is untouched since the sweep read it (else
    /// `IllegalTransition`, and the next sweep decides again on a fresh reading). The events name the
    /// status the link really had, so nothing is announced twice.
    pub fn change(
        &self,
        link: &LinkRecord,
        to: LinkStatus,
        payment_ref: Option<&str>,
        at_ms: i64,
    ) -> Result<bool, StoreError> {
        if link.status == to {
            return Ok(false);
        }
        let expected = (to != LinkStatus::Paid).then_some((link.status, link.updated_at));
        let (before, after) = self.store.set_status(link.id, expected, to, payment_ref, at_ms)?;
        self.announce(before, &after);
        Ok(before != after.status)
    }

    /// The events for a link that went from `before` to `after.status`.
    pub fn announce(&self, before: LinkStatus, after: &LinkRecord) {
        if before == after.status {
            return;
        }
        self.emit(TrackerEvent::LinkStatusChanged { link_id: after.id, status: after.status });
        if after.status == LinkStatus::Paid {
            log::info!("link {} paid", after.id);
            self.emit(TrackerEvent::Paid {
                link_id: after.id,
                customer: after.customer.clone(),
                amount_minor: after.amount_minor,
                currency: after.currency,
                payment_ref: after.payment_ref.clone(),
            });
        }
    }

    /// Whether a waiting link is past its expiry by more than the grace.
    pub fn past_expiry(&self, link: &LinkRecord) -> bool {
        let grace = i64::try_from(self.config.expiry_grace.as_millis()).unwrap_or(i64::MAX);
        link.expires_at.is_some_and(|e| self.now_ms() > e.saturating_add(grace))
    }

    /// Marks expired every still-waiting link in `links` past its expiry. Call only after a
    /// successful sweep, so a payment it could have seen is never overwritten.
    pub fn expire_by_time(
        &self,
        links: &[LinkRecord],
        skip: &std::collections::HashSet<i64>,
    ) -> Result<usize, StoreError> {
        let mut n = 0;
        for link in
            links.iter().filter(|l| l.status == LinkStatus::Waiting && !skip.contains(&l.id) && self.past_expiry(l))
        {
            let at = link.expires_at.unwrap_or_else(|| self.now_ms());
            match self.change(link, LinkStatus::Expired, None, at) {
                Ok(changed) => n += usize::from(changed),
                // Changed meanwhile (paid, deleted by the owner): the newer state stands.
                Err(StoreError::IllegalTransition { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(n)
    }
}

/// Why a sweep stopped early. Whatever it had confirmed before stays recorded.
#[derive(Debug)]
pub(crate) enum SweepError {
    Provider(crate::providers::ProviderError),
    Store(StoreError),
}

impl From<crate::providers::ProviderError> for SweepError {
    fn from(e: crate::providers::ProviderError) -> Self {
        SweepError::Provider(e)
    }
}

impl From<StoreError> for SweepError {
    fn from(e: StoreError) -> Self {
        SweepError::Store(e)
    }
}

impl From<SweepError> for super::TrackerError {
    fn from(e: SweepError) -> Self {
        match e {
            SweepError::Provider(p) => super::TrackerError::Provider(p),
            SweepError::Store(s) => super::TrackerError::Store(s),
        }
    }
}

#[cfg(test)]
#[path = "ctx_tests.rs"]
mod tests;
