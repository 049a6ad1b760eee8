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
        };
        store.save_settings(&s).unwrap();
        assert_eq!(store.settings().unwrap(), s);

        store.conn.execute("UPDATE settings SET value = '\"klingon\"' WHERE key = 'lang'", []).unwrap();
        store.conn.execute("INSERT INTO settings VALUES ('from_the_future', '1')", []).unwrap();
        let read = store.settings().unwrap();
        assert_eq!(read.lang, Lang::Tr);
        assert_eq!(read, Settings { lang: Lang::Tr, ..s });
    }
}
