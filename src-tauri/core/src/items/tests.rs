//! An item is checked by the link form's rules, field by field, in Turkish and English.

use super::*;
use crate::links::{ExpiryChoice, PaytrKind, PaytrOptions};
use chrono::{NaiveDate, TimeZone};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn item(provider: Option<Provider>, amount: &str) -> ItemInput {
    ItemInput {
        id: None,
        name: "Baklava (1 kg)".into(),
        form: CreateForm {
            provider,
            amount_text: amount.into(),
            description: "Fıstıklı baklava, 1 kg".into(),
            ..CreateForm::default()
        },
    }
}

fn flex(amount: &str, max: &str) -> ItemInput {
    let mut i = item(Some(Provider::Paytr), amount);
    i.form.expiry = ExpiryChoice::Days(7);
    i.form.paytr = PaytrOptions { link_type: PaytrKind::Flex, flex_max_text: max.into(), ..PaytrOptions::default() };
    i
}

fn codes(i: &ItemInput, default: Option<Provider>) -> Vec<(&'static str, &'static str)> {
    match validate_item(i, default, Lang::Tr, now()) {
        Ok(_) => vec![],
        Err(e) => e.into_iter().map(|e| (e.field, e.code)).collect(),
    }
}

#[test]
fn a_plain_item_reads_its_amount_in_kurus() {
    for (text, minor) in [("1.234,56", 123_456), ("1234.5", 123_450), ("₺120", 12_000), ("0,99", 99)] {
        let v = validate_item(&item(Some(Provider::Paynet), text), None, Lang::Tr, now()).unwrap();
        assert_eq!(v.amount_minor, Some(minor), "{text}");
        // Paynet keeps no installment count or PayTR type, whatever the form carried.
        assert_eq!((v.max_installment, v.link_type, v.flex_max_minor), (1, PaytrKind::Product, None));
    }
    // No customer needed: Paynet asks for one when the link is made, not for the item.
    let v = validate_item(&item(Some(Provider::Paynet), "10"), None, Lang::Tr, now()).unwrap();
    assert_eq!((v.name.as_str(), v.description.as_str()), ("Baklava (1 kg)", "Fıstıklı baklava, 1 kg"));
}

#[test]
fn the_amount_is_left_to_the_customer_only_on_a_paytr_flex_item() {
    let v = validate_item(&flex("", "5.000"), None, Lang::Tr, now()).unwrap();
    assert_eq!((v.amount_minor, v.flex_max_minor, v.link_type), (None, Some(500_000), PaytrKind::Flex));
    // A flex item with a minimum keeps both.
    let v = validate_item(&flex("100", "5.000"), None, Lang::Tr, now()).unwrap();
    assert_eq!((v.amount_minor, v.flex_max_minor), (Some(10_000), Some(500_000)));
    assert_eq!(codes(&flex("", ""), None), [("paytr.flexMaxText", "flex_max_required")]);
    assert_eq!(codes(&flex("6.000", "5.000"), None), [("paytr.flexMaxText", "flex_max_below_min")]);
    for provider in [Some(Provider::Paynet), Some(Provider::Iyzico), None] {
        assert!(codes(&item(provider, " "), None).contains(&("amountText", "amount_empty")), "{provider:?}");
    }
    let product = item(Some(Provider::Paytr), "");
    let e = validate_item(&product, None, Lang::En, now()).unwrap_err();
    assert!(e[0].message.contains("flexible-amount"), "{}", e[0].message);
}

#[test]
fn provider_rules_apply_currency_installments_expiry() {
    let mut usd = item(Some(Provider::Paynet), "10");
    usd.form.currency = Currency::Usd;
    assert_eq!(codes(&usd, None), [("currency", "currency_paynet_tl_only")]);
    usd.form.provider = Some(Provider::Paytr);
    assert_eq!(codes(&usd, None), []);

    let mut many = item(Some(Provider::Paytr), "10");
    many.form.max_installment = 13;
    assert_eq!(codes(&many, None), [("maxInstallment", "installment_range")]);
    many.form.max_installment = 9;
    assert_eq!(validate_item(&many, None, Lang::Tr, now()).unwrap().max_installment, 9);
    many.form.provider = Some(Provider::Iyzico);
    many.form.expiry = ExpiryChoice::None;
    assert_eq!(codes(&many, None), [("maxInstallment", "installment_iyzico")]);

    let mut never = item(Some(Provider::Paynet), "10");
    never.form.expiry = ExpiryChoice::None;
    assert_eq!(codes(&never, None), [("expiry", "expiry_required")]);
    never.form.expiry = ExpiryChoice::Days(400);
    assert_eq!(codes(&never, None), [("expiry", "expiry_days_range")]);
    let past = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(12, 0, 0).unwrap();
    never.form.expiry = ExpiryChoice::At(past);
    assert_eq!(codes(&never, None), [("expiry", "expiry_item_at")]);
}

