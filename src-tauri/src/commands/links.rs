//! The "new link" form and the row actions: each command reads its input, calls the link service
//! and answers with DTOs, emitting `link-status` for every link it changed.

use super::{emit_link, remind};
use crate::dto::form::{amount_input_text, LinkFilterDto, LinkFormDto, SameAmountDto, ValidationDto};
use crate::dto::link::{
    CreateOutcomeKind, CreateResultDto, DeleteFailure, DeleteLinksDto, LinkDto, LinkPageDto, SendResult, SentDto,
};
use crate::dto::{pick, LinkStatusDto, OkMessage, ProviderId};
use crate::error::AppError;
use crate::state::AppState;
use serde::Deserialize;
use tahsildar_core::links::{self, Channel, CheckOutcome, CreateForm, CreateOutcome, LinkError, LinkService};
use tahsildar_core::money::Money;
use tahsildar_core::store::{LinkRecord, LinkStatus};
use tahsildar_core::{qr, Lang};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

/// The link with its QR code drawn (only `create_link` and `get_link` carry it).
pub fn with_qr(link: &LinkRecord) -> LinkDto {
    let mut dto = LinkDto::from(link);
    if let Some(url) = link.url.as_deref().filter(|u| !u.trim().is_empty()) {
        match qr::png_data_url(url) {
            Ok(data) => dto.qr_png_data_url = Some(data),
            Err(e) => log::warn!("link {}: QR code could not be drawn: {e}", link.id),
        }
    }
    dto
}

/// The form for the core, with its provider settled (the last used, or the first available) and
/// every problem found, in `lang`. No network.
async fn checked_form(
    state: &AppState,
    form: &LinkFormDto,
    lang: Lang,
) -> (CreateForm, Vec<crate::dto::form::FieldErrorDto>) {
    let (mut core, mut errors) = form.to_core(lang);
    if core.provider.is_none() {
        core.provider = state.default_provider().await;
    }
    if let Some(p) = core.provider {
        if let Err(e) = state.check_provider_available(p, lang).await {
            errors.extend(e.fields);
        }
    }
    if let Err(fields) = links::validate(&core, lang) {
        errors.extend(fields.iter().map(Into::into));
    }
    (core, errors)
}

async fn same_amount(links: &LinkService, core: &CreateForm) -> Result<Option<SameAmountDto>, LinkError> {
    if !core.provider.is_some_and(|p| p.capabilities().matched_by_amount) {
        return Ok(None);
    }
    let Ok(amount) = Money::parse(&core.amount_text, core.currency) else { return Ok(None) };
    let same = links.same_amount_warning(amount).await?;
    if same.is_empty() {
        return Ok(None);
    }
    let suggestion = links.suggest_distinct_amount(amount).await?;
    Ok(Some(SameAmountDto { count: same.len() as u32, suggestion: amount_input_text(suggestion) }))
}

pub async fn validate_form(state: &AppState, form: &LinkFormDto, lang: Lang) -> Result<ValidationDto, AppError> {
    let (core, errors) = checked_form(state, form, lang).await;
    let same_amount = same_amount(&*state.links()?, &core).await.map_err(|e| AppError::link(&e, lang))?;
    Ok(ValidationDto { errors, same_amount })
}

#[tauri::command]
pub async fn validate_link_form(
    state: State<'_, AppState>,
    form: LinkFormDto,
    lang: Option<Lang>,
) -> Result<ValidationDto, AppError> {
    let lang = state.lang(lang).await;
    validate_form(&state, &form, lang).await
}

