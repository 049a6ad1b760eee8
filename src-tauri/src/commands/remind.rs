//! Reminders for unpaid links (issue 11 §2): "Hatırlat" on the owner's click (WhatsApp, or the
//! provider's SMS / e-mail where it can resend), the reminders made, the "Hatırlatılacak" count,
//! and Ayarlar's message templates and "… saat sonra hatırlat". Nothing is sent by itself.

use super::emit_link;
use super::share::whatsapp_unopened;
use crate::dto::link::LinkDto;
use crate::dto::pick;
use crate::dto::remind::{
    RemindResultDto, ReminderChannelDto, ReminderDto, TemplateCheckDto, TemplateDto, TemplateKindDto, TemplatesDto,
};
use crate::error::AppError;
use crate::state::AppState;
use chrono::Utc;
use std::collections::HashMap;
use tahsildar_core::links::template::{self, PLACEHOLDERS, TEMPLATE_MAX};
use tahsildar_core::links::{check_template, default_template, LinkError, TemplateKind};
use tahsildar_core::store::{
    now_ms, LinkRecord, LinkStatus, RemindWindow, Reminder, ReminderChannel, Settings, Store, StoreError,
    REMIND_AFTER_HOURS,
};
use tahsildar_core::Lang;
use tauri::{AppHandle, Runtime, State};

/// What the rows of a page need to know about reminders: the latest of each, and which are due.
pub struct ReminderFacts {
    last: HashMap<i64, Reminder>,
    due: Vec<i64>,
}

/// Reads [`ReminderFacts`] for `rows` from the open store, in the same visit as the page: the
/// latest reminder of every row at once, and "due" asked of the waiting rows only.
pub fn reminder_facts(s: &Store, rows: &[LinkRecord], window: RemindWindow) -> Result<ReminderFacts, StoreError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let last = s.last_reminders(&ids)?;
    let mut due = Vec::new();
    for row in rows.iter().filter(|r| r.status == LinkStatus::Waiting) {
        if s.is_due_reminder(row.id, window)? {
            due.push(row.id);
        }
    }
    Ok(ReminderFacts { last, due })
}

impl ReminderFacts {
    /// Fills in each row's `due_reminder` and `last_reminder`.
    pub fn apply(&self, rows: &mut [LinkDto]) {
        for row in rows {
            row.due_reminder = Some(self.due.contains(&row.id));
            row.last_reminder = self.last.get(&row.id).map(ReminderDto::from);
        }
    }
}

/// The window "due a reminder" is judged by now, from the store's settings.
pub fn window_now(s: &Store) -> Result<RemindWindow, StoreError> {
    Ok(s.settings()?.remind_window(now_ms()))
}

/// [`reminder_facts`] for rows read earlier (one link after an action or for Paylaş).
pub async fn with_reminders(
    state: &AppState,
    rows: &mut [LinkDto],
    records: Vec<LinkRecord>,
) -> Result<(), StoreError> {
    let facts = state.links_db(move |s| reminder_facts(s, &records, window_now(s)?)).await?;
    facts.apply(rows);
    Ok(())
}

/// One link as the UI shows it, with its reminder fields.
async fn link_dto(state: &AppState, id: i64, lang: Lang) -> Result<LinkDto, AppError> {
    let link = state.links()?.get(id).await.map_err(|e| AppError::link(&e, lang))?;
    let mut rows = [LinkDto::from(&link)];
    with_reminders(state, &mut rows, vec![link]).await.map_err(|e| AppError::store(&e, lang))?;
    let [dto] = rows;
    Ok(dto)
}

