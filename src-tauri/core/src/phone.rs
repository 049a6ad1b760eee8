//! Turkish mobile numbers, in whatever form the user types them.

use crate::Lang;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A Turkish mobile number: 10 digits starting with 5 (`5551234567`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TrMobile(String);

/// A refused phone number. `Display` is the English message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("Enter a mobile number, for example 0555 123 45 67.")]
    Empty,
    #[error("'{0}' cannot be in a phone number: use digits, spaces, '+', '-' and brackets, like 0555 123 45 67.")]
    InvalidCharacter(char),
    #[error("Only Turkish (+90) mobile numbers can be used, like +90 555 123 45 67.")]
    NotTurkish,
    #[error("A mobile number has 10 digits after the 0 (like 0555 123 45 67); this one has {0}.")]
    WrongLength(usize),
    #[error("This is not a mobile number: Turkish mobile numbers start with 05, like 0555 123 45 67.")]
    NotMobile,
}

impl PhoneError {
    /// A stable key for scripts, the UI and tests.
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::Empty => "phone_empty",
            PhoneError::InvalidCharacter(_) => "phone_invalid_character",
            PhoneError::NotTurkish => "phone_not_turkish",
            PhoneError::WrongLength(_) => "phone_wrong_length",
            PhoneError::NotMobile => "phone_not_mobile",
        }
    }

    /// The message in `lang`, saying what to type.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Tr => match self {
                PhoneError::Empty => "Bir cep telefonu numarası girin, örneğin 0555 123 45 67.".into(),
                PhoneError::InvalidCharacter(c) => format!(
                    "Telefon numarasında '{c}' olamaz: rakam, boşluk, '+', '-' ve parantez kullanın, örneğin 0555 123 45 67."
                ),
                PhoneError::NotTurkish => {
                    "Yalnızca Türkiye (+90) cep numaraları kullanılabilir, örneğin +90 555 123 45 67.".into()
                }
                PhoneError::WrongLength(n) => format!(
                    "Cep numarası 0'dan sonra 10 haneli olmalı (0555 123 45 67 gibi); bu numarada {n} hane var."
                ),
                PhoneError::NotMobile => {
                    "Bu bir cep numarası değil: cep numaraları 05 ile başlar, örneğin 0555 123 45 67.".into()
                }
            },
        }
    }
}

impl TrMobile {
    /// Accepts `0555 123 45 67`, `+90 555 123 45 67`, `90 555…`, `0090…`, `(0555) 123-45-67`,
    /// `5551234567`.
    pub fn parse(text: &str) -> Result<TrMobile, PhoneError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (plus, rest) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '-' | '(' | ')' | '.' | '/' => {}
                c if c.is_whitespace() => {}
                c => return Err(PhoneError::InvalidCharacter(c)),
            }
        }
        if digits.is_empty() {
            return Err(PhoneError::Empty);
        }
        let national = if plus {
            digits.strip_prefix("90").ok_or(PhoneError::NotTurkish)?
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.strip_prefix("90").ok_or(PhoneError::NotTurkish)?
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest
        } else if digits.len() == 12 && digits.starts_with("90") {
            &digits[2..]
        } else {
            &digits
        };
        if national.len() != 10 {
            return Err(PhoneError::WrongLength(national.len()));
        }
        if !national.starts_with('5') {
            return Err(PhoneError::NotMobile);
        }
        Ok(TrMobile(national.to_string()))
    }

    /// `5551234567` (Paynet's `phone`).
    pub fn national(&self) -> &str {
        &self.0
    }

    /// `05551234567` (PayTR send-sms `cell_phone`).
    pub fn with_zero(&self) -> String {
        format!("0{}", self.0)
    }

    /// `905551234567` (wa.me links).
    pub fn international(&self) -> String {
        format!("90{}", self.0)
    }
}

impl fmt::Display for TrMobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        write!(f, "0{} {} {} {}", &d[..3], &d[3..6], &d[6..8], &d[8..])
    }
}

impl Serialize for TrMobile {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TrMobile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        TrMobile::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_every_common_form() {
        for text in [
            "0555 123 45 67",
            "+90 555 123 45 67",
            "+905551234567",
            "90 555 123 45 67",
            "905551234567",
            "0090 555 123 45 67",
            "(0555) 123-45-67",
            "0 (555) 123 45 67",
            "5551234567",
            " 555.123.45.67 ",
            "0555\u{00A0}123\u{00A0}45\u{00A0}67",
        ] {
            let m = TrMobile::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(m.national(), "5551234567", "{text:?}");
        }
    }

    #[test]
    fn writes_each_form_a_provider_needs() {
        let m = TrMobile::parse("+90 532 765 43 21").unwrap();
        assert_eq!(m.national(), "5327654321");
        assert_eq!(m.with_zero(), "05327654321");
        assert_eq!(m.international(), "905327654321");
        assert_eq!(m.to_string(), "0532 765 43 21");
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"5327654321\"");
        assert_eq!(serde_json::from_str::<TrMobile>("\"05327654321\"").unwrap(), m);
        assert!(serde_json::from_str::<TrMobile>("\"0212 123 45 67\"").is_err());
    }

    #[test]
    fn refuses_with_the_reason() {
        for (text, err) in [
            ("", PhoneError::Empty),
            ("  ", PhoneError::Empty),
            ("()-", PhoneError::Empty),
            ("0212 123 45 67", PhoneError::NotMobile),
            ("+90 212 123 45 67", PhoneError::NotMobile),
            ("0555 123 45 6", PhoneError::WrongLength(9)),
            ("0555 123 45 678", PhoneError::WrongLength(11)),
            ("+90 555 123 45 678", PhoneError::WrongLength(11)),
            ("0555 abc 45 67", PhoneError::InvalidCharacter('a')),
            ("+44 7911 123456", PhoneError::NotTurkish),
            ("0044 7911 123456", PhoneError::NotTurkish),
            ("0555+1234567", PhoneError::InvalidCharacter('+')),
            ("555 123 45", PhoneError::WrongLength(8)),
            ("00555 123 45 67", PhoneError::NotTurkish),
        ] {
            assert_eq!(TrMobile::parse(text), Err(err), "{text:?}");
        }
    }

    #[test]
    fn messages_exist_in_both_languages() {
        for e in [PhoneError::Empty, PhoneError::NotMobile, PhoneError::WrongLength(9), PhoneError::NotTurkish] {
            assert!(e.code().starts_with("phone_"));
            assert_eq!(e.message(Lang::En), e.to_string());
            assert!(e.message(Lang::Tr).contains("555 123 45 67"));
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_results_are_valid(s in "[+0-9 ()\\-.a]{0,24}") {
            if let Ok(m) = TrMobile::parse(&s) {
                prop_assert_eq!(m.national().len(), 10);
                prop_assert!(m.national().starts_with('5'));
                prop_assert_eq!(TrMobile::parse(&m.to_string()), Ok(m.clone()));
            }
        }
    }
}
