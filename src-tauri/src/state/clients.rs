//! Choosing the mode and building the provider clients: demo (no keys) → every provider against
//! the in-process sandbox with its demo credentials; live → clients from the keychain.

use super::{read, write, AppState};
use crate::error::AppError;
use secrecy::SecretString;
use std::sync::Arc;
use tahsildar_core::providers::iyzico::{self, IyzicoClient, IyzicoCredentials};
use tahsildar_core::providers::paynet::{self, PaynetClient};
use tahsildar_core::providers::paytr::{self, PaytrClient, PaytrCredentials};
use tahsildar_core::providers::{Provider, DEFAULT_TIMEOUT};
use tahsildar_core::sandbox::{Sandbox, SandboxConfig, SandboxOptions};
use tahsildar_core::secrets::CredentialStatus;
use tahsildar_core::store::{Host, PaynetHost};
use tahsildar_core::tracker::Clients;
use tahsildar_core::Lang;

fn client_error(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("could not set up a provider client: {e}"))
}

/// Every provider against the demo sandbox, with this run's random demo credentials (see
/// `start_sandbox`).
fn demo_clients(sandbox: &Sandbox, http: &reqwest::Client) -> Result<Clients, AppError> {
    let url = sandbox.base_url();
    let c = &sandbox.state().config;
    let paynet = PaynetClient::new_with_http(url, SecretString::from(c.paynet_secret_key.clone()), http.clone())
        .map_err(client_error)?;
    let creds = PaytrCredentials {
        merchant_id: c.paytr_merchant_id.clone(),
        merchant_key: SecretString::from(c.paytr_merchant_key.clone()),
        merchant_salt: SecretString::from(c.paytr_merchant_salt.clone()),
    };
    let paytr = PaytrClient::new_with_http(url, creds, http.clone()).map_err(client_error)?;
    let iyzico = iyzico_client(
        http,
        url,
        IyzicoCredentials {
            api_key: SecretString::from(c.iyzico_api_key.clone()),
            secret_key: SecretString::from(c.iyzico_secret_key.clone()),
        },
    )?;
    Ok(Clients::default().with(Some(paynet)).with(Some(paytr)).with(Some(iyzico)))
}

fn iyzico_client(http: &reqwest::Client, url: &str, creds: IyzicoCredentials) -> Result<IyzicoClient, AppError> {
    IyzicoClient::new_with_http(url, creds.api_key, creds.secret_key, DEFAULT_TIMEOUT, http.clone())
        .map_err(client_error)
}

impl AppState {
    /// Reads the keychain (each item once) and puts the matching mode and clients in force.
    /// A keychain that cannot be read is never a reason to fall back to demo when the owner has
    /// providers set up: the live links stay in view with no clients ("Anahtarlara
    /// ulaşılamıyor", creating refused) until a retry reads the keys. Clients already in force
    /// are kept. With no provider set up it is demo, with the reason shown in Ayarlar. There is
    /// no plaintext fallback.
    pub(crate) async fn rebuild(&self) -> Result<(), AppError> {
        let _one_at_a_time = self.rebuild_lock.lock().await;
        let keychain = self.keychain.clone();
        let read_keys = tokio::task::spawn_blocking(move || keychain.load())
            .await
            .map_err(|e| AppError::internal(format!("keychain task failed: {e}")))?;

        let mut next = read(&self.current);
        match read_keys {
            Ok(saved) if saved.status.paynet || saved.status.paytr || saved.status.iyzico => {
                let hosts = self.db(|s| s.settings().map(|st| (st.paynet_host, st.iyzico_host))).await;
                let (paynet_host, iyzico_host) = hosts.unwrap_or_default();
                next.paynet = match saved.paynet {
                    Some(key) => Some(
                        PaynetClient::new_with_http(&self.paynet_base_url(paynet_host), key, self.http.clone())
                            .map_err(client_error)?,
                    ),
                    None => None,
                };
                next.paytr = match saved.paytr {
                    Some(creds) => Some(
                        PaytrClient::new_with_http(&self.paytr_base_url(), creds, self.http.clone())
                            .map_err(client_error)?,
                    ),
                    None => None,
                };
                next.iyzico = match saved.iyzico {
                    Some(creds) => Some(iyzico_client(&self.http, &self.iyzico_base_url(iyzico_host), creds)?),
                    None => None,
                };
                if next.sandbox.take().is_some() {
                    log::info!("keys saved: live mode");
                }
                next.credentials = saved.status;
                next.keychain_error = None;
            }
            Ok(_) => {
                let sandbox = match next.sandbox.clone() {
                    Some(s) => s,
                    None => Arc::new(self.start_sandbox().await?),
                };
                let clients = demo_clients(&sandbox, &self.http)?;
                next.set_clients(clients);
                next.sandbox = Some(sandbox);
                next.credentials = CredentialStatus::default();
                next.keychain_error = None;
            }
            Err(e) => {
                log::warn!("keychain: {e}");
                let set_up = !self.db(|s| s.settings().map(|st| st.providers)).await.unwrap_or_default().is_empty();
                if set_up && next.sandbox.is_some() {
                    // Live keys exist but cannot be read: the live links, no demo.
                    next.set_clients(Clients::default());
                    next.sandbox = None;
                } else if !set_up && !next.has_clients() {
                    let sandbox = Arc::new(self.start_sandbox().await?);
                    next.set_clients(demo_clients(&sandbox, &self.http)?);
                    next.sandbox = Some(sandbox);
                }
                next.keychain_error = Some(e);
            }
        }
        // The books first: if the other mode's file cannot be opened, nothing changes.
        self.apply_clients(next.sandbox.is_some(), next.clients()).await?;
        write(&self.current, next);
        Ok(())
    }

