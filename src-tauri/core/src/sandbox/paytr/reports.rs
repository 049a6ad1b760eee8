//! `durum-sorgu` (one payment by `merchant_oid`), `rapor/islem-dokumu` (sales and refunds in
//! ≤3 days) and the sandbox-only `POST /_sandbox/paytr/refund`.

use super::{
    alnum, authentic, decimal_dot, decimal_tr, error, failed, field, read_form, Payment, Refund, TOKEN_REASON,
};
use crate::sandbox::{lock, SharedState};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::SubsecRound;

/// PayTR's commission in the simulation: 3.49% of what was charged.
const COMMISSION_BASIS_POINTS: i64 = 349;

fn commission(total_minor: i64) -> i64 {
    (total_minor * COMMISSION_BASIS_POINTS + 5_000) / 10_000
}

fn masked_pan() -> &'static str {
    "411111******1111"
}

pub(super) async fn status(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    let f = read_form(&headers, &body);
    let (mid, oid) = (field(&f, "merchant_id"), field(&f, "merchant_oid"));
    if mid.is_empty() || mid != st.config.paytr_merchant_id {
        return error("001", "Gecersiz istek veya magaza aktif degil");
    }
    if !authentic(&st, &f, &format!("{mid}{oid}")) {
        return error("003", TOKEN_REASON);
    }
    if oid.is_empty() || !oid.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return error("002", "Gecersiz merchant_oid");
    }
    let mut state = lock(&st.paytr);
    if let Some(n) = state.status_failures.get_mut(oid).filter(|n| **n > 0) {
        *n -= 1;
        return failed("Islem sorgulanamadi, lutfen daha sonra tekrar deneyiniz");
    }
    let Some(p) = state.payments.iter().find(|p| p.merchant_oid == oid) else {
        return error("004", "merchant_oid ile islem bulunamadi");
    };
    if !p.success {
        return error("004", "merchant_oid ile basarili odeme bulunamadi");
    }
    let fee = commission(p.total_minor);
    let returns: Vec<serde_json::Value> = state
        .refunds
        .iter()
        .filter(|r| r.merchant_oid == oid)
        .map(|r| {
            serde_json::json!({
                "return_amount": decimal_tr(r.amount_minor),
                "return_date": crate::time::to_istanbul(r.at).format("%Y-%m-%d %H:%M:%S").to_string(),
            })
        })
        .collect();
    Json(serde_json::json!({
        "status": "success",
        "payment_amount": decimal_tr(p.amount_minor),
        "payment_total": decimal_tr(p.total_minor),
        "payment_date": crate::time::to_istanbul(p.at).format("%Y-%m-%d %H:%M:%S").to_string(),
        "currency": p.currency.code(),
        "taksit": p.installments.to_string(),
        "kart_marka": "VISA",
        "masked_pan": masked_pan(),
        "odeme_tipi": "KART",
        "test_mode": "1",
        "net_tutar": decimal_tr(p.total_minor - fee),
        "kesinti_tutari": decimal_tr(fee),
        "returns": returns,
    }))
    .into_response()
}

/// One sale row with the documented fields (amounts as dot decimals, `"10.00"`).
/// `odeme_tutari` is there only when more than the order amount was charged (providers.md §9.10).
fn sale_row(
    oid: &str,
    amount_minor: i64,
    total_minor: i64,
    currency: &str,
    installments: u8,
    day: chrono::NaiveDate,
) -> serde_json::Value {
    let fee = commission(total_minor);
    let mut row = serde_json::json!({
        "islem_tipi": "S",
        "net_tutar": decimal_dot(total_minor - fee),
        "kesinti_tutari": decimal_dot(fee),
        "kesinti_orani": decimal_dot(COMMISSION_BASIS_POINTS),
        "islem_tutari": decimal_dot(amount_minor),
        "islem_tarihi": day.format("%d.%m.%Y").to_string(),
        "para_birimi": currency,
        "taksit": installments.to_string(),
        "kart_marka": "VISA",
        "kart_no": masked_pan(),
        "siparis_no": oid,
        "odeme_tipi": "KART",
    });
    if total_minor > amount_minor {
        row["odeme_tutari"] = decimal_dot(total_minor).into();
    }
    row
}

