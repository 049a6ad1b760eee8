//! `durum-sorgu` (one payment by `merchant_oid`) and `rapor/islem-dokumu` (sales in ≤3 days).

use super::{alnum, authentic, decimal_tr, error, failed, field, read_form, Payment, TOKEN_REASON};
use crate::sandbox::{lock, SharedState};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// PayTR's commission in the simulation: 3.49% of what was charged.
const COMMISSION_BASIS_POINTS: i64 = 349;

fn commission(total_minor: i64) -> i64 {
    (total_minor * COMMISSION_BASIS_POINTS + 5_000) / 10_000
}

fn masked_pan() -> &'static str {
    "411111******1111"
}

pub(super) async fn status(State(st): State<SharedState>, body: Bytes) -> Response {
    let f = read_form(&body);
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
    let state = lock(&st.paytr);
    let Some(p) = state.payments.iter().find(|p| p.merchant_oid == oid) else {
        return error("004", "merchant_oid ile islem bulunamadi");
    };
    if !p.success {
        return error("004", "merchant_oid ile basarili odeme bulunamadi");
    }
    let fee = commission(p.total_minor);
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
        "returns": [],
    }))
    .into_response()
}

/// One sale row with the documented fields.
fn sale_row(
    oid: &str,
    amount_minor: i64,
    total_minor: i64,
    currency: &str,
    installments: u8,
    day: chrono::NaiveDate,
) -> serde_json::Value {
    let fee = commission(total_minor);
    serde_json::json!({
        "islem_tipi": "S",
        "net_tutar": decimal_tr(total_minor - fee),
        "kesinti_tutari": decimal_tr(fee),
        "kesinti_orani": decimal_tr(COMMISSION_BASIS_POINTS),
        "islem_tutari": decimal_tr(amount_minor),
        "odeme_tutari": decimal_tr(total_minor),
        "islem_tarihi": day.format("%d.%m.%Y").to_string(),
        "para_birimi": currency,
        "taksit": installments.to_string(),
        "kart_marka": "VISA",
        "kart_no": masked_pan(),
        "siparis_no": oid,
        "odeme_tipi": "KART",
    })
}

fn row(p: &Payment) -> serde_json::Value {
    let day = crate::time::to_istanbul(p.at).date();
    sale_row(&p.merchant_oid, p.amount_minor, p.total_minor, p.currency.code(), p.installments, day)
}

pub(super) async fn report(State(st): State<SharedState>, body: Bytes) -> Response {
    let f = read_form(&body);
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
        state
            .payments
            .iter()
            .filter(|p| p.success)
            .filter(|p| (from..=to).contains(&crate::time::to_istanbul(p.at)))
            .map(row)
            .collect()
    };
    if rows.is_empty() {
        return failed("Bu tarih araliginda islem bulunamadi");
    }
    Json(serde_json::json!({ "status": "success", "data": rows })).into_response()
}
