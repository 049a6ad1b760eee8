//! Sharing a link on WhatsApp: a `wa.me` address with a ready message in Turkish (or English).

use super::error::LinkError;
use super::form::FieldError;
use crate::money::Money;
use crate::phone::TrMobile;
use crate::store::LinkRecord;
use crate::Lang;
use chrono::{DateTime, Utc};

/// The message to send with the link, as of `now` (for how long it is still valid). The name is
/// used as typed: no "Bey"/"Hanım", which would mean guessing the customer's gender.
pub fn whatsapp_message(link: &LinkRecord, lang: Lang, now: DateTime<Utc>) -> Result<String, LinkError> {
    let url = link.url.as_deref().filter(|u| !u.trim().is_empty()).ok_or(LinkError::NoProviderId(link.id))?;
    let amount = Money::new(link.amount_minor, link.currency)
        .map_err(|e| LinkError::Internal(format!("stored amount of link {} is invalid: {e}", link.id)))?
        .format();
    let name = link.customer.split_whitespace().collect::<Vec<_>>().join(" ");
    let validity = link.expires_at.and_then(|at| validity(at - now.timestamp_millis(), lang));
    let mut text = match (lang, name.is_empty()) {
        (Lang::Tr, false) => format!("Merhaba {name}, {amount} tutarındaki ödemeniz için link: {url}"),
        (Lang::Tr, true) => format!("Merhaba, {amount} tutarındaki ödemeniz için link: {url}"),
        (Lang::En, false) => format!("Hello {name}, here is the link for your payment of {amount}: {url}"),
        (Lang::En, true) => format!("Hello, here is the link for your payment of {amount}: {url}"),
    };
    if let Some(v) = validity {
        text.push_str(&format!(" ({v})"));
    }
    Ok(text)
}

/// "3 gün geçerli" / "5 saat geçerli"; `None` once expired. Days are rounded to the nearest
/// (a 3-day link shared a minute later is still "3 gün"); under a day, hours are rounded up.
fn validity(left_ms: i64, lang: Lang) -> Option<String> {
    if left_ms <= 0 {
        return None;
    }
    const HOUR: i64 = 3_600_000;
    const DAY: i64 = 24 * HOUR;
    let (n, day) =
        if left_ms >= DAY { ((left_ms + DAY / 2) / DAY, true) } else { ((left_ms + HOUR - 1) / HOUR, false) };
    Some(match (lang, day) {
        (Lang::Tr, true) => format!("{n} gün geçerli"),
        (Lang::Tr, false) => format!("{n} saat geçerli"),
        (Lang::En, true) => format!("valid for {n} day{}", if n == 1 { "" } else { "s" }),
        (Lang::En, false) => format!("valid for {n} hour{}", if n == 1 { "" } else { "s" }),
    })
}

/// `https://wa.me/90…?text=…` for the phone typed; with no phone, `https://wa.me/?text=…`, where
/// WhatsApp lets the owner pick the contact (what the share view promises under the field).
pub fn whatsapp_url(link: &LinkRecord, phone_text: &str, lang: Lang) -> Result<String, LinkError> {
    whatsapp_url_at(link, phone_text, lang, Utc::now())
}

/// [`whatsapp_url`] as of `now`.
pub fn whatsapp_url_at(
    link: &LinkRecord,
    phone_text: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<String, LinkError> {
    let to = if phone_text.trim().is_empty() {
        String::new()
    } else {
        TrMobile::parse(phone_text)
            .map_err(|e| {
                LinkError::Invalid(vec![FieldError { field: "phoneText", code: e.code(), message: e.message(lang) }])
            })?
            .international()
    };
    let message = whatsapp_message(link, lang, now)?;
    Ok(format!("https://wa.me/{to}?text={}", encode(&message)))
}

/// Percent-encodes everything but RFC 3986's unreserved characters. Spaces become `%20`, not
/// the form encoding's `+` (`url::form_urlencoded`), which WhatsApp's own examples do not use.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips_through_the_url_crate() {
        let text = "Merhaba Ayşe, 1.234,56 TL: https://x.y/S/M?id=a&b=c#d (3 gün) +";
        let url = url::Url::parse(&format!("https://wa.me/905551234567?text={}", encode(text))).unwrap();
        let (_, back) = url.query_pairs().next().unwrap();
        assert_eq!(back, text);
        assert!(!encode(text).contains(' ') && !encode(text).contains('+'));
    }

    #[test]
    fn validity_rounds_days_and_hours() {
        let h = 3_600_000;
        assert_eq!(validity(72 * h - 60_000, Lang::Tr).as_deref(), Some("3 gün geçerli"));
        assert_eq!(validity(24 * h, Lang::En).as_deref(), Some("valid for 1 day"));
        assert_eq!(validity(5 * h - 1, Lang::Tr).as_deref(), Some("5 saat geçerli"));
        assert_eq!(validity(1, Lang::En).as_deref(), Some("valid for 1 hour"));
        assert_eq!(validity(0, Lang::Tr), None);
    }
}
