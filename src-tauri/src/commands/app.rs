//! `get_app_info`: the mode (for the "Demo" label on every view), settings and saved keys.

use crate::dto::settings::{AppInfoDto, BootDto, ModeDto, SettingsDto};
use crate::error::AppError;
use crate::start::Boot;
use crate::state::AppState;
use tahsildar_core::Lang;
use tauri::State;

pub async fn app_info(state: &AppState, lang: Lang) -> Result<AppInfoDto, AppError> {
    let settings = state.db(|s| s.settings()).await.map_err(|e| AppError::store(&e, lang))?;
    Ok(AppInfoDto {
        mode: if state.is_demo() { ModeDto::Demo } else { ModeDto::Live },
        version: env!("CARGO_PKG_VERSION").to_string(),
        sandbox_url: state.sandbox_url(),
        settings: SettingsDto::from_core(&settings, state.lang_follows_os()),
        credentials: state.credentials().into(),
        providers_available: state.providers_available().await.into_iter().map(Into::into).collect(),
        keychain_error: state.keychain_error().map(|e| e.message(lang)),
        keys_unreachable: state.keys_unreachable(),
        notifications_off: state.notifications().off_message(lang),
    })
}

/// "Tekrar dene" after the keychain could not be read: reads it again and answers the new state.
#[tauri::command]
pub async fn retry_keychain(state: State<'_, AppState>, lang: Option<Lang>) -> Result<AppInfoDto, AppError> {
    let lang = state.lang(lang).await;
    state.retry_keychain().await?;
    app_info(&state, lang).await
}

/// Answered at once, even before the state is open (the gate lets it through): whether the
/// page can draw the start view in the OS's language without waiting for the book.
#[tauri::command]
pub fn get_boot(boot: State<'_, Boot>) -> BootDto {
    BootDto { lang_follows_os: boot.lang_follows_os }
}

#[tauri::command]
pub async fn get_app_info(state: State<'_, AppState>, lang: Option<Lang>) -> Result<AppInfoDto, AppError> {
    let lang = state.lang(lang).await;
    app_info(&state, lang).await
}
