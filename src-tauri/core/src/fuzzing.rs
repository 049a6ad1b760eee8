//! The properties the fuzz targets (`fuzz/`, cargo-fuzz, nightly) check, as plain functions: each
//! takes any input, must never panic, and asserts what must hold of what it accepts. The same
//! functions run as proptest tests below, so stable CI checks them on every run. Built only for
//! tests and with the `fuzzing` feature: no release build carries them.

use crate::links::{validate, CreateForm};
use crate::money::{Currency, Money};
use crate::phone::TrMobile;
use crate::providers::paynet::{parse as paynet, wire};
use crate::providers::paytr::response::{self as paytr, Endpoint};
use crate::Lang;

/// Amounts as typed: whatever is accepted is a positive whole number of kuruş that prints and
/// reads back the same.
pub fn money(text: &str) {
    for c in Currency::ALL {
        if let Ok(m) = Money::parse(text, c) {
            assert!(m.minor() > 0, "{text:?} read as {}", m.minor());
            assert_eq!(m.currency(), c);
            let again = Money::parse(&m.format(), c);
            assert_eq!(again.ok(), Some(m), "{text:?} → {:?} does not read back", m.format());
        }
    }
    let _ = crate::money::parse_provider_amount(text);
}

/// Mobile numbers as typed: whatever is accepted is a Turkish mobile, `05` and nine digits,
/// and reads back as itself.
pub fn phone(text: &str) {
    if let Ok(p) = TrMobile::parse(text) {
        let zero = p.with_zero();
        assert!(zero.len() == 11 && zero.starts_with("05") && zero.bytes().all(|b| b.is_ascii_digit()), "{zero}");
        assert_eq!(TrMobile::parse(&zero).ok(), Some(p.clone()));
        assert_eq!(TrMobile::parse(&p.to_string()).ok(), Some(p));
    }
}

/// Any Paynet answer body, under any HTTP status, through every reader the client uses.
pub fn paynet_answer(status: u16, body: &[u8]) {
    if let Ok(obj) = paynet::envelope(status, body) {
        let _ = paynet::created(status, &obj);
        let _ = paynet::detail(status, &obj);
        let _ = paynet::list(status, &obj, 0);
        let _ = paynet::transactions(status, &obj);
    }
    if let Ok(text) = std::str::from_utf8(body) {
        dates(text);
    }
}

/// Any PayTR answer body, through every reader the client and the tracker use; a payment date
/// that is accepted converts to an instant.
pub fn paytr_answer(body: &[u8]) {
    for e in [Endpoint::Link, Endpoint::Status, Endpoint::Report] {
        let _ = paytr::check(e, body);
    }
    if let Ok(s) = paytr::payment_status(body) {
        if let Some(d) = s.payment_date.as_deref() {
            dates(d);
        }
    }
    if let Ok(rows) = paytr::report_rows(body) {
        for r in rows {
            assert!(crate::time::in_range(r.date), "a report row dated {}", r.date);
        }
    }
}

/// The "new link" form as JSON (what the UI sends): validation answers, never panics, and a
/// valid form's expiry is a real, later instant.
pub fn create_form(json: &[u8]) {
    if let Ok(form) = serde_json::from_slice::<CreateForm>(json) {
        for lang in [Lang::Tr, Lang::En] {
            if let Ok(valid) = validate(&form, lang) {
                assert!(valid.amount.minor() > 0);
                if let Some(at) = valid.expiry.at_ms {
                    assert!(at > crate::store::now_ms());
                }
            }
        }
    }
}

