//! The payment tracker's commands: the owner's pick for a PayTR sale that fits several links,
//! and the count of payments since the owner last looked.

use super::links::with_qr;
use crate::dto::link::LinkDto;
use crate::dto::tracking::AmbiguousSaleDto;
use crate::error::AppError;
use crate::state::AppState;
use crate::tracking::pump::ambiguous_sales;
use tahsildar_core::Lang;
use tauri::{AppHandle, Runtime, State};

/// "Ödeme geldi — hangi link?": sale `oid` paid `link_id`. PayTR is asked to confirm first;
/// the link then turns paid (with `link-status` and `payment-received`).
#[tauri::command]
pub async fn resolve_sale<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    oid: String,
    link_id: i64,
    lang: Option<Lang>,
) -> Result<LinkDto, AppError> {
    let lang = state.lang(lang).await;
    let link = state.books()?.tracker.resolve_sale(&oid, link_id).await.map_err(|e| AppError::tracker(&e, lang))?;
    let dto = with_qr(&link);
    super::emit_link(&app, &dto);
    Ok(dto)
}

/// The owner says sale `oid` paid none of the links shown.
#[tauri::command]
pub async fn dismiss_sale(state: State<'_, AppState>, oid: String, lang: Option<Lang>) -> Result<(), AppError> {
    let lang = state.lang(lang).await;
    state.books()?.tracker.dismiss_sale(&oid).await.map_err(|e| AppError::tracker(&e, lang))
}

/// The sales waiting for the owner's pick (also after a restart).
#[tauri::command]
pub async fn list_ambiguous_sales(
    state: State<'_, AppState>,
    lang: Option<Lang>,
) -> Result<Vec<AmbiguousSaleDto>, AppError> {
    let lang = state.lang(lang).await;
    let books = state.books()?;
    let sales = books.sales.clone();
    state.links_db(move |s| ambiguous_sales(s, &sales)).await.map_err(|e| AppError::store(&e, lang))
}

/// How many payments were recorded since the owner last looked.
#[tauri::command]
pub async fn get_unseen_payments(state: State<'_, AppState>, lang: Option<Lang>) -> Result<u64, AppError> {
    let lang = state.lang(lang).await;
    state.unseen_payments(lang).await
}

/// The owner looked at the payments: the count is 0 again. Answers the new count.
#[tauri::command]
pub async fn mark_payments_seen(state: State<'_, AppState>, lang: Option<Lang>) -> Result<u64, AppError> {
    let lang = state.lang(lang).await;
    state.mark_payments_seen(lang).await
}
