//! Money in integer minor units (kuruş), never floating point.
//!
//! [`Money`] is what a shop owner may ask for on one link: more than zero, at most 1.000.000 and
//! at most two decimals. [`parse_provider_amount`] reads what providers send back, more leniently.

mod currency;
mod error;
mod parse;

pub use currency::Currency;
pub use error::MoneyError;

use std::fmt;

/// The largest amount a link may ask for, in minor units: 1.000.000,00.
pub const MAX_MINOR: i64 = 100_000_000;

/// An amount to collect. Always `0 < minor <= MAX_MINOR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Result<Money, MoneyError> {
        match minor {
            m if m < 0 => Err(MoneyError::Negative),
            0 => Err(MoneyError::Zero),
            m if m > MAX_MINOR => Err(MoneyError::TooLarge),
            m => Ok(Money { minor: m, currency }),
        }
    }

    /// Reads what a Turkish user types: `120`, `120,5`, `1.234,56`, `1234.56`, `₺1.234,56`,
    /// `1 234,56`. A currency marker, if any, must match `currency`.
    pub fn parse(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        Money::new(parse::read_amount(text, Some(currency))?, currency)
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    /// Turkish display form: `1.234,56 TL`.
    pub fn format(self) -> String {
        let whole = (self.minor / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        format!("{grouped},{:02} {}", self.minor % 100, self.currency.code())
    }

    /// `1234.56`: dot decimal, always two decimals, no grouping (Paynet's JSON `amount` text).
    pub fn to_decimal_string(self) -> String {
        format!("{}.{:02}", self.minor / 100, self.minor % 100)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format())
    }
}

/// Reads an amount a provider sent back (`120`, `120.5`, `149.90`, `20,50`, `1.234,56`) into minor
/// units. Zero is allowed and there is no upper limit; garbage and more than two decimals are not.
pub fn parse_provider_amount(text: &str) -> Result<i64, MoneyError> {
    parse::read_amount(text, None)
}

#[cfg(test)]
mod tests;
