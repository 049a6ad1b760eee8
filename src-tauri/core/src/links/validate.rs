//! Checks every field of the form at once, before anything is sent, with messages that say how
//! to fix each one. The providers' own rules are applied here so a request they would refuse is
//! never made.

use super::form::{CreateForm, ExpiryChoice, FieldError, PaytrKind, ValidExpiry, ValidForm};
use super::rules::{self, rules};
use super::text::{self, Count};
use crate::money::Money;
use crate::phone::{PhoneError, TrMobile};
use crate::providers::paytr::LinkType;
use crate::providers::Provider;
use crate::Lang;
use chrono::{DateTime, Duration, Utc};

/// Paynet's validity range in hours (one year at most).
pub const PAYNET_MAX_HOURS: u32 = 8760;
/// The longest a day count may be.
pub const MAX_DAYS: u32 = 365;
pub const CUSTOMER_MAX: usize = 100;
/// Paynet's `agent_note` length is undocumented; `reference_no` is 50 elsewhere.
pub const REFERENCE_MAX: usize = 50;

fn err(field: &'static str, code: &'static str, lang: Lang, tr: String, en: String) -> FieldError {
    FieldError { field, code, message: if lang == Lang::Tr { tr } else { en } }
}

/// A plausible address: one `@`, a dotted domain, no spaces. Its length is counted in UTF-8
/// bytes, the strictest count (an internationalised address may hold non-ASCII letters).
pub(crate) fn email_ok(email: &str, max: usize) -> bool {
    email.len() <= max
        && !email.chars().any(char::is_whitespace)
        && matches!(email.split_once('@'), Some((user, domain))
            if !user.is_empty() && domain.contains('.') && !domain.contains('@')
                && !domain.starts_with('.') && !domain.ends_with('.'))
}

/// The field's text cleaned by [`text::clean`], or `None` with the refusal recorded.
fn cleaned(field: &'static str, raw: &str, lang: Lang, errors: &mut Vec<FieldError>) -> Option<String> {
    match text::clean(raw) {
        Ok(t) => Some(t),
        Err(why) => {
            errors.push(text::unclean_error(field, why, lang));
            None
        }
    }
}

/// [`validate_at`] now.
pub fn validate(form: &CreateForm, lang: Lang) -> Result<ValidForm, Vec<FieldError>> {
    validate_at(form, lang, Utc::now())
}

