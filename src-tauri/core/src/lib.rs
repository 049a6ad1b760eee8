//! Tahsildar's domain, with no Tauri dependency: money, the Paynet and PayTR clients, the sandbox
//! (our simulation of both providers) and the `tahsildar` CLI.

pub mod cli;
pub mod diagnostics;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod items;
pub mod links;
pub mod money;
pub mod phone;
pub mod providers;
pub mod qr;
pub mod sandbox;
pub mod secrets;
pub mod store;
pub mod time;
pub mod tracker;

/// The language a message is written in. Turkish first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Tr,
    En,
}
