//! The currencies a payment link can be in.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A link's currency. Serialized and displayed as its code (`TL`, `USD`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Currency {
    Tl,
    Usd,
    Eur,
    Gbp,
    Rub,
}

impl Currency {
    pub const ALL: [Currency; 5] = [Currency::Tl, Currency::Usd, Currency::Eur, Currency::Gbp, Currency::Rub];

    /// The code shown to users and sent to PayTR (`TL`, not ISO `TRY`, as PayTR expects).
    pub fn code(self) -> &'static str {
        match self {
            Currency::Tl => "TL",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Rub => "RUB",
        }
    }

    /// Every way a user may mark an amount as being in this currency.
    pub(crate) fn markers(self) -> &'static [&'static str] {
        match self {
            Currency::Tl => &["₺", "TL", "TRY"],
            Currency::Usd => &["$", "USD"],
            Currency::Eur => &["€", "EUR"],
            Currency::Gbp => &["£", "GBP"],
            Currency::Rub => &["₽", "RUB"],
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        Currency::ALL
            .into_iter()
            .find(|c| c.markers().iter().any(|m| m.eq_ignore_ascii_case(t)))
            .ok_or_else(|| format!("unknown currency '{t}': use TL, USD, EUR, GBP or RUB"))
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_symbols() {
        for (text, c) in [
            ("TL", Currency::Tl),
            ("TRY", Currency::Tl),
            ("₺", Currency::Tl),
            ("tl", Currency::Tl),
            (" usd ", Currency::Usd),
            ("$", Currency::Usd),
            ("€", Currency::Eur),
            ("GBP", Currency::Gbp),
            ("₽", Currency::Rub),
        ] {
            assert_eq!(text.parse::<Currency>(), Ok(c), "{text}");
        }
        assert!("YEN".parse::<Currency>().unwrap_err().contains("YEN"));
    }

    #[test]
    fn serde_uses_the_code() {
        assert_eq!(serde_json::to_string(&Currency::Tl).unwrap(), "\"TL\"");
        assert_eq!(serde_json::from_str::<Currency>("\"TRY\"").unwrap(), Currency::Tl);
        assert!(serde_json::from_str::<Currency>("\"XXX\"").is_err());
        for c in Currency::ALL {
            assert_eq!(c.code().parse::<Currency>(), Ok(c));
            assert_eq!(c.to_string(), c.code());
        }
    }
}
