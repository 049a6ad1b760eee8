//! Why the app could not start, said for a native message box (the window is not up yet), and
//! the books moved aside on the way.

use std::path::PathBuf;
use tahsildar_core::store::recover::{open_failure_message, FileProblem};
use tahsildar_core::store::StoreError;
use tahsildar_core::Lang;

#[derive(Debug)]
pub enum StartError {
    /// The book at `path` is newer, locked, or damaged and could not be moved aside.
    Book { problem: FileProblem, path: PathBuf },
    /// Anything else (no data folder, the sandbox could not start): technical, for support.
    Other(String),
}

impl StartError {
    pub fn store(e: StoreError, path: PathBuf) -> StartError {
        match e.file_problem() {
            Some(problem) => StartError::Book { problem, path },
            None => StartError::Other(format!("could not open the link database {}: {e}", path.display())),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (StartError::Book { problem, path }, _) => open_failure_message(problem, path, lang),
            (StartError::Other(detail), Lang::Tr) => {
                format!("Tahsildar başlatılamadı. Bilgisayarı yeniden başlatıp tekrar deneyin; sorun sürerse bu yazıyla destek isteyin:\n{detail}")
            }
            (StartError::Other(detail), Lang::En) => {
                format!("Tahsildar could not start. Restart the computer and try again; if it goes on, ask for support with this text:\n{detail}")
            }
        }
    }
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl From<String> for StartError {
    fn from(s: String) -> StartError {
        StartError::Other(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_problem_is_said_with_its_file_and_anything_else_asks_for_support() {
        let newer = StartError::store(StoreError::TooNew { found: 9, known: 5 }, PathBuf::from("/d/tahsildar.sqlite3"));
        assert!(matches!(newer, StartError::Book { problem: FileProblem::TooNew { found: 9, known: 5 }, .. }));
        assert!(newer.message(Lang::Tr).contains("daha yeni bir sürümüyle"));
        assert!(newer.message(Lang::En).contains("/d/tahsildar.sqlite3"));
        let other = StartError::store(StoreError::NotFound(3), PathBuf::from("/d/x"));
        let tr = other.message(Lang::Tr);
        assert!(tr.starts_with("Tahsildar başlatılamadı.") && tr.contains("/d/x"), "{tr}");
        assert!(StartError::from("no app data folder".to_string()).message(Lang::En).contains("ask for support"));
    }
}
