//! The data folder and the one process that may use it.
//!
//! - Windows keeps the book in the LOCAL app data folder (`%LOCALAPPDATA%`), not the roaming one:
//!   a roaming profile copies it between machines at log-on/off, which an SQLite file in use
//!   does not survive. Versions before this one wrote to the roaming folder; [`move_book`] moves
//!   it once. On Linux and macOS the two folders are the same and nothing moves.
//! - [`FolderLock`]: one Tahsildar per data folder on every OS (a file lock in the folder; on
//!   macOS the folder is in the user's Library, so the lock is per user).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use tahsildar_core::store::FILE_NAME;

/// What [`move_book`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Moved {
    /// No old folder, or it is the new one.
    Nothing,
    /// This many entries moved; the old folder is removed when nothing was left in it.
    Moved(usize),
    /// Both folders hold a book: neither is touched (the new one is used).
    KeptBoth,
}

/// Moves the book (every entry of `old`) into `new`, once. Safe at every step:
/// - `new` already holding a book means the move happened (or the owner started afresh):
///   nothing is touched;
/// - an entry whose name already exists in `new` stays in `old` (and so does `old`);
/// - the main database file moves last, so a move cut short is finished at the next start (its
///   presence in `new` is what "moved" means), and its `-wal` is always beside it by then;
/// - an entry that cannot be renamed (another volume) is copied, synced, and only then removed.
pub fn move_book(old: &Path, new: &Path) -> io::Result<Moved> {
    if old == new || !old.is_dir() {
        return Ok(Moved::Nothing);
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(old)?.map(|e| e.map(|e| e.path())).collect::<io::Result<_>>()?;
    if new.join(FILE_NAME).exists() {
        return Ok(if entries.is_empty() { Moved::Nothing } else { Moved::KeptBoth });
    }
    fs::create_dir_all(new)?;
    // The main file last (sort_by_key is stable: false < true).
    entries.sort_by_key(|p| p.file_name().is_some_and(|n| n == FILE_NAME));
    let mut moved = 0;
    for from in entries {
        let Some(name) = from.file_name() else { continue };
        let to = new.join(name);
        if to.exists() {
            log::warn!("{} is in both data folders; the old one stays in {}", name.to_string_lossy(), old.display());
            continue;
        }
        move_entry(&from, &to)?;
        moved += 1;
    }
    // Only an empty folder can be removed: anything left behind stays where it was.
    if fs::remove_dir(old).is_err() {
        log::warn!("the old data folder {} was not empty; left in place", old.display());
    }
    Ok(Moved::Moved(moved))
}

fn move_entry(from: &Path, to: &Path) -> io::Result<()> {
    match fs::rename(from, to) {
        Ok(()) => Ok(()),
        Err(e) if from.is_file() => {
            log::info!("rename failed ({e}); copying {}", from.display());
            copy_then_remove(from, to)
        }
        Err(e) => Err(e),
    }
}

/// Copies `from` to `to` through a `.part` file that is synced and renamed into place, then
/// removes `from`. A failure anywhere leaves `from` as it was.
pub fn copy_then_remove(from: &Path, to: &Path) -> io::Result<()> {
    let mut part = to.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let copied = fs::copy(from, &part).and_then(|_| File::open(&part)?.sync_all()).and_then(|()| fs::rename(&part, to));
    if let Err(e) = copied {
        let _ = fs::remove_file(&part);
        return Err(e);
    }
    fs::remove_file(from)
}

/// Held for the app's whole life: no second Tahsildar on the same data folder.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

/// The lock file's name inside the data folder.
pub const LOCK_FILE_NAME: &str = "tahsildar.lock";

impl FolderLock {
    /// Takes the folder's lock; `Ok(None)` when another process holds it.
    pub fn take(dir: &Path) -> io::Result<Option<FolderLock>> {
        fs::create_dir_all(dir)?;
        let file = File::options().create(true).truncate(false).write(true).open(dir.join(LOCK_FILE_NAME))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(FolderLock { _file: file })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tahsildar_core::store::DEMO_FILE_NAME;

    fn write(dir: &Path, name: &str, text: &str) {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join(name), text).unwrap();
    }

    fn read(dir: &Path, name: &str) -> Option<String> {
        fs::read_to_string(dir.join(name)).ok()
    }

    #[test]
    fn the_roaming_book_moves_to_the_local_folder_once() {
        let t = tempfile::tempdir().unwrap();
        let (old, new) = (t.path().join("Roaming/com.tahsildar.desktop"), t.path().join("Local/com.tahsildar.desktop"));
        write(&old, FILE_NAME, "the book");
        write(&old, "tahsildar.sqlite3-wal", "its wal");
        write(&old, DEMO_FILE_NAME, "demo links");
        write(&old, "prefs.json", "{}");
        // The webview's own data is already in the local folder.
        write(&new.join("EBWebView"), "Local State", "webview");

        assert_eq!(move_book(&old, &new).unwrap(), Moved::Moved(4));
        assert_eq!(read(&new, FILE_NAME).as_deref(), Some("the book"));
        assert_eq!(read(&new, "tahsildar.sqlite3-wal").as_deref(), Some("its wal"));
        assert_eq!(read(&new, DEMO_FILE_NAME).as_deref(), Some("demo links"));
        assert_eq!(read(&new.join("EBWebView"), "Local State").as_deref(), Some("webview"));
        assert!(!old.exists(), "the emptied roaming folder is removed");

        // Once: a later roaming folder (an old version run again) never replaces the local book.
        write(&old, FILE_NAME, "an older book");
        assert_eq!(move_book(&old, &new).unwrap(), Moved::KeptBoth);
        assert_eq!(read(&new, FILE_NAME).as_deref(), Some("the book"));
        assert_eq!(read(&old, FILE_NAME).as_deref(), Some("an older book"), "never deleted");
    }

    #[test]
    fn nothing_moves_without_an_old_folder_or_when_both_are_one() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("same");
        write(&dir, FILE_NAME, "book");
        assert_eq!(move_book(&dir, &dir).unwrap(), Moved::Nothing);
        assert_eq!(move_book(&t.path().join("missing"), &dir).unwrap(), Moved::Nothing);
        assert_eq!(read(&dir, FILE_NAME).as_deref(), Some("book"));
    }

    #[test]
    fn an_entry_in_both_folders_stays_and_so_does_the_old_folder() {
        let t = tempfile::tempdir().unwrap();
        let (old, new) = (t.path().join("old"), t.path().join("new"));
        write(&old, FILE_NAME, "book");
        write(&old, "prefs.json", "old prefs");
        write(&new, "prefs.json", "new prefs");
        assert_eq!(move_book(&old, &new).unwrap(), Moved::Moved(1));
        assert_eq!(read(&new, FILE_NAME).as_deref(), Some("book"));
        assert_eq!(read(&new, "prefs.json").as_deref(), Some("new prefs"));
        assert_eq!(read(&old, "prefs.json").as_deref(), Some("old prefs"));
    }

    #[test]
    fn a_move_cut_short_before_the_book_is_finished_at_the_next_start() {
        let t = tempfile::tempdir().unwrap();
        let (old, new) = (t.path().join("old"), t.path().join("new"));
        // As after a crash: the wal already moved, the book not yet.
        write(&new, "tahsildar.sqlite3-wal", "wal");
        write(&old, FILE_NAME, "book");
        assert_eq!(move_book(&old, &new).unwrap(), Moved::Moved(1));
        assert_eq!(read(&new, FILE_NAME).as_deref(), Some("book"));
        assert_eq!(read(&new, "tahsildar.sqlite3-wal").as_deref(), Some("wal"));
    }

    #[test]
    fn a_copy_replaces_the_file_whole_and_removes_the_source_only_after() {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "from", "content");
        copy_then_remove(&t.path().join("from"), &t.path().join("to")).unwrap();
        assert_eq!(read(t.path(), "to").as_deref(), Some("content"));
        assert!(!t.path().join("from").exists() && !t.path().join("to.part").exists());
        // A failed copy (no such target folder) leaves the source in place.
        write(t.path(), "from", "content");
        assert!(copy_then_remove(&t.path().join("from"), &t.path().join("missing/to")).is_err());
        assert_eq!(read(t.path(), "from").as_deref(), Some("content"));
    }

    #[test]
    fn one_process_per_data_folder() {
        let t = tempfile::tempdir().unwrap();
        let first = FolderLock::take(t.path()).unwrap().expect("free");
        assert!(FolderLock::take(t.path()).unwrap().is_none(), "held");
        let other = tempfile::tempdir().unwrap();
        assert!(FolderLock::take(other.path()).unwrap().is_some(), "another folder is another book");
        drop(first);
        assert!(FolderLock::take(t.path()).unwrap().is_some(), "free again once the first app quits");
    }
}
