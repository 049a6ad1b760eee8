//! Opening the book at start-up: a file another process holds a moment is waited for, a corrupt
//! file is moved aside (never deleted) for a fresh book, a newer or locked file is left alone, and
//! each case has a message for the owner in Turkish and English.

mod store_common;

use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use std::time::Duration;
use store_common::{link, TempDir};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::recover::{
    open_failure_message, open_or_set_aside, set_aside, set_aside_message, FileProblem,
};
use tahsildar_core::store::{Store, SCHEMA_VERSION};
use tahsildar_core::Lang;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 23, 15, 42).unwrap()
}

/// A file in SQLite's default (rollback) mode, held with an exclusive lock by another
/// connection: readers get SQLITE_BUSY at once unless they wait.
fn hold_exclusive(path: &std::path::Path) -> Connection {
    let holder = Connection::open(path).unwrap();
    holder.execute_batch("CREATE TABLE IF NOT EXISTS t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);").unwrap();
    holder
}

#[test]
fn a_file_held_for_a_moment_is_waited_for_from_the_first_query() {
    let dir = TempDir::new("open-busy");
    let path = dir.db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let holder = hold_exclusive(&path);
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(400));
        holder.execute_batch("COMMIT").unwrap();
    });
    // Without a busy timeout before the version check, this fails at once with "database is locked".
    let store = Store::open(&path).expect("waits for the other process");
    release.join().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_file_held_too_long_is_locked_and_left_alone() {
    let dir = TempDir::new("open-locked");
    let path = dir.db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let holder = hold_exclusive(&path);
    let before = std::fs::read(&path).unwrap();
    let err = open_or_set_aside(&path, now(), |p| Store::open_waiting(p, Duration::from_millis(200))).unwrap_err();
    assert_eq!(err.file_problem(), Some(FileProblem::Locked), "{err}");
    drop(holder);
    assert_eq!(std::fs::read(&path).unwrap(), before, "a locked file is never moved or changed");
    assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1, "nothing set aside");
}

#[test]
fn a_corrupt_file_is_moved_aside_with_a_timestamp_and_a_fresh_book_starts() {
    let dir = TempDir::new("open-corrupt");
    let path = dir.db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    assert!(Store::open(&path).unwrap_err().file_problem() == Some(FileProblem::Corrupt));

    let opened = open_or_set_aside(&path, now(), Store::open).expect("a fresh book");
    let aside = opened.set_aside.clone().expect("moved aside");
    assert_eq!(aside, path.with_file_name("links.sqlite3.corrupt-20261129-231542"));
    assert_eq!(std::fs::read(&aside).unwrap(), garbage, "kept byte for byte, never deleted");
    let id = opened.store.begin_create(&link(Provider::Paynet, 12_050, "Ayşe", "çay")).unwrap().id;
    assert_eq!(opened.store.get(id).unwrap().customer, "Ayşe");
    drop(opened);

    // A second corrupt file in the same second gets its own name; the first is untouched.
    std::fs::write(&path, b"not a database either, and long enough to have a header....").unwrap();
    for companion in ["links.sqlite3-wal", "links.sqlite3-shm"] {
        std::fs::remove_file(path.with_file_name(companion)).ok();
    }
    let again = open_or_set_aside(&path, now(), Store::open).unwrap();
    assert_eq!(again.set_aside.unwrap(), path.with_file_name("links.sqlite3.corrupt-20261129-231542-1"));
    assert_eq!(std::fs::read(&aside).unwrap(), garbage);
}

#[test]
fn a_file_set_aside_takes_its_wal_and_shm_along() {
    let dir = TempDir::new("open-aside");
    let path = dir.path().join("tahsildar.sqlite3");
    for (name, text) in
        [("tahsildar.sqlite3", "db"), ("tahsildar.sqlite3-wal", "wal"), ("tahsildar.sqlite3-shm", "shm")]
    {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let aside = set_aside(&path, now()).unwrap();
    assert_eq!(aside, dir.path().join("tahsildar.sqlite3.corrupt-20261129-231542"));
    for (name, text) in [("", "db"), ("-wal", "wal"), ("-shm", "shm")] {
        assert_eq!(std::fs::read_to_string(format!("{}{name}", aside.display())).unwrap(), text);
    }
    assert!(!path.exists() && !dir.path().join("tahsildar.sqlite3-wal").exists());
}

#[test]
fn a_file_from_a_newer_tahsildar_is_refused_untouched() {
    let dir = TempDir::new("open-newer");
    let path = dir.db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    Connection::open(&path).unwrap().pragma_update(None, "user_version", SCHEMA_VERSION + 3).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = open_or_set_aside(&path, now(), Store::open).unwrap_err();
    assert_eq!(err.file_problem(), Some(FileProblem::TooNew { found: SCHEMA_VERSION + 3, known: SCHEMA_VERSION }));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1, "nothing set aside, no WAL made");
}

#[test]
fn each_start_up_problem_tells_the_owner_what_happened_and_what_to_do() {
    let file = std::path::Path::new("/data/tahsildar.sqlite3");
    let too_new = FileProblem::TooNew { found: 9, known: 5 };
    let cases = [
        (too_new.clone(), Lang::Tr, ["daha yeni bir sürümüyle", "son sürümünü kurup", "dokunulmadı"]),
        (too_new, Lang::En, ["newer version", "Install the latest", "not changed"]),
        (FileProblem::Locked, Lang::Tr, ["başka bir program kullanıyor", "kapatın", "yeniden açın"]),
        (FileProblem::Locked, Lang::En, ["Another program is using", "Close that program", "open Tahsildar again"]),
        (FileProblem::Corrupt, Lang::Tr, ["bozuk", "kenara alınamadı", "yazma izni"]),
        (FileProblem::Corrupt, Lang::En, ["damaged", "could not be moved aside", "can be written"]),
    ];
    for (problem, lang, words) in cases {
        let text = open_failure_message(&problem, file, lang);
        assert!(text.contains("/data/tahsildar.sqlite3"), "{text}");
        for w in words {
            assert!(text.contains(w), "{problem:?} {lang:?}: '{w}' missing in {text}");
        }
    }
    let aside = std::path::Path::new("/data/tahsildar.sqlite3.corrupt-20261129-231542");
    let tr = set_aside_message(aside, Lang::Tr);
    assert!(
        tr.contains("silinmedi") && tr.contains("Yeni, boş bir defterle") && tr.contains(".corrupt-20261129"),
        "{tr}"
    );
    let en = set_aside_message(aside, Lang::En);
    assert!(en.contains("not deleted") && en.contains("new, empty book") && en.contains(".corrupt-20261129"), "{en}");
}
