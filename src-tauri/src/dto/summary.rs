//! The Linkler summary strip (totals per currency for the list's filter) and the day report.

use super::link::iso;
use super::ProviderId;
use serde::Serialize;
use tahsildar_core::store::report::{DayReport, ReportGroup};
use tahsildar_core::store::{CurrencyTotal, LinkSummary};
use ts_rs::TS;

/// Links of one currency and their amounts added up, in kuruş (never across currencies).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyTotalDto {
    /// `TL`, `USD`, `EUR`, `GBP` or `RUB`.
    pub currency: String,
    #[ts(type = "number")]
    pub count: u64,
    #[ts(type = "number")]
    pub total_minor: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkSummaryDto {
    /// Net of refunds: a link refunded in full is not counted, a partial refund lowers its amount.
    pub paid: Vec<CurrencyTotalDto>,
    /// Paid links with a refund, and what was refunded.
    pub refunded: Vec<CurrencyTotalDto>,
    pub waiting: Vec<CurrencyTotalDto>,
    #[ts(type = "number")]
    pub expired: u64,
    #[ts(type = "number")]
    pub cancelled: u64,
    #[ts(type = "number")]
    pub unknown: u64,
    /// Today in Turkey (`YYYY-MM-DD`), so the strip can say "Bugün" for a filter of today.
    pub today: String,
}

fn totals(list: &[CurrencyTotal]) -> Vec<CurrencyTotalDto> {
    list.iter()
        .map(|t| CurrencyTotalDto { currency: t.currency.code().into(), count: t.count, total_minor: t.total_minor })
        .collect()
}

impl LinkSummaryDto {
    pub fn new(s: &LinkSummary, today: chrono::NaiveDate) -> Self {
        LinkSummaryDto {
            paid: totals(&s.paid),
            refunded: totals(&s.refunded),
            waiting: totals(&s.waiting),
            expired: s.expired,
            cancelled: s.cancelled,
            unknown: s.unknown,
            today: today.format("%Y-%m-%d").to_string(),
        }
    }
}

/// One payment of the day report. Times are ISO 8601, UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportPaymentDto {
    #[ts(type = "number")]
    pub link_id: i64,
    pub paid_at: String,
    pub customer: String,
    pub description: String,
    #[ts(type = "number")]
    pub amount_minor: i64,
    /// Paid beyond the amount for installments, when the provider says.
    #[ts(type = "number | null")]
    pub surcharge_minor: Option<i64>,
    pub installments: Option<u32>,
    /// What the provider pays out after its fees, when it says; `null` is shown as "—".
    #[ts(type = "number | null")]
    pub net_minor: Option<i64>,
    /// Refunded of this payment so far (0: nothing).
    #[ts(type = "number")]
    pub refunded_minor: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportWaitingDto {
    #[ts(type = "number")]
    pub link_id: i64,
    pub created_at: String,
    pub customer: String,
    pub description: String,
    #[ts(type = "number")]
    pub amount_minor: i64,
}

/// One provider and currency of the day report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportGroupDto {
    pub provider: ProviderId,
    pub currency: String,
    pub payments: Vec<ReportPaymentDto>,
    /// Payments not refunded in full.
    #[ts(type = "number")]
    pub paid_count: usize,
    /// Net of refunds.
    #[ts(type = "number")]
    pub paid_total_minor: i64,
    #[ts(type = "number")]
    pub refunded_count: usize,
    #[ts(type = "number")]
    pub refunded_total_minor: i64,
    #[ts(type = "number")]
    pub surcharge_total_minor: i64,
    /// `null` when the provider did not give the net of every payment.
    #[ts(type = "number | null")]
    pub net_total_minor: Option<i64>,
    pub waiting: Vec<ReportWaitingDto>,
    #[ts(type = "number")]
    pub waiting_total_minor: i64,
}

/// "Gün sonu raporu" for Turkish days `from`..=`to` (`YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DayReportDto {
    pub from: String,
    pub to: String,
    pub groups: Vec<ReportGroupDto>,
}

impl DayReportDto {
    pub fn new(r: &DayReport, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Self {
        let group = |g: &ReportGroup| ReportGroupDto {
            provider: ProviderId::from(g.provider),
            currency: g.currency.code().into(),
            payments: g
                .payments
                .iter()
                .map(|p| ReportPaymentDto {
                    link_id: p.link_id,
                    paid_at: iso(p.paid_at),
                    customer: p.customer.clone(),
                    description: p.description.clone(),
                    amount_minor: p.amount_minor,
                    surcharge_minor: p.surcharge_minor,
                    installments: p.installments,
                    net_minor: p.net_minor,
                    refunded_minor: p.refunded_minor,
                })
                .collect(),
            paid_count: g.paid_count,
            paid_total_minor: g.paid_total_minor,
            refunded_count: g.refunded_count,
            refunded_total_minor: g.refunded_total_minor,
            surcharge_total_minor: g.surcharge_total_minor,
            net_total_minor: g.net_total_minor,
            waiting: g
                .waiting
                .iter()
                .map(|w| ReportWaitingDto {
                    link_id: w.link_id,
                    created_at: iso(w.created_at),
                    customer: w.customer.clone(),
                    description: w.description.clone(),
                    amount_minor: w.amount_minor,
                })
                .collect(),
            waiting_total_minor: g.waiting_total_minor,
        };
        DayReportDto {
            from: from.format("%Y-%m-%d").to_string(),
            to: to.format("%Y-%m-%d").to_string(),
            groups: r.groups.iter().map(group).collect(),
        }
    }
}
