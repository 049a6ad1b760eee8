//! iyzico's reporting API (`shared/iyzico.md` §7.2), fed by the sandbox's link payments:
//! `GET /v2/reporting/payment/transactions` (one Turkish calendar day, paged) and
//! `GET /v2/reporting/payment/details` (by `paymentId`). Signed like every other call.
//!
//! What a link payment carries in `conversationId` / `basketId` is unknown (§10.1), so the
//! sandbox leaves them `null`: nothing here names the link, and clients settle links by
//! `soldCount` alone.

use super::input::Bad;
use super::request::{begin, refuse};
use super::{codes, lock, price_raw, success_with, Payment};
use crate::sandbox::SharedState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use chrono::NaiveDate;
use serde_json::value::RawValue;

/// Transactions per page of the daily report.
pub const TRANSACTIONS_PER_PAGE: usize = 100;

fn mandatory(field: &str) -> Bad {
    Bad { code: codes::MANDATORY, tr: format!("{field} gönderilmesi zorunludur"), en: format!("{field} is mandatory") }
}

fn invalid(field: &str, what_tr: &str, what_en: &str) -> Bad {
    Bad { code: codes::INVALID_REQUEST, tr: format!("{field} {what_tr}"), en: format!("{field} {what_en}") }
}

/// iyzico's commission on a sale: 2.99% of what was paid, plus 0.25 as a fixed fee.
fn commission(paid_minor: i64) -> (i64, i64) {
    ((paid_minor * 299 + 5_000) / 10_000, 25)
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Transaction {
    transaction_type: &'static str,
    transaction_date: String,
    transaction_id: u64,
    transaction_status: u8,
    after_settlement: u8,
    payment_tx_id: u64,
    payment_id: u64,
    conversation_id: Option<String>,
    payment_phase: &'static str,
    price: Box<RawValue>,
    paid_price: Box<RawValue>,
    transaction_currency: &'static str,
    installment: u8,
    three_d_s: u8,
    iyzico_commission: Box<RawValue>,
    iyzico_fee: Box<RawValue>,
    settlement_currency: &'static str,
    merchant_payout_amount: Box<RawValue>,
    basket_id: Option<String>,
}

fn transaction(p: &Payment) -> Transaction {
    let (commission_minor, fee_minor) = commission(p.paid_minor);
    Transaction {
        transaction_type: "PAYMENT",
        transaction_date: crate::time::to_istanbul(p.at).format("%Y-%m-%d %H:%M:%S").to_string(),
        transaction_id: p.payment_id * 10 + 1,
        transaction_status: 1,
        after_settlement: 0,
        payment_tx_id: p.payment_id * 10 + 1,
        payment_id: p.payment_id,
        conversation_id: None,
        payment_phase: "AUTH",
        price: price_raw(p.price_minor, 2),
        paid_price: price_raw(p.paid_minor, 2),
        transaction_currency: p.currency,
        installment: p.installment,
        three_d_s: 1,
        iyzico_commission: price_raw(commission_minor, 2),
        iyzico_fee: price_raw(fee_minor, 2),
        settlement_currency: p.currency,
        merchant_payout_amount: price_raw(p.paid_minor - commission_minor - fee_minor, 2),
        basket_id: None,
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct TransactionsPage {
    current_page: usize,
    total_page_count: usize,
    transactions: Vec<Transaction>,
}

/// `GET /v2/reporting/payment/transactions?transactionDate=YYYY-MM-DD&page=N`: the day's
/// successful sales (Turkey time), oldest first.
pub(super) async fn transactions(
    State(st): State<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match begin(&st, &method, &uri, &headers, &body) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let date = match req.query.get("transactionDate") {
        None => return refuse(&st, &req.ctx, mandatory("transactionDate")),
        Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(date) if d.len() == 10 => date,
            _ => {
                return refuse(
                    &st,
                    &req.ctx,
                    invalid("transactionDate", "YYYY-AA-GG biçiminde olmalıdır", "must be YYYY-MM-DD"),
                )
            }
        },
    };
    let page = match req.query.get("page").map(|p| p.parse::<usize>()) {
        None => return refuse(&st, &req.ctx, mandatory("page")),
        Some(Ok(p)) if p >= 1 => p,
        Some(_) => return refuse(&st, &req.ctx, invalid("page", "1 veya daha büyük olmalıdır", "must be 1 or more")),
    };
    let state = lock(&st.iyzico);
    let day: Vec<&Payment> =
        state.payments.iter().filter(|p| p.success && crate::time::to_istanbul(p.at).date() == date).collect();
    let total_page_count = day.len().div_ceil(TRANSACTIONS_PER_PAGE);
    let start = (page - 1).saturating_mul(TRANSACTIONS_PER_PAGE);
    let transactions = day.iter().skip(start).take(TRANSACTIONS_PER_PAGE).map(|p| transaction(p)).collect();
    drop(state);
    success_with(&st, &req.ctx, TransactionsPage { current_page: page, total_page_count, transactions })
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemTransaction {
    item_id: Option<String>,
    payment_transaction_id: u64,
    transaction_status: u8,
    price: Box<RawValue>,
    paid_price: Box<RawValue>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentDetail {
    payment_id: u64,
    payment_status: u8,
    payment_refund_status: &'static str,
    price: Box<RawValue>,
    paid_price: Box<RawValue>,
    installment: u8,
    payment_conversation_id: Option<String>,
    currency: &'static str,
    last_four_digits: String,
    basket_id: Option<String>,
    phase: &'static str,
    created_date: String,
    updated_date: String,
    item_transactions: Vec<ItemTransaction>,
}

fn detail(p: &Payment) -> PaymentDetail {
    let at = p.at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    PaymentDetail {
        payment_id: p.payment_id,
        payment_status: u8::from(p.success),
        payment_refund_status: "NOT_REFUNDED",
        price: price_raw(p.price_minor, 2),
        paid_price: price_raw(p.paid_minor, 2),
        installment: p.installment,
        payment_conversation_id: None,
        currency: p.currency,
        last_four_digits: p.last_four.clone(),
        basket_id: None,
        phase: "AUTH",
        created_date: at.clone(),
        updated_date: at,
        item_transactions: vec![ItemTransaction {
            item_id: None,
            payment_transaction_id: p.payment_id * 10 + 1,
            transaction_status: u8::from(p.success),
            price: price_raw(p.price_minor, 2),
            paid_price: price_raw(p.paid_minor, 2),
        }],
    }
}

#[derive(serde::Serialize)]
struct Details {
    payments: Vec<PaymentDetail>,
}

/// `GET /v2/reporting/payment/details?paymentId=…` (or `paymentConversationId`, which no link
/// payment carries here): the attempt, successful or not.
pub(super) async fn details(
    State(st): State<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let req = match begin(&st, &method, &uri, &headers, &body) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let by_id = req.query.get("paymentId").filter(|v| !v.is_empty());
    let by_conversation = req.query.get("paymentConversationId").filter(|v| !v.is_empty());
    let id = match (by_id, by_conversation) {
        (None, None) => return refuse(&st, &req.ctx, mandatory("paymentId")),
        (Some(id), _) => match id.parse::<u64>() {
            Ok(id) => Some(id),
            Err(_) => return refuse(&st, &req.ctx, invalid("paymentId", "sayı olmalıdır", "must be a number")),
        },
        (None, Some(_)) => None,
    };
    let state = lock(&st.iyzico);
    let payments = state.payments.iter().filter(|p| Some(p.payment_id) == id).map(detail).collect();
    drop(state);
    success_with(&st, &req.ctx, Details { payments })
}

#[cfg(test)]
mod tests {
    #[test]
    fn commission_is_rounded_kurus() {
        assert_eq!(super::commission(10_000), (299, 25));
        assert_eq!(super::commission(14_990), (448, 25));
    }
}
