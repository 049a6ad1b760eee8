//! CSV export for Excel as a Turkish owner opens it: UTF-8 with BOM, `;` separator, CRLF,
//! decimal comma, Istanbul dates, Turkish words, and no cell Excel would run as a formula.

use super::model::{LinkFilter, LinkRecord};
use super::{RemindWindow, Store, StoreError};
use chrono::DateTime;
use std::io::{BufWriter, Write};

pub(super) const BOM: &str = "\u{FEFF}";
const HEADER: [&str; 8] = ["Tarih", "Müşteri", "Açıklama", "Tutar", "Para birimi", "Sağlayıcı", "Durum", "Link"];

/// Writes every link matching `filter` (its paging is ignored: the whole filter is exported),
/// newest first, streaming row by row. Returns the number of links written.
pub fn export_csv(store: &Store, filter: &LinkFilter, w: impl Write) -> Result<usize, StoreError> {
    export_csv_in(store, filter, None, w)
}

/// [`export_csv`] of only the links due a reminder in `remind`, when given ("Hatırlatılacak").
pub fn export_csv_in(
    store: &Store,
    filter: &LinkFilter,
    remind: Option<RemindWindow>,
    w: impl Write,
) -> Result<usize, StoreError> {
    let all = LinkFilter { limit: None, offset: 0, ..filter.clone() };
    let mut out = BufWriter::new(w);
    out.write_all(BOM.as_bytes()).map_err(StoreError::Write)?;
    write_record(&mut out, &HEADER).map_err(StoreError::Write)?;
    let count = store.for_each_link_in(&all, remind, |link| {
        let cells = cells(link);
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        write_record(&mut out, &refs).map_err(StoreError::Write)
    })?;
    out.flush().map_err(StoreError::Write)?;
    Ok(count)
}

fn cells(link: &LinkRecord) -> [String; 8] {
    let date = DateTime::from_timestamp_millis(link.created_at)
        .map(|t| crate::time::to_istanbul(t).format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_default();
    [
        date,
        link.customer.clone(),
        link.description.clone(),
        amount(link.amount_minor),
        link.currency.code().to_owned(),
        link.provider.to_string(),
        link.status.label_tr().to_owned(),
        link.url.clone().unwrap_or_default(),
    ]
}

/// `1234,56`: decimal comma, no thousands separator, so Excel reads it as a number.
pub(super) fn amount(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let m = minor.unsigned_abs();
    format!("{sign}{},{:02}", m / 100, m % 100)
}

pub(super) fn write_record(out: &mut impl Write, cells: &[&str]) -> std::io::Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b";")?;
        }
        out.write_all(escape(cell).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

/// Neutralises formulas (a leading `=`, `+`, `-`, `@`, TAB or CR gets a `'`), then quotes the
/// cell if it holds the separator, a quote or a line break.
fn escape(cell: &str) -> String {
    let mut text = String::with_capacity(cell.len() + 3);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.push('\'');
    }
    text.push_str(cell);
    if text.contains([';', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_formulas_and_separators() {
        assert_eq!(escape("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(escape("+90 555"), "'+90 555");
        assert_eq!(escape("-5"), "'-5");
        assert_eq!(escape("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape("\tx"), "'\tx");
        assert_eq!(escape("\rx"), "\"'\rx\"");
        assert_eq!(escape("a;b"), "\"a;b\"");
        assert_eq!(escape("satır\nsatır"), "\"satır\nsatır\"");
        assert_eq!(escape("Şükrü"), "Şükrü");
        assert_eq!(escape("a=b"), "a=b");
    }

    #[test]
    fn amounts_use_a_decimal_comma() {
        assert_eq!(amount(123_456), "1234,56");
        assert_eq!(amount(5), "0,05");
        assert_eq!(amount(100_000_000), "1000000,00");
        assert_eq!(amount(-250), "-2,50");
    }
}
