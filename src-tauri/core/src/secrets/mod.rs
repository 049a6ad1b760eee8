//! Provider credentials in the OS keychain (Secret Service, macOS Keychain, Windows Credential
//! Manager), shared by the desktop app and the CLI. Nothing else in Tahsildar stores a secret: no
//! database column, settings file or log line, and no plaintext fallback when the keychain fails.
//! The UI only ever sees [`CredentialStatus`] ("kayıtlı" or not); it can replace or remove a value,
//! never read it back.

mod backend;
mod error;
#[cfg(test)]
mod memory;
#[cfg(target_os = "linux")]
mod session;
#[cfg(test)]
mod tests;

pub use backend::{KeyringBackend, SecretBackend};
pub use error::{Field, Problem, SecretsError, Warning};

use crate::providers::iyzico::IyzicoCredentials;
use crate::providers::paytr::PaytrCredentials;
use crate::providers::Provider;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use std::fmt;

/// The keychain service name of the shipped app and CLI.
pub const SERVICE: &str = "com.tahsildar.desktop";

/// Longer than any real key or salt, well under every platform's limit (Windows: 2560 bytes).
const MAX_SECRET_LEN: usize = 256;
/// PayTR store numbers are a handful of digits.
const MAX_MERCHANT_ID_LEN: usize = 20;

/// Which providers have credentials saved. The only view of the keychain the UI gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub struct CredentialStatus {
    pub paynet: bool,
    /// True only when all three PayTR values are saved.
    pub paytr: bool,
    /// True only when both iyzico values are saved.
    pub iyzico: bool,
}

/// What [`Keychain::load`] found. `Debug` shows only the status.
pub struct SavedKeys {
    pub status: CredentialStatus,
    pub paynet: Option<SecretString>,
    pub paytr: Option<PaytrCredentials>,
    pub iyzico: Option<IyzicoCredentials>,
}

impl fmt::Debug for SavedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SavedKeys").field("status", &self.status).finish_non_exhaustive()
    }
}

/// Credentials for both providers over one store. Calls block (see [`KeyringBackend`]).
pub struct Keychain<B: SecretBackend = KeyringBackend> {
    backend: B,
}

impl Keychain<KeyringBackend> {
    /// The real OS keychain under [`SERVICE`].
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    /// The real OS keychain under another service name (tests use their own).
    pub fn with_service(service: impl Into<String>) -> Self {
        Keychain { backend: KeyringBackend::new(service) }
    }
}

impl Default for Keychain<KeyringBackend> {
    fn default() -> Self {
        Self::new()
    }
}

impl<B: SecretBackend + fmt::Debug> fmt::Debug for Keychain<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keychain").field("backend", &self.backend).finish()
    }
}

impl<B: SecretBackend> Keychain<B> {
    pub fn with_backend(backend: B) -> Self {
        Keychain { backend }
    }

    /// Saves (or replaces) the Paynet secret key. A key that does not start with `sck_` is saved
    /// with a [`Warning`]; a publishable `pbk_` key is refused.
    pub fn set_paynet(&self, key: SecretString) -> Result<Option<Warning>, SecretsError> {
        let warning = check_paynet_key(key.expose_secret())?;
        self.backend.set(Field::PaynetSecretKey, &key)?;
        Ok(warning)
    }

    pub fn clear_paynet(&self) -> Result<(), SecretsError> {
        self.backend.delete(Field::PaynetSecretKey)
    }

    pub fn paynet_key(&self) -> Result<Option<SecretString>, SecretsError> {
        self.backend.get(Field::PaynetSecretKey)
    }

    /// Saves (or replaces) all three PayTR values. If a write fails midway, the values written so
    /// far are put back as they were, so the store never holds half a set from this call.
    pub fn set_paytr(&self, creds: PaytrCredentials) -> Result<(), SecretsError> {
        check_paytr(&creds)?;
        let PaytrCredentials { merchant_id, merchant_key, merchant_salt } = creds;
        self.set_all(&Field::PAYTR, &[SecretString::from(merchant_id), merchant_key, merchant_salt])
    }

