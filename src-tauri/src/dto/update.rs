//! The updater's state as Ayarlar shows it.

use serde::Serialize;
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum UpdatePhase {
    /// No check yet (or checks are off and none was asked for).
    Idle,
    Checking,
    UpToDate,
    /// A newer version is downloaded and its signature checked: "Yeni sürüm hazır — Güncelle".
    Ready,
    /// A newer version was announced but its file failed the signature check: never installed.
    Refused,
    /// The update server could not be reached (offline, proxy): tried again later, quietly.
    Offline,
    Installing,
    /// The install itself failed; the current version keeps running.
    Failed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStatusDto {
    pub phase: UpdatePhase,
    /// The owner's switch: check at start and once a day.
    pub checks: bool,
    pub current_version: String,
    /// The newer version (ready, refused or failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub version: Option<String>,
    /// What happened and what to do, for a refused or failed update, in the UI's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub message: Option<String>,
}
