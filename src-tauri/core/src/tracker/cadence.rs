//! When the tracker looks next: fast while a link is fresh (the payer is probably paying now),
//! slower later, never when nothing waits; backing off when a provider fails.
//!
//! Deadlines are wall-clock (`SystemTime`): tokio's timers run on a monotonic clock that stops
//! while a laptop sleeps, so a long timer could fire hours late after the lid opens. The task
//! naps at most [`MAX_NAP`] and compares against the wall clock each time instead.

use crate::providers::ErrorKind;
use std::time::{Duration, SystemTime};

/// The longest single sleep; bounds how late a due sweep runs after the machine wakes.
pub const MAX_NAP: Duration = Duration::from_secs(10);

/// Polling intervals by the age of the youngest waiting link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cadence {
    /// Links younger than [`Cadence::fresh_for`]: the payer is likely on the page right now.
    pub fast: Duration,
    pub fresh_for: Duration,
    /// Links younger than [`Cadence::recent_for`].
    pub normal: Duration,
    pub recent_for: Duration,
    /// Older links (waiting for days): still looked at, rarely.
    pub slow: Duration,
    /// First pause after a failure; doubles per consecutive failure up to `backoff_cap`.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Offline (no connection): retry at this pace, so the tracker resumes soon after the
    /// network returns without anyone asking.
    pub offline_retry: Duration,
    /// Nothing waits, but recent payments are watched for refunds (PayTR's report): this pace,
    /// whatever their age (a refund is not the payer on the page right now).
    pub refund_watch: Duration,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence {
            fast: Duration::from_secs(5),
            fresh_for: Duration::from_secs(30 * 60),
            normal: Duration::from_secs(30),
            recent_for: Duration::from_secs(24 * 3600),
            slow: Duration::from_secs(120),
            backoff_base: Duration::from_secs(10),
            backoff_cap: Duration::from_secs(300),
            offline_retry: Duration::from_secs(15),
            refund_watch: Duration::from_secs(10 * 60),
        }
    }
}

impl Cadence {
    /// The pause between sweeps when the youngest waiting link is `youngest_age` old; `None`
    /// when nothing waits (the tracker then sleeps until woken, with no timer at all).
    pub fn interval(&self, youngest_age: Option<Duration>) -> Option<Duration> {
        let age = youngest_age?;
        Some(if age < self.fresh_for {
            self.fast
        } else if age < self.recent_for {
            self.normal
        } else {
            self.slow
        })
    }

    /// The pause after `failures` consecutive failed sweeps (≥ 1), the last one of `kind`.
    pub fn backoff(&self, failures: u32, kind: ErrorKind) -> Duration {
        if kind == ErrorKind::Network {
            return self.offline_retry;
        }
        let doublings = failures.saturating_sub(1).min(16);
        self.backoff_base.saturating_mul(1u32 << doublings).min(self.backoff_cap)
    }

    /// When the next sweep is due: the regular interval, or the backoff if the last one failed
    /// (whichever is later, so an error never makes polling faster).
    pub fn next_due(
        &self,
        last_run: SystemTime,
        youngest_age: Option<Duration>,
        failure: Option<(u32, ErrorKind)>,
    ) -> Option<SystemTime> {
        let regular = self.interval(youngest_age)?;
        Some(self.after(last_run, regular, failure))
    }

    /// When the next sweep is due when only payments are watched, for their refunds.
    pub fn next_refund_look(&self, last_run: SystemTime, failure: Option<(u32, ErrorKind)>) -> SystemTime {
        self.after(last_run, self.refund_watch, failure)
    }

    fn after(&self, last_run: SystemTime, regular: Duration, failure: Option<(u32, ErrorKind)>) -> SystemTime {
        let pause = match failure {
            Some((n, kind)) if n > 0 => regular.max(self.backoff(n, kind)),
            _ => regular,
        };
        last_run + pause
    }
}

/// How long to sleep before looking at the wall clock again, to reach `due`.
pub fn nap(now: SystemTime, due: SystemTime) -> Duration {
    due.duration_since(now).unwrap_or(Duration::ZERO).min(MAX_NAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: u64 = 60;

    #[test]
    fn fresh_links_are_polled_fast_then_slower() {
        let c = Cadence::default();
        assert_eq!(c.interval(Some(Duration::from_secs(10))), Some(c.fast));
        assert_eq!(c.interval(Some(Duration::from_secs(29 * MIN))), Some(c.fast));
        assert_eq!(c.interval(Some(Duration::from_secs(31 * MIN))), Some(c.normal));
        assert_eq!(c.interval(Some(Duration::from_secs(25 * 60 * MIN))), Some(c.slow));
        assert_eq!(c.interval(None), None, "nothing waiting: no timer");
    }

    #[test]
    fn errors_back_off_exponentially_up_to_the_cap() {
        let c = Cadence::default();
        assert_eq!(c.backoff(1, ErrorKind::Server), Duration::from_secs(10));
        assert_eq!(c.backoff(2, ErrorKind::Timeout), Duration::from_secs(20));
        assert_eq!(c.backoff(4, ErrorKind::Server), Duration::from_secs(80));
        assert_eq!(c.backoff(9, ErrorKind::Server), c.backoff_cap);
        assert_eq!(c.backoff(u32::MAX, ErrorKind::Server), c.backoff_cap);
        // Offline is not the provider's fault: keep a steady, modest pace to resume quickly.
        assert_eq!(c.backoff(50, ErrorKind::Network), c.offline_retry);
    }

    #[test]
    fn a_failure_never_polls_faster_than_the_regular_interval() {
        let c = Cadence::default();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let old = Some(Duration::from_secs(2 * 24 * 3600));
        assert_eq!(c.next_due(t0, old, None), Some(t0 + c.slow));
        assert_eq!(c.next_due(t0, old, Some((1, ErrorKind::Server))), Some(t0 + c.slow));
        let fresh = Some(Duration::from_secs(MIN));
        assert_eq!(c.next_due(t0, fresh, Some((3, ErrorKind::Server))), Some(t0 + Duration::from_secs(40)));
        assert_eq!(c.next_due(t0, None, Some((3, ErrorKind::Server))), None);
    }

    #[test]
    fn payments_watched_for_refunds_are_looked_at_slowly() {
        let c = Cadence::default();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert!(c.refund_watch > c.slow);
        assert_eq!(c.next_refund_look(t0, None), t0 + c.refund_watch);
        // A failure never makes it faster.
        assert_eq!(c.next_refund_look(t0, Some((1, ErrorKind::Server))), t0 + c.refund_watch);
    }

    #[test]
    fn naps_are_short_so_a_wake_from_sleep_runs_the_due_sweep() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(5_000);
        assert_eq!(nap(now, now + Duration::from_secs(3)), Duration::from_secs(3));
        assert_eq!(nap(now, now + Duration::from_secs(600)), MAX_NAP);
        // Past due (the machine slept through it): run now.
        assert_eq!(nap(now, now - Duration::from_secs(3600)), Duration::ZERO);
    }
}
