//! Saved items ("hızlı ürünler", issue 11 §3): listed and searched for the new-link form, managed
//! in Ayarlar, saved from a link on Paylaş, and moved in and out as CSV.
//!
//! Items are the owner's, not a mode's: they live in the live book beside the settings (like the
//! templates), so the same items are offered in demo and live mode.

use crate::dto::form::FieldErrorDto;
use crate::dto::item::{SavedItemDto, SavedItemInputDto};
use crate::dto::pick;
use crate::error::AppError;
use crate::state::AppState;
use chrono::Utc;
use tahsildar_core::items::{self, ItemError, ItemInput, NAME_MAX};
use tahsildar_core::links::{CreateForm, ExpiryChoice, LinkError, PaytrKind, PaytrOptions};
use tahsildar_core::store::{LinkRecord, PaytrTerms, StoreError};
use tahsildar_core::Lang;
use tauri::State;

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
