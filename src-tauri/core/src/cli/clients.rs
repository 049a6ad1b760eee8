//! The one place the command line builds a provider's client, for `link create` and `track` alike:
//! credentials from the environment or the app's keychain, the host from `--base-url`, else the
//! book's settings, else the provider's live host.

use super::book::Book;
use super::create::settings_host;
use super::{iyzico, paynet, paytr, CliError, Common};
use crate::providers::paynet::LIVE_BASE_URL;
use crate::providers::{AnyClient, Provider};

/// `common.provider`'s client. Without a `book` (none made yet: no settings) the host is the
/// provider's default.
pub(super) async fn client_for(common: &Common, book: Option<&Book>) -> Result<AnyClient, CliError> {
    Ok(match common.provider {
        Provider::Paynet => {
            let host = match book {
                Some(b) => settings_host(b).await?,
                None => LIVE_BASE_URL,
            };
            paynet::client_at(common, host)?.into()
        }
        Provider::Paytr => paytr::client(common)?.into(),
        Provider::Iyzico => {
            let host = match book {
                Some(b) => iyzico::settings(b).await?.map(|s| s.iyzico_host),
                None => None,
            };
            iyzico::client(common, iyzico::credentials()?, host)?.into()
        }
    })
}
