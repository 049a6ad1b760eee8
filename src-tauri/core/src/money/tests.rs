use super::*;
use crate::Lang;
use proptest::prelude::*;

fn tl(text: &str) -> Result<i64, MoneyError> {
    Money::parse(text, Currency::Tl).map(Money::minor)
}

#[test]
fn accepts_what_turkish_users_type() {
    for (text, minor) in [
        ("120", 12_000),
        ("120,5", 12_050),
        ("120,50", 12_050),
        ("1.234,56", 123_456),
        ("1234.56", 123_456),
        ("1234.5", 123_450),
        ("1234,56", 123_456),
        ("₺1.234,56", 123_456),
        ("1.234,56 TL", 123_456),
        ("1.234,56TL", 123_456),
        ("TRY 1.234,56", 123_456),
        ("1.234,56 tl", 123_456),
        ("1 234,56", 123_456),
        ("1\u{00A0}234,56", 123_456),
        ("1\u{202F}234,56 ₺", 123_456),
        ("1.234", 123_400),
        ("123.456", 12_345_600),
        ("1,234.56", 123_456),
        ("  0,01 ", 1),
        (",50", 50),
        ("1.000.000", MAX_MINOR),
        ("1.000.000,00", MAX_MINOR),
    ] {
        assert_eq!(tl(text), Ok(minor), "{text:?}");
    }
}

#[test]
fn refuses_with_the_reason() {
    for (text, err) in [
        ("", MoneyError::Empty),
        ("   ", MoneyError::Empty),
        ("₺", MoneyError::Empty),
        ("0", MoneyError::Zero),
        ("0,00", MoneyError::Zero),
        ("-0", MoneyError::Zero),
        ("-5", MoneyError::Negative),
        ("-₺5", MoneyError::Negative),
        ("₺-5", MoneyError::Negative),
        ("\u{2212}5", MoneyError::Negative),
        ("1,234", MoneyError::TooManyDecimals),
        ("120,555", MoneyError::TooManyDecimals),
        ("1234.567", MoneyError::TooManyDecimals),
        ("1.000.000,01", MoneyError::TooLarge),
        ("1000001", MoneyError::TooLarge),
        ("1.234.567", MoneyError::TooLarge),
        ("9999999999999999999999999999999999999999", MoneyError::TooLarge),
        ("12abc", MoneyError::InvalidCharacter('a')),
        ("+5", MoneyError::InvalidCharacter('+')),
        ("--5", MoneyError::InvalidCharacter('-')),
        ("1e5", MoneyError::InvalidCharacter('e')),
        ("1,2,3", MoneyError::MultipleSeparators),
        ("1.234,5,6", MoneyError::MultipleSeparators),
        ("1.23.45", MoneyError::BadGrouping),
        ("12 34", MoneyError::BadGrouping),
        ("1,23.45", MoneyError::BadGrouping),
        ("120,", MoneyError::MissingDigits),
        (".", MoneyError::MissingDigits),
        ("$5", MoneyError::CurrencyMismatch { expected: Currency::Tl, found: Currency::Usd }),
    ] {
        assert_eq!(tl(text), Err(err), "{text:?}");
    }
}

#[test]
fn other_currencies_take_their_own_markers() {
    assert_eq!(Money::parse("$5", Currency::Usd).map(Money::minor), Ok(500));
    assert_eq!(Money::parse("5,00 EUR", Currency::Eur).map(Money::minor), Ok(500));
    assert!(Money::parse("5 TL", Currency::Gbp).is_err());
}

