//! One Paynet sweep, decided from data: which days `mailorder/list` must cover, what its rows
//! settle, and which links still need a `mailorder/detail` of their own.

use crate::providers::paynet::{ListRow, PaynetStatus};
use crate::time::{from_istanbul, to_istanbul};
use chrono::{DateTime, NaiveDate, Utc};

/// A Paynet link the tracker watches: waiting for payment, or `unknown` (the create had no
/// clear answer; found again by its `reference_no`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingPaynet {
    pub link_id: i64,
    /// Sent as `reference_no` on create.
    pub local_ref: String,
    pub provider_id: Option<String>,
    pub created_at_ms: i64,
    pub expires_at_ms: Option<i64>,
    /// The create's outcome is uncertain: reconcile instead of just reading the status.
    pub unknown: bool,
}

/// Where an uncertain create turned out to exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub provider_id: String,
    pub url: String,
    pub expires_at_ms: Option<i64>,
}

/// What the list said about one of our links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settled {
    pub link_id: i64,
    pub status: PaynetStatus,
    pub xact_id: Option<String>,
    /// For an `unknown` link whose row has its id and page URL: complete the create with it.
    pub found: Option<Found>,
}

fn day_of(ms: i64) -> Option<NaiveDate> {
    DateTime::<Utc>::from_timestamp_millis(ms).map(|t| to_istanbul(t).date())
}

/// The Turkish days the list must cover: from the oldest watched link's creation day to today
/// (Paynet's `datab`/`datbi` filter on the creation day). `None` when nothing is watched.
pub fn plan(waiting: &[WaitingPaynet], now_ms: i64) -> Option<(NaiveDate, NaiveDate)> {
    let oldest = waiting.iter().map(|w| w.created_at_ms).min()?;
    let (from, today) = (day_of(oldest)?, day_of(now_ms)?);
    // A link stamped in the future (clock moved back) must still be covered.
    let newest = waiting.iter().filter_map(|w| day_of(w.created_at_ms)).max().unwrap_or(today);
    Some((from, today.max(newest)))
}

/// Whether reading more list pages is cheaper than one `detail` per link still unsettled.
pub fn keep_paging(pages_left: u64, unsettled: usize) -> bool {
    pages_left < unsettled as u64
}

