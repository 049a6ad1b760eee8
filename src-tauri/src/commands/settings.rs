//! Ayarlar: preferences, provider keys (set or remove, never read back) and the connection test.

use crate::dto::settings::{CredentialsDto, IyzicoEnv, PaynetEnv, SettingsDto};
use crate::dto::{OkMessage, ProviderId};
use crate::error::AppError;
use crate::state::AppState;
use secrecy::SecretString;
use tahsildar_core::providers::iyzico::IyzicoCredentials;
use tahsildar_core::providers::paytr::PaytrCredentials;
use tahsildar_core::Lang;
use tauri::{AppHandle, Runtime, State};

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>, lang: Option<Lang>) -> Result<SettingsDto, AppError> {
    let lang = state.lang(lang).await;
    let settings = state.db(|s| s.settings()).await.map_err(|e| AppError::store(&e, lang))?;
    Ok(SettingsDto::from_core(&settings, state.lang_follows_os()))
}

/// Saves and answers what is now in force (a `null` language comes back `null`).
#[tauri::command]
pub async fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    settings: SettingsDto,
    lang: Option<Lang>,
) -> Result<SettingsDto, AppError> {
    let lang = lang.or(settings.lang.map(Into::into));
    let lang = state.lang(lang).await;
    state.save_settings(&settings, lang).await?;
    // The tray menu speaks the saved language (the OS one for `null`).
    crate::tracking::tray::set_lang(&app, state.lang(None).await);
    get_settings(state, Some(lang)).await
}

/// The key goes straight into a `SecretString` and on to the keychain; the answer says only
/// which providers have keys now.
#[tauri::command]
pub async fn set_paynet_credentials(
    state: State<'_, AppState>,
    secret_key: String,
    env: PaynetEnv,
    lang: Option<Lang>,
) -> Result<CredentialsDto, AppError> {
    let key = SecretString::from(secret_key);
    let lang = state.lang(lang).await;
    state.set_paynet(key, env, lang).await
}

#[tauri::command]
pub async fn set_paytr_credentials(
    state: State<'_, AppState>,
    merchant_id: String,
    merchant_key: String,
    merchant_salt: String,
    lang: Option<Lang>,
) -> Result<CredentialsDto, AppError> {
    let creds = PaytrCredentials {
        merchant_id: merchant_id.trim().to_string(),
        merchant_key: SecretString::from(merchant_key),
        merchant_salt: SecretString::from(merchant_salt),
    };
    let lang = state.lang(lang).await;
    state.set_paytr(creds, lang).await
}

/// Both iyzico keys and the host they belong to (sandbox keys go to the Test host).
#[tauri::command]
pub async fn set_iyzico_credentials(
    state: State<'_, AppState>,
    api_key: String,
    secret_key: String,
    env: IyzicoEnv,
    lang: Option<Lang>,
) -> Result<CredentialsDto, AppError> {
    let creds = IyzicoCredentials {
        api_key: SecretString::from(api_key.trim().to_string()),
        secret_key: SecretString::from(secret_key.trim().to_string()),
    };
    let lang = state.lang(lang).await;
    state.set_iyzico(creds, env, lang).await
}

#[tauri::command]
pub async fn clear_credentials(
    state: State<'_, AppState>,
    provider: ProviderId,
    lang: Option<Lang>,
) -> Result<CredentialsDto, AppError> {
    let lang = state.lang(lang).await;
    state.clear(provider.into(), lang).await
}

#[tauri::command]
pub async fn test_connection(
    state: State<'_, AppState>,
    provider: ProviderId,
    lang: Option<Lang>,
) -> Result<OkMessage, AppError> {
    let lang = state.lang(lang).await;
    Ok(state.test_connection(provider.into(), lang).await)
}
