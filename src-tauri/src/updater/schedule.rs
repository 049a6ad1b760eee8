//! When the next check is due: at start, then once a day; a check that could not reach the
//! server (offline, proxy) is tried again after an hour. Wall-clock time, so a laptop that slept
//! through the night still checks in the morning.

use std::time::{Duration, SystemTime};

pub const DAY: Duration = Duration::from_secs(24 * 60 * 60);
pub const RETRY: Duration = Duration::from_secs(60 * 60);
/// How often the background task looks at the clock.
pub const TICK: Duration = Duration::from_secs(10 * 60);

/// `last_ok`: the last check that got an answer; `last_try`: the last one started.
pub fn is_due(checks_on: bool, last_ok: Option<SystemTime>, last_try: Option<SystemTime>, now: SystemTime) -> bool {
    let since = |t: SystemTime| now.duration_since(t).unwrap_or(Duration::ZERO);
    match (checks_on, last_ok, last_try) {
        (false, ..) => false,
        (true, _, None) => true,
        // The last try failed: retry sooner than a day, but not in a loop.
        (true, ok, Some(tried)) if ok.is_none_or(|ok| tried > ok) => since(tried) >= RETRY,
        (true, Some(ok), Some(_)) => since(ok) >= DAY,
        (true, None, Some(_)) => unreachable!("covered by the failed-try arm"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_at_start_daily_and_retries_hourly_when_offline() {
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let at = |secs: u64| t0 + Duration::from_secs(secs);
        assert!(is_due(true, None, None, t0), "at start");
        assert!(!is_due(false, None, None, t0), "checks turned off");
        // Answered at t0: quiet for a day.
        assert!(!is_due(true, Some(t0), Some(t0), at(23 * 3600)));
        assert!(is_due(true, Some(t0), Some(t0), at(24 * 3600)));
        // Offline at t0 (never answered, or answered earlier): again after an hour, not before.
        assert!(!is_due(true, None, Some(t0), at(59 * 60)));
        assert!(is_due(true, None, Some(t0), at(3600)));
        assert!(is_due(true, Some(at(0)), Some(at(100)), at(100 + 3600)));
        // A clock set back never makes a check overdue forever or panics.
        assert!(!is_due(true, Some(at(10)), Some(at(10)), t0));
    }
}
