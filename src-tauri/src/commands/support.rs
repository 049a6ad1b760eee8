//! "Destek paketi oluştur" (Ayarlar): a zip of the redacted provider answers kept in
//! `diagnostics/`, the app version and recent log lines, saved where the owner picks. What goes
//! in is redacted by the core (`tahsildar_core::diagnostics`); nothing secret is read here.

use super::share::ask_save_path;
use crate::dto::pick;
use crate::error::AppError;
use crate::state::AppState;
use chrono::Utc;
use tahsildar_core::diagnostics;
use tahsildar_core::time::to_istanbul;
use tahsildar_core::Lang;
use tauri::{AppHandle, Manager, Runtime, State};

/// How many of the newest log lines go into the package.
const LOG_LINES: usize = 400;

/// The package's bytes for this app: its diagnostics folder and log folder.
pub fn package<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> std::io::Result<Vec<u8>> {
    let lines = app.path().app_log_dir().map(|d| diagnostics::recent_log_lines(&d, LOG_LINES)).unwrap_or_default();
    let dir = state.data_dir().join(diagnostics::DIR_NAME);
    diagnostics::support_package(&dir, &app.package_info().version.to_string(), &lines)
}

/// Asks where to save; `None` when the owner cancels. Returns the path written.
#[tauri::command]
pub async fn create_support_package<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    lang: Option<Lang>,
) -> Result<Option<String>, AppError> {
    let lang = state.lang(lang).await;
    let name = format!("tahsildar-destek-{}.zip", to_istanbul(Utc::now()).format("%Y-%m-%d-%H%M"));
    let Some(path) = ask_save_path(&app, name, ("ZIP", &["zip"])).await else { return Ok(None) };
    let shown = path.display().to_string();
    let fail = |e: std::io::Error| {
        log::warn!("support package: {e}");
        AppError::internal(pick(lang, format!("{shown} yazılamadı: {e}"), format!("Could not write {shown}: {e}")))
    };
    let bytes = package(&app, &state).map_err(fail)?;
    tokio::fs::write(&path, bytes).await.map_err(fail)?;
    Ok(Some(shown))
}
