//! What the app opens after its window: the book, the keychain, the mode's clients and tracker,
//! the tray. Done in `setup`, this held GTK's main thread for ~320 ms before WebKit could start
//! the page; now the page loads meanwhile and its commands wait at the [`Gate`] (in order) until
//! the state is managed.

use crate::gate::Gate;
use crate::state::{self, AppState, StateConfig};
use crate::{native, tracking};
use std::sync::Arc;
use std::time::Instant;
use tauri::{AppHandle, Manager, Runtime};

/// What the page may know before the book is open, read in `setup` from the small prefs file
/// beside the book (never the book itself): answered by `get_boot` past the gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Boot {
    /// The language follows the OS (a first start, or the owner never picked one): the page can
    /// draw the start view in it at once. Opening the book saves the OS's language into it
    /// whenever this is set, so the book's answer will be the same.
    pub lang_follows_os: bool,
}

impl Boot {
    pub fn read(data_dir: &std::path::Path) -> Boot {
        Boot { lang_follows_os: state::prefs::load(data_dir).lang_follows_os }
    }
}

/// What is left to do on the main thread once the commands run: see [`finish`].
pub(crate) struct Opened {
    set_aside: Vec<std::path::PathBuf>,
    lang: tahsildar_core::Lang,
    unseen: u64,
}

/// Opens the state, manages it and opens the gate (on the main thread, where Tauri runs
/// commands). A book that cannot be opened is said in a message box and the app quits, as when
/// this ran before the window; `None` then.
pub(crate) async fn open_state<R: Runtime>(
    app: AppHandle<R>,
    config: StateConfig,
    gate: Arc<Gate<R>>,
    lang: tahsildar_core::Lang,
) -> Option<Opened> {
    let t0 = Instant::now();
    let state = match AppState::open(config).await {
        Ok(state) => state,
        Err(e) => {
            let text = e.message(lang);
            if app.run_on_main_thread(move || native::fail(&text)).is_err() {
                std::process::exit(1);
            }
            return None;
        }
    };
    let opened = t0.elapsed();
    let set_aside = state.take_set_aside();
    let lang = state.lang(None).await;
    let unseen = state.unseen_payments(lang).await.unwrap_or(0);
    app.manage(state);
    let handle = app.clone();
    let identifier = app.config().identifier.clone();
    // A D-Bus or WinRT call: off the main thread; Ayarlar reads the answer when it opens.
    tauri::async_runtime::spawn_blocking(move || {
        let n = state::notify::check(&identifier);
        handle.state::<AppState>().set_notifications(n);
    });
    tracking::forward(&app);
    let opening = app.run_on_main_thread(move || {
        gate.open();
        log::info!(
            "start-up: state open in {} ms, commands let through at {} ms",
            opened.as_millis(),
            t0.elapsed().as_millis()
        );
    });
    if let Err(e) = opening {
        log::warn!("the main loop is gone before the app was ready: {e}");
        return None;
    }
    Some(Opened { set_aside, lang, unseen })
}

/// On the main thread, after [`open_state`]: the damaged books set aside, then the tray.
pub(crate) fn finish<R: Runtime>(app: &AppHandle<R>, opened: Opened) {
    for aside in opened.set_aside {
        native::show(&tahsildar_core::store::recover::set_aside_message(&aside, opened.lang), false);
    }
    if let Err(e) = tracking::tray::create(app, opened.lang, opened.unseen) {
        log::warn!("no tray icon ({e}); closing the window will quit");
    }
}
