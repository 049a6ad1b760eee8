//! Linux: several keychain entries read over ONE Secret Service connection. `keyring` opens a
//! connection per call, and each one is a D-Bus handshake plus a key exchange for the encrypted
//! session (about 25 ms each at start-up on a loaded 2-core machine; the app reads six entries at
//! every start). The lookup is keyring's own, so both find the same items: the attributes
//! `target=default`, `service`, `username`, then (when none match) the default collection without
//! `target` (items written by keyring v1 or another tool), more than one match is a duplicate,
//! and locked items are unlocked before their secret is read.

use super::backend::map_error;
use super::error::{Field, SecretsError};
use dbus_secret_service::{EncryptionType, Error, Item, SecretService};
use secrecy::SecretString;
use std::collections::HashMap;

/// The entries `fields` under `service`, in that order (`None` where there is none).
pub(crate) fn read_many(service: &str, fields: &[Field]) -> Result<Vec<Option<SecretString>>, SecretsError> {
    let Some(&first) = fields.first() else { return Ok(Vec::new()) };
    let ss = SecretService::connect(EncryptionType::Dh)
        .map_err(|e| map_error(keyring::Error::PlatformFailure(Box::new(e)), first))?;
    fields.iter().map(|&field| read(&ss, service, field)).collect()
}

fn read(ss: &SecretService, service: &str, field: Field) -> Result<Option<SecretString>, SecretsError> {
    let fail = |e: Error| map_error(keyring::secret_service::decode_error(e), field);
    let mut attributes = HashMap::from([("service", service), ("username", field.entry_name())]);
    attributes.insert("target", "default");
    let found = ss.search_items(attributes.clone()).map_err(fail)?;
    let (mut unlocked, mut locked) = (found.unlocked, found.locked);
    let item = match unlocked.len() + locked.len() {
        0 => {
            attributes.remove("target");
            // keyring v1's items: in the default collection, without `target`.
            let collection = ss.get_default_collection().map_err(fail)?;
            let legacy = collection.search_items(attributes).map_err(fail)?;
            return match legacy.as_slice() {
                [] => Ok(None),
                [item] => value(item, field, fail),
                _ => Err(SecretsError::Duplicate { field }),
            };
        }
        1 => match unlocked.pop() {
            Some(item) => Some(item),
            None => {
                let item = locked.pop();
                if let Some(i) = &item {
                    i.unlock().map_err(fail)?;
                }
                item
            }
        },
        _ => return Err(SecretsError::Duplicate { field }),
    };
    match item {
        Some(item) => value(&item, field, fail),
        None => Ok(None),
    }
}

fn value(
    item: &Item<'_>,
    field: Field,
    fail: impl Fn(Error) -> SecretsError,
) -> Result<Option<SecretString>, SecretsError> {
    let bytes = item.get_secret().map_err(fail)?;
    match String::from_utf8(bytes) {
        // Moved, not copied, into a SecretString, which wipes it on drop.
        Ok(value) => Ok(Some(SecretString::from(value))),
        Err(e) => Err(map_error(keyring::Error::BadEncoding(e.into_bytes()), field)),
    }
}
