//! CSV export of the links matching the list's filter, for Excel as a Turkish owner opens it.

use super::share::ask_save_path;
use crate::dto::form::LinkFilterDto;
use crate::dto::link::ExportResultDto;
use crate::dto::pick;
use crate::error::AppError;
use crate::state::AppState;
use chrono::Utc;
use std::io::Write;
use std::path::PathBuf;
use tahsildar_core::store::{export_csv_in, now_ms, StoreError};
use tahsildar_core::time::to_istanbul;
use tahsildar_core::Lang;
use tauri::{AppHandle, Runtime, State};

/// Writes the CSV to `path` (through a temporary file beside it, renamed at the end, so a failure
/// never leaves half a file in place of an earlier export). Returns how many links it holds.
pub async fn write_csv(state: &AppState, filter: &LinkFilterDto, path: PathBuf, lang: Lang) -> Result<usize, AppError> {
    // "Hatırlatılacak": the links due a reminder now, as the list shows them.
    let to_remind = filter.to_remind == Some(true);
    let filter = filter.to_core(lang).map_err(|e| AppError::form(vec![e], lang))?;
    let shown = path.display().to_string();
    let tmp = path.with_extension("csv.part");
    let tmp2 = tmp.clone();
    let written = state
        .links_db(move |s| {
            let mut file = std::fs::File::create(&tmp2).map_err(StoreError::Write)?;
            let window = if to_remind { Some(s.settings()?.remind_window(now_ms())) } else { None };
            let rows = export_csv_in(s, &filter, window, &mut file)?;
            file.flush().and_then(|_| file.sync_all()).map_err(StoreError::Write)?;
            std::fs::rename(&tmp2, &path).map_err(StoreError::Write)?;
            Ok(rows)
        })
        .await;
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        log::warn!("CSV export failed: {e}");
        AppError::internal(pick(lang, format!("{shown} yazılamadı: {e}"), format!("Could not write {shown}: {e}")))
    })
}

/// Asks where to save; `None` when the owner cancels.
#[tauri::command]
pub async fn export_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    filter: Option<LinkFilterDto>,
    lang: Option<Lang>,
) -> Result<Option<ExportResultDto>, AppError> {
    let lang = state.lang(lang).await;
    let filter = filter.unwrap_or_default();
    // Checked before the dialog, so a bad date is reported without asking for a file first.
    filter.to_core(lang).map_err(|e| AppError::form(vec![e], lang))?;
    let name = format!("tahsildar-linkler-{}.csv", to_istanbul(Utc::now()).format("%Y-%m-%d"));
    let Some(path) = ask_save_path(&app, name, ("CSV", &["csv"])).await else { return Ok(None) };
    let rows = write_csv(&state, &filter, path.clone(), lang).await?;
    Ok(Some(ExportResultDto { path: path.display().to_string(), rows }))
}
