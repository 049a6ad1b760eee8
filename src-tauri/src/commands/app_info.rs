//! `get_app_info`: which mode the app runs in, for the header badge.

use crate::state::AppState;
use serde::Serialize;
use tauri::State;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AppInfo {
    /// `"demo"` (sandbox, no real money) or `"live"`.
    pub mode: &'static str,
    pub version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox_url: Option<String>,
}

pub fn app_info(state: &AppState) -> AppInfo {
    AppInfo {
        mode: if state.is_demo() { "demo" } else { "live" },
        version: env!("CARGO_PKG_VERSION"),
        sandbox_url: state.sandbox_url().map(str::to_string),
    }
}

#[tauri::command]
pub fn get_app_info(state: State<'_, AppState>) -> AppInfo {
    app_info(&state)
}
