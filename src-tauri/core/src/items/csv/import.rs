//! Reading an items CSV: the table (quotes, separators, line numbers), its header, and each line
//! added, updated or skipped, all in one unit.

use super::{line_input, pick, unescape, Col, BOM, COLS, MAX_BYTES, MAX_LINES};
use crate::items::{name_key, validate_item};
use crate::providers::Provider;
use crate::store::search::fold;
use crate::store::{Store, StoreError};
use crate::Lang;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Why a file was not read at all (nothing changed).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct BrokenFile {
    /// Stable, for tests: `not_utf8`, `too_large`, `empty`, `unclosed_quote`, `header`.
    pub code: &'static str,
    /// What is wrong and what to do, in the requested language.
    pub message: String,
}

/// The file's records, each with the line it starts on (1-based).
pub(super) fn records(text: &str, sep: char, lang: Lang) -> Result<Vec<(u32, Vec<String>)>, BrokenFile> {
    let mut out = Vec::new();
    let (mut row, mut cell) = (Vec::new(), String::new());
    let (mut line, mut start) = (1u32, 1u32);
    let (mut quoted, mut was_quoted) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    cell.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            c if c == sep => {
                row.push(finish(&mut cell, &mut was_quoted));
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(finish(&mut cell, &mut was_quoted));
                out.push((start, std::mem::take(&mut row)));
                line += 1;
                start = line;
            }
            c => cell.push(c),
        }
    }
    if quoted {
        return Err(BrokenFile {
            code: "unclosed_quote",
            message: pick(
                lang,
                format!("Dosya okunamadı: {start}. satırda açılan tırnak (\") kapanmıyor. Dosyayı Excel'de açıp \"CSV UTF-8\" olarak yeniden kaydedin."),
                format!("The file cannot be read: a quote (\") opened on line {start} is never closed. Open it in Excel and save it again as \"CSV UTF-8\"."),
            ),
        });
    }
    if !cell.is_empty() || !row.is_empty() || was_quoted {
        row.push(finish(&mut cell, &mut was_quoted));
        out.push((start, row));
    }
    Ok(out)
}

fn finish(cell: &mut String, was_quoted: &mut bool) -> String {
    *was_quoted = false;
    unescape(std::mem::take(cell).trim()).to_string()
}

/// The separator: `;` (Excel in Turkish) unless the header line only has commas.
fn separator(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    if !first.contains(';') && first.contains(',') {
        ','
    } else {
        ';'
    }
}

/// What one line of the file became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineOutcome {
    Added,
    Updated,
    /// Already saved exactly so: nothing to do.
    Unchanged,
    /// With the reason, in the requested language.
    Skipped(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportLine {
    pub line: u32,
    pub name: String,
    pub outcome: LineOutcome,
}

/// Why an import changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Broken(#[from] BrokenFile),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn header_error(lang: Lang) -> BrokenFile {
    let tr: Vec<&str> = COLS.iter().map(|c| c.1).collect();
    let en: Vec<&str> = COLS.iter().map(|c| c.2).collect();
    BrokenFile {
        code: "header",
        message: pick(
            lang,
            format!("Dosya bir ürün listesine benzemiyor: ilk satırda sütun adları olmalı ({}). En azından \"Ad\" ve \"Tutar\" gerekli. Ayarlar'dan dışa aktardığınız bir dosyayı örnek alın.", tr.join("; ")),
            format!("The file does not look like an item list: its first line must name the columns ({}). At least \"Name\" and \"Amount\" are needed. Use a file exported from Settings as an example.", en.join("; ")),
        ),
    }
}

/// Which column each header cell names; empty header cells (Excel's trailing ones) are ignored.
fn columns(header: &[String], lang: Lang) -> Result<HashMap<Col, usize>, BrokenFile> {
    let mut found = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = fold(h.trim_start_matches(BOM).trim());
        if h.is_empty() {
            continue;
        }
        let col = COLS.iter().find(|(_, tr, en)| fold(tr) == h || fold(en) == h).map(|c| c.0);
        match col {
            Some(c) if found.insert(c, i).is_none() => {}
            _ => return Err(header_error(lang)),
        }
    }
    if !found.contains_key(&Col::Name) || !found.contains_key(&Col::Amount) {
        return Err(header_error(lang));
    }
    Ok(found)
}

