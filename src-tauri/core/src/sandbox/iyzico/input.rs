//! Reading a create / update / fast-link body as iyzico would (`shared/iyzico.md` §4.1, §4.2,
//! §9.4): required fields, price rules, currencies, and an `encodedImageFile` that must decode to
//! a PNG or JPEG. Unknown fields (`sourceType`, `token`, …) are ignored, as SDKs send them.

use super::{codes, CURRENCIES};
use base64::Engine;
use serde_json::{Map, Value};

/// A refused body: iyzico's code and the message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bad {
    pub code: &'static str,
    pub tr: String,
    pub en: String,
}

fn invalid(tr: impl Into<String>, en: impl Into<String>) -> Bad {
    Bad { code: codes::INVALID_REQUEST, tr: tr.into(), en: en.into() }
}

/// The generic "Invalid request" for unreadable JSON or wrong types (§3.3 code 11).
pub(crate) fn unreadable() -> Bad {
    invalid("Geçersiz istek", "Invalid request")
}

/// Every field a link body may carry, each `None` when absent (or JSON `null`).
#[derive(Debug, Default)]
pub(crate) struct LinkInput {
    pub name: Option<String>,
    pub description: Option<String>,
    pub price_minor: Option<i64>,
    pub currency: Option<&'static str>,
    pub image: Option<Vec<u8>>,
    pub address_ignorable: Option<bool>,
    pub installment_requested: Option<bool>,
    pub stock_enabled: Option<bool>,
    pub stock_count: Option<i64>,
    pub sold_limit: Option<i64>,
    pub flexible: Option<bool>,
    pub preset_prices: Option<Vec<i64>>,
    pub category_type: Option<String>,
    pub conversation_id: Option<String>,
}

/// `"<field> is mandatory"` (§9.4) for each of `fields` missing, `null` or blank, in order.
pub(crate) fn require(body: &Map<String, Value>, fields: &[&str]) -> Result<(), Bad> {
    for field in fields {
        let missing = match body.get(*field) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(_) => false,
        };
        if missing {
            return Err(Bad {
                code: codes::MANDATORY,
                tr: format!("{field} gönderilmesi zorunludur"),
                en: format!("{field} is mandatory"),
            });
        }
    }
    Ok(())
}

fn present<'a>(body: &'a Map<String, Value>, field: &str) -> Option<&'a Value> {
    body.get(field).filter(|v| !v.is_null())
}

fn string(body: &Map<String, Value>, field: &str) -> Result<Option<String>, Bad> {
    match present(body, field) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(unreadable()),
    }
}

fn boolean(body: &Map<String, Value>, field: &str) -> Result<Option<bool>, Bad> {
    match present(body, field) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(unreadable()),
    }
}

/// A whole number ≥ 0, as a JSON integer or a digit string (`soldLimit` is a string in the TR doc).
fn count(body: &Map<String, Value>, field: &str) -> Result<Option<i64>, Bad> {
    let n = match present(body, field) {
        None => return Ok(None),
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
        Some(_) => None,
    };
    match n {
        Some(n) if (0..=1_000_000_000).contains(&n) => Ok(Some(n)),
        _ => Err(invalid(format!("{field} geçersiz"), format!("{field} is invalid"))),
    }
}

/// A price: a decimal string (`"149.90"`) or a JSON number, a dot separator, at most two
/// decimals, above zero. A comma is iyzico's "Invalid request" (§1, D-FAQ).
pub(crate) fn price(value: &Value, field: &str) -> Result<i64, Bad> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(unreadable()),
    };
    if text.contains(',') {
        return Err(unreadable());
    }
    let bad = || {
        invalid(
            format!("{field} sıfırdan büyük, en çok iki ondalıklı ve nokta ile yazılmış olmalıdır"),
            format!("{field} must be greater than zero, with a dot and at most two decimals"),
        )
    };
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 12 || !digits(whole) || frac.len() > 2 || !digits(frac) || text.ends_with('.')
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let minor = whole.checked_mul(100).and_then(|w| w.checked_add(frac)).ok_or_else(bad)?;
    if minor <= 0 {
        return Err(bad());
    }
    Ok(minor)
}

fn currency(body: &Map<String, Value>) -> Result<Option<&'static str>, Bad> {
    let Some(code) = string(body, "currencyCode")? else {
        return Ok(None);
    };
    match CURRENCIES.iter().find(|(c, _)| *c == code) {
        Some((c, _)) => Ok(Some(c)),
        None => Err(invalid(
            format!("currencyCode geçersiz: {code} desteklenmiyor"),
            format!("currencyCode is invalid: {code} is not supported"),
        )),
    }
}

