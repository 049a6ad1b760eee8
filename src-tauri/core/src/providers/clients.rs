//! The provider clients in force, one slot per provider: what the link service, the tracker, the
//! CLI and the app pass around instead of a struct with a named field per provider. A provider's
//! client type is registered once, in the `clients!` list below.

use super::per_provider::PerProvider;
use super::Provider;

/// A provider's client type: which provider it talks to, and how it is found among [`AnyClient`].
pub trait ProviderClient: Clone + Into<AnyClient> {
    const PROVIDER: Provider;
    fn from_any(any: &AnyClient) -> Option<&Self>;
}

/// Declares [`AnyClient`] with one variant per provider (named as the [`Provider`] variant), its
/// client type's [`ProviderClient`] impl, and [`with_client_type!`] over the same list.
macro_rules! clients {
    ($($provider:ident => $client:ty,)*) => {
        clients!(@with_dollar ($) $($provider => $client,)*);
    };
    // `$d` is a literal `$`, so the macro declared below can have metavariables of its own.
    (@with_dollar ($d:tt) $($provider:ident => $client:ty,)*) => {
        /// `with_client_type!(provider, C => body)`: `body` with `C` naming `provider`'s client
        /// type, for code that is generic over a provider's traits (the link service's
        /// [`crate::links`] operations) and is dispatched by [`Provider`] alone, before or without
        /// a client in hand. Every registered client type must implement what `body` asks of it.
        macro_rules! with_client_type {
            ($d provider_:expr, $d C:ident => $d body:expr) => {
                match $d provider_ {
                    $($crate::providers::Provider::$provider => {
                        type $d C = $client;
                        $d body
                    })*
                }
            };
        }
        pub(crate) use with_client_type;

        /// One provider's client, whichever provider it is.
        #[derive(Clone, Debug)]
        pub enum AnyClient {
            $($provider($client),)*
        }

        impl AnyClient {
            pub fn provider(&self) -> Provider {
                match self {
                    $(AnyClient::$provider(_) => Provider::$provider,)*
                }
            }
        }

        $(
            impl From<$client> for AnyClient {
                fn from(c: $client) -> Self {
                    AnyClient::$provider(c)
                }
            }

            impl ProviderClient for $client {
                const PROVIDER: Provider = Provider::$provider;
                fn from_any(any: &AnyClient) -> Option<&Self> {
                    match any {
                        AnyClient::$provider(c) => Some(c),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )*
    };
}

// Full paths: `with_client_type!` names these types wherever it is used.
clients! {
    Paynet => crate::providers::paynet::PaynetClient,
    Paytr => crate::providers::paytr::PaytrClient,
    Iyzico => crate::providers::iyzico::IyzicoClient,
}

/// The clients of the providers set up; a provider without credentials has none.
#[derive(Clone, Debug, Default)]
pub struct Clients(PerProvider<Option<AnyClient>>);

impl Clients {
    /// With `client` in its provider's slot (`None` empties the slot).
    pub fn with<C: ProviderClient>(mut self, client: Option<C>) -> Self {
        self.set(client);
        self
    }

    /// Puts `client` in its provider's slot (`None` empties the slot).
    pub fn set<C: ProviderClient>(&mut self, client: Option<C>) {
        *self.0.get_mut(C::PROVIDER) = client.map(Into::into);
    }

    /// Puts `client` in its provider's slot.
    pub fn put(&mut self, client: AnyClient) {
        let provider = client.provider();
        *self.0.get_mut(provider) = Some(client);
    }

    /// The client of `C`'s provider, if set up.
    pub fn get<C: ProviderClient>(&self) -> Option<&C> {
        self.0.get(C::PROVIDER).as_ref().and_then(C::from_any)
    }

    /// `provider`'s client, if set up.
    pub fn of(&self, provider: Provider) -> Option<&AnyClient> {
        self.0.get(provider).as_ref()
    }

    /// The clients set up, in [`Provider::ALL`]'s order.
    pub fn iter(&self) -> impl Iterator<Item = &AnyClient> {
        self.0.iter().filter_map(|(_, c)| c.as_ref())
    }

    /// The providers set up, in [`Provider::ALL`]'s order.
    pub fn configured(&self) -> Vec<Provider> {
        self.iter().map(AnyClient::provider).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl FromIterator<AnyClient> for Clients {
    fn from_iter<I: IntoIterator<Item = AnyClient>>(clients: I) -> Self {
        let mut out = Clients::default();
        clients.into_iter().for_each(|c| out.put(c));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{iyzico::IyzicoClient, paynet::PaynetClient, paytr::PaytrClient};
    use secrecy::SecretString;

    fn paytr() -> PaytrClient {
        let creds = super::super::paytr::PaytrCredentials {
            merchant_id: "1".into(),
            merchant_key: SecretString::from("k".to_string()),
            merchant_salt: SecretString::from("s".to_string()),
        };
        PaytrClient::new("http://127.0.0.1:9", creds).unwrap()
    }

    fn iyzico() -> IyzicoClient {
        let (key, secret) = (SecretString::from("a".to_string()), SecretString::from("b".to_string()));
        IyzicoClient::new("http://127.0.0.1:9", key, secret, super::super::DEFAULT_TIMEOUT).unwrap()
    }

    #[test]
    fn each_client_lands_in_its_own_providers_slot() {
        let none = Clients::default();
        assert!(none.is_empty());
        assert!(none.configured().is_empty());

        // Set in another order than Provider::ALL's: read back in that order.
        let c = Clients::default().with(Some(iyzico())).with(Some(paytr()));
        assert_eq!(c.configured(), vec![Provider::Paytr, Provider::Iyzico]);
        assert!(c.get::<PaynetClient>().is_none());
        assert!(c.of(Provider::Paynet).is_none());
        assert!(c.get::<PaytrClient>().is_some());
        assert_eq!(c.of(Provider::Iyzico).map(AnyClient::provider), Some(Provider::Iyzico));

        // `None` empties only its own slot.
        let c = c.with(None::<PaytrClient>);
        assert_eq!(c.configured(), vec![Provider::Iyzico]);
        assert!(!c.is_empty());
    }
}