/// Creates the link: recorded before the provider is called, never retried (see the core).
#[tauri::command]
pub async fn create_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    form: LinkFormDto,
    lang: Option<Lang>,
) -> Result<CreateResultDto, AppError> {
    let lang = state.lang(lang).await;
    let (core, errors) = checked_form(&state, &form, lang).await;
    if !errors.is_empty() {
        return Err(AppError::form(errors, lang));
    }
    let books = state.books()?;
    // No update installs (and restarts the app) while this create runs.
    let _creating = crate::updater::creating(&app, lang)?;
    let outcome = books.links.create(&core).await.map_err(|e| AppError::link(&e, lang));
    // A new waiting link (or an uncertain one to reconcile): the tracker looks at its schedule.
    books.tracker.wake();
    let outcome = outcome?;
    let result = match outcome {
        CreateOutcome::Created { link, deliveries } => {
            let mut sent = SentDto::default();
            for d in deliveries {
                let r = if d.sent { SendResult::Sent(true) } else { SendResult::Failed(d.error.unwrap_or_default()) };
                match d.channel {
                    Channel::Sms => sent.sms = Some(r),
                    Channel::Email => sent.email = Some(r),
                }
            }
            CreateResultDto { outcome: CreateOutcomeKind::Created, link: with_qr(&link), sent, message: None }
        }
        CreateOutcome::Uncertain { link, message } => CreateResultDto {
            outcome: CreateOutcomeKind::Uncertain,
            link: with_qr(&link),
            sent: SentDto::default(),
            message: Some(message),
        },
    };
    emit_link(&app, &result.link);
    Ok(result)
}

#[allow(clippy::too_many_arguments)] // the contract's filter fields arrive as top-level arguments
#[tauri::command]
pub async fn list_links(
    state: State<'_, AppState>,
    text: Option<String>,
    statuses: Option<Vec<LinkStatusDto>>,
    provider: Option<ProviderId>,
    from: Option<String>,
    to: Option<String>,
    offset: Option<u32>,
    limit: Option<u32>,
    to_remind: Option<bool>,
    lang: Option<Lang>,
) -> Result<LinkPageDto, AppError> {
    let lang = state.lang(lang).await;
    let filter = LinkFilterDto { text, statuses, provider, from, to, offset, limit, to_remind }
        .to_core(lang)
        .map_err(|e| AppError::form(vec![e], lang))?;
    // The page and its rows' reminders in one visit to the store.
    let (page, facts) = state
        .links_db(move |s| {
            let window = remind::window_now(s)?;
            let page = if to_remind == Some(true) {
                // "Hatırlatılacak": the links due a reminder now, narrowed by the rest of the filter.
                s.query_to_remind(&filter, window)?
            } else {
                s.query(&filter)?
            };
            let facts = remind::reminder_facts(s, &page.rows, window)?;
            Ok((page, facts))
        })
        .await
        .map_err(|e| AppError::store(&e, lang))?;
    let mut rows: Vec<LinkDto> = page.rows.iter().map(LinkDto::from).collect();
    facts.apply(&mut rows);
    Ok(LinkPageDto { rows, total: page.total })
}

#[tauri::command]
pub async fn get_link(state: State<'_, AppState>, id: i64, lang: Option<Lang>) -> Result<LinkDto, AppError> {
    let lang = state.lang(lang).await;
    let link = state.links()?.get(id).await.map_err(|e| AppError::link(&e, lang))?;
    let mut dto = [with_qr(&link)];
    remind::with_reminders(&state, &mut dto, vec![link]).await.map_err(|e| AppError::store(&e, lang))?;
    let [dto] = dto;
    Ok(dto)
}

/// Answers the changed link and tells every window.
fn changed<R: Runtime>(app: &AppHandle<R>, link: &LinkRecord, note: Option<String>) -> LinkDto {
    let dto = LinkDto { note, ..LinkDto::from(link) };
    emit_link(app, &dto);
    dto
}

#[tauri::command]
pub async fn refresh_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    lang: Option<Lang>,
) -> Result<LinkDto, AppError> {
    let lang = state.lang(lang).await;
    let books = state.books()?;
    let before = books.links.get(id).await.map_err(|e| AppError::link(&e, lang))?;
    // Waiting links, and uncertain creates the provider can look up: the tracker's own check,
    // which tells every window (and notifies a payment) itself.
    if before.status == LinkStatus::Waiting
        || (before.status == LinkStatus::Unknown && before.provider.capabilities().look_up)
    {
        let link = books.tracker.refresh_now(id).await.map_err(|e| AppError::tracker(&e, lang))?;
        return Ok(changed(&app, &link, None));
    }
    // Expired or cancelled Paynet links: asked again (a late payment still counts).
    let out = books.links.refresh(id).await.map_err(|e| AppError::link(&e, lang))?;
    if out.link.status == LinkStatus::Paid && before.status != LinkStatus::Paid {
        state.payment_found(&out.link).await;
    }
    Ok(changed(&app, &out.link, out.note))
}

