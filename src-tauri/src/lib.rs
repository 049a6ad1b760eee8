//! The Tahsildar desktop app: a Tauri shell over `tahsildar_core`. `run()` only wires things up;
//! the commands live in `commands/`, their JSON shapes in `dto/`, the app-wide state in `state/`.

pub mod commands;
pub mod dto;
pub mod error;
pub mod state;

use state::{AppState, StateConfig};
use tauri::Manager;

/// Registers the app's commands on a builder of any Tauri runtime (the real one, or the mock one
/// in tests). Every name is also in `build.rs` and `capabilities/main.json`.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::*;
    builder.invoke_handler(tauri::generate_handler![
        app::get_app_info,
        settings::get_settings,
        settings::save_settings,
        settings::set_paynet_credentials,
        settings::set_paytr_credentials,
        settings::clear_credentials,
        settings::test_connection,
        links::validate_link_form,
        links::create_link,
        links::list_links,
        links::get_link,
        links::refresh_link,
        links::check_link,
        links::cancel_link,
        links::reopen_link,
        links::delete_links,
        links::resend_link,
        share::open_whatsapp,
        share::copy_link,
        share::copy_qr,
        share::save_qr_png,
        export::export_csv,
    ])
}

pub fn run() {
    // Info and up, and tauri's own IPC tracing off: command arguments (a key being saved) must
    // never reach a log. The core logs kinds and ids, never secrets or bodies.
    let log = tauri_plugin_log::Builder::new()
        .level(log::LevelFilter::Info)
        .level_for("tauri", log::LevelFilter::Warn)
        .level_for("reqwest", log::LevelFilter::Warn)
        .level_for("hyper", log::LevelFilter::Warn)
        .build();
    with_commands(tauri::Builder::default())
        .plugin(log)
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            // A failure here is a plain message and exit code, not a panic in setup.
            let data_dir = app.path().app_data_dir().unwrap_or_else(|e| fail(&format!("no app data folder: {e}")));
            let state = StateConfig::from_env(data_dir)
                .and_then(|config| tauri::async_runtime::block_on(AppState::open(config)))
                .unwrap_or_else(|e| fail(&e));
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| fail(&e.to_string()));
}

fn fail(message: &str) -> ! {
    eprintln!("Tahsildar could not start: {message}");
    std::process::exit(1);
}
