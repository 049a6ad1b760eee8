//! PayTR refunds: the `islem_tipi` `I` rows of `rapor/islem-dokumu`, recorded on the link their
//! sale paid, once each however often the report is read (providers.md §5.7, §9.10).

use super::ctx::Ctx;
use super::store_api::RefundSeen;
use super::{TrackerEvent, TrackerStore};
use crate::providers::paytr::ReportRow;
use crate::store::StoreError;
use std::collections::HashMap;

/// A refund row: `islem_tipi` `I`, or any row with a negative amount (PayTR does not document
/// the sign of a refund's amounts, so either is read).
pub(crate) fn is_refund(row: &ReportRow) -> bool {
    row.kind.trim().eq_ignore_ascii_case("I") || row.amount_minor < 0
}

/// What identifies a refund row: its sale, day, time (when given) and amount, and how many
/// identical rows came before it in this read (PayTR gives a refund no id of its own; two equal
/// refunds of one sale on one day are told apart by their order in the read).
fn refund_key(row: &ReportRow, nth: usize) -> String {
    let time = row.time.map(|t| t.format("%H:%M:%S").to_string()).unwrap_or_default();
    format!("{}|{}|{}|{}|{}", row.merchant_oid.trim(), row.date, time, row.amount_minor.abs(), nth)
}

/// Records the refunds of sales that paid our links; each once, however often its row is read.
/// A refund of a sale made elsewhere is left alone. Returns how many were new.
pub(crate) fn record_refunds<S: TrackerStore>(ctx: &Ctx<S>, rows: &[ReportRow]) -> Result<usize, StoreError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut new = 0;
    for row in rows {
        let amount = row.amount_minor.saturating_abs();
        if amount == 0 || row.merchant_oid.trim().is_empty() {
            continue;
        }
        let nth = seen.entry(refund_key(row, 0)).or_insert(0);
        let key = refund_key(row, *nth);
        *nth += 1;
        let at = row.time.map_or_else(|| row.date.and_time(chrono::NaiveTime::MIN), |t| row.date.and_time(t));
        let refund = RefundSeen {
            key,
            amount_minor: amount,
            net_minor: row.net_minor.map(|n| -n.saturating_abs()),
            at_ms: crate::time::from_istanbul(at).timestamp_millis(),
        };
        match ctx.store.record_paytr_refund(&row.merchant_oid, &refund) {
            Ok(Some(link)) => {
                log::info!("link {} refunded", link.id);
                ctx.emit(TrackerEvent::Refunded {
                    link_id: link.id,
                    refunded_minor: link.refunded_minor,
                    currency: link.currency,
                });
                new += 1;
            }
            Ok(None) => {}
            // The link is no longer paid (deleted meanwhile): nothing to record it on.
            Err(StoreError::IllegalTransition { .. }) => {
                log::warn!("PayTR refund of a sale whose link is not paid: left alone");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn row(kind: &str, oid: &str, minor: i64, time: Option<&str>) -> ReportRow {
        ReportRow {
            kind: kind.into(),
            merchant_oid: oid.into(),
            amount_minor: minor,
            paid_minor: minor,
            currency: "TL".into(),
            installments: Some(1),
            date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            time: time.map(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").unwrap()),
            net_minor: None,
        }
    }

    #[test]
    fn a_refund_is_an_i_row_or_a_negative_amount() {
        assert!(is_refund(&row("I", "A", 5_000, None)));
        assert!(is_refund(&row(" i ", "A", 5_000, None)));
        assert!(is_refund(&row("S", "A", -5_000, None)), "a negative amount whatever the type says");
        assert!(!is_refund(&row("S", "A", 5_000, None)));
    }

    #[test]
    fn the_key_names_the_sale_day_time_amount_and_order_whatever_the_sign() {
        let a = row("I", " A1 ", 5_000, None);
        assert_eq!(refund_key(&a, 0), "A1|2026-11-22||5000|0");
        assert_eq!(refund_key(&row("I", "A1", -5_000, None), 0), refund_key(&a, 0));
        assert_eq!(refund_key(&row("I", "A1", 5_000, Some("23:59:59")), 1), "A1|2026-11-22|23:59:59|5000|1");
        assert_ne!(refund_key(&a, 0), refund_key(&a, 1));
    }
}