    /// Live keys are set up but the keychain could not be read at the last rebuild: every view
    /// says so, with "Tekrar dene".
    pub fn keys_unreachable(&self) -> bool {
        let c = read(&self.current);
        c.keychain_error.is_some() && c.sandbox.is_none() && !c.has_clients()
    }

    /// "Tekrar dene": reads the keychain again.
    pub async fn retry_keychain(&self) -> Result<(), AppError> {
        self.rebuild().await
    }

    async fn start_sandbox(&self) -> Result<Sandbox, AppError> {
        // Random credentials per run, its own address only, no control routes (issue 8 §1); the
        // app's command tests pay through `/_sandbox/*/pay`, so they keep the control routes.
        let config = SandboxConfig::random();
        let options = if cfg!(test) {
            SandboxOptions { control_routes: true, ..SandboxOptions::IN_APP }
        } else {
            SandboxOptions::IN_APP
        };
        let listen = self.demo_listen.unwrap_or_else(|| std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
        let sandbox = Sandbox::start_with(config, listen, options)
            .await
            .map_err(|e| AppError::internal(format!("could not start the demo sandbox: {e}")))?;
        log::info!("demo mode: sandbox at {}", sandbox.base_url());
        Ok(sandbox)
    }

    fn paynet_base_url(&self, host: PaynetHost) -> String {
        self.paynet_url.clone().unwrap_or_else(|| {
            match host {
                PaynetHost::Test => paynet::TEST_BASE_URL,
                PaynetHost::Live => paynet::LIVE_BASE_URL,
            }
            .to_string()
        })
    }

    fn paytr_base_url(&self) -> String {
        self.paytr_url.clone().unwrap_or_else(|| paytr::BASE_URL.to_string())
    }

    fn iyzico_base_url(&self, host: Host) -> String {
        self.iyzico_url.clone().unwrap_or_else(|| {
            match host {
                Host::Test => iyzico::SANDBOX_BASE_URL,
                Host::Live => iyzico::LIVE_BASE_URL,
            }
            .to_string()
        })
    }

    /// The providers the form may offer: all in demo; in live mode those with keys, narrowed to
    /// the owner's choice (an empty or impossible choice means every one with keys).
    pub async fn providers_available(&self) -> Vec<Provider> {
        if self.is_demo() {
            return Provider::ALL.to_vec();
        }
        let c = read(&self.current);
        let configured: Vec<Provider> = [
            (c.paynet.is_some(), Provider::Paynet),
            (c.paytr.is_some(), Provider::Paytr),
            (c.iyzico.is_some(), Provider::Iyzico),
        ]
        .into_iter()
        .filter_map(|(has, p)| has.then_some(p))
        .collect();
        let chosen = self.db(|s| s.settings().map(|st| st.providers)).await.unwrap_or_default();
        let in_use: Vec<Provider> = chosen.into_iter().filter(|p| configured.contains(p)).collect();
        if in_use.is_empty() {
            configured
        } else {
            in_use
        }
    }

    /// The provider a form without one goes to: the last used if still available, else the first.
    pub async fn default_provider(&self) -> Option<Provider> {
        let available = self.providers_available().await;
        // The link service records the last provider in the current mode's file.
        let last = self.links_db(|s| s.settings().map(|st| st.last_provider)).await.ok().flatten();
        let pick = last.filter(|p| available.contains(p)).or_else(|| available.first().copied());
        if pick.is_none() && self.keys_unreachable() {
            // None usable, but some set up: the form is refused for that one, with the reason.
            return self.db(|s| s.settings().map(|st| st.providers)).await.ok().and_then(|p| p.first().copied());
        }
        pick
    }

    /// Refuses a provider that is not in use, in words saying where to turn it on (or, with
    /// the keys out of reach, why nothing can be created now).
    pub async fn check_provider_available(&self, p: Provider, lang: Lang) -> Result<(), AppError> {
        if self.providers_available().await.contains(&p) {
            return Ok(());
        }
        if let Some(e) = self.keychain_error().filter(|_| self.keys_unreachable()) {
            let message = match lang {
                Lang::Tr => format!("Anahtarlara ulaşılamıyor, şu an link oluşturulamaz. {}", e.message(lang)),
                Lang::En => format!("The keys cannot be reached, so no link can be made now. {}", e.message(lang)),
            };
            return Err(AppError::invalid("provider", "keys_unreachable", message));
        }
        let has_keys = super::has_keys(self.credentials(), p);
        let message = match (has_keys, lang) {
            (true, Lang::Tr) => format!("{p} şu an kullanımda değil: Ayarlar'dan açın."),
            (true, Lang::En) => format!("{p} is not in use: turn it on in Settings."),
            (false, Lang::Tr) => format!("{p} için anahtar kayıtlı değil: Ayarlar'dan girin."),
            (false, Lang::En) => format!("No {p} keys are saved: enter them in Settings."),
        };
        Err(AppError::invalid("provider", "provider_unavailable", message))
    }
}
