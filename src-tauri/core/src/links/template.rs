//! The messages sent with a link and with a reminder, from templates the owner may edit in
//! Ayarlar (issue 11 §2). A template is plain text with placeholders:
//!
//! `{ad}` the customer's name, `{tutar}` the amount (`1.234,56 TL`), `{aciklama}` what it is
//! for, `{link}` the payment link, `{son_gun}` the last day it can be paid (Istanbul), and
//! `{gecerlilik}` how long it is still valid ("3 gün geçerli", what the share message always said).
//!
//! Rules, so that what the owner types is what the customer gets:
//! - Names are matched without regard to case, spaces or Turkish letters (`{ Açıklama }` is
//!   `{aciklama}`).
//! - An unknown placeholder (`{isim}`) and a brace without its pair are sent as typed;
//!   [`check_template`] lists them for the settings screen.
//! - Values are put in once: a name that contains `{tutar}` stays `{tutar}`.
//! - A value that is empty takes the space before it along (`Merhaba {ad},` → `Merhaba,`), and
//!   parentheses holding only empty values go with their space (`link ({son_gun})` → `link`).
//! - A template without `{link}` gets the link on a line of its own at the end: a message
//!   without its link would be no use to the customer.

use super::error::LinkError;
pub use super::when::last_day;
use super::when::validity;
use crate::money::Money;
use crate::store::LinkRecord;
use crate::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which message a template is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TemplateKind {
    /// Sharing a new link (Paylaş → WhatsApp).
    Link,
    /// Reminding a customer of an unpaid link ("Hatırlat").
    Reminder,
}

/// The placeholders a template may use, as the owner types them.
pub const PLACEHOLDERS: [&str; 6] = ["{ad}", "{tutar}", "{aciklama}", "{link}", "{son_gun}", "{gecerlilik}"];

/// The longest template the settings screen accepts, in characters (a WhatsApp message stays
/// readable; the `wa.me` address stays well under browsers' limits).
pub const TEMPLATE_MAX: usize = 1000;

/// A placeholder's longest name; a longer `{…}` is ordinary text, not a mistyped placeholder.
const NAME_MAX: usize = 24;

/// The built-in template for `kind` in `lang` (what "Varsayılana dön" puts back). The link
/// message is word for word the one Tahsildar always sent.
pub fn default_template(kind: TemplateKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (TemplateKind::Link, Lang::Tr) => "Merhaba {ad}, {tutar} tutarındaki ödemeniz için link: {link} ({gecerlilik})",
        (TemplateKind::Link, Lang::En) => {
            "Hello {ad}, here is the link for your payment of {tutar}: {link} ({gecerlilik})"
        }
        (TemplateKind::Reminder, Lang::Tr) => {
            "Merhaba {ad}, {aciklama} için {tutar} tutarındaki ödemenizi nazikçe hatırlatmak isteriz. \
             Bu linkten ödeyebilirsiniz: {link} (son gün: {son_gun}) \
             Ödemeyi yaptıysanız bu mesajı dikkate almayın. Teşekkürler!"
        }
        (TemplateKind::Reminder, Lang::En) => {
            "Hello {ad}, a friendly reminder about your payment of {tutar} for {aciklama}. \
             You can pay with this link: {link} (last day: {son_gun}) \
             If you have already paid, please ignore this message. Thank you!"
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Ad,
    Tutar,
    Aciklama,
    Link,
    SonGun,
    Gecerlilik,
}

impl Field {
    fn from_name(name: &str) -> Option<Field> {
        Some(match name {
            "ad" => Field::Ad,
            "tutar" => Field::Tutar,
            "aciklama" => Field::Aciklama,
            "link" => Field::Link,
            "son_gun" => Field::SonGun,
            "gecerlilik" => Field::Gecerlilik,
            _ => return None,
        })
    }
}

/// A placeholder's name as typed, compared without case, spaces or Turkish letters:
/// `{ Açıklama }` is `{aciklama}`, `{son_gün}` is `{son_gun}`.
fn fold_name(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        // `İ` lowers to `i` + a combining dot.
        .filter(|c| *c != '\u{307}')
        .map(|c| match c {
            'ç' => 'c',
            'ğ' => 'g',
            'ı' => 'i',
            'ö' => 'o',
            'ş' => 's',
            'ü' => 'u',
            c => c,
        })
        .collect()
}

/// One piece of a parsed template: a character sent as typed, or a placeholder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece {
    Char(char),
    Field(Field),
}

/// What parsing found besides the pieces (for [`check_template`]).
#[derive(Default)]
struct Found {
    unknown: Vec<String>,
    stray_braces: bool,
}

