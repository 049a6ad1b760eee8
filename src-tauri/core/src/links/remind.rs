//! Reminding a customer of an unpaid link (issue 11 §2), only ever on the owner's click.
//!
//! WhatsApp: two steps. [`LinkService::whatsapp_reminder`] builds the `wa.me` address with the
//! reminder message and records nothing; the app opens it, and only once WhatsApp opened
//! [`LinkService::record_whatsapp_reminder`] records it (the owner sends the message from
//! WhatsApp; we cannot see whether they did). A WhatsApp that never opened is not a reminder.
//! SMS / e-mail: the provider sends the link again (PayTR `send-sms` / `send-email`, with PayTR's
//! own text, not our template); recorded only once the provider accepted. Paynet and iyzico
//! cannot resend: the answer says so and points to WhatsApp, and nothing is recorded.

use super::create::Delivery;
use super::error::LinkError;
use super::share::{wa_me, wa_phone};
use super::template::{self, TemplateKind};
use super::LinkService;
use crate::store::{LinkFilter, LinkPage, LinkRecord, LinkStatus, Reminder, ReminderChannel};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// A WhatsApp reminder made but not yet recorded: the address to open, and what to record once
/// it opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhatsappReminder {
    pub link_id: i64,
    /// The `wa.me` address with the message.
    pub url: String,
    /// The phone as WhatsApp gets it (`905551234567`); `None`: WhatsApp's contact picker.
    pub to: Option<String>,
    /// When it was made (the record's time).
    pub at: i64,
}

/// What "Hatırlat" did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RemindOutcome {
    /// The reminder as recorded.
    pub reminder: Reminder,
    /// WhatsApp: the address for the app to open (the owner sends the message from WhatsApp).
    pub whatsapp_url: Option<String>,
    /// SMS / e-mail: where the provider sent the link.
    pub delivery: Option<Delivery>,
}

impl LinkService {
    /// Reminds the customer of waiting link `id` by `channel` (WhatsApp: the address made and
    /// recorded at once; the app uses the two steps below instead). `to_text`: the phone (WhatsApp,
    /// SMS) or e-mail address typed; empty: WhatsApp's contact picker, or the link's own phone /
    /// e-mail for SMS / e-mail.
    pub async fn remind(&self, id: i64, channel: ReminderChannel, to_text: &str) -> Result<RemindOutcome, LinkError> {
        self.remind_at(id, channel, to_text, Utc::now()).await
    }

    /// [`LinkService::remind`] as of `now` (the message's "valid for" and the record's time).
    pub async fn remind_at(
        &self,
        id: i64,
        channel: ReminderChannel,
        to_text: &str,
        now: DateTime<Utc>,
    ) -> Result<RemindOutcome, LinkError> {
        let link = self.remindable(id, now).await?;
        let at = now.timestamp_millis();
        match channel {
            ReminderChannel::Whatsapp => {
                // Made and recorded at once, for a caller with nothing to open; the app opens
                // WhatsApp between the two steps instead.
                let made = self.whatsapp_reminder_for(&link, to_text, now).await?;
                let reminder = self.record_whatsapp_reminder(&made).await?;
                Ok(RemindOutcome { reminder, whatsapp_url: Some(made.url), delivery: None })
            }
            ReminderChannel::Sms | ReminderChannel::Email => {
                // The resend checks the provider (Paynet, iyzico: not supported) and the address;
                // any refusal, the provider's included, returns before anything is recorded.
                let delivery = if channel == ReminderChannel::Sms {
                    self.resend_sms(id, to_text).await?
                } else {
                    self.resend_email(id, to_text).await?
                };
                let to = delivery.to.clone();
                let reminder = self.db(move |s| s.record_reminder(id, channel, Some(&to), at)).await?;
                Ok(RemindOutcome { reminder, whatsapp_url: None, delivery: Some(delivery) })
            }
        }
    }

