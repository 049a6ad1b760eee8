//! Validation details and the JSON contract with the UI.

use super::*;
use crate::money::Currency;
use crate::providers::paytr::LinkType;
use crate::providers::Provider;
use crate::Lang;
use chrono::{Duration, TimeZone, Utc};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap() // 12:00 in Istanbul
}

fn form(p: Provider) -> CreateForm {
    CreateForm {
        provider: Some(p),
        amount_text: "100".into(),
        description: "Halı yıkama".into(),
        customer: "Ali Veli".into(),
        ..CreateForm::default()
    }
}

fn codes(f: &CreateForm) -> Vec<(&'static str, &'static str)> {
    validate_at(f, Lang::Tr, now()).unwrap_err().iter().map(|e| (e.field, e.code)).collect()
}

#[test]
fn the_ui_sends_camel_case_json() {
    let json = r#"{"provider":"paytr","amountText":"1.234,56","currency":"TL","description":"Kahve servisi",
        "phoneText":"0555 123 45 67","sendSms":true,"expiry":{"kind":"at","value":"2026-11-25T18:30:00"},
        "maxInstallment":3,"paytr":{"linkType":"flex","flexMaxText":"2.000"}}"#;
    let f: CreateForm = serde_json::from_str(json).unwrap();
    let v = validate_at(&f, Lang::Tr, now()).unwrap();
    assert_eq!((v.provider, v.amount.minor(), v.max_installment), (Provider::Paytr, 123_456, 3));
    assert_eq!(v.expiry.at.unwrap().to_string(), "2026-11-25 18:30:00");
    assert_eq!(v.expiry.hours, None);
    assert_eq!(
        v.link_type,
        LinkType::Flex { max_price: Some(crate::money::Money::new(200_000, Currency::Tl).unwrap()), user_name: None }
    );
    assert!(v.send_sms && v.phone.is_some());
    let back: CreateForm = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
    assert_eq!(back, f);
    // Everything missing reads as the defaults, which ask for a provider first.
    let empty: CreateForm = serde_json::from_str("{}").unwrap();
    assert_eq!(codes(&empty), [("provider", "provider_required")]);
}

#[test]
fn expiry_in_each_providers_unit() {
    let mut f = form(Provider::Paynet);
    f.expiry = ExpiryChoice::At(crate::time::to_istanbul(now()) + Duration::minutes(90));
    let v = validate_at(&f, Lang::Tr, now()).unwrap();
    assert_eq!(v.expiry.hours, Some(2), "rounded up to whole hours");
    assert_eq!(v.expiry.at_ms, Some((now() + Duration::hours(2)).timestamp_millis()));

    let mut f = form(Provider::Paytr);
    f.expiry = ExpiryChoice::Days(3);
    let v = validate_at(&f, Lang::Tr, now()).unwrap();
    assert_eq!(v.expiry.at.unwrap().to_string(), "2026-11-25 12:00:00", "Turkish wall-clock time");
    assert_eq!(v.expiry.at_ms, Some((now() + Duration::days(3)).timestamp_millis()));
    f.expiry = ExpiryChoice::None;
    assert_eq!(validate_at(&f, Lang::Tr, now()).unwrap().expiry.at_ms, None);

    let mut f = form(Provider::Paynet);
    for (choice, code) in [
        (ExpiryChoice::None, "expiry_required"),
        (ExpiryChoice::Days(0), "expiry_days_range"),
        (ExpiryChoice::Hours(0), "expiry_hours_range"),
        (ExpiryChoice::At(crate::time::to_istanbul(now()) + Duration::days(400)), "expiry_too_far"),
    ] {
        f.expiry = choice;
        assert_eq!(codes(&f), [("expiry", code)], "{choice:?}");
    }
}

#[test]
fn paytr_options_are_checked_per_field() {
    let mut f = form(Provider::Paytr);
    f.paytr.max_count = Some(2);
    f.paytr.min_count = 3;
    assert_eq!(codes(&f), [("paytr.maxCount", "stock_range")]);
    f.paytr.min_count = 0;
    f.paytr.max_count = Some(0);
    assert_eq!(codes(&f), [("paytr.minCount", "min_count_range"), ("paytr.maxCount", "stock_range")]);

    let mut f = form(Provider::Paytr);
    f.paytr.link_type = PaytrKind::Flex;
    f.paytr.flex_max_text = "99,99".into();
    assert_eq!(codes(&f), [("paytr.flexMaxText", "flex_max_below_min")]);
    f.paytr.flex_max_text = "1,2,3".into();
    assert_eq!(codes(&f), [("paytr.flexMaxText", "amount_multiple_separators")]);

    let mut f = form(Provider::Paytr);
    f.paytr.link_type = PaytrKind::Collection;
    f.email = "ayse@example.com".into();
    let v = validate_at(&f, Lang::Tr, now()).unwrap();
    assert_eq!(v.link_type, LinkType::Collection { email: "ayse@example.com".into() });
}

#[test]
fn limits_differ_by_provider_and_messages_follow_the_language() {
    let long_email = format!("{}@example.com", "a".repeat(50)); // 62 characters
    let mut f = form(Provider::Paynet);
    f.email = long_email.clone();
    f.send_email = true;
    let errs = validate_at(&f, Lang::En, now()).unwrap_err();
    assert_eq!((errs[0].field, errs[0].code), ("email", "email_invalid"));
    assert!(errs[0].message.starts_with("Enter a valid e-mail address"), "{}", errs[0].message);
    let mut f = form(Provider::Paytr);
    f.email = long_email;
    assert!(validate_at(&f, Lang::Tr, now()).is_ok(), "PayTR takes up to 100 characters");

    let mut f = form(Provider::Paynet);
    f.description = String::new();
    f.reference = "Fatura 42".into();
    let v = validate_at(&f, Lang::Tr, now()).unwrap();
    assert_eq!((v.description.as_str(), v.reference.as_deref()), ("", Some("Fatura 42")));
    f.customer = String::new();
    let errs = validate_at(&f, Lang::En, now()).unwrap_err();
    assert_eq!(errs[0].message, "Enter the customer's full name: Paynet requires it for a link.");
}

