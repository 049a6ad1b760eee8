//! Sharing a link: copy its address, copy or save its QR image, open WhatsApp with a ready
//! message. The plugins are called from Rust, so the page needs no plugin permissions at all.

use crate::dto::pick;
use crate::error::AppError;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use tahsildar_core::links::LinkError;
use tahsildar_core::store::LinkRecord;
use tahsildar_core::time::to_istanbul;
use tahsildar_core::{qr, Lang};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

/// The link's address, or a message saying why it has none to share.
pub fn shareable_url(link: &LinkRecord, lang: Lang) -> Result<String, AppError> {
    link.url
        .clone()
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| AppError::link(&LinkError::NoProviderId(link.id), lang))
}

/// `tahsildar-1234,56-2026-05-01.png`: the amount and the day it was created (Turkey time).
pub fn qr_file_name(link: &LinkRecord) -> String {
    let day =
        DateTime::<Utc>::from_timestamp_millis(link.created_at).map(|t| to_istanbul(t).format("%Y-%m-%d").to_string());
    let minor = link.amount_minor.unsigned_abs();
    format!("tahsildar-{},{:02}-{}.png", minor / 100, minor % 100, day.unwrap_or_default())
}

pub fn qr_png(link: &LinkRecord, lang: Lang) -> Result<Vec<u8>, AppError> {
    let url = shareable_url(link, lang)?;
    qr::png(&url).map_err(|e| {
        AppError::internal(pick(
            lang,
            format!("QR kodu çizilemedi: {e}"),
            format!("The QR code could not be drawn: {e}"),
        ))
    })
}

/// The `wa.me` address for the link, to `phone` (empty: WhatsApp's contact picker), with the
/// owner's link message template (Ayarlar → "Mesaj şablonları"; none saved: the built-in one).
/// The message is in the owner's saved language, as the template is; `lang` words the errors.
pub async fn whatsapp_for(state: &AppState, id: i64, phone: &str, lang: Lang) -> Result<String, AppError> {
    state.links()?.whatsapp_share_url(id, phone).await.map_err(|e| AppError::link(&e, lang))
}

fn plugin_error(lang: Lang, what: &str, e: impl std::fmt::Display) -> AppError {
    log::warn!("{what}: {e}");
    AppError::internal(pick(
        lang,
        format!("İşletim sistemi işlemi yapamadı ({what}). Tekrar deneyin."),
        format!("The operating system could not do it ({what}). Try again."),
    ))
}

/// WhatsApp (app or web) did not open with `url` (Paylaş → WhatsApp, "Hatırlat"): the owner is
/// told to send the link themselves. The log gets the opener's words without the address (it
/// holds the customer's phone, name and payment link).
pub fn whatsapp_unopened(lang: Lang, url: &str, e: impl std::fmt::Display) -> AppError {
    let said = e.to_string().replace(url, "<wa.me address>");
    log::warn!("open WhatsApp: {said}");
    AppError::internal(pick(
        lang,
        "WhatsApp açılamadı. Linki kopyalayıp müşteriye kendiniz gönderebilirsiniz.",
        "WhatsApp could not be opened. You can copy the link and send it to the customer yourself.",
    ))
}

/// Opens WhatsApp (app or web) with the message; answers the address it opened.
#[tauri::command]
pub async fn open_whatsapp<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    phone: Option<String>,
    lang: Option<Lang>,
) -> Result<String, AppError> {
    let lang = state.lang(lang).await;
    let url = whatsapp_for(&state, id, phone.as_deref().unwrap_or(""), lang).await?;
    crate::launch::open_url(&app, &url).map_err(|e| whatsapp_unopened(lang, &url, e))?;
    Ok(url)
}

#[tauri::command]
pub async fn copy_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    lang: Option<Lang>,
) -> Result<String, AppError> {
    let lang = state.lang(lang).await;
    let link = state.links()?.get(id).await.map_err(|e| AppError::link(&e, lang))?;
    let url = shareable_url(&link, lang)?;
    app.clipboard().write_text(url.clone()).map_err(|e| plugin_error(lang, "clipboard", e))?;
    Ok(url)
}

#[tauri::command]
pub async fn copy_qr<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    lang: Option<Lang>,
) -> Result<(), AppError> {
    let lang = state.lang(lang).await;
    let link = state.links()?.get(id).await.map_err(|e| AppError::link(&e, lang))?;
    let png = qr_png(&link, lang)?;
    let image = tauri::image::Image::from_bytes(&png).map_err(|e| plugin_error(lang, "QR image", e))?;
    app.clipboard().write_image(&image).map_err(|e| plugin_error(lang, "clipboard", e))
}

/// Asks where to save (a native dialog); `None` when the owner cancels.
pub async fn ask_save_path<R: Runtime>(app: &AppHandle<R>, name: String, filter: (&str, &[&str])) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().set_file_name(name).add_filter(filter.0, filter.1).save_file(move |picked| {
        let _ = tx.send(picked.and_then(|p| p.into_path().ok()));
    });
    rx.await.ok().flatten()
}

#[tauri::command]
pub async fn save_qr_png<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    lang: Option<Lang>,
) -> Result<Option<String>, AppError> {
    let lang = state.lang(lang).await;
    let link = state.links()?.get(id).await.map_err(|e| AppError::link(&e, lang))?;
    let png = qr_png(&link, lang)?;
    let Some(path) = ask_save_path(&app, qr_file_name(&link), ("PNG", &["png"])).await else { return Ok(None) };
    let shown = path.display().to_string();
    tokio::fs::write(&path, png).await.map_err(|e| {
        AppError::internal(pick(lang, format!("{shown} yazılamadı: {e}"), format!("Could not write {shown}: {e}")))
    })?;
    Ok(Some(shown))
}
