//! An in-memory store for unit tests only (compiled under `#[cfg(test)]`), with injectable
//! failures. The shipped code has no such store: there is no plaintext fallback.

use super::backend::SecretBackend;
use super::error::{Field, SecretsError};
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard};

#[derive(Default)]
struct Inner {
    values: HashMap<Field, SecretString>,
    sets: usize,
    /// `get` calls per field, to check that a load reads each item once.
    gets: HashMap<Field, usize>,
    /// Fail the n-th `set` call (1-based), and every later one if `sticky`.
    fail_set: Option<(usize, SecretsError, bool)>,
    /// Fail every call, as a locked or missing keychain would.
    fail_all: Option<SecretsError>,
}

#[derive(Default)]
pub(super) struct MemoryBackend {
    inner: Mutex<Inner>,
}

impl MemoryBackend {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The n-th `set` from now on (1-based) fails with `err`; later ones too if `sticky`.
    pub(super) fn fail_set(&self, nth: usize, err: SecretsError, sticky: bool) {
        let mut inner = self.lock();
        inner.fail_set = Some((inner.sets + nth, err, sticky));
    }

    pub(super) fn fail_all(&self, err: Option<SecretsError>) {
        self.lock().fail_all = err;
    }

    /// Test inspection: the raw stored value.
    pub(super) fn raw(&self, field: Field) -> Option<String> {
        self.lock().values.get(&field).map(|v| v.expose_secret().to_owned())
    }

    /// How many times each field was read, since the last call.
    pub(super) fn take_gets(&self) -> HashMap<Field, usize> {
        std::mem::take(&mut self.lock().gets)
    }

    pub(super) fn put_raw(&self, field: Field, value: &str) {
        self.lock().values.insert(field, SecretString::from(value));
    }
}

impl fmt::Debug for MemoryBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = self.lock();
        let mut present: Vec<&str> = inner.values.keys().map(|k| k.entry_name()).collect();
        present.sort_unstable();
        f.debug_struct("MemoryBackend").field("present", &present).finish()
    }
}

impl SecretBackend for MemoryBackend {
    fn get(&self, field: Field) -> Result<Option<SecretString>, SecretsError> {
        let mut inner = self.lock();
        *inner.gets.entry(field).or_default() += 1;
        if let Some(e) = inner.fail_all {
            return Err(e);
        }
        Ok(inner.values.get(&field).cloned())
    }

    fn set(&self, field: Field, value: &SecretString) -> Result<(), SecretsError> {
        let mut inner = self.lock();
        if let Some(e) = inner.fail_all {
            return Err(e);
        }
        inner.sets += 1;
        if let Some((nth, e, sticky)) = inner.fail_set {
            if inner.sets == nth || (sticky && inner.sets > nth) {
                return Err(e);
            }
        }
        inner.values.insert(field, value.clone());
        Ok(())
    }

    fn delete(&self, field: Field) -> Result<(), SecretsError> {
        let mut inner = self.lock();
        if let Some(e) = inner.fail_all {
            return Err(e);
        }
        inner.values.remove(&field);
        Ok(())
    }
}
