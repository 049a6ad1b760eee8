//! iyzico's words on the way out and in: the description its pay page shows under the link's name,
//! and the token the owner pastes from the iyzico panel.

use crate::providers::iyzico::IyzicoToken;
use crate::Lang;

/// A link token typed or pasted by the owner: the token (`AAVSZg`) or the link's address
/// (`https://iyzi.link/AAVSZg`, `https://sandbox.iyzi.link/AAVSZg`).
pub(super) fn token_from(entered: &str) -> Option<IyzicoToken> {
    let t = entered.trim();
    let last = match t.split_once("://") {
        Some((_, rest)) => {
            let path = rest.split(['?', '#']).next().unwrap_or_default();
            let path = path.trim_end_matches('/');
            path.split_once('/').map(|(_, p)| p.rsplit('/').next().unwrap_or_default()).unwrap_or_default()
        }
        None => t,
    };
    // iyzico's tokens are letters and digits (§4.1); the client also allows `-` and `_`.
    (3..=64).contains(&last.len()).then_some(()).and_then(|_| IyzicoToken::parse(last).ok())
}

/// The product description iyzico shows under the name (both are required, §4.1): who the payment
/// is for and the owner's reference, else the shop; `None` when there is nothing but the name,
/// which is then repeated.
pub(super) fn payer_note(customer: &str, reference: Option<&str>, shop: Option<&str>, lang: Lang) -> Option<String> {
    let customer = customer.trim();
    let mut parts = Vec::new();
    if !customer.is_empty() {
        parts.push(match lang {
            Lang::Tr => format!("Ödeyen: {customer}"),
            Lang::En => format!("Payer: {customer}"),
        });
    }
    if let Some(r) = reference.map(str::trim).filter(|r| !r.is_empty()) {
        parts.push(match lang {
            Lang::Tr => format!("Referans: {r}"),
            Lang::En => format!("Reference: {r}"),
        });
    }
    if parts.is_empty() {
        parts.extend(shop.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string));
    }
    // Kept within the name's limit (iyzico documents neither, §10.6): a long customer name must
    // not make iyzico refuse the link.
    let max = super::rules::IYZICO_NAME_MAX;
    (!parts.is_empty()).then(|| {
        let note = parts.join(" · ");
        match note.char_indices().nth(max) {
            Some((cut, _)) => format!(
                "{}…",
                note[..cut].trim_end_matches(|c: char| c.is_whitespace()).chars().take(max - 1).collect::<String>()
            ),
            None => note,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_from_what_the_owner_pastes() {
        let t = |s: &str| token_from(s).map(|t| t.0);
        assert_eq!(t("AAVSZg").as_deref(), Some("AAVSZg"));
        assert_eq!(t("  https://iyzi.link/AAVSZg ").as_deref(), Some("AAVSZg"));
        assert_eq!(t("https://sandbox.iyzi.link/WxI?x=1#y").as_deref(), Some("WxI"));
        assert_eq!(t("http://127.0.0.1:8787/iyzi-link/Ab3/").as_deref(), Some("Ab3"));
        for bad in ["", "ab", "https://iyzi.link/", "https://iyzi.link", "AA VSZg", "AA/VSZg", "çok"] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_description_says_who_pays_not_the_name_again() {
        assert_eq!(
            payer_note("Ali Yılmaz", Some("F-12"), None, Lang::Tr).as_deref(),
            Some("Ödeyen: Ali Yılmaz · Referans: F-12")
        );
        assert_eq!(payer_note("  ", None, Some("Şükrü Pastanesi"), Lang::En).as_deref(), Some("Şükrü Pastanesi"));
        assert_eq!(payer_note("", Some(" "), Some(" "), Lang::Tr), None);
        let long = payer_note(&"Ğ".repeat(300), None, None, Lang::Tr).unwrap();
        assert_eq!(long.chars().count(), 100);
        assert!(long.starts_with("Ödeyen: ĞĞ") && long.ends_with('…'));
    }
}
