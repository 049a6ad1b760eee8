//! Saved items as CSV, for Excel as a Turkish owner opens it (like the links export): UTF-8 with
//! BOM, `;` between cells, CRLF, decimal comma, the header in the UI's language, and no cell Excel
//! would run as a formula. Reading takes either language's header (columns in any order), `;` or
//! `,` between cells, `,` or `.` as the decimal mark, quoted cells, Turkish letters and emoji.
//!
//! An import is all or nothing for the file: one that cannot be read as a table (not UTF-8, an
//! unclosed quote, no known header) changes nothing. Inside a readable file each line is added,
//! updated (same name) or skipped with its reason, and all of it is written in one unit.

use super::{ItemInput, NewItem, SavedItem};
use crate::links::{CreateForm, ExpiryChoice, PaytrKind, PaytrOptions};
use crate::money::Currency;
use crate::providers::Provider;
use crate::store::search::fold;
use crate::Lang;
use chrono::NaiveDateTime;
use std::io::Write;

mod import;

pub use import::{import, too_large, BrokenFile, ImportError, ImportLine, LineOutcome};

pub(super) const BOM: &str = "\u{FEFF}";
/// Larger than any shop's item list; a bigger file is not an item list.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_LINES: usize = 5_000;

/// The columns, in the export's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Col {
    Name,
    Amount,
    Currency,
    Description,
    Provider,
    Expiry,
    Installments,
    LinkType,
    FlexMax,
}

pub(super) const COLS: [(Col, &str, &str); 9] = [
    (Col::Name, "Ad", "Name"),
    (Col::Amount, "Tutar", "Amount"),
    (Col::Currency, "Para birimi", "Currency"),
    (Col::Description, "Açıklama", "Description"),
    (Col::Provider, "Sağlayıcı", "Provider"),
    (Col::Expiry, "Geçerlilik", "Expiry"),
    (Col::Installments, "Taksit", "Installments"),
    (Col::LinkType, "Bağlantı türü", "Link type"),
    (Col::FlexMax, "En yüksek tutar", "Maximum amount"),
];

pub(super) fn pick(lang: Lang, tr: String, en: String) -> String {
    if lang == Lang::Tr {
        tr
    } else {
        en
    }
}

/// `1234,56`: decimal comma, no grouping, so Excel reads a number.
fn amount(minor: i64) -> String {
    format!("{},{:02}", minor / 100, minor % 100)
}

fn expiry_text(e: ExpiryChoice, lang: Lang) -> String {
    match (e, lang) {
        (ExpiryChoice::Days(d), Lang::Tr) => format!("{d} gün"),
        (ExpiryChoice::Days(d), Lang::En) => format!("{d} days"),
        (ExpiryChoice::Hours(h), Lang::Tr) => format!("{h} saat"),
        (ExpiryChoice::Hours(h), Lang::En) => format!("{h} hours"),
        (ExpiryChoice::At(at), _) => at.format("%Y-%m-%d %H:%M").to_string(),
        (ExpiryChoice::None, Lang::Tr) => "süresiz".into(),
        (ExpiryChoice::None, Lang::En) => "no expiry".into(),
    }
}

fn link_type_text(k: PaytrKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (PaytrKind::Product, Lang::Tr) => "ürün",
        (PaytrKind::Product, Lang::En) => "product",
        (PaytrKind::Collection, Lang::Tr) => "tahsilat",
        (PaytrKind::Collection, Lang::En) => "collection",
        (PaytrKind::Flex, Lang::Tr) => "serbest tutar",
        (PaytrKind::Flex, Lang::En) => "flexible amount",
    }
}

fn cells(item: &NewItem, lang: Lang) -> [String; 9] {
    [
        item.name.clone(),
        item.amount_minor.map(amount).unwrap_or_default(),
        item.currency.code().to_string(),
        item.description.clone(),
        item.provider.map(|p| p.to_string()).unwrap_or_default(),
        expiry_text(item.expiry, lang),
        item.max_installment.to_string(),
        link_type_text(item.link_type, lang).to_string(),
        item.flex_max_minor.map(amount).unwrap_or_default(),
    ]
}