/// A refund row (`islem_tipi` `I`) in the same list as the sales (providers.md §5.7, §9.10). The
/// sign of a refund's amounts is not documented: `islem_tutari` is written as the amount given
/// back and `net_tutar` as what it takes off the payout (negative, no fee returned); the client
/// reads a refund by its type or a negative amount, whatever the sign. No `odeme_tutari`: it is
/// only for a charge beyond the order amount.
fn refund_row(r: &Refund) -> serde_json::Value {
    serde_json::json!({
        "islem_tipi": "I",
        "net_tutar": decimal_dot(-r.amount_minor),
        "kesinti_tutari": decimal_dot(0),
        "kesinti_orani": decimal_dot(0),
        "islem_tutari": decimal_dot(r.amount_minor),
        "islem_tarihi": crate::time::to_istanbul(r.at).date().format("%d.%m.%Y").to_string(),
        "para_birimi": r.currency.code(),
        "taksit": "1",
        "kart_marka": "VISA",
        "kart_no": masked_pan(),
        "siparis_no": r.merchant_oid,
        "odeme_tipi": "KART",
    })
}

fn row(p: &Payment) -> serde_json::Value {
    let day = crate::time::to_istanbul(p.at).date();
    sale_row(&p.merchant_oid, p.amount_minor, p.total_minor, p.currency.code(), p.installments, day)
}

pub(super) async fn report(State(st): State<SharedState>, headers: HeaderMap, body: Bytes) -> Response {
    let f = read_form(&headers, &body);
    let (mid, start, end) = (field(&f, "merchant_id"), field(&f, "start_date"), field(&f, "end_date"));
    if !authentic(&st, &f, &format!("{mid}{start}{end}")) {
        return failed(TOKEN_REASON);
    }
    let parse = |s: &str| crate::time::parse_date_time(s, &["%Y-%m-%d %H:%M:%S"]);
    let (Some(from), Some(to)) = (parse(start), parse(end)) else {
        return error("002", "start_date ve end_date YYYY-MM-DD HH:MM:SS formatinda olmalidir");
    };
    if to < from {
        return error("002", "end_date, start_date'ten once olamaz");
    }
    if to - from > chrono::Duration::days(3) {
        return error("003", "Tarih araligi en fazla 3 gun olabilir");
    }
    let rows: Vec<serde_json::Value> = if field(&f, "dummy") == "1" {
        // Simulated data, as PayTR's `dummy=1` returns; unrelated to the store's real sales.
        vec![
            sale_row(&format!("DUMMY{}", alnum(8)), 10000, 10000, "TL", 1, from.date()),
            sale_row(&format!("DUMMY{}", alnum(8)), 24990, 26489, "TL", 3, from.date()),
        ]
    } else {
        let state = lock(&st.paytr);
        let in_window = |at| (from..=to).contains(&crate::time::to_istanbul(at));
        let sales = state.payments.iter().filter(|p| p.success && in_window(p.at)).map(row);
        sales.chain(state.refunds.iter().filter(|r| in_window(r.at)).map(refund_row)).collect()
    };
    if rows.is_empty() {
        return failed("Bu tarih araliginda islem bulunamadi");
    }
    Json(serde_json::json!({ "status": "success", "data": rows })).into_response()
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RefundRequest {
    merchant_oid: String,
    /// Kuruş; default the whole charged total.
    #[serde(default)]
    amount_minor: Option<i64>,
}

/// `POST /_sandbox/paytr/refund` `{"merchant_oid","amount_minor"?}`: refunds a successful sale
/// (at most what is left of it), as the merchant would from PayTR's panel.
pub(super) async fn control_refund(State(st): State<SharedState>, body: Bytes) -> Response {
    let bad = |status: StatusCode, msg: String| (status, Json(serde_json::json!({ "error": msg }))).into_response();
    let req: RefundRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return bad(StatusCode::BAD_REQUEST, format!("expected {{\"merchant_oid\",\"amount_minor\"?}}: {e}")),
    };
    let now = st.clock.now().trunc_subsecs(0);
    let mut state = lock(&st.paytr);
    let Some(sale) = state.payments.iter().find(|p| p.success && p.merchant_oid == req.merchant_oid) else {
        return bad(StatusCode::NOT_FOUND, format!("no successful PayTR sale {:?}", req.merchant_oid));
    };
    let (total, currency) = (sale.total_minor, sale.currency);
    let refunded: i64 =
        state.refunds.iter().filter(|r| r.merchant_oid == req.merchant_oid).map(|r| r.amount_minor).sum();
    let amount = req.amount_minor.unwrap_or(total - refunded);
    if amount <= 0 || amount > total - refunded {
        return bad(StatusCode::BAD_REQUEST, format!("amount_minor must be 1 to {}", total - refunded));
    }
    state.refunds.push(Refund { merchant_oid: req.merchant_oid.clone(), amount_minor: amount, currency, at: now });
    Json(serde_json::json!({ "status": "refunded", "merchant_oid": req.merchant_oid, "amount_minor": amount }))
        .into_response()
}
