//! The one preference the core's settings cannot hold: "follow the OS language". Kept in a tiny
//! JSON file beside the database (nothing secret in it), and the OS language itself.

use crate::dto::UiLang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "prefs.json";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Prefs {
    /// A fresh install follows the OS until the owner picks a language.
    pub lang_follows_os: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs { lang_follows_os: true }
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
        save(dir.path(), Prefs { lang_follows_os: false }).unwrap();
        assert!(!load(dir.path()).lang_follows_os);
        std::fs::write(path(dir.path()), b"{not json").unwrap();
        assert_eq!(load(dir.path()), Prefs::default());
    }
}