#[test]
fn error_views_carry_kind_message_and_fields() {
    let e = LinkError::Invalid(validate_at(&form(Provider::Paytr).clone_with_amount(""), Lang::Tr, now()).unwrap_err());
    let v = e.view(Lang::Tr);
    assert_eq!((v.kind, v.fields.len(), v.retryable), ("invalid", 1, false));
    assert!(v.message.starts_with("Formu düzeltin: Bir tutar girin"), "{}", v.message);
    let p = crate::providers::ProviderError::new(
        Provider::Paytr,
        crate::providers::ErrorKind::Timeout,
        "PayTR did not answer in time",
    );
    let v = LinkError::Provider(p).view(Lang::En);
    assert_eq!((v.kind, v.retryable), ("provider_timeout", true));
    assert!(v.message.contains("try again"));
    let json = serde_json::to_value(LinkError::NotConfigured(Provider::Paynet).view(Lang::Tr)).unwrap();
    assert_eq!(json["kind"], "not_configured");
    assert!(json["message"].as_str().unwrap().contains("Ayarlar"));
}

trait WithAmount {
    fn clone_with_amount(&self, text: &str) -> CreateForm;
}

impl WithAmount for CreateForm {
    fn clone_with_amount(&self, text: &str) -> CreateForm {
        CreateForm { amount_text: text.into(), ..self.clone() }
    }
}

/// Issue 10 item 7 / issue 8 §2: hidden characters never reach a provider.
#[test]
fn control_and_invisible_characters_are_refused_per_field() {
    for p in [Provider::Paynet, Provider::Paytr] {
        let mut f = form(p);
        f.customer = "Ali\0Veli".into();
        f.description = "Halı\u{1b}[2J yıkama".into();
        f.reference = "F\u{202E}42".into();
        f.email = "ali\u{200B}@ornek.com".into();
        assert_eq!(
            codes(&f),
            [
                ("description", "text_control_char"),
                ("customer", "text_control_char"),
                ("email", "text_invisible_char"),
                ("reference", "text_invisible_char"),
            ],
            "{p}"
        );
        let errs = validate_at(&f, Lang::Tr, now()).unwrap_err();
        assert!(errs[0].message.contains("U+001B"), "{}", errs[0].message);
    }
    // BEL, backspace, DEL likewise.
    for bad in ["Ali\u{7}", "Al\u{8}i", "Ali\u{7f}"] {
        let f = CreateForm { customer: bad.into(), ..form(Provider::Paynet) };
        assert_eq!(codes(&f), [("customer", "text_control_char")], "{bad:?}");
    }
}

#[test]
fn typed_text_is_nfc_with_plain_spaces_and_emoji_stay() {
    let f = CreateForm {
        customer: " S\u{327}ule\u{A0}\u{A0}Yılmaz ".into(),
        description: "Pasta 🎂 ve 👨\u{200D}👩\u{200D}👧 için ❤\u{FE0F}\tteşekkürler".into(),
        ..form(Provider::Paytr)
    };
    let v = validate_at(&f, Lang::Tr, now()).unwrap();
    assert_eq!(v.customer, "Şule Yılmaz");
    assert_eq!(v.description, "Pasta 🎂 ve 👨\u{200D}👩\u{200D}👧 için ❤\u{FE0F} teşekkürler");
}

#[test]
fn lengths_are_counted_as_the_provider_counts_and_refused_with_the_real_length() {
    // PayTR: 150 Turkish letters are 300 UTF-8 bytes (its 200 may be PHP's strlen).
    let f = CreateForm { description: "ş".repeat(150), ..form(Provider::Paytr) };
    let errs = validate_at(&f, Lang::Tr, now()).unwrap_err();
    assert_eq!((errs[0].field, errs[0].code), ("description", "description_too_long"));
    assert!(errs[0].message.contains("300"), "{}", errs[0].message);
    // 200 ASCII characters still fit; 201 do not, and the message says 201, not 200.
    let f = CreateForm { description: "a".repeat(200), ..form(Provider::Paytr) };
    assert!(validate_at(&f, Lang::Tr, now()).is_ok());
    let f = CreateForm { description: "a".repeat(201), ..form(Provider::Paytr) };
    assert!(validate_at(&f, Lang::En, now()).unwrap_err()[0].message.contains("this text is 201"));
    // Paynet counts UTF-16 units: 139 letters and one emoji are 141.
    let f = CreateForm { description: format!("{}🎂", "a".repeat(139)), ..form(Provider::Paynet) };
    let errs = validate_at(&f, Lang::Tr, now()).unwrap_err();
    assert_eq!(errs[0].code, "description_too_long");
    assert!(errs[0].message.contains("şu an 141"), "{}", errs[0].message);
    // The customer's name: the real length is in the message (the form no longer cuts at 100).
    let f = CreateForm { customer: "A".repeat(130), ..form(Provider::Paynet) };
    let errs = validate_at(&f, Lang::Tr, now()).unwrap_err();
    assert_eq!(errs[0].code, "customer_too_long");
    assert!(errs[0].message.contains("şu an 130"), "{}", errs[0].message);
}
