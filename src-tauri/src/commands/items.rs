//! Saved items ("hızlı ürünler", issue 11 §3): listed and searched for the new-link form, managed
//! in Ayarlar, saved from a link on Paylaş, and moved in and out as CSV.
//!
//! Items are the owner's, not a mode's: they live in the live book beside the settings (like the
//! templates), so the same items are offered in demo and live mode.

use super::share::ask_save_path;
use crate::dto::form::FieldErrorDto;
use crate::dto::item::{ImportLineDto, ImportLineKind, ImportResultDto, SavedItemDto, SavedItemInputDto};
use crate::dto::link::ExportResultDto;
use crate::dto::pick;
use crate::error::AppError;
use crate::state::AppState;
use chrono::Utc;
use std::path::PathBuf;
use tahsildar_core::items::csv::{self, ImportError, LineOutcome};
use tahsildar_core::items::{self, ItemError, ItemInput, NAME_MAX};
use tahsildar_core::links::{CreateForm, ExpiryChoice, LinkError, PaytrKind, PaytrOptions};
use tahsildar_core::store::{LinkRecord, PaytrTerms, StoreError};
use tahsildar_core::time::to_istanbul;
use tahsildar_core::Lang;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

fn gone(lang: Lang) -> AppError {
    AppError {
        kind: "not_found",
        message: pick(
            lang,
            "Bu ürün artık kayıtlı değil (başka bir yerde silinmiş olabilir); liste yenilendi.",
            "This item is no longer saved (it may have been deleted elsewhere); the list was refreshed.",
        ),
        retryable: false,
        field: None,
        code: Some("item_not_found".into()),
        fields: Vec::new(),
    }
}

pub(crate) fn store_error(e: &StoreError, lang: Lang) -> AppError {
    match e {
        StoreError::NotFound(_) => gone(lang),
        StoreError::BadOrder => AppError {
            kind: "wrong_state",
            message: pick(
                lang,
                "Ürün listesi bu arada değişti; sıralama yenilenen listede tekrar yapılmalı.",
                "The item list changed meanwhile; reorder the refreshed list again.",
            ),
            retryable: false,
            field: None,
            code: Some("bad_order".into()),
            fields: Vec::new(),
        },
        other => AppError::store(other, lang),
    }
}

fn item_error(e: ItemError, lang: Lang) -> AppError {
    match e {
        ItemError::Invalid(fields) => AppError::form(fields.iter().map(Into::into).collect(), lang),
        ItemError::Store(se) => store_error(&se, lang),
    }
}

/// Checks and stores an item; every problem comes back as a form error, as `create_link`'s do.
/// An item without a provider is checked against the one the form would use now.
pub async fn save_input(
    state: &AppState,
    input: ItemInput,
    mut errors: Vec<FieldErrorDto>,
    lang: Lang,
) -> Result<SavedItemDto, AppError> {
    let default = state.default_provider().await;
    if !errors.is_empty() {
        // This layer's own problems (currency, date) first, then the core's on the other fields.
        if let Err(fields) = items::validate_item(&input, default, lang, Utc::now()) {
            let known: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
            errors.extend(fields.iter().map(FieldErrorDto::from).filter(|f| !known.contains(&f.field)));
        }
        return Err(AppError::form(errors, lang));
    }
    let saved = state
        .db(move |s| Ok(items::save(s, &input, default, lang, Utc::now())))
        .await
        .map_err(|e| store_error(&e, lang))?;
    saved.map(|s| SavedItemDto::from(&s)).map_err(|e| item_error(e, lang))
}

/// The items for the type-ahead (`query`: words the name or description start with) or, without
/// a query, all of them in the owner's order (Ayarlar; the first six are the quick buttons).
#[tauri::command]
pub async fn list_saved_items(
    state: State<'_, AppState>,
    query: Option<String>,
    limit: Option<u32>,
    lang: Option<Lang>,
) -> Result<Vec<SavedItemDto>, AppError> {
    let lang = state.lang(lang).await;
    let limit = limit.map_or(usize::MAX, |l| l as usize);
    let query = query.unwrap_or_default();
    let found = state.db(move |s| s.search_items(&query, limit)).await.map_err(|e| store_error(&e, lang))?;
    Ok(found.iter().map(SavedItemDto::from).collect())
}

