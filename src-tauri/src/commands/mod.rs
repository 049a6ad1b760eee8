//! The commands the UI may invoke. Each is thin: read the input, call the core, answer with a DTO.
//! Every name here is also listed in `build.rs` (one permission each) and granted in
//! `capabilities/main.json`.

pub mod app;
pub mod export;
pub mod items;
pub mod links;
pub mod remind;
pub mod settings;
pub mod share;
pub mod summary;
pub mod support;
pub mod tracking;
pub mod updates;

use crate::dto::link::{LinkDto, LinkStatusEvent};
use tauri::{Emitter, Runtime};

/// The event the UI listens to for a link that changed.
pub const LINK_STATUS_EVENT: &str = "link-status";

/// Tells every window that `link` changed. A failed emit is logged, not fatal: the command's own
/// answer already carries the link.
pub fn emit_link<R: Runtime>(app: &tauri::AppHandle<R>, link: &LinkDto) {
    let event = LinkStatusEvent { link: LinkDto { qr_png_data_url: None, ..link.clone() } };
    if let Err(e) = app.emit(LINK_STATUS_EVENT, event) {
        log::warn!("could not emit {LINK_STATUS_EVENT}: {e}");
    }
}

#[cfg(test)]
mod tests;