fn parse(template: &str) -> (Vec<Piece>, Found) {
    let chars: Vec<char> = template.chars().collect();
    let mut pieces = Vec::with_capacity(chars.len());
    let mut found = Found::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            // The nearest brace after it decides: `}` closes a placeholder, `{` starts over.
            let close = chars[i + 1..].iter().position(|&d| d == '{' || d == '}').map(|p| i + 1 + p);
            if let Some(end) = close.filter(|&e| chars[e] == '}') {
                let raw: String = chars[i + 1..end].iter().collect();
                let name = fold_name(&raw);
                if let Some(f) = Field::from_name(&name) {
                    pieces.push(Piece::Field(f));
                    i = end + 1;
                    continue;
                }
                if !name.is_empty() && raw.chars().count() <= NAME_MAX && !raw.contains('\n') {
                    let typed = format!("{{{raw}}}");
                    if !found.unknown.contains(&typed) {
                        found.unknown.push(typed);
                    }
                    pieces.extend(chars[i..=end].iter().map(|&d| Piece::Char(d)));
                    i = end + 1;
                    continue;
                }
            }
            found.stray_braces = true;
        } else if c == '}' {
            found.stray_braces = true;
        }
        pieces.push(Piece::Char(c));
        i += 1;
    }
    (pieces, found)
}

/// What the settings screen says about a template as the owner types it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateCheck {
    /// Placeholders this version does not know, as typed (`{isim}`); sent as typed.
    pub unknown: Vec<String>,
    /// No `{link}`: the link is added at the end.
    pub missing_link: bool,
    /// A `{` or `}` without its pair; sent as typed.
    pub stray_braces: bool,
    /// Empty (only spaces): the built-in template is used.
    pub empty: bool,
    /// Longer than [`TEMPLATE_MAX`] characters: cannot be saved.
    pub too_long: bool,
}

impl TemplateCheck {
    /// Nothing to point out.
    pub fn is_clean(&self) -> bool {
        *self == TemplateCheck::default()
    }

    /// Whether the template may be saved (only a too-long one may not).
    pub fn can_save(&self) -> bool {
        !self.too_long
    }

    /// One sentence per finding, in `lang`, for under the text box.
    pub fn messages(&self, lang: Lang) -> Vec<String> {
        let tr = lang == Lang::Tr;
        let mut out = Vec::new();
        if self.too_long {
            out.push(if tr {
                format!("Mesaj en fazla {TEMPLATE_MAX} karakter olabilir; kısaltın.")
            } else {
                format!("The message can be at most {TEMPLATE_MAX} characters; shorten it.")
            });
        }
        if self.empty {
            out.push(pick(
                lang,
                "Mesaj boş; hazır mesaj kullanılacak.",
                "The message is empty; the default one will be used.",
            ));
        }
        if !self.unknown.is_empty() {
            let list = self.unknown.join(", ");
            let known = PLACEHOLDERS.join(", ");
            out.push(if tr {
                format!("Tanınmayan alan: {list}. Olduğu gibi gönderilir. Kullanılabilenler: {known}.")
            } else {
                format!("Unknown field: {list}. It is sent as typed. You can use: {known}.")
            });
        }
        if self.missing_link && !self.empty {
            out.push(pick(
                lang,
                "Mesajda {link} yok; link mesajın sonuna eklenecek.",
                "The message has no {link}; the link will be added at the end.",
            ));
        }
        if self.stray_braces {
            out.push(pick(
                lang,
                "Eşi olmayan bir süslü parantez var; olduğu gibi gönderilir.",
                "A curly brace has no pair; it is sent as typed.",
            ));
        }
        out
    }
}

fn pick(lang: Lang, tr: &str, en: &str) -> String {
    if lang == Lang::Tr { tr } else { en }.to_string()
}

/// What the settings screen shows under a template as the owner types it.
pub fn check_template(template: &str) -> TemplateCheck {
    let (pieces, found) = parse(template);
    TemplateCheck {
        missing_link: !pieces.contains(&Piece::Field(Field::Link)),
        stray_braces: found.stray_braces,
        unknown: found.unknown,
        empty: template.trim().is_empty(),
        too_long: template.chars().count() > TEMPLATE_MAX,
    }
}

/// The values of a link's placeholders, ready to put in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateValues {
    pub ad: String,
    pub tutar: String,
    pub aciklama: String,
    pub link: String,
    pub son_gun: String,
    pub gecerlilik: String,
}

