//! The local link book the CLI shares with the desktop app: the same SQLite file, found the same
//! way (the app's data folder, `--data-dir` or `TAHSILDAR_DATA_DIR`), written by the same link
//! service and tracker. SQLite's locking and the store's conditional writes keep the app and the
//! CLI from overwriting each other.

use super::{print_json, BookListArgs, CliError, DataDir, LinkOut, Out};
use crate::store::{LinkFilter, Store, FILE_NAME};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The desktop app's identifier (`tauri.conf.json`): its data folder is named after it.
pub const APP_IDENTIFIER: &str = "com.tahsildar.desktop";

/// The folder the desktop app keeps its book in when `TAHSILDAR_DATA_DIR` is not set. The app
/// uses Tauri's `app_local_data_dir()`: the LOCAL data folder (`dirs::data_local_dir`:
/// `~/.local/share` or `$XDG_DATA_HOME`, `~/Library/Application Support`, `%LOCALAPPDATA%` —
/// not the roaming `%APPDATA%`) joined with the identifier.
pub fn app_data_dir() -> Option<PathBuf> {
    dirs::data_local_dir().map(|d| d.join(APP_IDENTIFIER))
}

/// The book's folder for these options.
pub fn data_dir(opt: &DataDir) -> Result<PathBuf, CliError> {
    match opt.data_dir.as_ref().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => Ok(d.clone()),
        None => app_data_dir().ok_or_else(|| {
            CliError::Usage("cannot tell where the app keeps its data on this system: pass --data-dir DIR".into())
        }),
    }
}

/// An open book: the store and the path it was opened from.
pub struct Book {
    pub path: PathBuf,
    pub store: Arc<Mutex<Store>>,
}

impl Book {
    /// Opens (creating and migrating as the app does) the book in the folder `opt` names.
    ///
    /// Unlike the app at start-up, the CLI does not mark `creating` rows as unknown: one of them
    /// may be the app's own create, in flight right now.
    pub async fn open(opt: &DataDir) -> Result<Book, CliError> {
        let path = data_dir(opt)?.join(FILE_NAME);
        let p = path.clone();
        let store = tokio::task::spawn_blocking(move || Store::open(&p))
            .await
            .map_err(|e| CliError::Failed(format!("could not open the link book: {e}")))?
            .map_err(|e| CliError::Failed(format!("could not open the link book {}: {e}", path.display())))?;
        Ok(Book { path, store: Arc::new(Mutex::new(store)) })
    }

    /// [`Self::open`] when the book's file exists already; `None` (nothing created) when not.
    pub async fn open_existing(opt: &DataDir) -> Result<Option<Book>, CliError> {
        if data_dir(opt)?.join(FILE_NAME).exists() {
            Self::open(opt).await.map(Some)
        } else {
            Ok(None)
        }
    }
}

/// `tahsildar book list`.
pub(super) async fn list(a: BookListArgs, out: Out<'_>) -> Result<(), CliError> {
    let book = Book::open(&a.book).await?;
    let filter =
        LinkFilter { statuses: a.status.iter().flat_map(|s| s.book_statuses()).collect(), ..Default::default() };
    let store = book.store.clone();
    let rows = tokio::task::spawn_blocking(move || store.lock().unwrap_or_else(|p| p.into_inner()).query(&filter))
        .await
        .map_err(|e| CliError::Failed(format!("could not read the link book: {e}")))?
        .map_err(|e| CliError::Failed(format!("could not read the link book {}: {e}", book.path.display())))?
        .rows;
    let links: Vec<LinkOut> = rows.iter().map(LinkOut::from_record).collect();
    if a.json {
        return print_json(out, &links);
    }
    if links.is_empty() {
        writeln!(out, "no links in {}", book.path.display())?;
    }
    for l in &links {
        let amount = l.amount_minor.map(super::output::turkish).unwrap_or_default();
        writeln!(
            out,
            "{:<6} {:<14} {:<9} {:>14} {:<3}  {:<19}  {}",
            l.provider.as_str(),
            if l.id.is_empty() { "-" } else { l.id.as_str() },
            l.status.as_str(),
            amount,
            l.currency.as_deref().unwrap_or(""),
            l.created_at.as_deref().unwrap_or(""),
            l.name.as_deref().or(l.description.as_deref()).unwrap_or(""),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The app's data folder is named after `tauri.conf.json`'s identifier: the two must agree,
    /// or the CLI and the app keep two books.
    #[test]
    fn the_identifier_is_the_apps() {
        let conf = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tauri.conf.json");
        let conf: serde_json::Value = serde_json::from_slice(&std::fs::read(conf).unwrap()).unwrap();
        assert_eq!(conf["identifier"], APP_IDENTIFIER);
        assert_eq!(app_data_dir().and_then(|d| d.file_name().map(|n| n.to_owned())), Some(APP_IDENTIFIER.into()));
    }

    #[test]
    fn data_dir_prefers_the_option() {
        let given = DataDir { data_dir: Some(PathBuf::from("/tmp/kitap")) };
        assert_eq!(data_dir(&given).unwrap(), PathBuf::from("/tmp/kitap"));
        assert_eq!(data_dir(&DataDir { data_dir: None }).ok(), app_data_dir());
    }
}
