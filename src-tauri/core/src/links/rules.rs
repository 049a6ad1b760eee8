//! What each provider's "new link" form accepts beyond the common checks in [`super::validate`]:
//! one place per provider, so a new provider adds its rules here instead of new `if`s there.
//!
//! iyzico (`shared/iyzico.md` §4.1): the link has a name and a description (both required, no
//! documented length limit: §10.6), a price in TRY, USD, EUR or GBP (the currencies every list in
//! §4.1 shares), an "installments allowed" switch but no installment count, no expiry field, and
//! iyzico does not send the link by SMS or e-mail.

use super::form::{CreateForm, ExpiryChoice, FieldError, ValidExpiry};
use super::text::Count;
use crate::money::Currency;
use crate::providers::iyzico::currency_code;
use crate::providers::Provider;
use crate::Lang;

/// The longest description we send to iyzico as the link's name and description. iyzico
/// documents no limit (§10.6); 100 characters is a guess small enough for any product-name
/// column. Were iyzico's limit smaller, it refuses the create (the row is `failed`, nothing is
/// duplicated) and this number is lowered.
pub const IYZICO_NAME_MAX: usize = 100;

/// The provider-specific parts of the form's rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Rules {
    /// The customer's name is required (Paynet's `name_surname`).
    pub customer_required: bool,
    /// The longest e-mail address the provider takes.
    pub email_max: usize,
}

pub(super) fn rules(p: Provider) -> Rules {
    match p {
        Provider::Paynet => Rules { customer_required: true, email_max: 60 },
        Provider::Paytr => Rules { customer_required: false, email_max: 100 },
        // iyzico never receives the e-mail: it is kept in the book only.
        Provider::Iyzico => Rules { customer_required: false, email_max: 100 },
    }
}

fn err(field: &'static str, code: &'static str, lang: Lang, tr: String, en: String) -> FieldError {
    FieldError { field, code, message: if lang == Lang::Tr { tr } else { en } }
}

/// A currency the provider cannot take, if so.
pub(super) fn currency_error(p: Provider, c: Currency, lang: Lang) -> Option<FieldError> {
    if !p.capabilities().foreign_currency && c != Currency::Tl {
        return Some(err(
            "currency",
            "currency_paynet_tl_only",
            lang,
            format!("Paynet bağlantıları yalnızca TL ile oluşturulabilir; {c} için PayTR veya iyzico'yu seçin."),
            format!("Paynet links can only be in TL; choose PayTR or iyzico for {c}."),
        ));
    }
    if p == Provider::Iyzico && currency_code(c).is_none() {
        return Some(err(
            "currency",
            "currency_iyzico",
            lang,
            format!("iyzico bağlantıları TL, USD, EUR veya GBP ile oluşturulabilir; {c} için PayTR'yi seçin."),
            format!("iyzico links can be in TL, USD, EUR or GBP; choose PayTR for {c}."),
        ));
    }
    None
}

/// iyzico's description: required (it is the link's name and description), at most
/// [`IYZICO_NAME_MAX`] characters.
pub(super) fn iyzico_description_error(d: &str, lang: Lang) -> Option<FieldError> {
    let n = Count::Chars.of(d);
    if n == 0 {
        Some(err(
            "description",
            "description_required",
            lang,
            "Ne için ödendiğini yazın: iyzico bunu bağlantının adı olarak gösterir.".into(),
            "Describe what is paid for: iyzico shows it as the link's name.".into(),
        ))
    } else if n > IYZICO_NAME_MAX {
        Some(err(
            "description",
            "description_too_long",
            lang,
            format!("Açıklamayı en fazla {IYZICO_NAME_MAX} karaktere kısaltın (şu an {n})."),
            format!("Shorten the description to at most {IYZICO_NAME_MAX} characters (now {n})."),
        ))
    } else {
        None
    }
}

/// iyzico's own refusals: a chosen expiry, an installment count, sending by SMS or e-mail.
///
/// Expiry: an iyzico link has no expiry field (§4.1), so a chosen expiry is refused rather than
/// kept only here: a link we showed as expired would still take payments at iyzico whenever the
/// app was not running to stop it. The owner stops it with "İptal" (PASSIVE) instead.
pub(super) fn iyzico_errors(form: &CreateForm, lang: Lang, errors: &mut Vec<FieldError>) -> Option<ValidExpiry> {
    if form.send_sms || form.send_email {
        let field = if form.send_sms { "phoneText" } else { "email" };
        errors.push(err(
            field,
            "iyzico_no_send",
            lang,
            "iyzico bağlantıyı SMS veya e-posta ile göndermez: oluşturduktan sonra WhatsApp ile paylaşın ya da adresini kopyalayın.".into(),
            "iyzico does not send links by SMS or e-mail: after creating it, share it by WhatsApp or copy its address.".into(),
        ));
    }
    if form.max_installment != 1 {
        errors.push(err(
            "maxInstallment",
            "installment_iyzico",
            lang,
            "iyzico bağlantısında taksit sayısı seçilemez; 1 (tek çekim) bırakın.".into(),
            "An iyzico link cannot limit installments; leave it at 1 (single payment).".into(),
        ));
    }
    if form.expiry != ExpiryChoice::None {
        errors.push(err(
            "expiry",
            "expiry_iyzico_none",
            lang,
            "iyzico bağlantılarının son geçerlilik tarihi yoktur: \"Süresiz\" seçin. Bağlantıyı istediğiniz an \"İptal\" ile durdurabilirsiniz.".into(),
            "iyzico links have no expiry: choose \"No expiry\". You can stop the link at any time with \"Cancel\".".into(),
        ));
        return None;
    }
    Some(ValidExpiry { hours: None, at: None, at_ms: None })
}

