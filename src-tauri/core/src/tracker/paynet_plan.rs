//! One Paynet sweep, decided from data: which days `mailorder/list` must cover, what its rows
//! settle, which links still need a `mailorder/detail` of their own, and which row gives an
//! uncertain create its id and page.

use crate::providers::paynet::{LinkDetail, ListRow, PaynetStatus};
use crate::time::{from_istanbul, to_istanbul};
use chrono::{DateTime, NaiveDate, Utc};

/// A Paynet link the tracker watches: waiting for payment, or `unknown` (the create had no
/// clear answer; found again with `detail` by its `reference_no`).
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
    /// For an `unknown` link that `detail` found, with its id and page: complete the create.
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

/// Settles each waiting link from the list rows, by Paynet id only. Links with no row, or a row
/// without a status we know, need a `detail` call; so does a row without an id, and every
/// uncertain create: the list's `reference_no` is documented as the bank's reference, not ours
/// (providers.md §9 item 13), so it never says which link a row is; `detail` documents ours.
pub fn settle(rows: &[ListRow], waiting: &[WaitingPaynet]) -> (Vec<Settled>, Vec<i64>) {
    use std::collections::HashMap;
    let mut by_id: HashMap<&str, &ListRow> = HashMap::new();
    for r in rows {
        if let Some(id) = r.id.as_ref().map(|i| i.0.trim()).filter(|i| !i.is_empty()) {
            by_id.insert(id, r);
        }
    }
    let (mut settled, mut needs_detail) = (Vec::new(), Vec::new());
    for w in waiting {
        let row = if w.unknown { None } else { w.provider_id.as_deref().and_then(|id| by_id.get(id.trim())).copied() };
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
        settled.push(Settled {
            link_id: w.link_id,
            status,
            xact_id: nonblank(&row.xact_id).map(str::to_string),
            found: None,
        });
    }
    (settled, needs_detail)
}