/// A file longer than [`MAX_BYTES`]: no item list is that large.
pub fn too_large(lang: Lang) -> BrokenFile {
    BrokenFile {
        code: "too_large",
        message: pick(
            lang,
            "Dosya bir ürün listesi için çok büyük (en fazla 2 MB).".into(),
            "The file is too large for an item list (2 MB at most).".into(),
        ),
    }
}

/// Reads `bytes` and adds or updates (same name, as [`name_key`] compares) every readable line,
/// all in one unit; see the module's note. `default`: the form's provider now (see
/// [`validate_item`]).
pub fn import(
    store: &Store,
    bytes: &[u8],
    default: Option<Provider>,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Vec<ImportLine>, ImportError> {
    let broken = |code, tr: &str, en: &str| BrokenFile { code, message: pick(lang, tr.into(), en.into()) };
    if bytes.len() > MAX_BYTES {
        return Err(too_large(lang).into());
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(broken("not_utf8", "Dosya UTF-8 değil: Excel'de \"Farklı kaydet\" ile \"CSV UTF-8 (virgülle ayrılmış)\" seçip yeniden kaydedin.", "The file is not UTF-8: in Excel use \"Save as\" and pick \"CSV UTF-8 (comma delimited)\".").into());
    };
    let text = text.trim_start_matches(BOM);
    let mut rows = records(text, separator(text), lang)?;
    rows.retain(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    if rows.is_empty() {
        return Err(broken("empty", "Dosya boş: içinde ürün yok.", "The file is empty: it holds no items.").into());
    }
    if rows.len() > MAX_LINES + 1 {
        return Err(broken(
            "too_large",
            "Dosyada çok fazla satır var (en fazla 5.000 ürün).",
            "The file has too many lines (5,000 items at most).",
        )
        .into());
    }
    let (_, header) = rows.remove(0);
    let cols = columns(&header, lang)?;
    let width = header.len();
    store.atomically(|s| {
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for (line, cells) in rows {
            let get = |c: Col| cols.get(&c).and_then(|i| cells.get(*i)).cloned().unwrap_or_default();
            let name = get(Col::Name);
            let skip = |why: String| ImportLine { line, name: name.clone(), outcome: LineOutcome::Skipped(why) };
            if cells.iter().skip(width).any(|c| !c.is_empty()) {
                out.push(skip(pick(
                    lang,
                    "sütun sayısından fazla hücre var; ; veya , içeren metni tırnak içine alın".into(),
                    "more cells than columns; put text containing ; or , in quotes".into(),
                )));
                continue;
            }
            let input = match line_input(&get, lang) {
                Ok(i) => i,
                Err(why) => {
                    out.push(skip(why));
                    continue;
                }
            };
            let key = name_key(&crate::links::text::clean(&name).unwrap_or_else(|_| name.clone()));
            if let Some(first) = seen.get(&key).filter(|_| !key.is_empty()) {
                out.push(skip(pick(
                    lang,
                    format!("aynı ad {first}. satırda da var"),
                    format!("the same name is on line {first} too"),
                )));
                continue;
            }
            seen.insert(key, line);
            let item = match validate_item(&input, default, lang, now) {
                Ok(item) => item,
                Err(errors) => {
                    let why: Vec<String> = errors.into_iter().map(|e| e.message).collect();
                    out.push(skip(why.join(" ")));
                    continue;
                }
            };
            let existing = s.item_by_name(&item.name)?;
            let outcome = match &existing {
                Some(e) if e.item == item => LineOutcome::Unchanged,
                Some(_) => LineOutcome::Updated,
                None => LineOutcome::Added,
            };
            if matches!(outcome, LineOutcome::Added | LineOutcome::Updated) {
                s.save_item(existing.map(|e| e.id), &item, now.timestamp_millis())?;
            }
            out.push(ImportLine { line, name: item.name, outcome });
        }
        Ok(out)
    })
}
