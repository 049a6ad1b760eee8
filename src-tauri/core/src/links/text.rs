//! Cleaning the text the owner types (description, customer, reference, e-mail) before it is
//! checked, stored and sent: NFC-normalised, whitespace made plain, and characters a provider's
//! page cannot show (controls, invisible formatting, bidi overrides) refused with a message —
//! never silently dropped, since the owner would not see what changed.
//!
//! Lengths are counted the way the receiving provider counts, or, where that is not documented,
//! the stricter way (`shared/providers.md` §6), so a provider never refuses what we accepted:
//! - Paynet (.NET service; field lengths documented elsewhere in its docs): UTF-16 code units, as
//!   .NET strings and `nvarchar` columns count them; an emoji counts 2. Not documented for
//!   PayLink itself, so this is the stricter guess.
//! - PayTR `name` "4–200 characters": PHP's own `strlen` counts UTF-8 bytes, `mb_strlen` and a
//!   utf8mb4 column count characters; which one PayTR uses is not documented, so the minimum is
//!   counted in characters and the maximum in UTF-8 bytes (a Turkish letter counts 2, an emoji 4).

use super::form::FieldError;
use crate::Lang;
use unicode_normalization::UnicodeNormalization;

/// How a provider counts a text's length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// Unicode scalar values.
    Chars,
    /// UTF-16 code units (.NET, JavaScript).
    Utf16,
    /// UTF-8 bytes (PHP `strlen`).
    Utf8Bytes,
}

impl Count {
    pub fn of(self, s: &str) -> usize {
        match self {
            Count::Chars => s.chars().count(),
            Count::Utf16 => s.encode_utf16().count(),
            Count::Utf8Bytes => s.len(),
        }
    }
}

/// Invisible format characters (Unicode category Cf), except ZWJ which [`clean`] judges by its
/// neighbours and the tag characters of flag emoji. Listed by hand: no crate needed for ~25 ranges.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD), // soft hyphen
    (0x034F, 0x034F), // combining grapheme joiner (Mn, but invisible)
    (0x0600, 0x0605),
    (0x061C, 0x061C), // Arabic letter mark
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160), // Hangul fillers: blank "letters"
    (0x17B4, 0x17B5),
    (0x180B, 0x180F), // Mongolian selectors and vowel separator
    (0x200B, 0x200C), // zero-width space, zero-width non-joiner
    (0x200E, 0x200F), // left-to-right / right-to-left marks
    (0x202A, 0x202E), // bidi embeddings and overrides (U+202E)
    (0x2060, 0x206F), // word joiner, invisible operators, bidi isolates, deprecated formats
    (0x3164, 0x3164), // Hangul filler
    (0xFEFF, 0xFEFF), // zero-width no-break space / BOM
    (0xFFA0, 0xFFA0), // halfwidth Hangul filler
    (0xFFF0, 0xFFFB), // specials, interlinear annotation
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), // language tag
];

const ZWJ: char = '\u{200D}';
const BLACK_FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

fn is_tag(c: char) -> bool {
    ('\u{E0020}'..='\u{E007E}').contains(&c)
}

fn is_format(c: char) -> bool {
    let u = c as u32;
    FORMAT.iter().any(|(lo, hi)| (*lo..=*hi).contains(&u))
}

/// Private use, noncharacters: nothing a customer's screen can show.
fn is_unshowable(c: char) -> bool {
    let u = c as u32;
    matches!(u, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD | 0xFDD0..=0xFDEF) || (u & 0xFFFE) == 0xFFFE
}

/// Pictographs, their modifiers and VS16: what a zero-width joiner may join.
fn is_emoji_part(c: char) -> bool {
    matches!(c as u32,
        0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2194..=0x21AA | 0x231A..=0x23FF
        | 0x24C2 | 0x25AA..=0x27BF | 0x2934 | 0x2935 | 0x2B05..=0x2B55 | 0x3030 | 0x303D | 0x3297
        | 0x3299 | 0xFE0F | 0x1F000..=0x1FAFF)
}

/// Why a text was refused, before it is worded for a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unclean {
    /// A control character (NUL, BEL, ESC, DEL, C1 controls …), with its code point.
    Control(u32),
    /// An invisible formatting character (zero-width space, bidi override …).
    Invisible(u32),
}

