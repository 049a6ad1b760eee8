//! Why an amount was refused, in words a shop owner can act on.

use super::Currency;
use crate::Lang;

/// A refused amount. `Display` is the English message; [`MoneyError::message`] gives either language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("Enter an amount, for example 120 or 1.234,56.")]
    Empty,
    #[error("'{0}' cannot be in an amount: use only digits, '.' and ','.")]
    InvalidCharacter(char),
    #[error("The amount cannot be negative.")]
    Negative,
    #[error("The amount must be more than zero.")]
    Zero,
    #[error("Use at most two digits after the decimal comma, for example 120,50.")]
    TooManyDecimals,
    #[error("The amount is over the 1.000.000 limit.")]
    TooLarge,
    #[error("The amount has more than one decimal separator: write it like 1.234,56.")]
    MultipleSeparators,
    #[error("Thousands must be grouped in threes, like 1.234.567 or 1 234 567.")]
    BadGrouping,
    #[error("Digits are missing around the separator: write it like 120,50.")]
    MissingDigits,
    #[error("The amount is marked {found}, but this link is in {expected}.")]
    CurrencyMismatch { expected: Currency, found: Currency },
}

impl MoneyError {
    /// A stable key for scripts, the UI and tests.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::Empty => "amount_empty",
            MoneyError::InvalidCharacter(_) => "amount_invalid_character",
            MoneyError::Negative => "amount_negative",
            MoneyError::Zero => "amount_zero",
            MoneyError::TooManyDecimals => "amount_too_many_decimals",
            MoneyError::TooLarge => "amount_too_large",
            MoneyError::MultipleSeparators => "amount_multiple_separators",
            MoneyError::BadGrouping => "amount_bad_grouping",
            MoneyError::MissingDigits => "amount_missing_digits",
            MoneyError::CurrencyMismatch { .. } => "amount_currency_mismatch",
        }
    }

    /// The message in `lang`, saying how to fix the amount.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Tr => match self {
                MoneyError::Empty => "Bir tutar girin, örneğin 120 veya 1.234,56.".into(),
                MoneyError::InvalidCharacter(c) => {
                    format!("Tutarda '{c}' olamaz: yalnızca rakam, '.' ve ',' kullanın.")
                }
                MoneyError::Negative => "Tutar eksi olamaz.".into(),
                MoneyError::Zero => "Tutar sıfırdan büyük olmalı.".into(),
                MoneyError::TooManyDecimals => "Virgülden sonra en fazla iki basamak yazın, örneğin 120,50.".into(),
                MoneyError::TooLarge => "Tutar 1.000.000 sınırını aşıyor.".into(),
                MoneyError::MultipleSeparators => {
                    "Tutarda birden fazla ondalık ayırıcı var: 1.234,56 gibi yazın.".into()
                }
                MoneyError::BadGrouping => {
                    "Binlik basamaklar üçerli gruplanmalı: 1.234.567 veya 1 234 567 gibi.".into()
                }
                MoneyError::MissingDigits => "Ayırıcının yanında rakam eksik: 120,50 gibi yazın.".into(),
                MoneyError::CurrencyMismatch { expected, found } => {
                    format!("Tutar {found} olarak yazılmış, ama bu bağlantı {expected} cinsinden.")
                }
            },
        }
    }
}