/// Base64 (no `data:` prefix, padding optional as Java's decoder allows) of a PNG or JPEG no
/// larger than `max_bytes` decoded.
pub(crate) fn image(text: &str, max_bytes: usize) -> Result<Vec<u8>, Bad> {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let not_image = || {
        invalid(
            "encodedImageFile geçerli bir base64 PNG veya JPEG görsel olmalıdır",
            "encodedImageFile must be a base64 PNG or JPEG image",
        )
    };
    // Decoded size is at most 3/4 of the text: refuse an oversized one before decoding it.
    if text.len() / 4 * 3 > max_bytes + 3 {
        return Err(too_big(max_bytes));
    }
    let bytes = engine.decode(text).map_err(|_| not_image())?;
    if bytes.len() > max_bytes {
        return Err(too_big(max_bytes));
    }
    let png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
    let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
    if !png && !jpeg {
        return Err(not_image());
    }
    Ok(bytes)
}

fn too_big(max_bytes: usize) -> Bad {
    invalid(
        format!("encodedImageFile en fazla {max_bytes} bayt olabilir"),
        format!("encodedImageFile may be at most {max_bytes} bytes"),
    )
}

/// The category enum quoted from the OpenAPI (§4.1).
const CATEGORIES: [&str; 6] = ["GOLD", "FOOD", "PHONE", "UNKNOWN", "PC", "TABLET"];

/// Reads and checks every field present in `body` (presence is [`require`]'s job).
pub(crate) fn read(body: &Map<String, Value>, max_image_bytes: usize) -> Result<LinkInput, Bad> {
    let mut input = LinkInput {
        name: string(body, "name")?,
        description: string(body, "description")?,
        currency: currency(body)?,
        address_ignorable: boolean(body, "addressIgnorable")?,
        installment_requested: boolean(body, "installmentRequested")?,
        stock_enabled: boolean(body, "stockEnabled")?,
        stock_count: count(body, "stockCount")?,
        sold_limit: count(body, "soldLimit")?,
        flexible: boolean(body, "flexibleLink")?,
        category_type: string(body, "categoryType")?,
        conversation_id: string(body, "conversationId")?,
        ..LinkInput::default()
    };
    if let Some(p) = present(body, "price") {
        input.price_minor = Some(price(p, "price")?);
    }
    if let Some(text) = string(body, "encodedImageFile")? {
        input.image = Some(image(&text, max_image_bytes)?);
    }
    if let Some(c) = &input.category_type {
        if !CATEGORIES.contains(&c.as_str()) {
            return Err(invalid(format!("categoryType geçersiz: {c}"), format!("categoryType is invalid: {c}")));
        }
    }
    match present(body, "presetPriceValues") {
        None => {}
        Some(Value::Array(values)) => {
            let prices = values.iter().map(|v| price(v, "presetPriceValues")).collect::<Result<Vec<_>, _>>()?;
            input.preset_prices = Some(prices);
        }
        Some(_) => return Err(unreadable()),
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PNG_1X1: &str =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

    #[test]
    fn prices_follow_the_dot_and_two_decimals_rule() {
        for (v, minor) in [(json!("149.90"), 14990), (json!("1"), 100), (json!(50), 5000), (json!(1.5), 150)] {
            assert_eq!(price(&v, "price"), Ok(minor), "{v}");
        }
        for v in [
            json!("149,90"),
            json!("0"),
            json!("0.00"),
            json!("-1"),
            json!("1.234"),
            json!("1."),
            json!(".5"),
            json!("abc"),
            json!(true),
        ] {
            assert!(price(&v, "price").is_err(), "{v}");
        }
        assert_eq!(price(&json!("1,5"), "price").unwrap_err().code, "11");
    }

    #[test]
    fn images_must_decode_to_png_or_jpeg() {
        assert_eq!(&image(PNG_1X1, 1 << 20).unwrap()[..4], b"\x89PNG");
        assert!(image(PNG_1X1.trim_end_matches('='), 1 << 20).is_ok(), "padding is optional");
        let jpeg = base64::engine::general_purpose::STANDARD.encode([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]);
        assert!(image(&jpeg, 1 << 20).is_ok());
        let gif = base64::engine::general_purpose::STANDARD.encode(b"GIF89a....");
        for bad in [gif.as_str(), "not base64!", "data:image/png;base64,iVBORw0KGgo=", ""] {
            assert!(image(bad, 1 << 20).is_err(), "{bad}");
        }
        assert!(image(PNG_1X1, 10).unwrap_err().en.contains("at most 10 bytes"));
    }

    #[test]
    fn mandatory_fields_are_named() {
        let body = json!({"name": "x", "description": " ", "price": null});
        let err = require(body.as_object().unwrap(), &["name", "description", "price"]).unwrap_err();
        assert_eq!((err.code, err.en.as_str()), ("24", "description is mandatory"));
    }
}