fn page_url(url: &Option<String>) -> Option<&str> {
    nonblank(url).filter(|u| url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https")))
}

fn same_second(a: chrono::NaiveDateTime, b: chrono::NaiveDateTime) -> bool {
    a.and_utc().timestamp() == b.and_utc().timestamp()
}

/// Where an uncertain create that `detail` (asked by our `reference_no`) says exists can be
/// reached. `detail`'s own `id`/`url` first (undocumented there, so only if sent); otherwise the
/// one list row that agrees with it: the same amount as `detail` and our record, and our
/// reference or `detail`'s creation time (never contradicting it), with an id no other link has.
/// `None` when nothing, or more than one row, fits.
pub fn locate(
    detail: &LinkDetail,
    local_ref: &str,
    amount_minor: i64,
    rows: &[ListRow],
    taken: &[&str],
) -> Option<Found> {
    let expiry = |d: Option<chrono::NaiveDateTime>| d.map(|d| from_istanbul(d).timestamp_millis());
    let detail_id = detail.id.as_ref().map(|i| i.0.trim()).filter(|i| !i.is_empty());
    if let (Some(id), Some(url)) = (detail_id, page_url(&detail.url)) {
        return Some(Found {
            provider_id: id.to_string(),
            url: url.to_string(),
            expires_at_ms: expiry(detail.expire_date),
        });
    }
    let agrees = |r: &&ListRow| {
        let time = match (r.create_date, detail.create_date) {
            (Some(a), Some(b)) => Some(same_second(a, b)),
            _ => None,
        };
        r.amount_minor == detail.amount_minor
            && r.amount_minor == amount_minor
            && time != Some(false)
            && (time == Some(true) || nonblank(&r.reference_no) == Some(local_ref))
    };
    let mut found: Option<Found> = None;
    for r in rows.iter().filter(agrees) {
        let (Some(id), Some(url)) = (r.id.as_ref().map(|i| i.0.trim()).filter(|i| !i.is_empty()), page_url(&r.url))
        else {
            continue;
        };
        if taken.contains(&id) || found.as_ref().is_some_and(|f| f.provider_id == id) {
            continue;
        }
        if found.is_some() {
            // Two different links fit: guessing could give the owner someone else's page.
            return None;
        }
        found = Some(Found {
            provider_id: id.to_string(),
            url: url.to_string(),
            expires_at_ms: expiry(r.expire_date.or(detail.expire_date)),
        });
    }
    found
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
    fn rows_settle_by_id_and_the_rest_need_detail() {
        let w = [watched(1, 0), watched(2, 0), watched(3, 0), watched(4, 0)];
        let rows = [
            row(Some("guid-1"), "REF1", Some(PaynetStatus::Paid)),
            row(None, "REF2", Some(PaynetStatus::Waiting)),
            row(Some("guid-3"), "REF3", None),
            row(Some("someone-else"), "OTHER", Some(PaynetStatus::Expired)),
        ];
        let (settled, detail) = settle(&rows, &w);
        assert_eq!(settled.len(), 1);
        assert_eq!(
            (settled[0].link_id, settled[0].status, settled[0].xact_id.as_deref()),
            (1, PaynetStatus::Paid, Some("xk_1"))
        );
        // Link 2's row has no id: its reference_no (the bank's, whatever it says) settles nothing.
        assert_eq!(detail, vec![2, 3, 4], "no id in the row, no status in the row, no row at all");
    }

    fn at(min: u32) -> chrono::NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap().and_hms_opt(10, min, 0).unwrap()
    }

    fn detail(amount: i64, created: chrono::NaiveDateTime) -> LinkDetail {
        LinkDetail {
            id: None,
            url: None,
            reference_no: Some("REF7".into()),
            name_surname: "A*** V***".into(),
            amount_minor: amount,
            currency: "TL".into(),
            status: PaynetStatus::Waiting,
            xact_id: None,
            expire_date: None,
            create_date: Some(created),
            note: None,
            email: None,
            phone: None,
            payments: vec![],
        }
    }

    fn dated(mut r: ListRow, amount: i64, created: chrono::NaiveDateTime) -> ListRow {
        r.amount_minor = amount;
        r.create_date = Some(created);
        r
    }

    #[test]
    fn an_uncertain_create_is_never_settled_by_a_list_row() {
        let mut u = watched(7, 0);
        u.provider_id = None;
        u.unknown = true;
        let (settled, detail) = settle(&[row(Some("guid-7"), "REF7", Some(PaynetStatus::Paid))], &[u]);
        assert!(settled.is_empty(), "the list's reference_no is the bank's: only detail may settle it");
        assert_eq!(detail, vec![7]);
    }

    #[test]
    fn detail_gives_the_address_when_it_sends_one() {
        let mut d = detail(1000, at(5));
        d.id = Some(PaynetLinkId(" guid-7 ".into()));
        d.url = Some("https://pay/guid-7".into());
        let f = locate(&d, "REF7", 1000, &[], &[]).unwrap();
        assert_eq!((f.provider_id.as_str(), f.url.as_str()), ("guid-7", "https://pay/guid-7"));
        // An id without a usable page address is not enough.
        d.url = Some("not a url".into());
        assert_eq!(locate(&d, "REF7", 1000, &[], &[]), None);
    }

    #[test]
    fn the_address_comes_from_the_one_row_that_agrees_with_detail() {
        let d = detail(1000, at(5));
        // The bank's reference in the row, but the same amount and creation time.
        let ours = dated(row(Some("guid-7"), "BANK-991", Some(PaynetStatus::Waiting)), 1000, at(5));
        let f = locate(&d, "REF7", 1000, std::slice::from_ref(&ours), &[]).unwrap();
        assert_eq!(f.provider_id, "guid-7");
        // Our reference but another amount: not ours, whatever the reference says.
        let other = dated(row(Some("guid-8"), "REF7", Some(PaynetStatus::Waiting)), 2500, at(5));
        assert_eq!(locate(&d, "REF7", 1000, std::slice::from_ref(&other), &[]), None);
        assert_eq!(locate(&d, "REF7", 1000, &[other, ours.clone()], &[]).unwrap().provider_id, "guid-7");
        // The amount matches detail but not our record.
        assert_eq!(locate(&detail(2500, at(5)), "REF7", 1000, &[dated(ours.clone(), 2500, at(5))], &[]), None);
        // Our reference and amount, but created at another time: contradicts detail.
        let later = dated(row(Some("guid-9"), "REF7", None), 1000, at(40));
        assert_eq!(locate(&d, "REF7", 1000, &[later], &[]), None);
        // Already another link's id.
        assert_eq!(locate(&d, "REF7", 1000, std::slice::from_ref(&ours), &["guid-7"]), None);
        // Two links fit: no guessing.
        let twin = dated(row(Some("guid-10"), "BANK-992", None), 1000, at(5));
        assert_eq!(locate(&d, "REF7", 1000, &[ours, twin], &[]), None);
    }

    #[test]
    fn paging_stops_when_details_would_be_cheaper() {
        assert!(keep_paging(9, 1000));
        assert!(!keep_paging(40, 3));
        assert!(!keep_paging(0, 0));
    }
}