#[test]
fn formats_in_turkish() {
    let m = |minor| Money::new(minor, Currency::Tl).unwrap();
    assert_eq!(m(123_456).format(), "1.234,56 TL");
    assert_eq!(m(12_000).format(), "120,00 TL");
    assert_eq!(m(1).format(), "0,01 TL");
    assert_eq!(m(MAX_MINOR).format(), "1.000.000,00 TL");
    assert_eq!(m(12_345_678).to_string(), "123.456,78 TL");
    assert_eq!(Money::new(500, Currency::Usd).unwrap().format(), "5,00 USD");
    assert_eq!(m(123_456).to_decimal_string(), "1234.56");
    assert_eq!(m(5).to_decimal_string(), "0.05");
}

#[test]
fn new_enforces_the_range() {
    assert_eq!(Money::new(0, Currency::Tl), Err(MoneyError::Zero));
    assert_eq!(Money::new(-1, Currency::Tl), Err(MoneyError::Negative));
    assert_eq!(Money::new(MAX_MINOR + 1, Currency::Tl), Err(MoneyError::TooLarge));
    assert_eq!(Money::new(i64::MIN, Currency::Tl), Err(MoneyError::Negative));
}

#[test]
fn provider_amounts_are_read_leniently() {
    for (text, minor) in [
        ("120", 12_000),
        ("120.5", 12_050),
        ("149.90", 14_990),
        ("20,50", 2_050),
        ("1.234,56", 123_456),
        ("10,8", 1_080),
        ("0", 0),
        ("0.00", 0),
        ("2000000", 200_000_000),
        ("1.234.567", 123_456_700),
    ] {
        assert_eq!(parse_provider_amount(text), Ok(minor), "{text:?}");
    }
    assert_eq!(parse_provider_amount("abc"), Err(MoneyError::InvalidCharacter('a')));
    assert_eq!(parse_provider_amount("1.2345"), Err(MoneyError::TooManyDecimals));
    assert_eq!(parse_provider_amount(""), Err(MoneyError::Empty));
    assert_eq!(parse_provider_amount("99999999999999999999"), Err(MoneyError::TooLarge));
}

#[test]
fn every_error_has_a_code_and_both_languages() {
    let all = [
        MoneyError::Empty,
        MoneyError::InvalidCharacter('x'),
        MoneyError::Negative,
        MoneyError::Zero,
        MoneyError::TooManyDecimals,
        MoneyError::TooLarge,
        MoneyError::MultipleSeparators,
        MoneyError::BadGrouping,
        MoneyError::MissingDigits,
        MoneyError::CurrencyMismatch { expected: Currency::Tl, found: Currency::Usd },
    ];
    let codes: std::collections::HashSet<_> = all.iter().map(MoneyError::code).collect();
    assert_eq!(codes.len(), all.len());
    for e in &all {
        assert!(e.code().starts_with("amount_"));
        assert_eq!(e.message(Lang::En), e.to_string());
        assert_ne!(e.message(Lang::Tr), e.message(Lang::En));
    }
    assert!(MoneyError::Zero.message(Lang::Tr).contains("sıfır"));
}

fn any_money() -> impl Strategy<Value = Money> {
    (1..=MAX_MINOR, prop::sample::select(Currency::ALL.to_vec())).prop_map(|(minor, c)| Money::new(minor, c).unwrap())
}

proptest! {
    #[test]
    fn format_round_trips(m in any_money()) {
        prop_assert_eq!(Money::parse(&m.format(), m.currency()), Ok(m));
        prop_assert_eq!(Money::parse(&m.to_decimal_string(), m.currency()), Ok(m));
        prop_assert_eq!(parse_provider_amount(&m.to_decimal_string()), Ok(m.minor()));
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".*") {
        let _ = Money::parse(&s, Currency::Tl);
        let _ = parse_provider_amount(&s);
    }

    #[test]
    fn amount_like_text_never_panics(s in "[-−+₺TLtlUSD$0-9., \u{00A0}\u{202F}]{0,60}") {
        if let Ok(m) = Money::parse(&s, Currency::Tl) {
            prop_assert!(m.minor() > 0 && m.minor() <= MAX_MINOR);
        }
        let _ = parse_provider_amount(&s);
    }
}
