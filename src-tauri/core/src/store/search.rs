//! Text normalisation for search: Turkish-aware lower case with the Turkish letters folded to
//! ASCII, so "sukru", "ŞÜKRÜ" and "Şükrü" all meet in "sukru".

/// Turkish lower case, then ç→c, ğ→g, ı→i, ö→o, ş→s, ü→u (and â, î, û). Combining marks are
/// dropped so decomposed input folds the same way as composed input.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Turkish rules: I → ı and İ → i; both then fold to i, as does ı itself.
            'I' | 'İ' | 'ı' | 'i' | 'î' | 'Î' => out.push('i'),
            'Ç' | 'ç' => out.push('c'),
            'Ğ' | 'ğ' => out.push('g'),
            'Ö' | 'ö' => out.push('o'),
            'Ş' | 'ş' => out.push('s'),
            'Ü' | 'ü' | 'Û' | 'û' => out.push('u'),
            'Â' | 'â' => out.push('a'),
            '\u{0300}'..='\u{036F}' => {}
            c if c.is_whitespace() => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The words of a search box, folded; at most a handful so a pasted paragraph stays cheap.
pub fn query_terms(text: &str) -> Vec<String> {
    fold(text).split_whitespace().take(8).map(str::to_owned).collect()
}

/// The searchable text of one link: who, what, the provider's id and the amount as a Turkish user
/// would type it (`1234,56` and `1.234,56`). Our own reference is left out: it is long, every
/// search scans this text, and `find_by_local_ref` finds it exactly.
pub fn search_text(customer: &str, description: &str, provider_id: Option<&str>, amount_minor: i64) -> String {
    let whole = amount_minor / 100;
    let cents = amount_minor % 100;
    let digits = whole.to_string();
    // Digits are ASCII, so every 3-byte chunk is valid UTF-8.
    let groups: Vec<&str> = digits.as_bytes().rchunks(3).rev().map(|g| std::str::from_utf8(g).unwrap_or("")).collect();
    let grouped = groups.join(".");
    let mut amount = format!("{whole},{cents:02}");
    if grouped != digits {
        amount.push_str(&format!(" {grouped},{cents:02}"));
    }
    let parts = [customer, description, provider_id.unwrap_or(""), &amount];
    fold(&parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_letters_fold_both_ways() {
        assert_eq!(fold("Şükrü ÇAĞLAR"), "sukru caglar");
        assert_eq!(fold("IŞIK İğne ılık"), "isik igne ilik");
        assert_eq!(fold("ÖZGÜR Kâtip"), "ozgur katip");
        // Decomposed S + combining cedilla, u + combining diaeresis.
        assert_eq!(fold("S\u{0327}u\u{0308}kru\u{0308}"), "sukru");
    }

    #[test]
    fn search_text_has_amount_forms() {
        let t = search_text("Ayşe", "Kek", Some("PL-9"), 123_456);
        assert_eq!(t, "ayse kek pl-9 1234,56 1.234,56");
        assert_eq!(search_text("a", "b", None, 5), "a b  0,05");
        assert_eq!(query_terms("  Şükrü   KEK "), vec!["sukru", "kek"]);
    }
}