/// A leading `=`, `+`, `-`, `@`, TAB or CR would make Excel run the cell as a formula: it gets a
/// `'` (as does a leading `'`, so reading strips exactly the one added). Then the cell is quoted
/// if it holds a separator, a quote or a line break.
fn escape(cell: &str) -> String {
    let mut text = String::with_capacity(cell.len() + 3);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        text.push('\'');
    }
    text.push_str(cell);
    if text.contains([';', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

pub(super) fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

/// Writes `items` with the header in `lang`.
pub fn write_csv(items: &[SavedItem], lang: Lang, mut out: impl Write) -> std::io::Result<()> {
    out.write_all(BOM.as_bytes())?;
    let header: Vec<&str> = COLS.iter().map(|(_, tr, en)| if lang == Lang::Tr { *tr } else { *en }).collect();
    let mut line = |cells: &[&str]| -> std::io::Result<()> {
        let row: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        out.write_all(row.join(";").as_bytes())?;
        out.write_all(b"\r\n")
    };
    line(&header)?;
    for item in items {
        let c = cells(&item.item, lang);
        line(&c.iter().map(String::as_str).collect::<Vec<_>>())?;
    }
    out.flush()
}

fn parse_expiry(text: &str) -> Option<ExpiryChoice> {
    let t = fold(text.trim());
    if t.is_empty() {
        return Some(ExpiryChoice::default());
    }
    if ["suresiz", "no expiry", "none", "never", "yok"].contains(&t.as_str()) {
        return Some(ExpiryChoice::None);
    }
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S"] {
        if let Ok(at) = NaiveDateTime::parse_from_str(&t, f) {
            return Some(ExpiryChoice::At(at));
        }
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let n: u32 = digits.parse().ok()?;
    match t[digits.len()..].trim() {
        "" | "gun" | "g" | "day" | "days" | "d" => Some(ExpiryChoice::Days(n)),
        "saat" | "sa" | "hour" | "hours" | "h" => Some(ExpiryChoice::Hours(n)),
        _ => None,
    }
}

fn parse_link_type(text: &str) -> Option<PaytrKind> {
    match fold(text.trim()).as_str() {
        "" | "urun" | "product" => Some(PaytrKind::Product),
        "tahsilat" | "collection" => Some(PaytrKind::Collection),
        "serbest tutar" | "serbest" | "flexible amount" | "flex" => Some(PaytrKind::Flex),
        _ => None,
    }
}

/// The item a line describes, or why it cannot be read.
pub(super) fn line_input(get: &dyn Fn(Col) -> String, lang: Lang) -> Result<ItemInput, String> {
    let bad = |tr: String, en: String| Err(pick(lang, tr, en));
    let currency = match get(Col::Currency).trim() {
        "" => Currency::Tl,
        c => match c.parse::<Currency>() {
            Ok(c) => c,
            Err(_) => {
                return bad(
                    format!("para birimi \"{c}\" tanınmıyor (TL, USD, EUR, GBP, RUB)"),
                    format!("unknown currency \"{c}\" (TL, USD, EUR, GBP, RUB)"),
                )
            }
        },
    };
    let provider = match fold(get(Col::Provider).trim()).as_str() {
        "" | "varsayilan" | "default" => None,
        p => match p.parse::<Provider>() {
            Ok(p) => Some(p),
            Err(_) => {
                return bad(
                    format!("sağlayıcı \"{}\" tanınmıyor (Paynet, PayTR, iyzico ya da boş)", get(Col::Provider)),
                    format!("unknown provider \"{}\" (Paynet, PayTR, iyzico or empty)", get(Col::Provider)),
                )
            }
        },
    };
    let Some(expiry) = parse_expiry(&get(Col::Expiry)) else {
        return bad(
            format!(
                "geçerlilik \"{}\" okunamadı (örneğin 3 gün, 5 saat, süresiz ya da 2026-12-24 18:00)",
                get(Col::Expiry)
            ),
            format!(
                "expiry \"{}\" cannot be read (like 3 days, 5 hours, no expiry or 2026-12-24 18:00)",
                get(Col::Expiry)
            ),
        );
    };
    let installments = get(Col::Installments);
    let max_installment = match installments.trim() {
        "" => 1,
        t => match t.parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                return bad(
                    format!("taksit \"{t}\" bir sayı değil (1–12)"),
                    format!("installments \"{t}\" is not a number (1–12)"),
                )
            }
        },
    };
    let Some(link_type) = parse_link_type(&get(Col::LinkType)) else {
        return bad(
            format!("bağlantı türü \"{}\" tanınmıyor (ürün, tahsilat, serbest tutar)", get(Col::LinkType)),
            format!("unknown link type \"{}\" (product, collection, flexible amount)", get(Col::LinkType)),
        );
    };
    Ok(ItemInput {
        id: None,
        name: get(Col::Name),
        form: CreateForm {
            provider,
            amount_text: get(Col::Amount),
            currency,
            description: get(Col::Description),
            expiry,
            max_installment,
            paytr: PaytrOptions { link_type, flex_max_text: get(Col::FlexMax), ..PaytrOptions::default() },
            ..CreateForm::default()
        },
    })
}

#[cfg(test)]
mod tests;
