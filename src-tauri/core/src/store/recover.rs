//! Opening the book at start-up, when something is wrong with the file: a corrupt file is moved
//! aside (never deleted) and a fresh book started; a file from a newer Tahsildar, or one another
//! program holds locked, is left alone and the owner is told what to do. The messages are for a
//! native message box, in plain words.

use super::{Store, StoreError};
use crate::Lang;
use chrono::{DateTime, Utc};
use rusqlite::ErrorCode;
use std::path::{Path, PathBuf};

/// What is wrong with a book file that stops the app from opening it as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// Not an SQLite file, or damaged inside.
    Corrupt,
    /// Written by a newer Tahsildar.
    TooNew { found: u32, known: u32 },
    /// Another program holds the file (its busy timeout ran out).
    Locked,
}

impl StoreError {
    /// Which of the start-up problems this error is, if any.
    pub fn file_problem(&self) -> Option<FileProblem> {
        match self {
            StoreError::TooNew { found, known } => Some(FileProblem::TooNew { found: *found, known: *known }),
            StoreError::Sqlite(e) => match e.sqlite_error_code() {
                Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Some(FileProblem::Corrupt),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Some(FileProblem::Locked),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A book that was opened: `set_aside` names the damaged file moved out of the way, if any.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    pub set_aside: Option<PathBuf>,
}

/// Opens the book at `path` with `open` (migrating it); a corrupt file is renamed to
/// `<name>.corrupt-<UTC time>` (its `-wal`/`-shm` companions with it, so the pair stays
/// readable by a repair tool) and a fresh book is opened in its place. Any other failure is
/// returned untouched: a newer or locked file must never be moved.
pub fn open_or_set_aside(
    path: &Path,
    now: DateTime<Utc>,
    open: impl Fn(&Path) -> Result<Store, StoreError>,
) -> Result<Opened, StoreError> {
    match open(path) {
        Ok(store) => Ok(Opened { store, set_aside: None }),
        Err(e) if e.file_problem() == Some(FileProblem::Corrupt) => {
            log::error!("the book {} is corrupt ({e}); moving it aside", path.display());
            let aside = match set_aside(path, now) {
                Ok(aside) => aside,
                Err(io) => {
                    // Said as "damaged and could not be moved aside": the file stays as it was.
                    log::error!("could not move the corrupt book aside: {io}");
                    return Err(e);
                }
            };
            let store = open(path)?;
            Ok(Opened { store, set_aside: Some(aside) })
        }
        Err(e) => Err(e),
    }
}

/// Renames `path` (and its `-wal`/`-shm` files) to a free `<name>.corrupt-<time>[-n]` name.
/// Returns the new name of the main file.
pub fn set_aside(path: &Path, now: DateTime<Utc>) -> Result<PathBuf, StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stamp = now.format("%Y%m%d-%H%M%S");
    let target = (0..1000)
        .map(|n| {
            let suffix = if n == 0 { String::new() } else { format!("-{n}") };
            path.with_file_name(format!("{name}.corrupt-{stamp}{suffix}"))
        })
        .find(|p| !p.exists() && !companion(p, "-wal").exists())
        .ok_or_else(|| io(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free name")))?;
    // The companions first: the main file moving last means a crash midway leaves it in place,
    // and the next start tries again.
    for suffix in ["-wal", "-shm"] {
        let from = companion(path, suffix);
        if from.exists() {
            std::fs::rename(&from, companion(&target, suffix)).map_err(io)?;
        }
    }
    std::fs::rename(path, &target).map_err(io)?;
    Ok(target)
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The native message box after a corrupt book was moved aside (the app goes on).
pub fn set_aside_message(aside: &Path, lang: Lang) -> String {
    let file = aside.display();
    match lang {
        Lang::Tr => format!(
            "Tahsildar'ın kayıt dosyası bozuk olduğu için açılamadı. Dosya silinmedi, şu adla kenara alındı:\n{file}\n\nYeni, boş bir defterle devam ediliyor. Eski linklerinizi kurtarmak için bu dosyayı saklayın ve destek isteyin."
        ),
        Lang::En => format!(
            "Tahsildar's records file was damaged and could not be opened. It was not deleted; it was moved aside as:\n{file}\n\nTahsildar goes on with a new, empty book. Keep that file and ask for support to recover your old links."
        ),
    }
}

/// The native message box for a book the app cannot open (it then quits).
pub fn open_failure_message(problem: &FileProblem, path: &Path, lang: Lang) -> String {
    let file = path.display();
    match (problem, lang) {
        (FileProblem::TooNew { .. }, Lang::Tr) => format!(
            "Kayıt dosyası Tahsildar'ın daha yeni bir sürümüyle yazılmış; bu sürüm onu açamaz:\n{file}\n\nTahsildar'ın son sürümünü kurup yeniden açın. Dosyanıza dokunulmadı."
        ),
        (FileProblem::TooNew { .. }, Lang::En) => format!(
            "The records file was written by a newer version of Tahsildar; this version cannot open it:\n{file}\n\nInstall the latest Tahsildar and open it again. Your file was not changed."
        ),
        (FileProblem::Locked, Lang::Tr) => format!(
            "Kayıt dosyasını başka bir program kullanıyor (açık kalmış bir Tahsildar, komut satırı ya da yedekleme programı olabilir):\n{file}\n\nO programı kapatın, birkaç saniye bekleyip Tahsildar'ı yeniden açın. Sorun sürerse bilgisayarı yeniden başlatın."
        ),
        (FileProblem::Locked, Lang::En) => format!(
            "Another program is using the records file (another Tahsildar, the command line or a backup program):\n{file}\n\nClose that program, wait a few seconds and open Tahsildar again. If it goes on, restart the computer."
        ),
        (FileProblem::Corrupt, Lang::Tr) => format!(
            "Kayıt dosyası bozuk ve kenara alınamadı:\n{file}\n\nKlasöre yazma izni olduğundan emin olun, dosyayı başka bir yere taşıyıp Tahsildar'ı yeniden açın."
        ),
        (FileProblem::Corrupt, Lang::En) => format!(
            "The records file is damaged and could not be moved aside:\n{file}\n\nMake sure the folder can be written to, move the file somewhere else and open Tahsildar again."
        ),
    }
}
