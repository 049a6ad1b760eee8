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
use tauri::Runtime;

/// The event the UI listens to for a link that changed.
pub const LINK_STATUS_EVENT: &str = "link-status";

/// Tells the page that `link` changed (through [`crate::events`]). A failure is logged, not
/// fatal: the command's own answer already carries the link.
pub fn emit_link<R: Runtime>(app: &tauri::AppHandle<R>, link: &LinkDto) {
    let event = LinkStatusEvent { link: LinkDto { qr_png_data_url: None, ..link.clone() } };
    crate::events::publish(app, LINK_STATUS_EVENT, &event);
}

#[cfg(test)]
mod tests;