#[cfg(test)]
mod tests {
    use super::super::validate::validate_at;
    use super::*;
    use chrono::Utc;

    fn form() -> CreateForm {
        CreateForm {
            provider: Some(Provider::Iyzico),
            amount_text: "149,90".into(),
            description: "Doğum günü pastası".into(),
            expiry: ExpiryChoice::None,
            ..CreateForm::default()
        }
    }

    fn codes(f: &CreateForm) -> Vec<(&'static str, &'static str)> {
        match validate_at(f, Lang::Tr, Utc::now()) {
            Ok(_) => vec![],
            Err(e) => e.into_iter().map(|e| (e.field, e.code)).collect(),
        }
    }

    #[test]
    fn a_plain_iyzico_form_passes_without_a_customer() {
        let v = validate_at(&form(), Lang::Tr, Utc::now()).unwrap();
        assert_eq!((v.provider, v.amount.minor(), v.customer.as_str()), (Provider::Iyzico, 14_990, ""));
        assert_eq!(v.expiry, ValidExpiry { hours: None, at: None, at_ms: None });
        // The customer, phone and e-mail may be kept in the book (iyzico never gets them).
        let f = CreateForm {
            customer: "Ayşe".into(),
            phone_text: "0555 123 45 67".into(),
            email: "a@b.co".into(),
            ..form()
        };
        assert!(validate_at(&f, Lang::Tr, Utc::now()).is_ok());
    }

    #[test]
    fn currencies_iyzico_takes() {
        for c in [Currency::Tl, Currency::Usd, Currency::Eur, Currency::Gbp] {
            assert_eq!(codes(&CreateForm { currency: c, ..form() }), vec![], "{c}");
        }
        assert_eq!(codes(&CreateForm { currency: Currency::Rub, ..form() }), vec![("currency", "currency_iyzico")]);
        // Paynet's message now names both other providers.
        let paynet = CreateForm { provider: Some(Provider::Paynet), currency: Currency::Usd, ..form() };
        let e = validate_at(&paynet, Lang::En, Utc::now()).unwrap_err();
        assert!(e.iter().any(|e| e.code == "currency_paynet_tl_only" && e.message.contains("iyzico")));
    }

    #[test]
    fn description_is_required_and_at_most_100_characters() {
        assert_eq!(
            codes(&CreateForm { description: " ".into(), ..form() }),
            vec![("description", "description_required")]
        );
        let at_limit = "ş".repeat(IYZICO_NAME_MAX);
        assert_eq!(codes(&CreateForm { description: at_limit.clone(), ..form() }), vec![]);
        let over = format!("{at_limit}a");
        assert_eq!(codes(&CreateForm { description: over, ..form() }), vec![("description", "description_too_long")]);
    }

    #[test]
    fn a_chosen_expiry_is_refused_with_what_to_do() {
        for e in [ExpiryChoice::Days(3), ExpiryChoice::Hours(5)] {
            assert_eq!(codes(&CreateForm { expiry: e, ..form() }), vec![("expiry", "expiry_iyzico_none")]);
        }
        let e = validate_at(&CreateForm { expiry: ExpiryChoice::Days(3), ..form() }, Lang::Tr, Utc::now()).unwrap_err();
        assert!(e[0].message.contains("Süresiz") && e[0].message.contains("İptal"), "{}", e[0].message);
    }

    #[test]
    fn no_sending_and_no_installment_count() {
        let sms = CreateForm { send_sms: true, phone_text: "05551234567".into(), ..form() };
        assert_eq!(codes(&sms), vec![("phoneText", "iyzico_no_send")]);
        let mail = CreateForm { send_email: true, email: "a@b.co".into(), ..form() };
        assert_eq!(codes(&mail), vec![("email", "iyzico_no_send")]);
        assert_eq!(codes(&CreateForm { max_installment: 6, ..form() }), vec![("maxInstallment", "installment_iyzico")]);
    }

    #[test]
    fn every_problem_at_once_in_english_too() {
        let f = CreateForm { currency: Currency::Rub, expiry: ExpiryChoice::Days(1), max_installment: 3, ..form() };
        let e = validate_at(&f, Lang::En, Utc::now()).unwrap_err();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e.iter().all(|e| e.message.is_ascii()), "{e:?}");
    }
}
