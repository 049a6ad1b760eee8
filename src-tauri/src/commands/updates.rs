//! Ayarlar's "Güncellemeler" card: the updater's status, the daily-check switch, "Şimdi denetle"
//! and "Güncelle" (see `crate::updater`).

use crate::dto::update::UpdateStatusDto;
use crate::error::AppError;
use crate::state::AppState;
use crate::updater::{self, Updates};
use tahsildar_core::Lang;
use tauri::{AppHandle, Runtime, State};

fn status<R: Runtime>(app: &AppHandle<R>, updates: &Updates, lang: Lang) -> UpdateStatusDto {
    updates.status(&app.package_info().version.to_string(), lang)
}

#[tauri::command]
pub async fn get_update_status<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    updates: State<'_, Updates>,
    lang: Option<Lang>,
) -> Result<UpdateStatusDto, AppError> {
    let lang = state.lang(lang).await;
    Ok(status(&app, &updates, lang))
}

#[tauri::command]
pub async fn set_update_checks<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    updates: State<'_, Updates>,
    on: bool,
    lang: Option<Lang>,
) -> Result<UpdateStatusDto, AppError> {
    let lang = state.lang(lang).await;
    updates.set_checks(on, lang)?;
    Ok(status(&app, &updates, lang))
}

/// "Şimdi denetle": one check now, whatever the switch says; answers the status after it.
#[tauri::command]
pub async fn check_for_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    updates: State<'_, Updates>,
    lang: Option<Lang>,
) -> Result<UpdateStatusDto, AppError> {
    updater::check_now(&app).await;
    get_update_status(app, state, updates, lang).await
}

/// "Güncelle": installs and restarts; an answer comes back only when it could not.
#[tauri::command]
pub async fn install_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    lang: Option<Lang>,
) -> Result<(), AppError> {
    let lang = state.lang(lang).await;
    updater::install(&app, lang).await
}
