//! Diagnostics: when a provider answer cannot be read, a redacted copy is kept in
//! `diagnostics/` under the data folder (bounded: newest kept), and the owner can make a support
//! package (a zip of those copies, the app version and recent log lines) to send to us or to the
//! provider without exposing anything secret (issue 8 §2).

pub mod redact;
mod zip;

use crate::providers::Provider;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder's name under the data folder.
pub const DIR_NAME: &str = "diagnostics";
/// At most this many copies are kept (newest first)…
pub const MAX_FILES: usize = 50;
/// …and at most this many bytes in all.
pub const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024;
/// One answer is cut to this many bytes before it is redacted and kept.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

static DIR: Mutex<Option<PathBuf>> = Mutex::new(None);
/// Orders copies written within the same microsecond.
static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Where copies go from now on (`<data dir>/diagnostics`); `None` keeps none (the default, e.g.
/// the CLI without a data folder).
pub fn set_dir(dir: Option<PathBuf>) {
    *DIR.lock().unwrap_or_else(|p| p.into_inner()) = dir;
}

fn dir() -> Option<PathBuf> {
    DIR.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Keeps a redacted copy of an answer from `provider`'s `what` endpoint that could not be read.
/// Never fails the caller: a copy that cannot be written is only logged.
pub fn keep(provider: Provider, what: &str, body: &[u8]) {
    keep_as(provider.as_str(), &provider.to_string(), what, body);
}

/// [`keep`] for a provider named by its slug (file names) and display name: for a client whose
/// provider is not a [`Provider`] yet (iyzico, until the app's integration adds it).
pub fn keep_as(slug: &str, name: &str, what: &str, body: &[u8]) {
    if let Some(dir) = dir() {
        if let Err(e) = keep_in_as(&dir, slug, name, what, body) {
            log::warn!("diagnostics: could not keep a copy of a {name} answer: {e}");
        }
    }
}

/// [`keep`] into an explicit folder; returns the file written.
pub fn keep_in(dir: &Path, provider: Provider, what: &str, body: &[u8]) -> std::io::Result<PathBuf> {
    keep_in_as(dir, provider.as_str(), &provider.to_string(), what, body)
}

/// [`keep_as`] into an explicit folder; returns the file written.
pub fn keep_in_as(dir: &Path, slug: &str, provider: &str, what: &str, body: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let cut = &body[..body.len().min(MAX_ANSWER_BYTES)];
    let what_slug: String =
        what.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let now = chrono::Utc::now();
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 1_000_000;
    let name = format!("{}-{seq:06}-{}-{what_slug}.txt", now.format("%Y%m%dT%H%M%S%6f"), slug);
    let text = format!(
        "provider: {provider}\nendpoint: {what}\nat (UTC): {}\nbytes: {}{}\n\n{}\n",
        now.format("%Y-%m-%d %H:%M:%S"),
        body.len(),
        if cut.len() < body.len() { " (cut)" } else { "" },
        redact::redact(cut)
    );
    let path = dir.join(name);
    std::fs::write(&path, text)?;
    prune(dir)?;
    Ok(path)
}

/// The kept copies, newest first.
pub fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    // Names start with the time, so the name order is the time order.
    out.sort();
    out.reverse();
    Ok(out)
}

/// Drops the oldest copies beyond [`MAX_FILES`] or [`MAX_TOTAL_BYTES`].
fn prune(dir: &Path) -> std::io::Result<()> {
    let mut total = 0u64;
    for (i, path) in files(dir)?.into_iter().enumerate() {
        total += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if i >= MAX_FILES || total > MAX_TOTAL_BYTES {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// The support package: a zip with `README.txt` (app version, when), `log.txt` (the recent log
/// lines, redacted again as text) and each kept copy under `diagnostics/`.
pub fn support_package(diag_dir: &Path, app_version: &str, log_lines: &[String]) -> std::io::Result<Vec<u8>> {
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let copies = files(diag_dir)?;
    entries.push((
        "README.txt".into(),
        format!(
            "Tahsildar destek paketi / support package\napp version: {app_version}\ncreated (UTC): {}\nos: {}\nprovider answers kept: {}\n\nAnahtarlar, tokenlar ve kart bilgileri yoktur; isimler ve telefonlar maskelenmiştir.\nNo keys, tokens or card data; names and phones are masked.\n",
            chrono::Utc::now().format("%Y-%m-%d %H:%M:%S"),
            std::env::consts::OS,
            copies.len()
        )
        .into_bytes(),
    ));
    let log: String = log_lines.iter().map(|l| redact::redact_text(l) + "\n").collect();
    entries.push(("log.txt".into(), log.into_bytes()));
    for path in copies {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        entries.push((format!("diagnostics/{name}"), std::fs::read(&path)?));
    }
    Ok(zip::stored(&entries))
}

/// The last `n` lines of the newest `.log` file in `log_dir` (the app's log folder).
pub fn recent_log_lines(log_dir: &Path, n: usize) -> Vec<String> {
    let newest = std::fs::read_dir(log_dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "log"))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok());
    let Some(file) = newest else { return Vec::new() };
    let text = std::fs::read(file.path()).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].iter().map(|l| l.to_string()).collect()
}

#[cfg(test)]
mod tests;
