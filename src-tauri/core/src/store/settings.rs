//! The owner's non-secret preferences, one key/value row each (values are JSON). Secrets live in
//! the OS keychain, never here: this struct has no field that could hold one.

use super::{Store, StoreError};
use crate::providers::Provider;
use crate::Lang;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Which of a provider's hosts to talk to: its test (sandbox) one or the live one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    #[default]
    Test,
    Live,
}

/// The Paynet host (the name it had when Paynet was the only provider with two).
pub type PaynetHost = Host;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub paynet_host: PaynetHost,
    /// iyzico's sandbox (`sandbox-` keys) or live host.
    pub iyzico_host: Host,
    /// The shop's name as the owner wrote it, for what customers see (the iyzico link's card).
    /// Empty: not given.
    pub shop_name: String,
    /// The providers the owner has set up, in the order shown.
    pub providers: Vec<Provider>,
    pub last_provider: Option<Provider>,
    pub close_to_tray: bool,
    pub sound: bool,
    /// "Bu PayTR mağazası başka yerde de satış yapıyor" (a web shop, panel links): PayTR sales
    /// are never attributed without the owner's confirmation.
    pub paytr_sells_elsewhere: bool,
    /// After how many hours a waiting link is due a reminder, and again after each reminder
    /// (store/reminders.rs). Within [`REMIND_AFTER_HOURS`]; a value outside reads as the default.
    #[serde(deserialize_with = "remind_after_hours")]
    pub remind_after_hours: u32,
    /// The owner's message for sharing a link (links/template.rs); `None`: the built-in one in
    /// the owner's language.
    pub link_template: Option<String>,
    /// The owner's reminder message; `None`: the built-in one in the owner's language.
    pub reminder_template: Option<String>,
}

/// What the "remind after" setting allows: an hour to a month.
pub const REMIND_AFTER_HOURS: std::ops::RangeInclusive<u32> = 1..=720;

/// The default when nothing (or something unreadable) is saved.
const DEFAULT_REMIND_AFTER_HOURS: u32 = 24;

/// Refuses a value outside [`REMIND_AFTER_HOURS`], so [`Store::settings`] falls back to the
/// default for it alone (a hand-edited 0 must not make every link due at once).
fn remind_after_hours<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let hours = u32::deserialize(d)?;
    if REMIND_AFTER_HOURS.contains(&hours) {
        Ok(hours)
    } else {
        Err(serde::de::Error::custom(format!("remind_after_hours {hours} is outside 1..=720")))
    }
}

impl Settings {
    /// "Due a reminder" as of `now_ms` under these settings.
    pub fn remind_window(&self, now_ms: i64) -> super::RemindWindow {
        super::RemindWindow::new(now_ms, self.remind_after_hours)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Tr,
            paynet_host: PaynetHost::Test,
            iyzico_host: Host::Test,
            shop_name: String::new(),
            providers: Vec::new(),
            last_provider: None,
            close_to_tray: true,
            sound: true,
            paytr_sells_elsewhere: false,
            remind_after_hours: DEFAULT_REMIND_AFTER_HOURS,
            link_template: None,
            reminder_template: None,
        }
    }
}

fn as_map(settings: &Settings) -> Result<Map<String, Value>, StoreError> {
    match serde_json::to_value(settings) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(StoreError::Corrupt("settings did not serialise to an object".into())),
        Err(e) => Err(StoreError::Corrupt(format!("settings: {e}"))),
    }
}

impl Store {
    /// The saved settings over the defaults. A value this version cannot read (hand-edited, or
    /// from another version) falls back to its default instead of losing the others.
    pub fn settings(&self) -> Result<Settings, StoreError> {
        let mut stmt = self.conn.prepare("SELECT key, value FROM settings")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut current = as_map(&Settings::default())?;
        for (key, text) in rows {
            if !current.contains_key(&key) {
                continue; // a newer version's key: leave it in the file, ignore it here
            }
            let Ok(value) = serde_json::from_str::<Value>(&text) else {
                log::warn!("settings: '{key}' is not JSON; using the default");
                continue;
            };
            let mut candidate = current.clone();
            candidate.insert(key.clone(), value);
            if serde_json::from_value::<Settings>(Value::Object(candidate.clone())).is_ok() {
                current = candidate;
            } else {
                log::warn!("settings: '{key}' has an unreadable value; using the default");
            }
        }
        serde_json::from_value(Value::Object(current)).map_err(|e| StoreError::Corrupt(format!("settings: {e}")))
    }

    /// Saves every field, in one transaction.
    pub fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        for (key, value) in as_map(settings)? {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                rusqlite::params![key, value.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_survives_a_bad_value() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.settings().unwrap(), Settings::default());
        let s = Settings {
            lang: Lang::En,
            paynet_host: PaynetHost::Live,
            iyzico_host: Host::Live,
            shop_name: "Şükrü'nün Pastanesi 🎂".into(),
            providers: vec![Provider::Paytr, Provider::Paynet, Provider::Iyzico],
            last_provider: Some(Provider::Paytr),
            close_to_tray: false,
            sound: false,
            paytr_sells_elsewhere: true,
            remind_after_hours: 72,
            link_template: Some("Selam {ad}: {link}".into()),
            reminder_template: Some("{ad}, {tutar} bekliyor: {link} {bilinmeyen".into()),
        };
        store.save_settings(&s).unwrap();
        assert_eq!(store.settings().unwrap(), s);

        store.conn.execute("UPDATE settings SET value = '\"klingon\"' WHERE key = 'lang'", []).unwrap();
        store.conn.execute("INSERT INTO settings VALUES ('from_the_future', '1')", []).unwrap();
        let read = store.settings().unwrap();
        assert_eq!(read.lang, Lang::Tr);
        assert_eq!(read, Settings { lang: Lang::Tr, ..s.clone() });
    }

    #[test]
    fn remind_after_hours_outside_its_range_reads_as_the_default() {
        let store = Store::open_in_memory().unwrap();
        let s = Settings { remind_after_hours: 720, reminder_template: Some("x {link}".into()), ..Settings::default() };
        store.save_settings(&s).unwrap();
        assert_eq!(store.settings().unwrap().remind_after_hours, 720);
        for bad in ["0", "721", "-5", "24.5", "\"24\"", "null"] {
            store.conn.execute("UPDATE settings SET value = ?1 WHERE key = 'remind_after_hours'", [bad]).unwrap();
            let read = store.settings().unwrap();
            assert_eq!(read.remind_after_hours, 24, "{bad}");
            // The other values stay.
            assert_eq!(read.reminder_template.as_deref(), Some("x {link}"), "{bad}");
        }
        store.conn.execute("UPDATE settings SET value = '1' WHERE key = 'remind_after_hours'", []).unwrap();
        assert_eq!(store.settings().unwrap().remind_window(10 * 3_600_000).cutoff(), 9 * 3_600_000);
        // A template that is not text falls back to the built-in one (None).
        store.conn.execute("UPDATE settings SET value = '42' WHERE key = 'reminder_template'", []).unwrap();
        assert_eq!(store.settings().unwrap().reminder_template, None);
    }
}
