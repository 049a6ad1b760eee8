//! Telling the owner: the tracker's events go to the page's inbox (`crate::events`: `link-status`,
//! `payment-received`, `ambiguous-sale`, `tracker-error`, `unseen-payments`), a paid link also
//! to a native notification and the tray's tooltip. The sound is the UI's (a local asset played
//! on `payment-received` when `settings.sound` is on).

pub mod pump;
pub mod tray;

use crate::commands::emit_link;
use crate::dto::link::{LinkDto, LinkStatusEvent, LinksChangedEvent};
use crate::dto::pick;
use crate::dto::tracking::{AmbiguousSaleDto, PaymentReceivedEvent, TrackerErrorEvent, UnseenDto};
use crate::events::publish;
use crate::state::AppState;
use tahsildar_core::Lang;
use tauri::{AppHandle, Manager, Runtime};
use tokio::sync::broadcast::error::RecvError;

pub const PAYMENT_RECEIVED_EVENT: &str = "payment-received";
pub const AMBIGUOUS_SALE_EVENT: &str = "ambiguous-sale";
pub const TRACKER_ERROR_EVENT: &str = "tracker-error";
/// `{count}`: many links changed at once; views re-read instead of hearing each.
pub const LINKS_CHANGED_EVENT: &str = "links-changed";
/// `{unseenCount}` after `mark_payments_seen` (another window may show the count).
pub const UNSEEN_PAYMENTS_EVENT: &str = "unseen-payments";

/// What the UI should hear, ready to send.
#[derive(Clone, Debug)]
pub enum UiEvent {
    LinkStatus(LinkStatusEvent),
    LinksChanged(LinksChangedEvent),
    /// With the notification's text in the UI language.
    PaymentReceived {
        payload: PaymentReceivedEvent,
        title: String,
        body: String,
    },
    AmbiguousSale(AmbiguousSaleDto),
    TrackerError(TrackerErrorEvent),
    Unseen(UnseenDto),
}

/// The notification: "Ödeme alındı" / "Ali Veli 1.234,56 TL ödedi".
pub fn notice_text(link: &LinkDto, lang: Lang) -> (String, String) {
    let who = link.customer.trim();
    let amount = &link.amount_text;
    let body = match (who.is_empty(), lang) {
        (false, Lang::Tr) => format!("{who} {amount} ödedi"),
        (false, Lang::En) => format!("{who} paid {amount}"),
        (true, Lang::Tr) => format!("{amount} ödendi"),
        (true, Lang::En) => format!("{amount} was paid"),
    };
    (pick(lang, "Ödeme alındı", "Payment received"), body)
}

/// Shows a native notification. Without a notification service (a bare Xvfb session) it is
/// logged and skipped: the row and the count still change.
fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    let Some(n) = app.try_state::<tauri_plugin_notification::Notification<R>>() else {
        return;
    };
    if let Err(e) = n.builder().title(title).body(body).show() {
        log::warn!("could not show the payment notification: {e}");
    }
}

/// Passes every [`UiEvent`] of `app`'s [`AppState`] on, for the app's whole life.
pub fn forward<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    let mut rx = app.state::<AppState>().subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let event = match rx.recv().await {
                Ok(e) => e,
                Err(RecvError::Lagged(n)) => {
                    // Whatever they were, the views re-read their links.
                    log::warn!("{n} UI events missed");
                    UiEvent::LinksChanged(LinksChangedEvent { count: n })
                }
                Err(RecvError::Closed) => return,
            };
            match event {
                UiEvent::LinkStatus(e) => emit_link(&app, &e.link),
                UiEvent::LinksChanged(e) => publish(&app, LINKS_CHANGED_EVENT, &e),
                UiEvent::PaymentReceived { payload, title, body } => {
                    publish(&app, PAYMENT_RECEIVED_EVENT, &payload);
                    notify(&app, &title, &body);
                    tray::show_unseen(&app, payload.unseen_count);
                }
                UiEvent::AmbiguousSale(e) => publish(&app, AMBIGUOUS_SALE_EVENT, &e),
                UiEvent::TrackerError(e) => publish(&app, TRACKER_ERROR_EVENT, &e),
                UiEvent::Unseen(e) => {
                    publish(&app, UNSEEN_PAYMENTS_EVENT, &e);
                    tray::show_unseen(&app, e.unseen_count);
                }
            }
        }
    });
}