#[test]
fn an_item_keeps_no_fixed_date_and_no_expiry_only_for_iyzico() {
    // A date ahead today is past after it: every later pick would fill in a past date.
    let ahead = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap().and_hms_opt(18, 0, 0).unwrap();
    for provider in [Some(Provider::Paytr), Some(Provider::Paynet), None] {
        let mut dated = item(provider, "10");
        dated.form.expiry = ExpiryChoice::At(ahead);
        assert_eq!(codes(&dated, None), [("expiry", "expiry_item_at")], "{provider:?}");
    }
    let mut dated = item(Some(Provider::Paytr), "10");
    dated.form.expiry = ExpiryChoice::At(ahead);
    let e = validate_item(&dated, None, Lang::Tr, now()).unwrap_err();
    assert!(e[0].message.contains("3 gün, 5 saat"), "{}", e[0].message);
    let e = validate_item(&dated, None, Lang::En, now()).unwrap_err();
    assert!(e[0].message.contains("days or hours"), "{}", e[0].message);

    // The new-link form has no "no expiry" for PayTR: such an item would make an expiring link.
    for provider in [Some(Provider::Paytr), None] {
        let mut never = item(provider, "10");
        never.form.expiry = ExpiryChoice::None;
        assert_eq!(codes(&never, Some(Provider::Paytr)), [("expiry", "expiry_item_none")], "{provider:?}");
    }
    let mut never = flex("", "100");
    never.form.expiry = ExpiryChoice::None;
    assert_eq!(codes(&never, None), [("expiry", "expiry_item_none")]);
    // iyzico's links have none (and only none); hours and days stay.
    let mut iyzico = item(Some(Provider::Iyzico), "10");
    iyzico.form.expiry = ExpiryChoice::None;
    assert_eq!(validate_item(&iyzico, None, Lang::Tr, now()).unwrap().expiry, ExpiryChoice::None);
    let mut hours = item(Some(Provider::Paytr), "10");
    hours.form.expiry = ExpiryChoice::Hours(5);
    assert_eq!(validate_item(&hours, None, Lang::Tr, now()).unwrap().expiry, ExpiryChoice::Hours(5));
}

#[test]
fn without_a_provider_the_forms_default_rules_apply() {
    // The default is Paynet: a description over Paynet's 140 is refused, PayTR's 4-minimum is not.
    let mut short = item(None, "10");
    short.form.description = "Çay".into();
    assert_eq!(codes(&short, Some(Provider::Paynet)), []);
    assert_eq!(codes(&short, None), [("description", "description_length")]);
    let mut usd = item(None, "10");
    usd.form.currency = Currency::Usd;
    assert_eq!(codes(&usd, Some(Provider::Paynet)), [("currency", "currency_paynet_tl_only")]);
    let v = validate_item(&usd, Some(Provider::Paytr), Lang::Tr, now()).unwrap();
    assert_eq!((v.provider, v.currency), (None, Currency::Usd));
    // PayTR's link types need PayTR chosen, not merely the default.
    let mut f = flex("", "100");
    f.form.provider = None;
    let c = codes(&f, Some(Provider::Paytr));
    assert!(c.contains(&("provider", "link_type_needs_paytr")) && c.contains(&("amountText", "amount_empty")), "{c:?}");
    let mut many = item(None, "10");
    many.form.max_installment = 0;
    assert_eq!(codes(&many, Some(Provider::Paynet)), [("maxInstallment", "installment_range")]);
}

#[test]
fn the_name_is_required_clean_and_short() {
    let named = |n: &str| ItemInput { name: n.into(), ..item(Some(Provider::Paytr), "10") };
    assert_eq!(codes(&named("  "), None), [("name", "name_required")]);
    assert_eq!(codes(&named("Kek\u{200B}"), None), [("name", "text_invisible_char")]);
    let e = validate_item(&named("a\u{7}"), None, Lang::Tr, now()).unwrap_err();
    assert!(e[0].message.starts_with("Ürün adı"), "{}", e[0].message);
    let long = "ş".repeat(NAME_MAX);
    assert_eq!(validate_item(&named(&format!(" {long}\t")), None, Lang::Tr, now()).unwrap().name, long);
    assert_eq!(codes(&named(&format!("{long}a")), None), [("name", "name_too_long")]);
    assert_eq!(validate_item(&named("Kahve  ☕  büyük"), None, Lang::Tr, now()).unwrap().name, "Kahve ☕ büyük");
}

#[test]
fn every_problem_at_once_in_both_languages() {
    let mut bad = ItemInput { name: String::new(), ..item(Some(Provider::Paynet), "abc") };
    bad.form.currency = Currency::Eur;
    bad.form.description = "x".repeat(141);
    let tr = validate_item(&bad, None, Lang::Tr, now()).unwrap_err();
    let fields: Vec<&str> = tr.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["name", "amountText", "currency", "description"], "{tr:?}");
    let en = validate_item(&bad, None, Lang::En, now()).unwrap_err();
    assert!(en.iter().all(|e| e.message.is_ascii()), "{en:?}");
    assert!(tr.iter().any(|e| e.message.contains('ı') || e.message.contains('ü')), "{tr:?}");
}

#[test]
fn turkish_case_folding_of_names() {
    assert_eq!(name_key(" IŞIK "), "ışık");
    assert_eq!(name_key("İstanbul"), "istanbul");
    assert_ne!(name_key("Isparta"), name_key("İsparta"));
    assert_eq!(name_key("ÇAĞ"), "çağ");
}

#[test]
fn amounts_are_written_as_typed() {
    assert_eq!(amount_text(123_456, Currency::Tl), "1.234,56");
    assert_eq!(amount_text(5, Currency::Usd), "0,05");
}
