//! Reminders for unpaid links (issue 11 §2) and the message templates, as the UI sees them.

use super::link::{iso, LinkDto};
use serde::{Deserialize, Serialize};
use tahsildar_core::links::template::TemplateKind;
use tahsildar_core::store::{Reminder, ReminderChannel};
use ts_rs::TS;

/// How a reminder went out: WhatsApp (the owner sent it from there), or the provider sent the
/// link again by SMS / e-mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReminderChannelDto {
    Whatsapp,
    Sms,
    Email,
}

impl From<ReminderChannelDto> for ReminderChannel {
    fn from(c: ReminderChannelDto) -> Self {
        match c {
            ReminderChannelDto::Whatsapp => ReminderChannel::Whatsapp,
            ReminderChannelDto::Sms => ReminderChannel::Sms,
            ReminderChannelDto::Email => ReminderChannel::Email,
        }
    }
}

impl From<ReminderChannel> for ReminderChannelDto {
    fn from(c: ReminderChannel) -> Self {
        match c {
            ReminderChannel::Whatsapp => ReminderChannelDto::Whatsapp,
            ReminderChannel::Sms => ReminderChannelDto::Sms,
            ReminderChannel::Email => ReminderChannelDto::Email,
        }
    }
}

/// One reminder, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderDto {
    #[ts(type = "number")]
    pub id: i64,
    /// ISO 8601, UTC.
    pub at: String,
    pub channel: ReminderChannelDto,
    /// The phone or e-mail address; absent when WhatsApp let the owner pick the contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to: Option<String>,
}

impl From<&Reminder> for ReminderDto {
    fn from(r: &Reminder) -> Self {
        ReminderDto { id: r.id, at: iso(r.at), channel: r.channel.into(), to: r.to.clone() }
    }
}

/// What "Hatırlat" did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemindResultDto {
    /// The link with its reminder fields read again ("Hatırlatıldı: …", no longer due).
    pub link: LinkDto,
    pub reminder: ReminderDto,
    /// WhatsApp: the address the app opened.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub whatsapp_url: Option<String>,
    /// What to tell the owner ("WhatsApp açıldı…", "SMS gönderildi: …").
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TemplateKindDto {
    /// The message sent with a new link (Paylaş → WhatsApp).
    Link,
    /// The reminder ("Hatırlat").
    Reminder,
}

impl From<TemplateKindDto> for TemplateKind {
    fn from(k: TemplateKindDto) -> Self {
        match k {
            TemplateKindDto::Link => TemplateKind::Link,
            TemplateKindDto::Reminder => TemplateKind::Reminder,
        }
    }
}

/// A template as typed, with what the settings screen says about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateCheckDto {
    /// The message with example values (Ayşe Yılmaz, 1.250,00 TL …).
    pub preview: String,
    /// One sentence per finding (unknown placeholder, no `{link}`, too long …).
    pub messages: Vec<String>,
    /// Only a template over the length limit cannot be saved.
    pub can_save: bool,
}

/// One of the two templates as saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDto {
    pub kind: TemplateKindDto,
    /// The owner's text, or the built-in one when none is saved.
    pub text: String,
    /// Whether the owner saved a text of their own.
    pub custom: bool,
    /// The built-in text in the owner's language ("Varsayılana dön").
    pub default_text: String,
    pub check: TemplateCheckDto,
}

/// Ayarlar → "Mesaj şablonları".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplatesDto {
    pub link: TemplateDto,
    pub reminder: TemplateDto,
    /// "… saat sonra hatırlat".
    pub remind_after_hours: u32,
    pub min_hours: u32,
    pub max_hours: u32,
    /// `{ad}`, `{tutar}` … as the owner types them.
    pub placeholders: Vec<String>,
    /// The longest template that can be saved, in characters.
    pub max_chars: u32,
}