/// "Hatırlat": SMS / e-mail are sent by the provider, then recorded; WhatsApp is made, opened
/// with `open` (the owner sends the message from there) and recorded only once it opened; a
/// WhatsApp that did not open leaves no reminder, and the owner is told to copy the link. The
/// link is read again. Paynet and iyzico cannot resend, and the refusal says so. `to`: the phone
/// or e-mail typed; empty: WhatsApp's contact picker, or the link's own phone / e-mail.
pub async fn remind<E: std::fmt::Display>(
    state: &AppState,
    id: i64,
    channel: ReminderChannelDto,
    to: &str,
    lang: Lang,
    open: impl FnOnce(&str) -> Result<(), E>,
) -> Result<RemindResultDto, AppError> {
    let links = state.links()?;
    let failed = |e: LinkError| AppError::link(&e, lang);
    let (reminder, whatsapp_url, message) = match ReminderChannel::from(channel) {
        ReminderChannel::Whatsapp => {
            let made = links.whatsapp_reminder(id, to).await.map_err(failed)?;
            open(&made.url).map_err(|e| whatsapp_unopened(lang, &made.url, e))?;
            let reminder = links.record_whatsapp_reminder(&made).await.map_err(failed)?;
            let said = pick(
                lang,
                "WhatsApp açıldı; hatırlatma mesajını oradan gönderin.",
                "WhatsApp opened; send the reminder from there.",
            );
            (reminder, Some(made.url), said)
        }
        channel => {
            let out = links.remind(id, channel, to).await.map_err(failed)?;
            let to = out.delivery.map(|d| d.to).unwrap_or_default();
            let said = if channel == ReminderChannel::Sms {
                pick(lang, format!("SMS gönderildi: {to}"), format!("SMS sent to {to}"))
            } else {
                pick(lang, format!("E-posta gönderildi: {to}"), format!("E-mail sent to {to}"))
            };
            (out.reminder, None, said)
        }
    };
    Ok(RemindResultDto {
        link: link_dto(state, id, lang).await?,
        reminder: ReminderDto::from(&reminder),
        whatsapp_url,
        message,
    })
}

/// "Hatırlat" on the owner's click: [`remind`] with the system's opener, and every window hears
/// of the reminder.
#[tauri::command]
pub async fn remind_link<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
    channel: ReminderChannelDto,
    to: Option<String>,
    lang: Option<Lang>,
) -> Result<RemindResultDto, AppError> {
    let lang = state.lang(lang).await;
    // The opener is asked for only when WhatsApp is to open.
    let open = |url: &str| crate::launch::open_url(&app, url);
    let out = remind(&state, id, channel, to.as_deref().unwrap_or(""), lang, open).await?;
    emit_link(&app, &out.link);
    Ok(out)
}

/// The link's reminders, newest first (Paylaş).
#[tauri::command]
pub async fn list_reminders(
    state: State<'_, AppState>,
    id: i64,
    lang: Option<Lang>,
) -> Result<Vec<ReminderDto>, AppError> {
    let lang = state.lang(lang).await;
    let all = state.links()?.reminders(id).await.map_err(|e| AppError::link(&e, lang))?;
    Ok(all.iter().map(ReminderDto::from).collect())
}

/// How many links are due a reminder now (the small count on the Linkler tab).
#[tauri::command]
pub async fn count_to_remind(state: State<'_, AppState>, lang: Option<Lang>) -> Result<u64, AppError> {
    let lang = state.lang(lang).await;
    state.links()?.count_to_remind().await.map_err(|e| AppError::link(&e, lang))
}

fn check_dto(kind: TemplateKind, text: &str, lang: Lang) -> TemplateCheckDto {
    let check = check_template(text);
    TemplateCheckDto {
        preview: template::preview(kind, Some(text), lang, Utc::now()),
        messages: check.messages(lang),
        can_save: check.can_save(),
    }
}

fn template_dto(kind: TemplateKindDto, saved: Option<&str>, lang: Lang) -> TemplateDto {
    let core = TemplateKind::from(kind);
    let default_text = default_template(core, lang).to_string();
    let custom = saved.filter(|t| !t.trim().is_empty());
    let text = custom.map_or_else(|| default_text.clone(), str::to_string);
    TemplateDto { kind, check: check_dto(core, &text, lang), text, custom: custom.is_some(), default_text }
}

