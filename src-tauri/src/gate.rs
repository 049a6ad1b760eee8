//! Commands wait for the app's state. The window and its page start loading while the book, the
//! keychain and the demo sandbox open on the async runtime (see `run` in `lib.rs`): done in
//! `setup`, that work kept GTK's main loop busy and the page could not start before it ended
//! (exec → navigation start 1,565 ms against a blank Tauri window's 849 on the same machine).
//! A command the page sends meanwhile is held, in order, and run once the state is managed.
//! The few commands that need no state (`get_boot`: what the page may draw before the book is
//! open) are let through at once.

use std::sync::{Arc, Mutex, MutexGuard};
use tauri::ipc::Invoke;
use tauri::Runtime;

type Handler<R> = dyn Fn(Invoke<R>) -> bool + Send + Sync;

pub struct Gate<R: Runtime> {
    handler: Box<Handler<R>>,
    /// Commands that never wait: they read nothing the state holds.
    ungated: &'static [&'static str],
    /// `Some` while closed: the commands that arrived, in order.
    held: Mutex<Option<Vec<Invoke<R>>>>,
}

impl<R: Runtime> Gate<R> {
    /// A closed gate in front of `handler` (the app's `generate_handler!`); the commands named in
    /// `ungated` pass it even while it is closed.
    pub fn new(
        handler: impl Fn(Invoke<R>) -> bool + Send + Sync + 'static,
        ungated: &'static [&'static str],
    ) -> Arc<Gate<R>> {
        Arc::new(Gate { handler: Box::new(handler), ungated, held: Mutex::new(Some(Vec::new())) })
    }

    /// The app's invoke handler: runs the command now, or holds it until [`Gate::open`].
    pub fn invoke(&self, invoke: Invoke<R>) -> bool {
        if self.ungated.contains(&invoke.message.command()) {
            return (self.handler)(invoke);
        }
        let mut held = self.lock();
        if let Some(queue) = held.as_mut() {
            queue.push(invoke);
            return true;
        }
        drop(held);
        (self.handler)(invoke)
    }

    /// Runs the held commands in their order (on the main thread, where Tauri runs commands);
    /// every later one runs at once. The lock is kept meanwhile, so none overtakes them.
    pub fn open(&self) {
        let mut held = self.lock();
        for invoke in held.take().unwrap_or_default() {
            // Tauri answers "not found" itself when the handler declines; for a held command,
            // we said we had it, so the answer is ours to give.
            let (resolver, command) = (invoke.resolver.clone(), invoke.message.command().to_string());
            if !(self.handler)(invoke) {
                resolver.reject(format!("Command {command} not found"));
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Vec<Invoke<R>>>> {
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }
}