/// What the owner typed, NFC-normalised, with every run of whitespace (tab, line break, no-break
/// and other spaces) turned into one plain space and the ends trimmed.
pub fn clean(raw: &str) -> Result<String, Unclean> {
    let nfc: String = raw.nfc().collect();
    let chars: Vec<char> = nfc.chars().collect();
    let mut out = String::with_capacity(nfc.len());
    let mut in_flag = false;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            // U+2028/2029 and the Cc whitespace (tab, CR, LF …) land here too: plain spaces.
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            in_flag = false;
            continue;
        }
        if c.is_control() {
            return Err(Unclean::Control(c as u32));
        }
        if c == ZWJ {
            let joins = i > 0 && is_emoji_part(chars[i - 1]) && chars.get(i + 1).is_some_and(|n| is_emoji_part(*n));
            if !joins {
                return Err(Unclean::Invisible(c as u32));
            }
        } else if is_tag(c) || c == CANCEL_TAG {
            // Tag characters only inside a subdivision flag (🏴 + tags + cancel tag); anywhere else
            // they carry hidden text.
            let after_flag = i > 0 && (chars[i - 1] == BLACK_FLAG || (in_flag && is_tag(chars[i - 1])));
            if !after_flag {
                return Err(Unclean::Invisible(c as u32));
            }
            in_flag = c != CANCEL_TAG;
        } else if in_flag {
            return Err(Unclean::Invisible(chars[i - 1] as u32));
        } else if is_format(c) || is_unshowable(c) {
            return Err(Unclean::Invisible(c as u32));
        }
        if c == BLACK_FLAG {
            in_flag = false;
        }
        out.push(c);
    }
    if in_flag {
        return Err(Unclean::Invisible(chars.last().map_or(0, |c| *c as u32)));
    }
    Ok(out.trim_end().to_string())
}

/// Paynet uses 140 characters for descriptions elsewhere (`note`).
pub const PAYNET_NOTE_MAX: usize = 140;
/// PayTR's `name`: 4–200 characters (documented; how they are counted is not, see above).
pub const PAYTR_NAME_MIN: usize = 4;
pub const PAYTR_NAME_MAX: usize = 200;

/// The description's length as its provider counts it: PayTR 4–200 (the minimum in characters,
/// the maximum in UTF-8 bytes); Paynet at most 140 UTF-16 units. `None` when it fits.
pub fn description_length_error(d: &str, paytr: bool, lang: Lang) -> Option<FieldError> {
    let (chars, bytes, units) = (Count::Chars.of(d), Count::Utf8Bytes.of(d), Count::Utf16.of(d));
    let (code, tr, en) = if paytr && chars < PAYTR_NAME_MIN {
        (
            "description_length",
            format!("Ne için ödendiğini en az {PAYTR_NAME_MIN} karakterle yazın (şu an {chars}); PayTR bunu bağlantının adı olarak gösterir."),
            format!("Describe what is paid for in at least {PAYTR_NAME_MIN} characters (now {chars}); PayTR shows it as the link's name."),
        )
    } else if paytr && bytes > PAYTR_NAME_MAX {
        (
            "description_too_long",
            format!("Açıklamayı kısaltın: PayTR en fazla {PAYTR_NAME_MAX} birim alır, bu metin {bytes} (Türkçe harfler 2, emojiler 4 birim sayılır)."),
            format!("Shorten the description: PayTR takes at most {PAYTR_NAME_MAX} units, this text is {bytes} (Turkish letters count 2, emoji 4)."),
        )
    } else if !paytr && units > PAYNET_NOTE_MAX {
        (
            "description_too_long",
            format!("Açıklamayı en fazla {PAYNET_NOTE_MAX} karaktere kısaltın (şu an {units}; emojiler 2 sayılır)."),
            format!("Shorten the description to at most {PAYNET_NOTE_MAX} characters (now {units}; emoji count 2)."),
        )
    } else {
        return None;
    };
    Some(FieldError { field: "description", code, message: if lang == Lang::Tr { tr } else { en } })
}

/// The field's name as the owner knows it.
fn label(field: &str, lang: Lang) -> &'static str {
    match (field, lang) {
        ("description", Lang::Tr) => "Açıklama",
        ("description", Lang::En) => "The description",
        ("customer", Lang::Tr) => "Müşteri adı",
        ("customer", Lang::En) => "The customer's name",
        ("reference", Lang::Tr) => "Referans",
        ("reference", Lang::En) => "The reference",
        ("name", Lang::Tr) => "Ürün adı",
        ("name", Lang::En) => "The item's name",
        (_, Lang::Tr) => "E-posta adresi",
        (_, Lang::En) => "The e-mail address",
    }
}

