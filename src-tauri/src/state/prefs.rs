//! What the core's settings cannot hold: "follow the OS language" and when the owner last looked
//! at the payments (per mode). Kept in a tiny JSON file beside the database (nothing secret in
//! it), and the OS language itself.

use crate::dto::UiLang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "prefs.json";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Prefs {
    /// A fresh install follows the OS until the owner picks a language.
    pub lang_follows_os: bool,
    /// When the owner last looked at the payments (Unix ms), in live and in demo mode: payments
    /// recorded after it are "new". 0 = never (a fresh install has no payments yet).
    pub payments_seen_live: i64,
    pub payments_seen_demo: i64,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs { lang_follows_os: true, payments_seen_live: 0, payments_seen_demo: 0 }
    }
}

impl Prefs {
    pub fn payments_seen(&self, demo: bool) -> i64 {
        if demo {
            self.payments_seen_demo
        } else {
            self.payments_seen_live
        }
    }

    pub fn set_payments_seen(&mut self, demo: bool, at_ms: i64) {
        if demo {
            self.payments_seen_demo = at_ms;
        } else {
            self.payments_seen_live = at_ms;
        }
    }
}

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// A missing or unreadable file gives the defaults: a preference is not worth refusing to start.
pub fn load(data_dir: &Path) -> Prefs {
    match std::fs::read(path(data_dir)) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            log::warn!("{FILE_NAME} is unreadable ({e}); using the defaults");
            Prefs::default()
        }),
        Err(_) => Prefs::default(),
    }
}

/// Written to a temporary file and renamed, so a crash never leaves half a file.
pub fn save(data_dir: &Path, prefs: Prefs) -> std::io::Result<()> {
    let tmp = data_dir.join(format!("{FILE_NAME}.tmp"));
    let json = serde_json::to_vec_pretty(&prefs).map_err(std::io::Error::other)?;
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, path(data_dir))
}

/// Turkish when the OS says so (`tr`, `tr-TR`, `tr_TR.UTF-8`), else English.
pub fn lang_of_locale(locale: Option<&str>) -> UiLang {
    match locale.map(|l| l.trim().to_ascii_lowercase()) {
        Some(l) if l == "tr" || l.starts_with("tr-") || l.starts_with("tr_") || l.starts_with("tr.") => UiLang::Tr,
        Some(l) if !l.is_empty() && l != "c" && l != "posix" => UiLang::En,
        // No usable locale: the app is made for Turkey.
        _ => UiLang::Tr,
    }
}

pub fn os_lang() -> UiLang {
    lang_of_locale(sys_locale::get_locale().as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_map_to_a_language() {
        assert_eq!(lang_of_locale(Some("tr-TR")), UiLang::Tr);
        assert_eq!(lang_of_locale(Some("tr_TR.UTF-8")), UiLang::Tr);
        assert_eq!(lang_of_locale(Some("en-US")), UiLang::En);
        assert_eq!(lang_of_locale(Some("de_DE")), UiLang::En);
        assert_eq!(lang_of_locale(Some("tra")), UiLang::En);
        assert_eq!(lang_of_locale(Some("C")), UiLang::Tr);
        assert_eq!(lang_of_locale(None), UiLang::Tr);
    }

    #[test]
    fn saves_and_loads_and_survives_garbage() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Prefs::default());
        let mut p = Prefs { lang_follows_os: false, ..Prefs::default() };
        p.set_payments_seen(true, 42);
        save(dir.path(), p).unwrap();
        assert_eq!(load(dir.path()), p);
        assert_eq!((p.payments_seen(true), p.payments_seen(false)), (42, 0));
        std::fs::write(path(dir.path()), b"{not json").unwrap();
        assert_eq!(load(dir.path()), Prefs::default());
    }
}