fn templates_dto(s: &Settings, lang: Lang) -> TemplatesDto {
    TemplatesDto {
        link: template_dto(TemplateKindDto::Link, s.link_template.as_deref(), lang),
        reminder: template_dto(TemplateKindDto::Reminder, s.reminder_template.as_deref(), lang),
        remind_after_hours: s.remind_after_hours,
        min_hours: *REMIND_AFTER_HOURS.start(),
        max_hours: *REMIND_AFTER_HOURS.end(),
        placeholders: PLACEHOLDERS.iter().map(|p| p.to_string()).collect(),
        max_chars: TEMPLATE_MAX as u32,
    }
}

/// Saves what `change` sets in the settings, and the demo book's copy of them when demo links
/// are open (their link service reads the templates and the hours there).
async fn update_settings(
    state: &AppState,
    lang: Lang,
    change: impl FnOnce(&mut Settings) + Send + 'static,
) -> Result<Settings, AppError> {
    let saved = state
        .db(move |s| {
            let mut settings = s.settings()?;
            change(&mut settings);
            s.save_settings(&settings)?;
            Ok(settings)
        })
        .await
        .map_err(|e| AppError::store(&e, lang))?;
    state.copy_settings_to_demo(&saved, lang).await?;
    Ok(saved)
}

/// Ayarlar → "Mesaj şablonları": both templates (the owner's or the built-in one), with their
/// previews and notes, and the hours.
#[tauri::command]
pub async fn get_templates(state: State<'_, AppState>, lang: Option<Lang>) -> Result<TemplatesDto, AppError> {
    let lang = state.lang(lang).await;
    let settings = state.db(|s| s.settings()).await.map_err(|e| AppError::store(&e, lang))?;
    Ok(templates_dto(&settings, lang))
}

/// The live preview and notes for `text` as the owner types it; nothing is saved.
#[tauri::command]
pub async fn preview_template(
    state: State<'_, AppState>,
    kind: TemplateKindDto,
    text: String,
    lang: Option<Lang>,
) -> Result<TemplateCheckDto, AppError> {
    let lang = state.lang(lang).await;
    Ok(check_dto(kind.into(), &text, lang))
}

/// Saves a template; `null` or empty text puts the built-in one back ("Varsayılana dön"). A
/// template that cannot be used (too long) is refused with the reason, on the field `text`.
#[tauri::command]
pub async fn save_template(
    state: State<'_, AppState>,
    kind: TemplateKindDto,
    text: Option<String>,
    lang: Option<Lang>,
) -> Result<TemplatesDto, AppError> {
    let lang = state.lang(lang).await;
    let text = text.filter(|t| !t.trim().is_empty());
    if let Some(t) = &text {
        let check = check_template(t);
        if !check.can_save() {
            let why = check.messages(lang).into_iter().next().unwrap_or_default();
            return Err(AppError::invalid("text", "template_unusable", why));
        }
    }
    let saved = update_settings(&state, lang, move |s| match kind {
        TemplateKindDto::Link => s.link_template = text,
        TemplateKindDto::Reminder => s.reminder_template = text,
    })
    .await?;
    Ok(templates_dto(&saved, lang))
}

/// "… saat sonra hatırlat": 1 to 720 hours; anything else (`null`: not a whole number) is
/// refused with the range.
#[tauri::command]
pub async fn set_remind_after_hours(
    state: State<'_, AppState>,
    hours: Option<i64>,
    lang: Option<Lang>,
) -> Result<TemplatesDto, AppError> {
    let lang = state.lang(lang).await;
    let (min, max) = (*REMIND_AFTER_HOURS.start(), *REMIND_AFTER_HOURS.end());
    let hours =
        hours.and_then(|h| u32::try_from(h).ok()).filter(|h| REMIND_AFTER_HOURS.contains(h)).ok_or_else(|| {
            AppError::invalid(
                "hours",
                "hours_range",
                pick(
                    lang,
                    format!("Saati {min} ile {max} arasında bir tam sayı olarak yazın."),
                    format!("Enter the hours as a whole number from {min} to {max}."),
                ),
            )
        })?;
    let saved = update_settings(&state, lang, move |s| s.remind_after_hours = hours).await?;
    Ok(templates_dto(&saved, lang))
}