#[tauri::command]
pub async fn save_saved_item(
    state: State<'_, AppState>,
    item: SavedItemInputDto,
    lang: Option<Lang>,
) -> Result<SavedItemDto, AppError> {
    let lang = state.lang(lang).await;
    let (input, errors) = item.to_core(lang);
    save_input(&state, input, errors, lang).await
}

#[tauri::command]
pub async fn delete_saved_item(state: State<'_, AppState>, id: i64, lang: Option<Lang>) -> Result<(), AppError> {
    let lang = state.lang(lang).await;
    state.db(move |s| s.delete_item(id)).await.map_err(|e| store_error(&e, lang))
}

/// Puts the items in the order of `ids` (every item once); answers the list in its new order.
#[tauri::command]
pub async fn reorder_saved_items(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    lang: Option<Lang>,
) -> Result<Vec<SavedItemDto>, AppError> {
    let lang = state.lang(lang).await;
    let all = state
        .db(move |s| {
            s.reorder_items(&ids)?;
            s.items()
        })
        .await
        .map_err(|e| store_error(&e, lang))?;
    Ok(all.iter().map(SavedItemDto::from).collect())
}

/// How long a link was made to stay payable, as the form's choice: whole days when it was so,
/// else hours (rounded up); no expiry as none.
fn expiry_of(link: &LinkRecord) -> ExpiryChoice {
    const HOUR: i64 = 3_600_000;
    match link.expires_at {
        None => ExpiryChoice::None,
        Some(end) => {
            let span = (end - link.created_at).max(HOUR);
            let hours = ((span + HOUR - 1) / HOUR).clamp(1, i64::from(tahsildar_core::links::PAYNET_MAX_HOURS));
            if hours % 24 == 0 {
                ExpiryChoice::Days((hours / 24) as u32)
            } else {
                ExpiryChoice::Hours(hours as u32)
            }
        }
    }
}

/// The item a link would make: its provider, amount, currency, description, expiry and PayTR
/// type; named `name` or, without one, after its description (cut to the longest name).
pub fn item_from_link(link: &LinkRecord, name: Option<String>) -> ItemInput {
    let name = name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| link.description.chars().take(NAME_MAX).collect::<String>().trim().to_string());
    let text = |m: i64| items::amount_text(m, link.currency);
    let (link_type, flex_max_text) = match &link.paytr {
        Some(PaytrTerms::Flex { max_minor }) => (PaytrKind::Flex, text(*max_minor)),
        Some(PaytrTerms::Collection) => (PaytrKind::Collection, String::new()),
        _ => (PaytrKind::Product, String::new()),
    };
    ItemInput {
        id: None,
        name,
        form: CreateForm {
            provider: Some(link.provider),
            amount_text: text(link.amount_minor),
            currency: link.currency,
            description: link.description.clone(),
            expiry: expiry_of(link),
            paytr: PaytrOptions { link_type, flex_max_text, ..PaytrOptions::default() },
            ..CreateForm::default()
        },
    }
}

/// "Bu linki ürün olarak kaydet" (Paylaş): an item from an existing link's fields.
#[tauri::command]
pub async fn save_link_as_item(
    state: State<'_, AppState>,
    link_id: i64,
    name: Option<String>,
    lang: Option<Lang>,
) -> Result<SavedItemDto, AppError> {
    let lang = state.lang(lang).await;
    let link = state.links()?.get(link_id).await.map_err(|e| match e {
        LinkError::Store(StoreError::NotFound(_)) => AppError {
            kind: "not_found",
            message: pick(
                lang,
                "Bu link artık kayıtlı değil; listeyi yenileyin.",
                "This link is no longer recorded; refresh the list.",
            ),
            retryable: false,
            field: None,
            code: Some("link_not_found".into()),
            fields: Vec::new(),
        },
        other => AppError::link(&other, lang),
    })?;
    save_input(&state, item_from_link(&link, name), Vec::new(), lang).await
}

/// Writes every item as CSV to `path` (through a temporary file beside it, renamed at the end, so
/// a failure never leaves half a file in place of an earlier export). Returns how many it holds.
pub async fn write_items_csv(state: &AppState, path: PathBuf, lang: Lang) -> Result<usize, AppError> {
    let shown = path.display().to_string();
    let tmp = path.with_extension("csv.part");
    let tmp2 = tmp.clone();
    let written = state
        .db(move |s| {
            let all = s.items()?;
            let mut file = std::fs::File::create(&tmp2).map_err(StoreError::Write)?;
            csv::write_csv(&all, lang, &mut file).map_err(StoreError::Write)?;
            file.sync_all().map_err(StoreError::Write)?;
            std::fs::rename(&tmp2, &path).map_err(StoreError::Write)?;
            Ok(all.len())
        })
        .await;
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        log::warn!("saved items CSV export failed: {e}");
        AppError::internal(pick(lang, format!("{shown} yazılamadı: {e}"), format!("Could not write {shown}: {e}")))
    })
}

