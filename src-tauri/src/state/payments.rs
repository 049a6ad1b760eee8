//! "Payments since you last looked": counted from the store (so payments found while the app
//! was closed count too) against the instant kept in `prefs.json`, per mode.

use super::AppState;
use crate::dto::link::LinkDto;
use crate::dto::tracking::{PaymentReceivedEvent, UnseenDto};
use crate::error::AppError;
use crate::tracking::pump::unseen_count;
use crate::tracking::{notice_text, UiEvent};
use tahsildar_core::store::{now_ms, LinkRecord};
use tahsildar_core::Lang;

impl AppState {
    pub async fn unseen_payments(&self, lang: Lang) -> Result<u64, AppError> {
        let demo = self.books()?.demo;
        let since = self.prefs().payments_seen(demo);
        self.links_db(move |s| unseen_count(s, since)).await.map_err(|e| AppError::store(&e, lang))
    }

    /// The owner looked: the count starts again from zero (and every window hears it).
    pub async fn mark_payments_seen(&self, lang: Lang) -> Result<u64, AppError> {
        let demo = self.books()?.demo;
        let mut p = self.prefs();
        // Never backwards (a clock set back must not bring old payments back as new).
        p.set_payments_seen(demo, now_ms().max(p.payments_seen(demo)));
        self.save_prefs(p)?;
        let unseen = self.unseen_payments(lang).await?;
        self.publish(UiEvent::Unseen(UnseenDto { unseen_count: unseen }));
        Ok(unseen)
    }

    /// A payment found by a command rather than the tracker (a late payment on an expired
    /// link): told like the tracker's.
    pub async fn payment_found(&self, link: &LinkRecord) {
        let lang = self.lang(None).await;
        let unseen = match self.unseen_payments(lang).await {
            Ok(n) => n,
            Err(e) => {
                log::warn!("unseen payments: {}", e.message);
                return;
            }
        };
        let link = LinkDto::from(link);
        let (title, body) = notice_text(&link, lang);
        self.publish(UiEvent::PaymentReceived {
            payload: PaymentReceivedEvent { link, unseen_count: unseen },
            title,
            body,
        });
    }
}