/// Dates as the providers and the form write them: only years 1–9999 are accepted, and those
/// convert to an instant.
pub fn dates(text: &str) {
    let formats = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M:%S"];
    if let Some(d) = crate::time::parse_date_time(text, &formats) {
        assert!(crate::time::try_from_istanbul(d).is_some(), "{text:?}");
    }
    if let Ok(Some(d)) = wire::parse_date(text) {
        assert!(crate::time::try_from_istanbul(d).is_some(), "Paynet date {text:?}");
    }
    if let Some((day, _)) = paytr::report_date(text) {
        assert!(crate::time::in_range(day), "PayTR report date {text:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Date-like text around and past the 1–9999 edges, where chrono still parses.
    fn date_text() -> impl Strategy<Value = String> {
        let year = prop_oneof![-262_144i32..=-262_100, -2..=2i32, 9998..=10_001, 262_100..=262_144, any::<i32>()];
        (year, 0u32..=13, 0u32..=32, 0u32..=25, 0u32..=61, 0u32..=61, 0usize..4).prop_map(
            |(y, mo, d, h, mi, s, form)| match form {
                0 => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
                1 => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}"),
                2 => format!("{d:02}.{mo:02}.{y:04} {h:02}:{mi:02}"),
                _ => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+03:00"),
            },
        )
    }

    /// A JSON value with provider-like keys and values of any type.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::{json, Value};
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(|f| json!(f)),
            "\\PC{0,12}".prop_map(Value::from),
            date_text().prop_map(Value::from),
            "-?[0-9]{1,20}([.,][0-9]{1,4})?".prop_map(Value::from),
        ];
        let keys = prop_oneof![
            Just("status"),
            Just("code"),
            Just("result_code"),
            Just("message"),
            Just("data"),
            Just("list"),
            Just("id"),
            Just("url"),
            Just("amount"),
            Just("xact_id"),
            Just("reference_no"),
            Just("create_date"),
            Just("expire_date"),
            Just("xact_date"),
            Just("payment_date"),
            Just("payment_amount"),
            Just("payment_total"),
            Just("odeme_tutari"),
            Just("islem_tarihi"),
            Just("siparis_no"),
            Just("merchant_oid"),
            Just("islem_tipi"),
            Just("reason"),
            Just("err_msg"),
            Just("link"),
        ];
        leaf.prop_recursive(3, 40, 8, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((keys.clone(), inner), 0..8)
                    .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn money_never_panics(text in "\\PC{0,24}|[-+₺$€£ ]{0,2}[0-9., ]{0,20}( ?(TL|TRY|USD|EUR))?") {
            money(&text);
        }

        #[test]
        fn phone_never_panics(text in "\\PC{0,24}|[+(]{0,2}(0|90|0090)?5[0-9 ()./-]{0,16}") {
            phone(&text);
        }

        #[test]
        fn paynet_answers_never_panic(status in prop_oneof![Just(200u16), 100u16..600], v in json_value(), raw in prop::collection::vec(any::<u8>(), 0..64)) {
            paynet_answer(status, v.to_string().as_bytes());
            paynet_answer(status, &raw);
        }

        #[test]
        fn paytr_answers_never_panic(v in json_value(), raw in prop::collection::vec(any::<u8>(), 0..64)) {
            paytr_answer(v.to_string().as_bytes());
            paytr_answer(&raw);
        }

        #[test]
        fn create_forms_never_panic(v in json_value(), expiry in date_text(), amount in "\\PC{0,12}", days in any::<u32>()) {
            create_form(v.to_string().as_bytes());
            for e in [serde_json::json!({"kind": "at", "value": expiry}), serde_json::json!({"kind": "days", "value": days}), serde_json::json!({"kind": "hours", "value": days})] {
                let form = serde_json::json!({"amountText": amount, "customer": "Ali", "description": "Deneme", "expiry": e});
                create_form(form.to_string().as_bytes());
            }
        }

        #[test]
        fn dates_never_panic(text in date_text()) {
            dates(&text);
        }
    }

    /// Issue 8 §5, the two inputs the fuzzer found: both went through `time::from_istanbul`.
    #[test]
    fn the_two_fuzzed_inputs_are_refused_without_a_panic() {
        let form = br#"{"provider":"paytr","amountText":"10","description":"Deneme","expiry":{"kind":"at","value":"-262143-01-01T00:00:00"}}"#;
        create_form(form);
        let parsed: CreateForm = serde_json::from_slice(form).unwrap();
        let errors = validate(&parsed, Lang::En).unwrap_err();
        assert!(errors.iter().any(|e| e.field == "expiry" && e.code == "expiry_invalid"), "{errors:?}");

        let answer = br#"{"status":"success","payment_amount":"10.00","payment_total":"10.00","currency":"TL","payment_date":"-262143-01-01 00:00:00"}"#;
        paytr_answer(answer);
        dates("-262143-01-01 00:00:00");
        assert_eq!(crate::time::parse_date_time("-262143-01-01 00:00:00", &["%Y-%m-%d %H:%M:%S"]), None);
    }
}
