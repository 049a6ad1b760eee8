//! The Tahsildar desktop app: a Tauri shell over `tahsildar_core`. `run()` only wires things up;
//! the commands live in `commands/`, their JSON shapes in `dto/`, the app-wide state in `state/`.

pub mod commands;
pub mod dto;
pub mod error;
pub mod events;
mod gate;
#[cfg(target_os = "linux")]
pub mod instance;
mod launch;
mod memory;
mod native;
mod start;
pub mod state;
pub mod tracking;
pub mod updater;
mod webview;

use state::{AppState, StateConfig};
use std::sync::Arc;
use tauri::{AppHandle, Manager, RunEvent, Runtime, WindowEvent};

/// Registers the app's commands on a builder of any Tauri runtime (the real one, or the mock one
/// in tests), with the inbox their events go through. Every name is also in `build.rs` and
/// `capabilities/main.json`.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.manage(events::Inbox::default()).invoke_handler(handler())
}

/// The app's commands behind a closed [`gate::Gate`]: they wait, in order, until
/// [`start::open_state`] has opened the state.
pub(crate) fn with_gated_commands<R: Runtime>(builder: tauri::Builder<R>) -> (tauri::Builder<R>, Arc<gate::Gate<R>>) {
    let gate = gate::Gate::new(handler(), &["get_boot"]);
    let gate_in = gate.clone();
    (builder.manage(events::Inbox::default()).invoke_handler(move |invoke| gate_in.invoke(invoke)), gate)
}

/// The app's commands (the app puts a [`gate::Gate`] in front of them).
fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    use commands::*;
    tauri::generate_handler![
        app::get_boot,
        app::get_app_info,
        app::retry_keychain,
        events::next_events,
        settings::get_settings,
        settings::save_settings,
        settings::set_paynet_credentials,
        settings::set_paytr_credentials,
        settings::set_iyzico_credentials,
        settings::clear_credentials,
        settings::test_connection,
        links::validate_link_form,
        links::create_link,
        links::list_links,
        links::get_link,
        links::refresh_link,
        links::check_link,
        links::settle_link,
        links::cancel_link,
        links::reopen_link,
        links::delete_links,
        links::resend_link,
        share::open_whatsapp,
        share::copy_link,
        share::copy_qr,
        share::save_qr_png,
        export::export_csv,
        summary::link_summary,
        summary::day_report,
        summary::export_day_report,
        commands::tracking::resolve_sale,
        commands::tracking::dismiss_sale,
        commands::tracking::list_ambiguous_sales,
        commands::tracking::get_unseen_payments,
        commands::tracking::mark_payments_seen,
        updates::get_update_status,
        updates::set_update_checks,
        updates::check_for_update,
        updates::install_update,
        commands::support::create_support_package,
        commands::remind::remind_link,
        commands::remind::list_reminders,
        commands::remind::count_to_remind,
        commands::remind::get_templates,
        commands::remind::preview_template,
        commands::remind::save_template,
        commands::remind::set_remind_after_hours,
        items::list_saved_items,
        items::save_saved_item,
        items::delete_saved_item,
        items::reorder_saved_items,
        items::save_link_as_item,
        items::export_saved_items_csv,
        items::import_saved_items_csv,
    ]
}