    /// Link `id`, if the customer can still pay it: not paid, cancelled..., nor past its expiry
    /// (which the tracker may not have marked yet).
    async fn remindable(&self, id: i64, now: DateTime<Utc>) -> Result<LinkRecord, LinkError> {
        let link = self.get(id).await?;
        if link.status != LinkStatus::Waiting {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        if link.expires_at.is_some_and(|at| at <= now.timestamp_millis()) {
            return Err(LinkError::WrongState { id, status: LinkStatus::Expired });
        }
        Ok(link)
    }

    /// The first step of a WhatsApp reminder: the `wa.me` address with the owner's reminder
    /// template, to `to_text` (empty: WhatsApp's contact picker). Nothing is recorded: the
    /// caller opens it, then [`LinkService::record_whatsapp_reminder`].
    pub async fn whatsapp_reminder(&self, id: i64, to_text: &str) -> Result<WhatsappReminder, LinkError> {
        self.whatsapp_reminder_at(id, to_text, Utc::now()).await
    }

    /// [`LinkService::whatsapp_reminder`] as of `now`.
    pub async fn whatsapp_reminder_at(
        &self,
        id: i64,
        to_text: &str,
        now: DateTime<Utc>,
    ) -> Result<WhatsappReminder, LinkError> {
        let link = self.remindable(id, now).await?;
        self.whatsapp_reminder_for(&link, to_text, now).await
    }

    async fn whatsapp_reminder_for(
        &self,
        link: &LinkRecord,
        to_text: &str,
        now: DateTime<Utc>,
    ) -> Result<WhatsappReminder, LinkError> {
        let settings = self.db(|s| s.settings()).await?;
        let lang = settings.lang;
        let to = wa_phone(to_text, lang)?;
        let message =
            template::message(TemplateKind::Reminder, settings.reminder_template.as_deref(), link, lang, now)?;
        let url = wa_me(to.as_deref(), &message);
        Ok(WhatsappReminder { link_id: link.id, url, to, at: now.timestamp_millis() })
    }

    /// The second step: records `made` once WhatsApp opened with it.
    pub async fn record_whatsapp_reminder(&self, made: &WhatsappReminder) -> Result<Reminder, LinkError> {
        let (id, to, at) = (made.link_id, made.to.clone(), made.at);
        self.db(move |s| s.record_reminder(id, ReminderChannel::Whatsapp, to.as_deref(), at)).await
    }

    /// The link's reminders, newest first (Paylaş).
    pub async fn reminders(&self, id: i64) -> Result<Vec<Reminder>, LinkError> {
        self.db(move |s| s.reminders(id)).await
    }

    /// The latest reminder of each of `ids` that has one (the rows of a Linkler page).
    pub async fn last_reminders(&self, ids: Vec<i64>) -> Result<HashMap<i64, Reminder>, LinkError> {
        self.db(move |s| s.last_reminders(&ids)).await
    }

    /// One page of the links due a reminder now ("Hatırlatılacak"), narrowed by `filter`.
    pub async fn query_to_remind(&self, filter: LinkFilter) -> Result<LinkPage, LinkError> {
        let now = crate::store::now_ms();
        self.db(move |s| {
            let window = s.settings()?.remind_window(now);
            s.query_to_remind(&filter, window)
        })
        .await
    }

    /// How many links are due a reminder now (the Linkler tab's badge).
    pub async fn count_to_remind(&self) -> Result<u64, LinkError> {
        let now = crate::store::now_ms();
        self.db(move |s| {
            let window = s.settings()?.remind_window(now);
            s.count_to_remind(window)
        })
        .await
    }

    /// The `wa.me` address for sharing link `id` with the owner's link template (Paylaş →
    /// WhatsApp); `phone_text` empty: WhatsApp's contact picker.
    pub async fn whatsapp_share_url(&self, id: i64, phone_text: &str) -> Result<String, LinkError> {
        let link = self.get(id).await?;
        let settings = self.db(|s| s.settings()).await?;
        super::share::whatsapp_url_with(&link, phone_text, settings.lang, settings.link_template.as_deref(), Utc::now())
    }
}