/// The text on one line, spaces collapsed: a name typed with a newline or double spaces does
/// not break the message's layout.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl TemplateValues {
    /// `link`'s values as of `now`. A link without its address cannot be shared.
    pub fn of(link: &LinkRecord, lang: Lang, now: DateTime<Utc>) -> Result<TemplateValues, LinkError> {
        let url =
            link.url.as_deref().map(str::trim).filter(|u| !u.is_empty()).ok_or(LinkError::NoProviderId(link.id))?;
        let amount = Money::new(link.amount_minor, link.currency)
            .map_err(|e| LinkError::Internal(format!("stored amount of link {} is invalid: {e}", link.id)))?;
        Ok(TemplateValues {
            ad: one_line(&link.customer),
            tutar: amount.format(),
            aciklama: one_line(&link.description),
            link: url.to_string(),
            son_gun: link.expires_at.map(|at| last_day(at, lang)).unwrap_or_default(),
            gecerlilik: link.expires_at.and_then(|at| validity(at - now.timestamp_millis(), lang)).unwrap_or_default(),
        })
    }

    /// Example values for the settings screen's live preview: a link valid for 3 more days.
    pub fn sample(lang: Lang, now: DateTime<Utc>) -> TemplateValues {
        let expires = now.timestamp_millis() + 3 * 86_400_000;
        let (ad, aciklama) = match lang {
            Lang::Tr => ("Ayşe Yılmaz", "Doğum günü pastası"),
            Lang::En => ("Ayşe Yılmaz", "Birthday cake"),
        };
        TemplateValues {
            ad: ad.into(),
            tutar: "1.250,00 TL".into(),
            aciklama: aciklama.into(),
            link: "https://pay.example/ABC123".into(),
            son_gun: last_day(expires, lang),
            gecerlilik: validity(3 * 86_400_000, lang).unwrap_or_default(),
        }
    }

    fn get(&self, f: Field) -> &str {
        match f {
            Field::Ad => &self.ad,
            Field::Tutar => &self.tutar,
            Field::Aciklama => &self.aciklama,
            Field::Link => &self.link,
            Field::SonGun => &self.son_gun,
            Field::Gecerlilik => &self.gecerlilik,
        }
    }
}

/// `template` with `values` put in, by the rules in the module docs.
pub fn render(template: &str, values: &TemplateValues) -> String {
    let (mut pieces, _) = parse(template);
    if !pieces.contains(&Piece::Field(Field::Link)) {
        pieces.push(Piece::Char('\n'));
        pieces.push(Piece::Field(Field::Link));
    }
    let empty = |p: &Piece| matches!(p, Piece::Field(f) if values.get(*f).is_empty());
    let mut keep = vec![true; pieces.len()];
    // Parentheses around nothing but empty values go, with the space before them.
    let mut open = Vec::new();
    for j in 0..pieces.len() {
        match pieces[j] {
            Piece::Char('(') => open.push(j),
            Piece::Char(')') => {
                let Some(i) = open.pop() else { continue };
                let inner = &pieces[i + 1..j];
                let fields = inner.iter().filter(|p| matches!(p, Piece::Field(_)));
                if fields.clone().count() > 0 && fields.clone().all(&empty) {
                    keep[i..=j].iter_mut().for_each(|k| *k = false);
                    if i > 0 && pieces[i - 1] == Piece::Char(' ') {
                        keep[i - 1] = false;
                    }
                }
            }
            _ => {}
        }
    }
    // Any other empty value takes the space before it.
    for j in 1..pieces.len() {
        if keep[j] && empty(&pieces[j]) && keep[j - 1] && pieces[j - 1] == Piece::Char(' ') {
            keep[j - 1] = false;
        }
    }
    let mut out = String::with_capacity(template.len() + 128);
    for (p, _) in pieces.iter().zip(&keep).filter(|(_, k)| **k) {
        match p {
            Piece::Char(c) => out.push(*c),
            Piece::Field(f) => out.push_str(values.get(*f)),
        }
    }
    out
}

/// The owner's template if it has text, else the built-in one.
fn chosen(kind: TemplateKind, custom: Option<&str>, lang: Lang) -> &str {
    custom.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| default_template(kind, lang))
}

/// The `kind` message for `link` as of `now`, from the owner's template (`custom`; `None` or
/// empty: the built-in one).
pub fn message(
    kind: TemplateKind,
    custom: Option<&str>,
    link: &LinkRecord,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<String, LinkError> {
    Ok(render(chosen(kind, custom, lang), &TemplateValues::of(link, lang, now)?))
}

/// The settings screen's live preview of `template` (`None` or empty: the built-in one) with
/// [`TemplateValues::sample`].
pub fn preview(kind: TemplateKind, template: Option<&str>, lang: Lang, now: DateTime<Utc>) -> String {
    render(chosen(kind, template, lang), &TemplateValues::sample(lang, now))
}

#[cfg(test)]
#[path = "template_tests.rs"]
mod tests;