pub fn run() {
    // Before any thread: glibc's arenas are set up as threads first allocate.
    let allocator_tuned = memory::tune();
    webview::prepare();
    // Info and up, and tauri's own IPC tracing off: command arguments (a key being saved) must
    // never reach a log. The core logs kinds and ids, never secrets or bodies.
    let log = tauri_plugin_log::Builder::new()
        .level(log::LevelFilter::Info)
        .level_for("tauri", log::LevelFilter::Warn)
        .level_for("reqwest", log::LevelFilter::Warn)
        .level_for("hyper", log::LevelFilter::Warn)
        .build();
    let custom_dir = std::env::var_os(state::DATA_DIR_ENV).filter(|d| !d.to_string_lossy().trim().is_empty());
    // Commands wait (held in order) until the state is open: see `gate`.
    let (mut builder, gate) = with_gated_commands(tauri::Builder::default());
    // First, so a second launch hands over before anything else starts. Per data folder: on
    // Linux through the D-Bus name; on Windows the plugin's mutex follows the app id, so only
    // the default folder uses it; on macOS LaunchServices already hands a second open to the
    // running app (RunEvent::Reopen) and the plugin's socket in /tmp is shared by all users.
    // The folder lock taken in setup is the rule on every OS.
    if cfg!(target_os = "linux") || (cfg!(windows) && custom_dir.is_none()) {
        builder = with_single_instance(builder, custom_dir.as_deref());
    }
    let app = builder
        .plugin(log)
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(updater::plugin())
        .setup(move |app| {
            if !allocator_tuned {
                log::warn!("glibc did not take the allocator settings (memory.rs): the app runs with its defaults");
            }
            let lang: tahsildar_core::Lang = state::prefs::os_lang().into();
            let data_dir = state::custom_data_dir().unwrap_or_else(|| book_folder(app.handle()));
            // One Tahsildar per data folder, before the book is opened.
            match state::folder::FolderLock::take(&data_dir) {
                Ok(Some(lock)) => {
                    app.manage(lock);
                }
                Ok(None) => native::fail(&native::already_open_message(lang)),
                Err(e) => log::warn!("no lock on the data folder ({e}); going on"),
            }
            // Read before the page can ask (the event loop has not started): see `get_boot`.
            app.manage(start::Boot::read(&data_dir));
            let config = StateConfig::from_env(data_dir.clone())
                .unwrap_or_else(|e| native::fail(&state::startup::StartError::from(e).message(lang)));
            app.manage(updater::Updates::new(data_dir));
            updater::start(app.handle());
            if let Some(window) = app.get_webview_window("main") {
                webview::tune(&window);
            }
            // The rest off the main loop, so the page loads meanwhile.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let Some(opened) = start::open_state(handle.clone(), config, gate, lang).await else { return };
                let app = handle.clone();
                if let Err(e) = handle.run_on_main_thread(move || start::finish(&app, opened)) {
                    log::warn!("no tray: the main loop is gone ({e})");
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                let app = window.app_handle();
                let keep = app.try_state::<AppState>().is_some_and(|s| s.close_to_tray());
                if window.label() == "main" && keep && tracking::tray::is_up(app) {
                    // Tracking goes on; the tray brings the window back, "Çık" quits.
                    api.prevent_close();
                    if let Err(e) = window.hide() {
                        log::warn!("could not hide the window: {e}");
                    }
                }
            }
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| native::fail(&e.to_string()));
    app.run(|app, event| match event {
        RunEvent::Exit => {
            if let Some(state) = app.try_state::<AppState>() {
                tauri::async_runtime::block_on(state.shutdown());
            }
        }
        // macOS: a Dock click or opening the app again brings the (hidden) window back.
        #[cfg(target_os = "macos")]
        RunEvent::Reopen { .. } => tracking::tray::show_main(app),
        _ => {}
    });
}

/// The book's folder: the app's LOCAL data folder (on Windows not the roaming one; elsewhere
/// they are the same), with a book left in the roaming folder by an older version moved there
/// once. If the move fails, the old folder is used as it is this time: never a lost book.
fn book_folder<R: Runtime>(app: &AppHandle<R>) -> std::path::PathBuf {
    let local = app.path().app_local_data_dir().unwrap_or_else(|e| native::fail(&format!("no app data folder: {e}")));
    let Ok(roaming) = app.path().app_data_dir() else { return local };
    match state::folder::move_book(&roaming, &local) {
        Ok(state::folder::Moved::Moved(n)) => log::info!("moved {n} file(s) of the book to {}", local.display()),
        Ok(state::folder::Moved::KeptBoth) => {
            log::warn!("a book is in both {} and {}; using the second", roaming.display(), local.display())
        }
        Ok(state::folder::Moved::Nothing) => {}
        Err(e) => {
            log::error!("could not move the book to {}: {e}; using {} this time", local.display(), roaming.display());
            return roaming;
        }
    }
    local
}

/// The single-instance plugin for the data folder `data_dir`. On Linux, a launch first asks the
/// instance holding the name itself, so one that is still exiting is waited for instead of
/// failing the plugin ("NoReply"): see [`instance`].
pub(crate) fn with_single_instance<R: Runtime>(
    builder: tauri::Builder<R>,
    data_dir: Option<&std::ffi::OsStr>,
) -> tauri::Builder<R> {
    let id = instance_id(data_dir);
    #[cfg(target_os = "linux")]
    {
        let (name, path) = instance::plugin_name(&id);
        let (wait, call) = (std::time::Duration::from_secs(5), std::time::Duration::from_millis(1500));
        match instance::settle(&name, &path, wait, call) {
            instance::Settled::Free => {}
            // As the plugin does once the running instance has the arguments.
            instance::Settled::HandedOver => std::process::exit(0),
            instance::Settled::Unanswered => return builder,
        }
    }
    builder.plugin(
        tauri_plugin_single_instance::Builder::new()
            .callback(|app, _args, _cwd| tracking::tray::show_main(app))
            .dbus_id(id)
            .build(),
    )
}

/// The D-Bus name (Linux) that makes the app single-instance. One instance per data folder:
/// the real app (default folder) keeps the identifier's name; a `TAHSILDAR_DATA_DIR` gets its
/// own, so E2E runs, each with its own folder, never hand over to one another, while two
/// launches on the same folder still do (two processes on one database is what must not be).
pub fn instance_id(data_dir: Option<&std::ffi::OsStr>) -> String {
    const ID: &str = "com.tahsildar.desktop";
    match data_dir.map(|d| d.to_string_lossy()).filter(|d| !d.trim().is_empty()) {
        None => ID.to_string(),
        Some(dir) => {
            // FNV-1a: stable across builds (std's hasher is not), and D-Bus-safe as hex.
            let hash = dir
                .trim()
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
            format!("{ID}.d{hash:016x}")
        }
    }
}

#[cfg(test)]
mod instance_tests {
    use super::instance_id;
    use std::ffi::OsStr;

    #[test]
    fn one_instance_per_data_folder() {
        assert_eq!(instance_id(None), "com.tahsildar.desktop");
        assert_eq!(instance_id(Some(OsStr::new(" "))), "com.tahsildar.desktop");
        let a = instance_id(Some(OsStr::new("/tmp/a")));
        assert_eq!(a, instance_id(Some(OsStr::new("/tmp/a"))));
        assert_ne!(a, instance_id(Some(OsStr::new("/tmp/b"))));
        // A D-Bus name element: letters, digits, '_' or '-', not starting with a digit.
        let last = a.rsplit('.').next().unwrap();
        assert!(last.starts_with('d') && last.chars().all(|c| c.is_ascii_alphanumeric()), "{a}");
    }
}