fn nonblank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Settles each watched link from the list rows: by Paynet id, else by our `reference_no`.
/// Links with no row, or a row without a status we know, need a `detail` call.
pub fn settle(rows: &[ListRow], waiting: &[WaitingPaynet]) -> (Vec<Settled>, Vec<i64>) {
    use std::collections::HashMap;
    let mut by_id: HashMap<&str, &ListRow> = HashMap::new();
    let mut by_ref: HashMap<&str, &ListRow> = HashMap::new();
    for r in rows {
        if let Some(id) = r.id.as_ref().map(|i| i.0.trim()).filter(|i| !i.is_empty()) {
            by_id.insert(id, r);
        }
        if let Some(x) = nonblank(&r.reference_no) {
            by_ref.insert(x, r);
        }
    }
    let (mut settled, mut needs_detail) = (Vec::new(), Vec::new());
    for w in waiting {
        let row = w
            .provider_id
            .as_deref()
            .and_then(|id| by_id.get(id.trim()))
            .or_else(|| by_ref.get(w.local_ref.as_str()))
            .copied();
        let Some(row) = row else {
            needs_detail.push(w.link_id);
            continue;
        };
        let status = match row.status {
            Some(s) if !matches!(s, PaynetStatus::Unknown(_)) => s,
            _ => {
                needs_detail.push(w.link_id);
                continue;
            }
        };
        let found = if w.unknown {
            match (row.id.as_ref().map(|i| i.0.trim()).filter(|i| !i.is_empty()), nonblank(&row.url)) {
                (Some(id), Some(url)) => Some(Found {
                    provider_id: id.to_string(),
                    url: url.to_string(),
                    expires_at_ms: row.expire_date.map(|d| from_istanbul(d).timestamp_millis()),
                }),
                // Without its id and page the create cannot be completed; `detail` still tells
                // whether it was paid or expired.
                _ => {
                    needs_detail.push(w.link_id);
                    continue;
                }
            }
        } else {
            None
        };
        settled.push(Settled {
            link_id: w.link_id,
            status,
            xact_id: nonblank(&row.xact_id).map(str::to_string),
            found,
        });
    }
    (settled, needs_detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::paynet::PaynetLinkId;
    use chrono::TimeZone;

    fn ms(d: u32, h: u32) -> i64 {
        Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap().timestamp_millis()
    }

    fn watched(id: i64, created: i64) -> WaitingPaynet {
        WaitingPaynet {
            link_id: id,
            local_ref: format!("REF{id}"),
            provider_id: Some(format!("guid-{id}")),
            created_at_ms: created,
            expires_at_ms: None,
            unknown: false,
        }
    }

    fn row(id: Option<&str>, reference: &str, status: Option<PaynetStatus>) -> ListRow {
        ListRow {
            id: id.map(|i| PaynetLinkId(i.into())),
            reference_no: Some(reference.into()),
            status,
            amount_minor: 1000,
            name_surname: None,
            url: id.map(|i| format!("https://pay/{i}")),
            create_date: None,
            expire_date: None,
            xact_id: (status == Some(PaynetStatus::Paid)).then(|| "xk_1".into()),
        }
    }

    #[test]
    fn the_range_runs_from_the_oldest_links_turkish_day_to_today() {
        assert_eq!(plan(&[], ms(22, 9)), None);
        // 21:30 UTC on the 20th is already the 21st in Istanbul.
        let w = [watched(1, ms(22, 8)), watched(2, ms(20, 21) + 30 * 60_000)];
        let (from, to) = plan(&w, ms(22, 9)).unwrap();
        assert_eq!((from.to_string(), to.to_string()), ("2026-11-21".into(), "2026-11-22".into()));
    }

    #[test]
    fn rows_settle_by_id_or_reference_and_the_rest_need_detail() {
        let w = [watched(1, 0), watched(2, 0), watched(3, 0), watched(4, 0)];
        let rows = [
            row(Some("guid-1"), "REF1", Some(PaynetStatus::Paid)),
            row(None, "REF2", Some(PaynetStatus::Waiting)),
            row(Some("guid-3"), "REF3", None),
            row(Some("someone-else"), "OTHER", Some(PaynetStatus::Expired)),
        ];
        let (settled, detail) = settle(&rows, &w);
        assert_eq!(settled.len(), 2);
        assert_eq!(
            (settled[0].link_id, settled[0].status, settled[0].xact_id.as_deref()),
            (1, PaynetStatus::Paid, Some("xk_1"))
        );
        assert_eq!((settled[1].link_id, settled[1].status), (2, PaynetStatus::Waiting));
        assert_eq!(detail, vec![3, 4], "no status in the row, and no row at all");
    }

    #[test]
    fn an_uncertain_create_is_found_by_reference_with_its_id_and_page() {
        let mut u = watched(7, 0);
        u.provider_id = None;
        u.unknown = true;
        let (settled, detail) =
            settle(&[row(Some("guid-7"), "REF7", Some(PaynetStatus::Waiting))], std::slice::from_ref(&u));
        assert!(detail.is_empty());
        let found = settled[0].found.clone().unwrap();
        assert_eq!((found.provider_id.as_str(), found.url.as_str()), ("guid-7", "https://pay/guid-7"));
        // A row without the id cannot complete it: ask detail for the status instead.
        let (settled, detail) = settle(&[row(None, "REF7", Some(PaynetStatus::Waiting))], &[u]);
        assert!(settled.is_empty());
        assert_eq!(detail, vec![7]);
    }

    #[test]
    fn paging_stops_when_details_would_be_cheaper() {
        assert!(keep_paging(9, 1000));
        assert!(!keep_paging(40, 3));
        assert!(!keep_paging(0, 0));
    }
}