    /// Saves (or replaces) both iyzico keys, all or nothing as [`Keychain::set_paytr`].
    pub fn set_iyzico(&self, creds: IyzicoCredentials) -> Result<(), SecretsError> {
        check_iyzico(&creds)?;
        self.set_all(&Field::IYZICO, &[creds.api_key, creds.secret_key])
    }

    /// Removes both iyzico keys (missing ones are fine); the secret key first, as for PayTR.
    pub fn clear_iyzico(&self) -> Result<(), SecretsError> {
        for field in Field::IYZICO.into_iter().rev() {
            self.backend.delete(field)?;
        }
        Ok(())
    }

    /// The saved iyzico keys, `None` when nothing is saved, `Incomplete` when only one is.
    pub fn iyzico_credentials(&self) -> Result<Option<IyzicoCredentials>, SecretsError> {
        match self.iyzico_values()? {
            [Some(api_key), Some(secret_key)] => Ok(Some(IyzicoCredentials { api_key, secret_key })),
            [None, None] => Ok(None),
            _ => Err(SecretsError::Incomplete { provider: Provider::Iyzico }),
        }
    }

    fn iyzico_values(&self) -> Result<[Option<SecretString>; 2], SecretsError> {
        let [api, secret] = Field::IYZICO;
        Ok([self.backend.get(api)?, self.backend.get(secret)?])
    }

    /// Writes a provider's entries together. If a write fails midway, the values written so far
    /// are put back as they were, so the store never holds half a set from this call.
    fn set_all(&self, fields: &[Field], new: &[SecretString]) -> Result<(), SecretsError> {
        let mut previous = Vec::with_capacity(fields.len());
        for &field in fields {
            previous.push(match self.backend.get(field) {
                Ok(value) => value,
                // A broken old value is not worth restoring; the rollback removes it instead.
                Err(SecretsError::Duplicate { .. } | SecretsError::Unreadable { .. }) => None,
                Err(e) => return Err(e),
            });
        }
        for (i, &field) in fields.iter().enumerate() {
            if let Err(e) = self.backend.set(field, &new[i]) {
                self.restore(&fields[..i], &previous[..i]);
                return Err(e);
            }
        }
        Ok(())
    }

    /// Best effort: the write error is what the owner needs to see, not a second one. A value that
    /// cannot be put back is removed instead, so a failure leaves an incomplete set (refused on
    /// read) rather than a mix of old and new values that would look complete.
    fn restore(&self, fields: &[Field], previous: &[Option<SecretString>]) {
        for (field, old) in fields.iter().zip(previous).rev() {
            let undone = match old {
                Some(value) => self.backend.set(*field, value).or_else(|_| self.backend.delete(*field)),
                None => self.backend.delete(*field),
            };
            if let Err(e) = undone {
                log::warn!("keychain: could not undo {} after a failed save: {e}", field.entry_name());
            }
        }
    }

    /// Removes all three PayTR values (missing ones are fine).
    pub fn clear_paytr(&self) -> Result<(), SecretsError> {
        // Salt first: should a later delete fail, what remains is unusable and reads as incomplete.
        for field in Field::PAYTR.into_iter().rev() {
            self.backend.delete(field)?;
        }
        Ok(())
    }

    /// The saved PayTR set, `None` when nothing is saved, `Incomplete` when only part of it is.
    pub fn paytr_credentials(&self) -> Result<Option<PaytrCredentials>, SecretsError> {
        let [id, key, salt] = self.paytr_values()?;
        match (id, key, salt) {
            (Some(id), Some(merchant_key), Some(merchant_salt)) => {
                Ok(Some(PaytrCredentials { merchant_id: id.expose_secret().to_owned(), merchant_key, merchant_salt }))
            }
            (None, None, None) => Ok(None),
            _ => Err(SecretsError::Incomplete { provider: Provider::Paytr }),
        }
    }

    /// Which providers are set up. Reads the values (as [`Keychain::load`], over one connection)
    /// only to see that they exist; they are dropped (and wiped) before returning. A partly saved
    /// PayTR set counts as not saved.
    pub fn status(&self) -> Result<CredentialStatus, SecretsError> {
        Ok(self.load()?.status)
    }

