//! Turkey's wall clock. Both providers speak Europe/Istanbul local time without an offset.
//!
//! Dates come from text typed by the owner or sent by a provider. Only years 1 to 9999 are
//! accepted wherever text becomes a date ([`parse_date_time`], [`parse_date`], [`in_range`]):
//! chrono itself reads years up to ±262143, where adding an offset or a day overflows and panics
//! (a release build aborts). Arithmetic on dates is checked everywhere (`checked_add_signed`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Europe::Istanbul;

/// The first and last years Tahsildar accepts in a date.
pub const FIRST_YEAR: i32 = 1;
pub const LAST_YEAR: i32 = 9999;

/// Whether `day` is within years [`FIRST_YEAR`]–[`LAST_YEAR`].
pub fn in_range(day: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&chrono::Datelike::year(&day))
}

/// `text` read with the first of `formats` that fits, if its year is 1–9999.
pub fn parse_date_time(text: &str, formats: &[&str]) -> Option<NaiveDateTime> {
    let t = text.trim();
    formats.iter().find_map(|f| NaiveDateTime::parse_from_str(t, f).ok()).filter(|d| in_range(d.date()))
}

/// [`parse_date_time`] for a day.
pub fn parse_date(text: &str, formats: &[&str]) -> Option<NaiveDate> {
    let t = text.trim();
    formats.iter().find_map(|f| NaiveDate::parse_from_str(t, f).ok()).filter(|d| in_range(*d))
}

/// `instant` as Turkish local time without offset.
pub fn to_istanbul(instant: DateTime<Utc>) -> NaiveDateTime {
    instant.with_timezone(&Istanbul).naive_local()
}

/// A Turkish local time (as the providers write it) as an instant, or `None` outside years
/// 1–9999. Istanbul has had no DST since 2016, so the mapping is unique; an impossible time falls
/// back to the earliest reading.
pub fn try_from_istanbul(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    if !in_range(local.date()) {
        return None;
    }
    match Istanbul.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(a, _) => Some(a.with_timezone(&Utc)),
        chrono::LocalResult::None => Utc.from_utc_datetime(&local).checked_sub_signed(TimeDelta::hours(3)),
    }
}

/// [`try_from_istanbul`] for callers that hold a date already checked (a parsed, in-range one).
/// It never panics: a date outside 1–9999 is read as UTC (no offset to overflow).
pub fn from_istanbul(local: NaiveDateTime) -> DateTime<Utc> {
    try_from_istanbul(local).unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// `t + delta`, or `None` past chrono's range (never a panic).
pub fn plus(t: DateTime<Utc>, delta: TimeDelta) -> Option<DateTime<Utc>> {
    t.checked_add_signed(delta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn istanbul_is_utc_plus_three() {
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        assert_eq!(to_istanbul(t).to_string(), "2026-11-22 12:00:00");
        assert_eq!(from_istanbul(to_istanbul(t)), t);
    }

    /// Issue 8 §5: the first two hours of year −262143 overflowed `DateTime - TimeDelta`.
    #[test]
    fn the_fuzzed_date_no_longer_panics_and_is_refused() {
        let fuzzed = NaiveDateTime::parse_from_str("-262143-01-01 00:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(try_from_istanbul(fuzzed), None);
        let _ = from_istanbul(fuzzed);
        assert_eq!(from_istanbul(NaiveDateTime::MIN), Utc.from_utc_datetime(&NaiveDateTime::MIN));
        let _ = from_istanbul(NaiveDateTime::MAX);
        assert_eq!(parse_date_time("-262143-01-01 00:00:00", &["%Y-%m-%d %H:%M:%S"]), None);
        assert_eq!(parse_date_time("-262143-01-01T00:00:00", &["%Y-%m-%dT%H:%M:%S"]), None);
        assert_eq!(plus(DateTime::<Utc>::MAX_UTC, TimeDelta::hours(1)), None);
    }

    #[test]
    fn years_one_to_9999_only() {
        let f = ["%Y-%m-%d %H:%M:%S"];
        assert!(parse_date_time("0001-01-01 00:00:00", &f).is_some());
        assert!(parse_date_time("9999-12-31 23:59:59", &f).is_some());
        assert_eq!(parse_date_time("0000-12-31 23:59:59", &f), None);
        assert_eq!(parse_date_time("10000-01-01 00:00:00", &f), None);
        assert_eq!(parse_date(" 31.12.9999 ", &["%d.%m.%Y"]), NaiveDate::from_ymd_opt(9999, 12, 31));
        assert_eq!(parse_date("01.01.10000", &["%d.%m.%Y"]), None);
        // The edges of the range convert both ways (Istanbul's offset cannot push them out).
        for text in ["0001-01-01 00:00:00", "9999-12-31 23:59:59"] {
            let local = parse_date_time(text, &f).unwrap();
            let t = try_from_istanbul(local).unwrap();
            assert_eq!(to_istanbul(t), local, "{text}");
        }
    }

    fn any_local() -> impl Strategy<Value = NaiveDateTime> {
        let (min, max) = (NaiveDateTime::MIN.and_utc().timestamp(), NaiveDateTime::MAX.and_utc().timestamp());
        (min..=max).prop_map(|s| DateTime::from_timestamp(s, 0).map(|d| d.naive_utc()).unwrap_or_default())
    }

    proptest! {
        /// Same property as `fuzz/fuzz_targets/dates.rs`: any representable date-time, no panic;
        /// `Some` exactly for years 1–9999, and then (outside DST gaps) it round-trips.
        #[test]
        fn any_date_time_converts_without_panic(local in any_local()) {
            let t = try_from_istanbul(local);
            prop_assert_eq!(t.is_some(), in_range(local.date()));
            let unique = matches!(Istanbul.from_local_datetime(&local), chrono::LocalResult::Single(_));
            if let (Some(t), true) = (t, unique) {
                prop_assert_eq!(to_istanbul(t), local);
            }
            let _ = from_istanbul(local);
        }

        #[test]
        fn any_text_parses_without_panic(text in "\\PC{0,40}|-?[0-9]{1,7}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}") {
            if let Some(d) = parse_date_time(&text, &["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]) {
                prop_assert!(in_range(d.date()));
                prop_assert!(try_from_istanbul(d).is_some());
            }
        }
    }
}