/// Checks the whole form as of `now`; returns every problem, not just the first.
pub fn validate_at(form: &CreateForm, lang: Lang, now: DateTime<Utc>) -> Result<ValidForm, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(provider) = form.provider else {
        errors.push(err(
            "provider",
            "provider_required",
            lang,
            "Bir ödeme sağlayıcısı seçin: Paynet, PayTR veya iyzico.".into(),
            "Choose a payment provider: Paynet, PayTR or iyzico.".into(),
        ));
        return Err(errors);
    };
    let paytr = provider == Provider::Paytr;
    let iyzico = provider == Provider::Iyzico;
    let rules = rules(provider);

    let amount = match Money::parse(&form.amount_text, form.currency) {
        Ok(m) => Some(m),
        Err(e) => {
            errors.push(FieldError { field: "amountText", code: e.code(), message: e.message(lang) });
            None
        }
    };
    errors.extend(rules::currency_error(provider, form.currency, lang));

    // Each text is cleaned first (NFC, plain spaces, no hidden characters); its length is then
    // counted as the provider receiving it counts (see `text`).
    let description = cleaned("description", &form.description, lang, &mut errors);
    let description_error = |d: &str| match provider {
        Provider::Iyzico => rules::iyzico_description_error(d, lang),
        _ => text::description_length_error(d, paytr, lang),
    };
    errors.extend(description.as_deref().and_then(description_error));

    let customer = cleaned("customer", &form.customer, lang, &mut errors);
    let cust_len = customer.as_deref().map_or(0, |c| Count::Utf16.of(c));
    if rules.customer_required && customer.as_deref() == Some("") {
        errors.push(err(
            "customer",
            "customer_required",
            lang,
            "Müşterinin adını ve soyadını yazın: Paynet bağlantı için bunu zorunlu tutar.".into(),
            "Enter the customer's full name: Paynet requires it for a link.".into(),
        ));
    } else if cust_len > CUSTOMER_MAX {
        errors.push(err(
            "customer",
            "customer_too_long",
            lang,
            format!("Müşteri adını en fazla {CUSTOMER_MAX} karaktere kısaltın (şu an {cust_len})."),
            format!("Shorten the customer's name to at most {CUSTOMER_MAX} characters (now {cust_len})."),
        ));
    }

    let phone = if form.phone_text.trim().is_empty() {
        if form.send_sms {
            let e = PhoneError::Empty;
            errors.push(FieldError { field: "phoneText", code: "phone_required_for_sms", message: e.message(lang) });
        }
        None
    } else {
        match TrMobile::parse(&form.phone_text) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(FieldError { field: "phoneText", code: e.code(), message: e.message(lang) });
                None
            }
        }
    };

    let email = cleaned("email", &form.email, lang, &mut errors);
    let email_unclean = email.is_none();
    let email = email.unwrap_or_default();
    let email_max = rules.email_max;
    let collection = paytr && form.paytr.link_type == PaytrKind::Collection;
    if email_unclean {
        // Already refused, with the reason.
    } else if email.is_empty() {
        if form.send_email || collection {
            let (tr, en) = if collection {
                (
                    "Tahsilat bağlantısı için müşterinin e-posta adresini yazın.",
                    "A collection link needs the customer's e-mail address.",
                )
            } else {
                (
                    "E-posta ile göndermek için bir e-posta adresi yazın.",
                    "Enter an e-mail address to send the link by e-mail.",
                )
            };
            errors.push(err("email", "email_required", lang, tr.into(), en.into()));
        }
    } else if !email_ok(&email, email_max) {
        errors.push(err(
            "email",
            "email_invalid",
            lang,
            format!("Geçerli bir e-posta adresi yazın, örneğin ali@ornek.com (en fazla {email_max} karakter)."),
            format!("Enter a valid e-mail address, like ali@example.com (at most {email_max} characters)."),
        ));
    }

    let expiry = if iyzico {
        rules::iyzico_errors(form, lang, &mut errors)
    } else {
        check_expiry(form.expiry, paytr, now, lang, &mut errors)
    };

    let max_installment = if !paytr {
        1
    } else if (1..=12).contains(&form.max_installment) {
        form.max_installment as u8
    } else {
        errors.push(err(
            "maxInstallment",
            "installment_range",
            lang,
            "Taksit sayısı 1 (tek çekim) ile 12 arasında olmalı.".into(),
            "Installments must be 1 (single payment) to 12.".into(),
        ));
        1
    };

    let link_type = if paytr { paytr_type(form, &email, amount, lang, &mut errors) } else { None };

    // The owner's own reference: kept in the local store for every provider (PayTR's Link API
    // and iyzilink have no field for it), and sent to Paynet as `agent_note`.
    let reference = cleaned("reference", &form.reference, lang, &mut errors).unwrap_or_default();
    let ref_len = Count::Utf16.of(&reference);
    if ref_len > REFERENCE_MAX {
        errors.push(err(
            "reference",
            "reference_too_long",
            lang,
            format!("Referansı en fazla {REFERENCE_MAX} karaktere kısaltın (şu an {ref_len})."),
            format!("Shorten the reference to at most {REFERENCE_MAX} characters (now {ref_len})."),
        ));
    }

    match (errors.is_empty(), amount, expiry, description, customer) {
        (true, Some(amount), Some(expiry), Some(description), Some(customer)) => Ok(ValidForm {
            provider,
            amount,
            description,
            customer,
            phone,
            email: Some(email).filter(|e| !e.is_empty()),
            send_sms: form.send_sms,
            send_email: form.send_email,
            expiry,
            max_installment,
            link_type: link_type.unwrap_or(LinkType::Product { min_count: 1, max_count: Some(1) }),
            reference: Some(reference).filter(|r| !r.is_empty()),
        }),
        _ => Err(errors),
    }
}

