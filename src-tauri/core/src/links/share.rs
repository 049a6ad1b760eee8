//! Sharing a link on WhatsApp: a `wa.me` address with a ready message in Turkish (or English).

use super::error::LinkError;
use super::form::FieldError;
use super::template::{self, TemplateKind};
use crate::phone::TrMobile;
use crate::store::LinkRecord;
use crate::Lang;
use chrono::{DateTime, Utc};

/// The message to send with the link, as of `now` (for how long it is still valid): the built-in
/// link template (links/template.rs). The name is used as typed: no "Bey"/"Hanım", which would
/// mean guessing the customer's gender.
pub fn whatsapp_message(link: &LinkRecord, lang: Lang, now: DateTime<Utc>) -> Result<String, LinkError> {
    template::message(TemplateKind::Link, None, link, lang, now)
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
    whatsapp_url_with(link, phone_text, lang, None, now)
}

/// [`whatsapp_url_at`] with the owner's link template (`None` or empty: the built-in one).
pub fn whatsapp_url_with(
    link: &LinkRecord,
    phone_text: &str,
    lang: Lang,
    template: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String, LinkError> {
    let to = wa_phone(phone_text, lang)?;
    let message = template::message(TemplateKind::Link, template, link, lang, now)?;
    Ok(wa_me(to.as_deref(), &message))
}

/// The phone typed, as `wa.me` wants it (`905551234567`); `None` when nothing was typed.
pub(super) fn wa_phone(phone_text: &str, lang: Lang) -> Result<Option<String>, LinkError> {
    if phone_text.trim().is_empty() {
        return Ok(None);
    }
    let phone = TrMobile::parse(phone_text).map_err(|e| {
        LinkError::Invalid(vec![FieldError { field: "phoneText", code: e.code(), message: e.message(lang) }])
    })?;
    Ok(Some(phone.international()))
}

/// `https://wa.me/<to>?text=<message>`; without `to`, WhatsApp lets the owner pick the contact.
pub(super) fn wa_me(to: Option<&str>, message: &str) -> String {
    format!("https://wa.me/{}?text={}", to.unwrap_or(""), encode(message))
}

/// Percent-encodes everything but RFC 3986's unreserved characters. Spaces become `%20`, not
/// the form encoding's `+` (`url::form_urlencoded`), which WhatsApp's own examples do not use.
pub(super) fn encode(text: &str) -> String {
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
}
