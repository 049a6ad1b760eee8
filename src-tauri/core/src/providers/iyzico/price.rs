//! Prices and currencies on the iyzilink wire (`shared/iyzico.md` §4.1, §5): we send a decimal
//! string with a dot and two decimals (`"1234.56"`) made from integer kuruş; we read back a JSON
//! number or string (`1`, `149.9`, `"149.90"`, `149.90000000`) from its text, never through `f64`.

use crate::money::{Currency, Money};

/// The currencies we send to iyzilink. §4.1 lists three conflicting sets; TRY, USD, EUR and GBP
/// are in every one of them. RUB is only in two, so it is refused before anything is sent.
pub fn currency_code(c: Currency) -> Option<&'static str> {
    match c {
        Currency::Tl => Some("TRY"),
        Currency::Usd => Some("USD"),
        Currency::Eur => Some("EUR"),
        Currency::Gbp => Some("GBP"),
        Currency::Rub => None,
    }
}

/// `"1234.56"`: dot decimal, always two decimals, no grouping.
pub fn price_text(m: Money) -> String {
    m.to_decimal_string()
}

/// Reads a price iyzico sent back into minor units: digits, optionally a dot and decimals, where
/// any decimals past the second must be zeros (`1.00000000` is 1,00; `1.005` is refused). No sign,
/// no exponent, no grouping: an answer's number is never in the Turkish `1.234,56` form.
pub fn parse_price(text: &str) -> Option<i64> {
    let t = text.trim();
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if t.contains('.') && frac.is_empty() {
        return None;
    }
    if frac.len() > 2 && frac[2..].bytes().any(|b| b != b'0') {
        return None;
    }
    let mut cents = frac.get(..2.min(frac.len())).unwrap_or("").to_string();
    while cents.len() < 2 {
        cents.push('0');
    }
    let whole: i64 = whole.parse().ok()?;
    whole.checked_mul(100)?.checked_add(cents.parse::<i64>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_two_decimals_with_a_dot() {
        assert_eq!(price_text(Money::new(123456, Currency::Tl).unwrap()), "1234.56");
        assert_eq!(price_text(Money::new(14990, Currency::Tl).unwrap()), "149.90");
        assert_eq!(price_text(Money::new(5, Currency::Tl).unwrap()), "0.05");
        assert_eq!(price_text(Money::new(100_000_000, Currency::Tl).unwrap()), "1000000.00");
    }

    #[test]
    fn reads_every_observed_form_exactly() {
        for (text, minor) in [
            ("1234.5", 123450),
            ("1234.56", 123456),
            ("1", 100),
            ("5", 500),
            ("149.90000000", 14990),
            ("1.00000000", 100),
            ("0.01", 1),
            ("0", 0),
            ("007.10", 710),
            // Past what f64 holds exactly: read from the text, not a float.
            ("90071992547409.93", 9007199254740993),
        ] {
            assert_eq!(parse_price(text), Some(minor), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_price() {
        for text in ["", ".5", "1.", "1,5", "1.234,56", "-1", "1e3", "1.005", "12.3.4", "abc", "99999999999999999999"] {
            assert_eq!(parse_price(text), None, "{text}");
        }
    }

    #[test]
    fn currency_codes() {
        assert_eq!(currency_code(Currency::Tl), Some("TRY"));
        assert_eq!(currency_code(Currency::Gbp), Some("GBP"));
        assert_eq!(currency_code(Currency::Rub), None);
    }
}
