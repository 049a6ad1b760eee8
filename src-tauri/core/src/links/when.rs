//! Dates and durations in the words of a message: the last day a link can be paid and how long
//! it is still valid, in Istanbul time, in Turkish or English.

use crate::Lang;
use chrono::{Datelike, TimeZone, Utc};

const MONTHS_TR: [&str; 12] =
    ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The last day a link expiring at `expires_ms` can be paid, in Istanbul: "5 Aralık 2026". A
/// link that stops at midnight was last payable the day before (00:00 on the 6th → the 5th).
pub fn last_day(expires_ms: i64, lang: Lang) -> String {
    let Some(t) = Utc.timestamp_millis_opt(expires_ms.saturating_sub(1)).single() else { return String::new() };
    let d = crate::time::to_istanbul(t).date();
    let month = d.month0() as usize;
    let name = if lang == Lang::Tr { MONTHS_TR[month] } else { MONTHS_EN[month] };
    format!("{} {name} {}", d.day(), d.year())
}

/// "3 gün geçerli" / "5 saat geçerli"; `None` once expired. Days are rounded to the nearest
/// (a 3-day link shared a minute later is still "3 gün"); under a day, hours are rounded up.
pub(super) fn validity(left_ms: i64, lang: Lang) -> Option<String> {
    if left_ms <= 0 {
        return None;
    }
    const HOUR: i64 = 3_600_000;
    const DAY: i64 = 24 * HOUR;
    let (n, day) =
        if left_ms >= DAY { ((left_ms + DAY / 2) / DAY, true) } else { ((left_ms + HOUR - 1) / HOUR, false) };
    Some(match (lang, day) {
        (Lang::Tr, true) => format!("{n} gün geçerli"),
        (Lang::Tr, false) => format!("{n} saat geçerli"),
        (Lang::En, true) => format!("valid for {n} day{}", if n == 1 { "" } else { "s" }),
        (Lang::En, false) => format!("valid for {n} hour{}", if n == 1 { "" } else { "s" }),
    })
}