    /// Everything saved, each item read exactly once (macOS asks the owner per read for an
    /// unsigned build, and every read is a D-Bus round trip on Linux). A partly saved PayTR set
    /// counts as not saved, as in [`Keychain::status`].
    pub fn load(&self) -> Result<SavedKeys, SecretsError> {
        let [paynet, id, merchant_key, merchant_salt, api_key, secret_key]: [Option<SecretString>; 6] =
            self.backend.get_many(&Field::ALL)?.try_into().map_err(|_| SecretsError::Unavailable)?;
        let paytr = match (id, merchant_key, merchant_salt) {
            (Some(id), Some(merchant_key), Some(merchant_salt)) => {
                Some(PaytrCredentials { merchant_id: id.expose_secret().to_owned(), merchant_key, merchant_salt })
            }
            _ => None,
        };
        let iyzico = match (api_key, secret_key) {
            (Some(api_key), Some(secret_key)) => Some(IyzicoCredentials { api_key, secret_key }),
            _ => None,
        };
        let status = CredentialStatus { paynet: paynet.is_some(), paytr: paytr.is_some(), iyzico: iyzico.is_some() };
        Ok(SavedKeys { status, paynet, paytr, iyzico })
    }

    fn paytr_values(&self) -> Result<[Option<SecretString>; 3], SecretsError> {
        let [id, key, salt] = Field::PAYTR;
        Ok([self.backend.get(id)?, self.backend.get(key)?, self.backend.get(salt)?])
    }
}

/// Checks a Paynet secret key before saving. `Ok(Some(_))`: acceptable but doubtful.
pub fn check_paynet_key(key: &str) -> Result<Option<Warning>, SecretsError> {
    let field = Field::PaynetSecretKey;
    let invalid = |problem| Err(SecretsError::Invalid { field, problem });
    if key.is_empty() {
        return invalid(Problem::Empty);
    }
    if key.chars().any(char::is_whitespace) {
        return invalid(Problem::Whitespace);
    }
    if key.starts_with("pbk_") {
        return invalid(Problem::PublishableKey);
    }
    if key.len() > MAX_SECRET_LEN {
        return invalid(Problem::TooLong);
    }
    Ok((!key.starts_with("sck_")).then_some(Warning::PaynetKeyPrefix))
}

/// Checks the three PayTR values before saving.
pub fn check_paytr(creds: &PaytrCredentials) -> Result<(), SecretsError> {
    let id = creds.merchant_id.as_str();
    let problem = if id.is_empty() {
        Some(Problem::Empty)
    } else if !id.bytes().all(|b| b.is_ascii_digit()) {
        Some(Problem::NotDigits)
    } else if id.len() > MAX_MERCHANT_ID_LEN {
        Some(Problem::TooLong)
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(SecretsError::Invalid { field: Field::PaytrMerchantId, problem });
    }
    for (field, value) in
        [(Field::PaytrMerchantKey, &creds.merchant_key), (Field::PaytrMerchantSalt, &creds.merchant_salt)]
    {
        check_secret(field, value.expose_secret(), |_| true)?;
    }
    Ok(())
}

/// Checks the two iyzico keys before saving: filled in, one piece, no characters that cannot
/// go into the `Authorization` header (IYZWSv2 joins them with `&` and `:`).
pub fn check_iyzico(creds: &IyzicoCredentials) -> Result<(), SecretsError> {
    let header_safe = |v: &str| v.chars().all(|c| c.is_ascii_graphic()) && !v.contains(['&', ':']);
    for (field, value) in [(Field::IyzicoApiKey, &creds.api_key), (Field::IyzicoSecretKey, &creds.secret_key)] {
        check_secret(field, value.expose_secret(), header_safe)?;
    }
    Ok(())
}

/// A key or salt: filled in, one piece, not longer than any real one, and `allowed` by the
/// provider's own rule ([`Problem::NotHeaderSafe`] otherwise).
fn check_secret(field: Field, value: &str, allowed: impl Fn(&str) -> bool) -> Result<(), SecretsError> {
    let problem = if value.is_empty() {
        Problem::Empty
    } else if value.chars().any(char::is_whitespace) {
        Problem::Whitespace
    } else if value.len() > MAX_SECRET_LEN {
        Problem::TooLong
    } else if !allowed(value) {
        Problem::NotHeaderSafe
    } else {
        return Ok(());
    };
    Err(SecretsError::Invalid { field, problem })
}
