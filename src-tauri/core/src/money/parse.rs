//! Reading amounts as Turkish users type them (`1.234,56`, `120,5`, `₺120`) and as providers send
//! them back (`149.90`, `20,50`).

use super::{Currency, MoneyError};

/// Reads `text` into minor units. Zero is allowed here (callers decide); overflow is `TooLarge`.
/// `expected`: when set, a currency marker of another currency is refused.
pub(super) fn read_amount(text: &str, expected: Option<Currency>) -> Result<i64, MoneyError> {
    let mut s = text.trim();
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    let mut negative = false;
    if let Some(rest) = strip_minus(s) {
        negative = true;
        s = rest.trim();
    }
    if let Some((rest, found)) = strip_marker(s) {
        if let Some(expected) = expected.filter(|e| *e != found) {
            return Err(MoneyError::CurrencyMismatch { expected, found });
        }
        s = rest.trim();
    }
    if let Some(rest) = strip_minus(s) {
        if negative {
            return Err(MoneyError::InvalidCharacter('-'));
        }
        negative = true;
        s = rest.trim();
    }
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    let minor = read_number(s)?;
    if negative && minor != 0 {
        return Err(MoneyError::Negative);
    }
    Ok(minor)
}

fn strip_minus(s: &str) -> Option<&str> {
    // U+2212 is the typographic minus some keyboards and copy-pastes produce.
    s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}'))
}

/// Strips one currency marker (`₺`, `TL`, `TRY`, `$`, `USD`, …) from either end, any case.
fn strip_marker(s: &str) -> Option<(&str, Currency)> {
    for currency in Currency::ALL {
        for marker in currency.markers() {
            let n = marker.len();
            if s.get(..n).is_some_and(|p| p.eq_ignore_ascii_case(marker)) {
                return Some((&s[n..], currency));
            }
            if s.len() >= n && s.get(s.len() - n..).is_some_and(|p| p.eq_ignore_ascii_case(marker)) {
                return Some((&s[..s.len() - n], currency));
            }
        }
    }
    None
}

fn is_separator(c: char) -> bool {
    c == '.' || c == ',' || c.is_whitespace()
}

/// Reads digits with grouping and at most one decimal separator; `s` is trimmed and non-empty.
fn read_number(s: &str) -> Result<i64, MoneyError> {
    if let Some(c) = s.chars().find(|c| !c.is_ascii_digit() && !is_separator(*c)) {
        return Err(MoneyError::InvalidCharacter(c));
    }
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let decimal_at = if dots > 0 && commas > 0 {
        // Both occur: the last one is the decimal separator, the other groups thousands.
        let at = s.rfind(['.', ',']).unwrap_or(0);
        let sep_count = if s[at..].starts_with('.') { dots } else { commas };
        if sep_count > 1 {
            return Err(MoneyError::MultipleSeparators);
        }
        Some(at)
    } else if commas > 0 {
        if commas > 1 {
            return Err(MoneyError::MultipleSeparators);
        }
        s.find(',')
    } else if dots > 0 {
        if is_grouped(s) {
            None
        } else if dots == 1 {
            s.find('.')
        } else {
            return Err(MoneyError::BadGrouping);
        }
    } else {
        None
    };

    let (int_part, frac_part) = match decimal_at {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let frac = match frac_part {
        None => 0,
        Some(f) => read_fraction(f)?,
    };
    let int = if int_part.is_empty() && frac_part.is_some() {
        0 // ",50" means 0,50
    } else {
        read_grouped(int_part.trim_end())?
    };
    int.checked_mul(100).and_then(|v| v.checked_add(frac)).ok_or(MoneyError::TooLarge)
}

/// The digits after the decimal separator, as kuruş.
fn read_fraction(f: &str) -> Result<i64, MoneyError> {
    let f = f.trim_start();
    if f.is_empty() {
        return Err(MoneyError::MissingDigits);
    }
    if let Some(c) = f.chars().find(|c| !c.is_ascii_digit()) {
        return Err(MoneyError::InvalidCharacter(c));
    }
    if f.len() > 2 {
        return Err(MoneyError::TooManyDecimals);
    }
    let value: i64 = f.bytes().fold(0, |acc, b| acc * 10 + i64::from(b - b'0'));
    Ok(if f.len() == 1 { value * 10 } else { value })
}

/// Whether `s` (digits and separators, no decimal part) is valid grouping of thousands.
fn is_grouped(s: &str) -> bool {
    let mut groups = s.split(is_separator);
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.all(|g| g.len() == 3)
}

/// The integer part: plain digits, or groups of three after a first group of one to three.
fn read_grouped(s: &str) -> Result<i64, MoneyError> {
    if s.is_empty() {
        return Err(MoneyError::MissingDigits);
    }
    if s.contains(is_separator) && !is_grouped(s) {
        return Err(MoneyError::BadGrouping);
    }
    let mut value: i64 = 0;
    for b in s.bytes().filter(u8::is_ascii_digit) {
        value = value.checked_mul(10).and_then(|v| v.checked_add(i64::from(b - b'0'))).ok_or(MoneyError::TooLarge)?;
    }
    Ok(value)
}