fn check_expiry(
    choice: ExpiryChoice,
    paytr: bool,
    now: DateTime<Utc>,
    lang: Lang,
    errors: &mut Vec<FieldError>,
) -> Option<ValidExpiry> {
    let mut fail = |code, tr: String, en: String| {
        errors.push(err("expiry", code, lang, tr, en));
        None
    };
    let hours = match choice {
        ExpiryChoice::None if paytr => return Some(ValidExpiry { hours: None, at: None, at_ms: None }),
        ExpiryChoice::None => {
            return fail(
                "expiry_required",
                "Paynet bağlantısı için bir geçerlilik süresi seçin (1, 3 veya 7 gün ya da saat olarak).".into(),
                "Choose how long a Paynet link stays valid (1, 3 or 7 days, or hours).".into(),
            )
        }
        ExpiryChoice::Days(d) if (1..=MAX_DAYS).contains(&d) => d * 24,
        ExpiryChoice::Days(_) => {
            return fail(
                "expiry_days_range",
                format!("Gün sayısı 1 ile {MAX_DAYS} arasında olmalı."),
                format!("Days must be 1 to {MAX_DAYS}."),
            )
        }
        ExpiryChoice::Hours(h) if (1..=PAYNET_MAX_HOURS).contains(&h) => h,
        ExpiryChoice::Hours(_) => {
            return fail(
                "expiry_hours_range",
                format!("Saat 1 ile {PAYNET_MAX_HOURS} (bir yıl) arasında olmalı."),
                format!("Hours must be 1 to {PAYNET_MAX_HOURS} (one year)."),
            )
        }
        ExpiryChoice::At(at) => {
            // Years 1-9999 only: chrono's far dates overflow when Turkey's offset is applied.
            let Some(instant) = crate::time::try_from_istanbul(at) else {
                return fail(
                    "expiry_invalid",
                    "Son geçerlilik tarihi okunamadı: takvimden bir tarih ve saat seçin.".into(),
                    "The expiry date cannot be read: pick a date and time from the calendar.".into(),
                );
            };
            if now.checked_add_signed(Duration::minutes(1)).is_none_or(|soon| instant <= soon) {
                return fail(
                    "expiry_in_past",
                    "Son geçerlilik zamanı ileride olmalı: daha sonraki bir tarih ve saat seçin.".into(),
                    "The expiry must be in the future: pick a later date and time.".into(),
                );
            }
            let secs = (instant - now).num_seconds();
            let hours = u32::try_from((secs + 3599) / 3600).unwrap_or(u32::MAX);
            if hours > PAYNET_MAX_HOURS {
                return fail(
                    "expiry_too_far",
                    "Son geçerlilik en fazla bir yıl sonrası olabilir.".into(),
                    "The expiry can be at most one year ahead.".into(),
                );
            }
            if paytr {
                // PayTR takes the wall-clock time itself (whole seconds).
                let at = at.with_nanosecond_zero();
                return Some(ValidExpiry {
                    hours: None,
                    at: Some(at),
                    at_ms: Some(crate::time::from_istanbul(at).timestamp_millis()),
                });
            }
            hours
        }
    };
    let Some(end) = now.checked_add_signed(Duration::hours(i64::from(hours))) else {
        return fail(
            "expiry_too_far",
            "Son geçerlilik en fazla bir yıl sonrası olabilir.".into(),
            "The expiry can be at most one year ahead.".into(),
        );
    };
    let at = crate::time::to_istanbul(end).with_nanosecond_zero();
    Some(ValidExpiry {
        hours: (!paytr).then_some(hours),
        at: paytr.then_some(at),
        at_ms: Some(if paytr { crate::time::from_istanbul(at).timestamp_millis() } else { end.timestamp_millis() }),
    })
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl NoNanos for chrono::NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        chrono::Timelike::with_nanosecond(&self, 0).unwrap_or(self)
    }
}

fn paytr_type(
    form: &CreateForm,
    email: &str,
    amount: Option<Money>,
    lang: Lang,
    errors: &mut Vec<FieldError>,
) -> Option<LinkType> {
    let o = &form.paytr;
    match o.link_type {
        PaytrKind::Product => {
            let mut ok = true;
            if o.min_count < 1 {
                ok = false;
                errors.push(err(
                    "paytr.minCount",
                    "min_count_range",
                    lang,
                    "Bir ödemede alınan adet en az 1 olmalı.".into(),
                    "The quantity one payment buys must be at least 1.".into(),
                ));
            }
            if let Some(max) = o.max_count.filter(|m| *m < 1 || *m < o.min_count.max(1)) {
                ok = false;
                errors.push(err(
                    "paytr.maxCount",
                    "stock_range",
                    lang,
                    format!("Ödeme sayısı en az 1 ve en az bir ödemedeki adet ({}) kadar olmalı; {max} olamaz. Tek ödeme için boş bırakın.", o.min_count.max(1)),
                    format!("The number of payments must be at least 1 and at least the quantity per payment ({}), not {max}. Leave it empty for a single payment.", o.min_count.max(1)),
                ));
            }
            // Empty: single-use (issue 8 §3), so a paid link closes at PayTR.
            let max_count = Some(o.max_count.unwrap_or(o.min_count.max(1)));
            ok.then_some(LinkType::Product { min_count: o.min_count, max_count })
        }
        // The e-mail itself was checked with the other fields.
        PaytrKind::Collection => Some(LinkType::Collection { email: email.to_string() }),
        PaytrKind::Flex => {
            if o.flex_max_text.trim().is_empty() {
                // PayTR refuses a flex link without `flex_max_price`.
                errors.push(err(
                    "paytr.flexMaxText",
                    "flex_max_required",
                    lang,
                    "Müşterinin girebileceği en yüksek tutarı yazın.".into(),
                    "Enter the highest amount the customer may pay.".into(),
                ));
                return None;
            }
            match Money::parse(&o.flex_max_text, form.currency) {
                Ok(max) if amount.is_some_and(|a| max.minor() < a.minor()) => {
                    errors.push(err(
                        "paytr.flexMaxText",
                        "flex_max_below_min",
                        lang,
                        "En yüksek tutar, bağlantının tutarından (en düşük tutar) az olamaz.".into(),
                        "The highest amount cannot be below the link's amount (the lowest).".into(),
                    ));
                    None
                }
                Ok(max) => Some(LinkType::Flex { max_price: Some(max), user_name: None }),
                Err(e) => {
                    errors.push(FieldError { field: "paytr.flexMaxText", code: e.code(), message: e.message(lang) });
                    None
                }
            }
        }
    }
}