/// A file that is not an item list: nothing changed, the message says what to do.
fn broken(b: csv::BrokenFile) -> AppError {
    AppError {
        kind: "validation",
        message: b.message,
        retryable: false,
        field: None,
        code: Some(b.code.into()),
        fields: Vec::new(),
    }
}

/// Reads items from the CSV at `path` (see `tahsildar_core::items::csv`): a file that cannot be
/// read as a table changes nothing; otherwise each line is added, updated or skipped with why.
pub async fn read_items_csv(state: &AppState, path: PathBuf, lang: Lang) -> Result<ImportResultDto, AppError> {
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        AppError::internal(pick(lang, format!("{shown} okunamadı: {e}"), format!("Could not read {shown}: {e}")))
    };
    // A file far larger than any item list is not read into memory at all.
    if tokio::fs::metadata(&path).await.map_err(unreadable)?.len() > csv::MAX_BYTES as u64 {
        return Err(broken(csv::too_large(lang)));
    }
    let bytes = tokio::fs::read(&path).await.map_err(unreadable)?;
    let default = state.default_provider().await;
    let done = state.db(move |s| Ok(csv::import(s, &bytes, default, lang, Utc::now()))).await;
    let lines = match done.map_err(|e| store_error(&e, lang))? {
        Ok(lines) => lines,
        Err(ImportError::Broken(b)) => return Err(broken(b)),
        Err(ImportError::Store(e)) => return Err(store_error(&e, lang)),
    };
    let mut result = ImportResultDto { path: shown, added: 0, updated: 0, unchanged: 0, skipped: 0, lines: Vec::new() };
    for l in lines {
        let (kind, reason) = match l.outcome {
            LineOutcome::Added => (ImportLineKind::Added, None),
            LineOutcome::Updated => (ImportLineKind::Updated, None),
            LineOutcome::Unchanged => (ImportLineKind::Unchanged, None),
            LineOutcome::Skipped(why) => (ImportLineKind::Skipped, Some(why)),
        };
        match kind {
            ImportLineKind::Added => result.added += 1,
            ImportLineKind::Updated => result.updated += 1,
            ImportLineKind::Unchanged => result.unchanged += 1,
            ImportLineKind::Skipped => result.skipped += 1,
        }
        result.lines.push(ImportLineDto { line: l.line, name: l.name, kind, reason });
    }
    Ok(result)
}

/// Asks which file to open (a native dialog); `None` when the owner cancels.
async fn ask_open_path<R: Runtime>(app: &AppHandle<R>, filter: (&str, &[&str])) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().add_filter(filter.0, filter.1).pick_file(move |picked| {
        let _ = tx.send(picked.and_then(|p| p.into_path().ok()));
    });
    rx.await.ok().flatten()
}

/// Asks where to save; `None` when the owner cancels.
#[tauri::command]
pub async fn export_saved_items_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    lang: Option<Lang>,
) -> Result<Option<ExportResultDto>, AppError> {
    let lang = state.lang(lang).await;
    let day = to_istanbul(Utc::now()).format("%Y-%m-%d");
    let name = pick(lang, format!("tahsildar-urunler-{day}.csv"), format!("tahsildar-items-{day}.csv"));
    let Some(path) = ask_save_path(&app, name, ("CSV", &["csv"])).await else { return Ok(None) };
    let rows = write_items_csv(&state, path.clone(), lang).await?;
    Ok(Some(ExportResultDto { path: path.display().to_string(), rows }))
}

/// Asks which file to read; `None` when the owner cancels.
#[tauri::command]
pub async fn import_saved_items_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    lang: Option<Lang>,
) -> Result<Option<ImportResultDto>, AppError> {
    let lang = state.lang(lang).await;
    let Some(path) = ask_open_path(&app, ("CSV", &["csv", "txt"])).await else { return Ok(None) };
    read_items_csv(&state, path, lang).await.map(Some)
}
