//! An item is checked by the link form's own rules (amount to kuruş, the provider's currencies,
//! description lengths, expiry, installments, PayTR link types), so a picked item never fills the
//! form with something the form would refuse. Only the fields an item keeps are reported.

use super::{ItemInput, NewItem};
use crate::links::text::{self, Count};
use crate::links::{validate_at, CreateForm, ExpiryChoice, FieldError, PaytrKind};
use crate::providers::paytr::LinkType;
use crate::providers::Provider;
use crate::Lang;
use chrono::{DateTime, Utc};

/// The longest name: it is a button's label and a line of the type-ahead list.
pub const NAME_MAX: usize = 60;

/// The form fields an item keeps (the core form's keys); problems on the others (customer,
/// contact, reference) belong to the link made later, not to the item.
const KEPT: [&str; 7] =
    ["provider", "amountText", "currency", "description", "expiry", "maxInstallment", "paytr.flexMaxText"];

fn err(field: &'static str, code: &'static str, lang: Lang, tr: String, en: String) -> FieldError {
    FieldError { field, code, message: if lang == Lang::Tr { tr } else { en } }
}

/// The name as it is compared: trimmed, lower-cased the Turkish way (I → ı, İ → i), so "IŞIK"
/// and "ışık" are one name but "Isık" and "İsik" are not folded to ASCII.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        match c {
            'I' => out.push('ı'),
            'İ' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Checks every field at once as of `now` (a fixed expiry time must be ahead).
///
/// Without a provider the item follows the form's default (`default`: the one the form would use
/// now; PayTR's rules, the widest, when none is set up yet), and the form checks it again against
/// the provider it ends up with. PayTR's link types (flex, collection) and an amount left to the
/// customer need PayTR chosen.
pub fn validate_item(
    input: &ItemInput,
    default: Option<Provider>,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<NewItem, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = match text::clean(&input.name) {
        Ok(n) => n,
        Err(why) => {
            errors.push(text::unclean_error("name", why, lang));
            String::new()
        }
    };
    let n = Count::Chars.of(&name);
    if n == 0 && errors.is_empty() {
        errors.push(err(
            "name",
            "name_required",
            lang,
            "Ürüne bir ad verin; Yeni link ekranında bu adla çıkar.".into(),
            "Give the item a name; the new-link form offers it by this name.".into(),
        ));
    } else if n > NAME_MAX {
        errors.push(err(
            "name",
            "name_too_long",
            lang,
            format!("Ürün adını en fazla {NAME_MAX} karaktere kısaltın (şu an {n})."),
            format!("Shorten the item's name to at most {NAME_MAX} characters (now {n})."),
        ));
    }

    let f = &input.form;
    let paytr_chosen = f.provider == Some(Provider::Paytr);
    let asked = f.amount_text.trim().is_empty();
    if f.provider.is_none() && f.paytr.link_type != PaytrKind::Product {
        errors.push(err(
            "provider",
            "link_type_needs_paytr",
            lang,
            "Tahsilat ve serbest tutar bağlantıları yalnızca PayTR'de var: sağlayıcı olarak PayTR'yi seçin.".into(),
            "Collection and flexible-amount links exist at PayTR only: choose PayTR as the provider.".into(),
        ));
    }
    if f.provider.is_none() && !(1..=12).contains(&f.max_installment) {
        errors.push(err(
            "maxInstallment",
            "installment_range",
            lang,
            "Taksit sayısı 1 (tek çekim) ile 12 arasında olmalı.".into(),
            "Installments must be 1 (single payment) to 12.".into(),
        ));
    }
    if asked && !(paytr_chosen && f.paytr.link_type == PaytrKind::Flex) {
        errors.push(err(
            "amountText",
            "amount_empty",
            lang,
            "Tutarı yazın, örneğin 150 veya 1.234,56. Tutarı müşteriye bırakmak yalnızca PayTR'nin serbest tutar bağlantısında olur.".into(),
            "Enter the amount, like 150 or 1,234.56. Leaving the amount to the customer works only with a PayTR flexible-amount link.".into(),
        ));
    }

    // An expiry the new-link form can fill in every time: a length, or none for iyzico only.
    let expiry_refused = check_expiry(f.expiry, f.provider, lang).map(|e| errors.push(e)).is_some();

    // The link form's checks, on a form with the item's fields. Stand-ins for what an item does
    // not keep (Paynet's required customer, a collection's e-mail) and for an amount the customer
    // chooses (the flex maximum is still checked against it).
    let form = CreateForm {
        provider: Some(f.provider.or(default).unwrap_or(Provider::Paytr)),
        amount_text: if asked { "0,01".into() } else { f.amount_text.clone() },
        customer: "Müşteri".into(),
        phone_text: String::new(),
        email: "musteri@ornek.com".into(),
        send_sms: false,
        send_email: false,
        reference: String::new(),
        // Refused above: not reported twice.
        expiry: if expiry_refused { ExpiryChoice::Days(3) } else { f.expiry },
        ..f.clone()
    };
    let valid = match validate_at(&form, lang, now) {
        Ok(v) => Some(v),
        Err(found) => {
            let kept: Vec<FieldError> = found.iter().filter(|e| KEPT.contains(&e.field)).cloned().collect();
            // Never let a refusal pass unseen, even on a field the item does not keep.
            errors.extend(if kept.is_empty() { found } else { kept });
            None
        }
    };
    let Some(valid) = valid.filter(|_| errors.is_empty()) else { return Err(errors) };
    let flex_max_minor = match valid.link_type {
        LinkType::Flex { max_price, .. } => max_price.map(|m| m.minor()),
        _ => None,
    };
    Ok(NewItem {
        name,
        amount_minor: (!asked).then_some(valid.amount.minor()),
        currency: f.currency,
        description: valid.description,
        provider: f.provider,
        expiry: f.expiry,
        max_installment: if paytr_chosen || f.provider.is_none() { f.max_installment } else { 1 },
        link_type: if paytr_chosen { f.paytr.link_type } else { PaytrKind::Product },
        flex_max_minor: if paytr_chosen { flex_max_minor } else { None },
    })
}

/// An item is picked again and again, so a fixed date would soon be past (every pick would fill
/// it in); and "no expiry" exists in the new-link form only for iyzico (PayTR's form always sends
/// a date, Paynet's always hours), so a PayTR or default-provider item without one would make a
/// link that expires after all. Paynet's own refusal ("choose how long") is the link form's.
fn check_expiry(expiry: ExpiryChoice, provider: Option<Provider>, lang: Lang) -> Option<FieldError> {
    match expiry {
        ExpiryChoice::At(_) => Some(err(
            "expiry",
            "expiry_item_at",
            lang,
            "Üründe sabit bir tarih tutulmaz, çünkü her seferinde geçmişte kalır: süreyi gün ya da saat olarak yazın (örneğin 3 gün, 5 saat).".into(),
            "An item cannot keep a fixed date, as it would soon be in the past: give the time in days or hours instead (like 3 days, 5 hours).".into(),
        )),
        ExpiryChoice::None if matches!(provider, None | Some(Provider::Paytr)) => Some(err(
            "expiry",
            "expiry_item_none",
            lang,
            "Süresiz bağlantı yalnızca iyzico'da olur; PayTR için bir süre seçin (1, 3 veya 7 gün ya da saat olarak).".into(),
            "Links without an expiry exist at iyzico only; choose how long a PayTR link stays valid (1, 3 or 7 days, or hours).".into(),
        )),
        _ => None,
    }
}
