//! What the page hears (a payment, a link that changed, the updater's status) goes through an
//! inbox the page reads with its own command, `next_events`, not through Tauri's `emit`/`listen`.
//!
//! Why: on Linux each `listen` and each `emit` is a script the app runs in the page
//! (`webkit_web_view_run_javascript`), and WebKitGTK hands every such script's result back to the
//! app process as a JavaScript value, which starts a JavaScriptCore engine in the app process
//! only to read results nobody uses. Side by side with a blank Tauri window (issue 9 §6), the
//! app process held +1.9 MiB of JavaScriptCore code and +0.6 MiB of anonymous memory for the
//! seven `listen` calls the page made at start; with no script run in the page, both were gone.
//! A command's answer travels over the IPC protocol as bytes, on every OS.
//!
//! The inbox numbers its events and keeps the last [`KEEP`]. The page asks "from n" (the `next`
//! of its last answer): it gets every event numbered n or later at once, or waits up to [`WAIT`]
//! for the next one, then asks again. An answer says `missed` when events the page had not read
//! were dropped (or its number is from another run): the page then reads everything again.

use serde::Serialize;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime, State};
use tokio::sync::Notify;

/// How many events the inbox keeps for a page that is slow to ask.
pub const KEEP: usize = 256;
/// How long one `next_events` waits for an event before answering with none.
pub const WAIT: Duration = Duration::from_secs(25);

/// One event: its number, its name (`link-status`, `payment-received` …) and its JSON payload.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Envelope {
    pub seq: u64,
    pub name: &'static str,
    pub payload: Value,
}

/// The answer to `next_events`.
#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    /// In the order they happened.
    pub events: Vec<Envelope>,
    /// What to ask from next time.
    pub next: u64,
    /// Events the page had not read were dropped: it should read its views again.
    pub missed: bool,
}

#[derive(Default)]
struct Held {
    next: u64,
    events: VecDeque<Envelope>,
}

/// The app's events for its page (managed state; see the module's text).
#[derive(Default)]
pub struct Inbox {
    held: Mutex<Held>,
    arrived: Notify,
}

impl Inbox {
    /// Adds an event and wakes every page waiting in `next_events`.
    pub fn publish(&self, name: &'static str, payload: Value) {
        {
            let mut held = self.lock();
            let seq = held.next;
            held.next += 1;
            held.events.push_back(Envelope { seq, name, payload });
            while held.events.len() > KEEP {
                held.events.pop_front();
            }
        }
        self.arrived.notify_waiters();
    }

    /// The events numbered `from` or later, as soon as there is one, or none after `wait`.
    /// Without `from` (the page's first ask), at once: nothing, and where "from now on" starts.
    pub async fn next(&self, from: Option<u64>, wait: Duration) -> Batch {
        let Some(from) = from else {
            return Batch { events: Vec::new(), next: self.lock().next, missed: false };
        };
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            // Registered before looking, so an event published in between still wakes us.
            let arrived = self.arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            if let Some(batch) = self.ready(from) {
                return batch;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return Batch { events: Vec::new(), next: from, missed: false };
            }
        }
    }

    fn ready(&self, from: u64) -> Option<Batch> {
        let held = self.lock();
        let oldest = held.events.front().map_or(held.next, |e| e.seq);
        // Older than what is kept, or a number this inbox never gave (a page from another run).
        let missed = from < oldest || from > held.next;
        let events: Vec<Envelope> = held.events.iter().filter(|e| e.seq >= from).cloned().collect();
        (missed || !events.is_empty()).then(|| Batch { events, next: held.next, missed })
    }

    fn lock(&self) -> MutexGuard<'_, Held> {
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Tells the page `name` with `payload`. An app without an inbox (none is managed) or a payload
/// that is not JSON is logged, not fatal: the command's own answer already carries what changed.
pub fn publish<R: Runtime, T: Serialize>(app: &AppHandle<R>, name: &'static str, payload: &T) {
    let Some(inbox) = app.try_state::<Inbox>() else {
        log::warn!("no inbox for the {name} event");
        return;
    };
    match serde_json::to_value(payload) {
        Ok(value) => inbox.publish(name, value),
        Err(e) => log::warn!("the {name} event is not JSON: {e}"),
    }
}

/// The page's long poll: see the module's text.
#[tauri::command]
pub async fn next_events(inbox: State<'_, Inbox>, from: Option<u64>) -> Result<Batch, ()> {
    Ok(inbox.next(from, WAIT).await)
}

#[cfg(test)]
mod tests;
