//! The commands the UI may invoke. Each is thin: read the input, call the core, answer with a DTO.
//! Every name here is also listed in `build.rs` (one permission each) and granted in
//! `capabilities/main.json`.

pub mod app_info;
pub mod links;

#[cfg(test)]
mod tests;
