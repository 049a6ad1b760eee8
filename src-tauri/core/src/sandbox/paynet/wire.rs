//! How the Paynet sandbox reads requests and writes answers: the secret-key check, Paynet's error
//! objects, amounts as JSON numbers written from text, dates in Turkish local time.

use crate::providers::paynet::wire::Obj;
use axum::{
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use serde_json::{json, value::RawValue};
use subtle::ConstantTimeEq;

pub(super) const OK_MESSAGE: &str = "Başarılı İşlem";

/// A refusal, written as Paynet writes it: an error object with a non-200 status (providers.md
/// §2.2), or an HTTP 200 envelope whose result code is not 0.
#[derive(Debug)]
pub(super) enum Fail {
    Http { status: StatusCode, kind: &'static str, result_code: i64, message: String },
    Refused { object_name: &'static str, code: i64, message: String },
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        match self {
            Fail::Http { status, kind, result_code, message } => {
                let body =
                    json!({ "type": kind, "message": message, "code": status.as_u16(), "result_code": result_code });
                (status, Json(body)).into_response()
            }
            Fail::Refused { object_name, code, message } => {
                Json(json!({ "object_name": object_name, "code": code, "message": message })).into_response()
            }
        }
    }
}

pub(super) fn invalid(message: impl Into<String>) -> Fail {
    Fail::Http {
        status: StatusCode::BAD_REQUEST,
        kind: "invalid_request_error",
        result_code: 11,
        message: message.into(),
    }
}

pub(super) fn no_data(message: impl Into<String>) -> Fail {
    Fail::Http { status: StatusCode::NOT_FOUND, kind: "no_data_error", result_code: 12, message: message.into() }
}

pub(super) fn refused(object_name: &'static str, code: i64, message: impl Into<String>) -> Fail {
    Fail::Refused { object_name, code, message: message.into() }
}

/// `Authorization: Basic <secret_key>`, the raw key. The base64 `key:` form some third-party code
/// sends is refused like any wrong key, with a hint.
pub(super) fn check_auth(headers: &HeaderMap, secret_key: &str) -> Result<(), Fail> {
    let unauthorized = |msg: &str| {
        let message = msg.to_string();
        Err(Fail::Http { status: StatusCode::UNAUTHORIZED, kind: "authorization_error", result_code: 7, message })
    };
    let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return unauthorized("Unauthorized: the Authorization header is missing");
    };
    let Some((scheme, given)) = value.trim().split_once(' ') else {
        return unauthorized("Unauthorized: expected 'Basic <secret_key>'");
    };
    let given = given.trim();
    if !scheme.eq_ignore_ascii_case("basic") {
        return unauthorized("Unauthorized: expected 'Basic <secret_key>'");
    }
    if bool::from(given.as_bytes().ct_eq(secret_key.as_bytes())) {
        return Ok(());
    }
    let base64_form = base64::engine::general_purpose::STANDARD.encode(format!("{secret_key}:"));
    if bool::from(given.as_bytes().ct_eq(base64_form.as_bytes())) {
        return unauthorized("Unauthorized: send the secret key as is, not base64(key:)");
    }
    unauthorized("Unauthorized: wrong secret key")
}

/// The request body: JSON, or form-encoded when the client says so (Paynet accepts both).
pub(super) fn read_body(headers: &HeaderMap, body: &[u8]) -> Result<Obj, Fail> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded") {
        return Ok(Obj::from_form(body));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Obj::parse(b"{}").map_err(invalid);
    }
    Obj::parse(body).map_err(|e| invalid(format!("the request body must be a JSON object: {e}")))
}

/// A field that must be absent or valid: the reader's complaint becomes a 400.
pub(super) fn field<T>(r: Result<Option<T>, String>) -> Result<Option<T>, Fail> {
    r.map_err(invalid)
}

/// An amount in minor units written as a JSON number in currency units (`120`, `149.90`).
#[derive(Clone, Copy, Debug)]
pub(super) struct Amount(pub i64);

impl Amount {
    pub(super) fn text(self) -> String {
        let (whole, frac) = (self.0 / 100, (self.0 % 100).abs());
        if frac == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{frac:02}")
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RawValue::from_string(self.text()).map_err(serde::ser::Error::custom)?.serialize(s)
    }
}

/// An instant as Paynet writes it: Turkish local time, no offset, fraction without trailing
/// zeros (`2019-10-18T21:46:17.71`).
pub(super) fn paynet_date(t: DateTime<Utc>) -> String {
    let text = crate::time::to_istanbul(t).format("%Y-%m-%dT%H:%M:%S%.3f").to_string();
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// "1.234,56 TL" for the payment page.
pub(super) fn amount_display(minor: i64) -> String {
    crate::money::Money::new(minor, crate::money::Currency::Tl)
        .map(|m| m.format())
        .unwrap_or_else(|_| format!("{} TL", Amount(minor).text()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn amounts_are_written_as_exact_numbers() {
        let out = serde_json::to_string(&[Amount(12000), Amount(14990), Amount(5), Amount(123456)]).unwrap();
        assert_eq!(out, "[120,149.90,0.05,1234.56]");
    }

    #[test]
    fn dates_are_turkish_local_without_trailing_zeros() {
        let t = Utc.with_ymd_and_hms(2019, 10, 18, 18, 46, 17).unwrap() + chrono::Duration::milliseconds(710);
        assert_eq!(paynet_date(t), "2019-10-18T21:46:17.71");
        assert_eq!(paynet_date(Utc.with_ymd_and_hms(2019, 10, 18, 6, 0, 0).unwrap()), "2019-10-18T09:00:00");
    }

    #[test]
    fn only_the_raw_key_passes() {
        let mut h = HeaderMap::new();
        assert!(check_auth(&h, "sck_x").is_err());
        h.insert(header::AUTHORIZATION, "Basic sck_x".parse().unwrap());
        assert!(check_auth(&h, "sck_x").is_ok());
        h.insert(header::AUTHORIZATION, "Basic c2NrX3g6".parse().unwrap()); // base64("sck_x:")
        assert_eq!(check_auth(&h, "sck_x").unwrap_err().into_response().status(), StatusCode::UNAUTHORIZED);
        h.insert(header::AUTHORIZATION, "Bearer sck_x".parse().unwrap());
        assert!(check_auth(&h, "sck_x").is_err());
    }
}
