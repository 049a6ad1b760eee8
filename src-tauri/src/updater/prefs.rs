//! The owner's "check for updates" switch, in its own small file beside the database (the
//! updater's only setting; nothing secret in it). A missing or unreadable file means "on".

use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE_NAME: &str = "updates.json";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UpdatePrefs {
    pub checks: bool,
}

impl Default for UpdatePrefs {
    fn default() -> Self {
        UpdatePrefs { checks: true }
    }
}

pub fn load(data_dir: &Path) -> UpdatePrefs {
    match std::fs::read(data_dir.join(FILE_NAME)) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            log::warn!("{FILE_NAME} is unreadable ({e}); update checks stay on");
            UpdatePrefs::default()
        }),
        Err(_) => UpdatePrefs::default(),
    }
}

/// Written to a temporary file and renamed, so a crash never leaves half a file.
pub fn save(data_dir: &Path, prefs: UpdatePrefs) -> std::io::Result<()> {
    let tmp = data_dir.join(format!("{FILE_NAME}.tmp"));
    std::fs::write(&tmp, serde_json::to_vec_pretty(&prefs).map_err(std::io::Error::other)?)?;
    std::fs::rename(&tmp, data_dir.join(FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_is_on_by_default_saved_and_survives_garbage() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).checks);
        save(dir.path(), UpdatePrefs { checks: false }).unwrap();
        assert!(!load(dir.path()).checks);
        std::fs::write(dir.path().join(FILE_NAME), b"{oops").unwrap();
        assert!(load(dir.path()).checks);
    }
}