/// The refusal, worded for `field`.
pub fn unclean_error(field: &'static str, why: Unclean, lang: Lang) -> FieldError {
    let name = label(field, lang);
    let (code, message) = match (why, lang) {
        (Unclean::Control(u), Lang::Tr) => ("text_control_char", format!("{name} görünmeyen bir kontrol karakteri içeriyor (U+{u:04X}); genellikle kopyala-yapıştırdan gelir. Metni silip elle yazın.")),
        (Unclean::Control(u), Lang::En) => ("text_control_char", format!("{name} contains an invisible control character (U+{u:04X}), usually from copy and paste. Delete the text and type it again.")),
        (Unclean::Invisible(u), Lang::Tr) => ("text_invisible_char", format!("{name} görünmeyen bir biçim karakteri içeriyor (U+{u:04X}, örneğin sıfır genişlikli boşluk ya da yazı yönü işareti); ödeme sayfasında yanlış görünür. Metni silip elle yazın.")),
        (Unclean::Invisible(u), Lang::En) => ("text_invisible_char", format!("{name} contains an invisible formatting character (U+{u:04X}, such as a zero-width space or a text-direction mark) that would show wrongly on the payment page. Delete the text and type it again.")),
    };
    FieldError { field, code, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_invisible_formatting_are_refused() {
        for (text, why) in [
            ("Halı\0yıkama", Unclean::Control(0)),
            ("Halı\u{7}", Unclean::Control(7)),
            ("\u{1b}[31mHalı", Unclean::Control(0x1B)),
            ("Hal\u{8}ı", Unclean::Control(8)),
            ("Halı\u{7f}", Unclean::Control(0x7F)),
            ("Halı\u{9b}x", Unclean::Control(0x9B)),
            ("abc\u{202E}fdp.exe", Unclean::Invisible(0x202E)),
            ("Ali\u{200B}Veli", Unclean::Invisible(0x200B)),
            ("\u{FEFF}Ali", Unclean::Invisible(0xFEFF)),
            ("Ali\u{2066}Veli", Unclean::Invisible(0x2066)),
            ("Ali\u{200D}Veli", Unclean::Invisible(0x200D)),
            ("\u{3164}", Unclean::Invisible(0x3164)),
            ("Ali\u{E0041}\u{E0042}", Unclean::Invisible(0xE0041)),
            ("Ali\u{E000}", Unclean::Invisible(0xE000)),
        ] {
            assert_eq!(clean(text), Err(why), "{text:?}");
        }
    }

    #[test]
    fn emoji_sequences_stay_and_text_is_nfc() {
        // Family (ZWJ), heart with VS16, skin tone, Scotland's flag (tags).
        let emoji = "👨\u{200D}👩\u{200D}👧 ❤\u{FE0F} 👍🏽 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(clean(emoji).as_deref(), Ok(emoji));
        // "Ş" typed as S + combining cedilla is stored (and sent) as the one character.
        assert_eq!(clean("S\u{327}eker").as_deref(), Ok("Şeker"));
        assert_eq!(Count::Chars.of(&clean("S\u{327}eker").unwrap()), 5);
    }

    #[test]
    fn whitespace_becomes_single_plain_spaces() {
        assert_eq!(clean("  Halı\tyıkama\r\n 2\u{A0}adet\u{2028}x ").as_deref(), Ok("Halı yıkama 2 adet x"));
        assert_eq!(clean(" \t ").as_deref(), Ok(""));
    }

    #[test]
    fn lengths_are_counted_per_provider() {
        let s = "Şeker 🍬";
        assert_eq!((Count::Chars.of(s), Count::Utf16.of(s), Count::Utf8Bytes.of(s)), (7, 8, 11));
    }

    #[test]
    fn the_message_names_the_field_and_the_character() {
        let e = unclean_error("customer", Unclean::Invisible(0x202E), Lang::Tr);
        assert_eq!((e.field, e.code), ("customer", "text_invisible_char"));
        assert!(e.message.starts_with("Müşteri adı") && e.message.contains("U+202E"), "{}", e.message);
        let e = unclean_error("description", Unclean::Control(0), Lang::En);
        assert!(e.message.contains("U+0000") && e.message.starts_with("The description"), "{}", e.message);
    }
}