/// "Kontrol et" for a create with no clear answer.
#[tauri::command]
pub async fn check_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    lang: Option<Lang>,
) -> Result<LinkDto, AppError> {
    let lang = state.lang(lang).await;
    let (link, note) = match state.links()?.check_unknown(id).await.map_err(|e| AppError::link(&e, lang))? {
        CheckOutcome::Found { link } => (link, None),
        CheckOutcome::NotCreated { link, message } | CheckOutcome::StillUnknown { link, message } => {
            (link, Some(message))
        }
    };
    Ok(changed(&app, &link, note))
}

/// The owner's answer on an uncertain PayTR or iyzico create (PayTR cannot look links up; iyzico's
/// list may not show it): the link id or address read in the provider's panel makes it the
/// normal waiting link (iyzico checks it is this link); `None` ("Panelde yok") records it as
/// never created. A mistyped or foreign id is a field error on `providerId`.
#[tauri::command]
pub async fn settle_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    provider_id: Option<String>,
    lang: Option<Lang>,
) -> Result<LinkDto, AppError> {
    let lang = state.lang(lang).await;
    let books = state.books()?;
    let settled = match provider_id {
        // PayTR: the id read in its panel; iyzico: the token or address, checked with iyzico.
        Some(pid) => books.links.attach_provider_id(id, &pid).await,
        None => books.links.dismiss_unknown(id).await,
    };
    let link = settled.map_err(|e| AppError::link(&e, lang))?;
    // A new waiting link: the tracker puts it on its schedule.
    books.tracker.wake();
    emit_link(&app, &with_qr(&link));
    Ok(with_qr(&link))
}

#[tauri::command]
pub async fn cancel_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    lang: Option<Lang>,
) -> Result<LinkDto, AppError> {
    let lang = state.lang(lang).await;
    let link = state.links()?.cancel(id).await.map_err(|e| AppError::link(&e, lang))?;
    Ok(changed(&app, &link, None))
}

#[tauri::command]
pub async fn reopen_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    lang: Option<Lang>,
) -> Result<LinkDto, AppError> {
    let lang = state.lang(lang).await;
    let link = state.links()?.reopen(id).await.map_err(|e| AppError::link(&e, lang))?;
    Ok(changed(&app, &link, None))
}

/// PayTR links are deleted in batches of ten; Paynet links (which cannot be deleted) cancelled.
#[tauri::command]
pub async fn delete_links<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    ids: Vec<i64>,
    lang: Option<Lang>,
) -> Result<DeleteLinksDto, AppError> {
    let lang = state.lang(lang).await;
    let results = state.links()?.delete(&ids).await.map_err(|e| AppError::link(&e, lang))?;
    let mut out = DeleteLinksDto { deleted: Vec::new(), failed: Vec::new() };
    for r in results {
        if let Some(link) = &r.link {
            emit_link(&app, &LinkDto::from(link));
        }
        if r.ok {
            out.deleted.push(r.id);
        } else {
            out.failed.push(DeleteFailure { id: r.id, message: r.error.unwrap_or_default() });
        }
    }
    Ok(out)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ChannelDto {
    Sms,
    Email,
}

/// Sends a PayTR link again. A mistyped phone or address is a field error; a refusal (Paynet
/// cannot resend, the provider said no) is `{ ok: false, message }`.
#[tauri::command]
pub async fn resend_link(
    state: State<'_, AppState>,
    id: i64,
    channel: ChannelDto,
    to: Option<String>,
    lang: Option<Lang>,
) -> Result<OkMessage, AppError> {
    let lang = state.lang(lang).await;
    let to = to.unwrap_or_default();
    let sent = match channel {
        ChannelDto::Sms => state.links()?.resend_sms(id, &to).await,
        ChannelDto::Email => state.links()?.resend_email(id, &to).await,
    };
    match sent {
        Ok(d) => Ok(OkMessage {
            ok: true,
            message: match channel {
                ChannelDto::Sms => pick(lang, format!("SMS gönderildi: {}", d.to), format!("SMS sent to {}", d.to)),
                ChannelDto::Email => {
                    pick(lang, format!("E-posta gönderildi: {}", d.to), format!("E-mail sent to {}", d.to))
                }
            },
        }),
        Err(e @ LinkError::Invalid(_)) => Err(AppError::link(&e, lang)),
        Err(e) => Ok(OkMessage { ok: false, message: AppError::link(&e, lang).message }),
    }
}
