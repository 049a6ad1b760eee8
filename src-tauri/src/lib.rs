//! The Tahsildar desktop app: a Tauri shell over `tahsildar_core`. `run()` only wires things up;
//! the commands live in `commands/`, the app-wide state in `state.rs`.

pub mod commands;
pub mod error;
pub mod state;

use state::AppState;
use tauri::Manager;

/// Registers the app's commands on a builder of any Tauri runtime (the real one, or the mock one
/// in tests).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info::get_app_info,
        commands::links::create_link,
    ])
}

pub fn run() {
    with_commands(tauri::Builder::default())
        .setup(|app| {
            // No credentials yet (they come with Settings): demo mode with the in-process sandbox.
            let listen = AppState::demo_listen_from_env()?;
            let state = tauri::async_runtime::block_on(AppState::start_demo(listen))?;
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Tahsildar could not start: {e}");
            std::process::exit(1);
        });
}
