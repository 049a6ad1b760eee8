//! Turkey's wall clock. Both providers speak Europe/Istanbul local time without an offset.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Istanbul;

/// `instant` as Turkish local time without offset.
pub fn to_istanbul(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&Istanbul).naive_local()
}

/// A Turkish local time (as the providers write it) as an instant. Istanbul has had no DST since
/// 2016, so the mapping is unique; an impossible time falls back to the earliest reading.
pub fn from_istanbul(local: NaiveDateTime) -> DateTime<Utc> {
    match Istanbul.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        chrono::LocalResult::None => Utc.from_utc_datetime(&local) - chrono::Duration::hours(3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn istanbul_is_utc_plus_three() {
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        assert_eq!(to_istanbul(t).to_string(), "2026-11-22 12:00:00");
        assert_eq!(from_istanbul(to_istanbul(t)), t);
    }
}
