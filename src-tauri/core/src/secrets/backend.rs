//! Where secrets are stored: the OS keychain through the `keyring` crate. The trait exists so the
//! `Keychain` logic (validation, all-or-nothing PayTR writes) can be unit-tested in memory; the
//! shipped code has exactly one store and no plaintext fallback.

use super::error::{Field, Problem, SecretsError};
use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// A store of named secrets. `get` of a missing entry is `Ok(None)`; `delete` of one is `Ok(())`.
pub trait SecretBackend: Send + Sync {
    fn get(&self, field: Field) -> Result<Option<SecretString>, SecretsError>;
    fn set(&self, field: Field, value: &SecretString) -> Result<(), SecretsError>;
    fn delete(&self, field: Field) -> Result<(), SecretsError>;
    /// `fields` in that order, stopping at the first error. The OS keychain reads them over one
    /// connection (on Linux each connection is a D-Bus handshake and a key exchange).
    fn get_many(&self, fields: &[Field]) -> Result<Vec<Option<SecretString>>, SecretsError> {
        fields.iter().map(|&f| self.get(f)).collect()
    }
}

/// The OS keychain: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
/// Every call is blocking (D-Bus or a platform API): call it off the async runtime
/// (`tokio::task::spawn_blocking`).
pub struct KeyringBackend {
    service: String,
}

impl KeyringBackend {
    /// `service` is the keychain service name; tests pass their own so they never touch real entries.
    pub fn new(service: impl Into<String>) -> Self {
        KeyringBackend { service: service.into() }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, field: Field) -> Result<keyring::Entry, SecretsError> {
        keyring::Entry::new(&self.service, field.entry_name()).map_err(|e| map_error(e, field))
    }
}

impl fmt::Debug for KeyringBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringBackend").field("service", &self.service).finish()
    }
}

impl SecretBackend for KeyringBackend {
    fn get(&self, field: Field) -> Result<Option<SecretString>, SecretsError> {
        match self.entry(field)?.get_password() {
            // Moved, not copied, into a SecretString, which wipes it on drop.
            Ok(value) => Ok(Some(SecretString::from(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e, field)),
        }
    }

    fn set(&self, field: Field, value: &SecretString) -> Result<(), SecretsError> {
        let entry = self.entry(field)?;
        match entry.set_password(value.expose_secret()) {
            Ok(()) => Ok(()),
            // Several matching items (left by another tool): the owner asked to replace the value,
            // so remove them all and write one.
            Err(keyring::Error::Ambiguous(items)) => {
                delete_all(&entry, items, field)?;
                entry.set_password(value.expose_secret()).map_err(|e| map_error(e, field))
            }
            Err(e) => Err(map_error(e, field)),
        }
    }

    #[cfg(target_os = "linux")]
    fn get_many(&self, fields: &[Field]) -> Result<Vec<Option<SecretString>>, SecretsError> {
        super::session::read_many(&self.service, fields)
    }

    fn delete(&self, field: Field) -> Result<(), SecretsError> {
        let entry = self.entry(field)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(keyring::Error::Ambiguous(items)) => delete_all(&entry, items, field),
            Err(e) => Err(map_error(e, field)),
        }
    }
}

/// Removes every item matching `entry`. Only the Secret Service can hold several (another tool
/// may add an item with extra attributes); macOS and Windows key items by service and account.
fn delete_all(entry: &keyring::Entry, items: Vec<Box<keyring::Credential>>, field: Field) -> Result<(), SecretsError> {
    // The per-item credentials keyring hands back search by the same attributes, so deleting them
    // one by one stays ambiguous: the Secret Service credential can delete all matches at once.
    #[cfg(target_os = "linux")]
    if let Some(ss) = entry.get_credential().downcast_ref::<keyring::secret_service::SsCredential>() {
        return ss.delete_all_passwords().map_err(|e| map_error(e, field));
    }
    let _ = entry;
    for item in items {
        match item.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {}
            Err(e) => return Err(map_error(e, field)),
        }
    }
    Ok(())
}

/// Maps a keyring failure to what the owner can act on. The platform's own error is dropped, not
/// wrapped: its text is outside our control and `BadEncoding` even carries the stored bytes.
pub(crate) fn map_error(err: keyring::Error, field: Field) -> SecretsError {
    match err {
        // Locked collection, dismissed unlock prompt, macOS "user refused".
        keyring::Error::NoStorageAccess(_) => SecretsError::Locked,
        // No D-Bus / Secret Service, no keychain, or any other platform failure.
        keyring::Error::PlatformFailure(_) => SecretsError::Unavailable,
        // Callers handle NoEntry themselves; if one slips through it means "the item vanished".
        keyring::Error::NoEntry => SecretsError::Unavailable,
        keyring::Error::BadEncoding(mut bytes) => {
            secrecy::zeroize::Zeroize::zeroize(&mut bytes);
            SecretsError::Unreadable { field }
        }
        // The value exceeds the platform limit (Windows caps the stored blob).
        keyring::Error::TooLong(_, _) => SecretsError::Invalid { field, problem: Problem::TooLong },
        keyring::Error::Ambiguous(_) => SecretsError::Duplicate { field },
        // Our service/entry names are fixed and valid, so the platform refusing them is a platform
        // failure; `Error` is non-exhaustive, so any future kind lands here too.
        _ => SecretsError::Unavailable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct PlatformText(&'static str);
    impl fmt::Display for PlatformText {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for PlatformText {}

    #[test]
    fn keyring_errors_map_to_what_the_owner_can_do_and_drop_platform_text() {
        let f = Field::PaynetSecretKey;
        let locked = map_error(keyring::Error::NoStorageAccess(Box::new(PlatformText("sck_LEAK locked"))), f);
        assert_eq!(locked, SecretsError::Locked);
        let gone = map_error(keyring::Error::PlatformFailure(Box::new(PlatformText("sck_LEAK dbus"))), f);
        assert_eq!(gone, SecretsError::Unavailable);
        let bad = map_error(keyring::Error::BadEncoding(b"sck_LEAK\xff".to_vec()), f);
        assert_eq!(bad, SecretsError::Unreadable { field: f });
        let long = map_error(keyring::Error::TooLong("password".into(), 2560), f);
        assert_eq!(long, SecretsError::Invalid { field: f, problem: Problem::TooLong });
        assert_eq!(map_error(keyring::Error::Ambiguous(vec![]), f), SecretsError::Duplicate { field: f });
        for e in [locked, gone, bad, long] {
            for text in [e.to_string(), format!("{e:?}"), e.message(crate::Lang::Tr), e.message(crate::Lang::En)] {
                assert!(!text.contains("LEAK"), "platform text leaked: {text}");
            }
        }
    }

    #[test]
    fn debug_shows_the_service_only() {
        let b = KeyringBackend::new("com.tahsildar.desktop.test");
        assert_eq!(format!("{b:?}"), r#"KeyringBackend { service: "com.tahsildar.desktop.test" }"#);
    }
}
