//! Saving and removing keys (never reading them back to the UI), and "Bağlantıyı test et".

use super::AppState;
use crate::dto::pick;
use crate::dto::settings::{CredentialsDto, IyzicoEnv, PaynetEnv};
use crate::dto::OkMessage;
use crate::error::{provider_message, AppError};
use chrono::{Duration, Utc};
use secrecy::SecretString;
use tahsildar_core::providers::iyzico::{IyzicoClient, IyzicoCredentials};
use tahsildar_core::providers::paynet::{ListQuery, PaynetClient};
use tahsildar_core::providers::paytr::{PaytrClient, PaytrCredentials};
use tahsildar_core::providers::{ErrorKind, Provider, ProviderError};
use tahsildar_core::secrets::{Keychain, SecretsError};
use tahsildar_core::time::to_istanbul;
use tahsildar_core::Lang;

impl AppState {
    async fn keychain_call<T: Send + 'static>(
        &self,
        lang: Lang,
        f: impl FnOnce(&Keychain<super::SharedBackend>) -> Result<T, SecretsError> + Send + 'static,
    ) -> Result<T, AppError> {
        let keychain = self.keychain.clone();
        tokio::task::spawn_blocking(move || f(&keychain))
            .await
            .map_err(|e| AppError::internal(format!("keychain task failed: {e}")))?
            .map_err(|e| AppError::secrets(&e, lang))
    }

    /// Saves (replaces) the Paynet key and the host it belongs to, then switches to live mode.
    pub async fn set_paynet(&self, key: SecretString, env: PaynetEnv, lang: Lang) -> Result<CredentialsDto, AppError> {
        let warning = self.keychain_call(lang, move |k| k.set_paynet(key)).await?;
        self.db(move |s| {
            let mut st = s.settings()?;
            st.paynet_host = env.into();
            in_use(&mut st.providers, Provider::Paynet, true);
            s.save_settings(&st)
        })
        .await
        .map_err(|e| AppError::store(&e, lang))?;
        self.rebuild().await?;
        Ok(CredentialsDto { warning: warning.map(|w| w.message(lang).to_string()), ..self.credentials().into() })
    }

    pub async fn set_paytr(&self, creds: PaytrCredentials, lang: Lang) -> Result<CredentialsDto, AppError> {
        self.keychain_call(lang, move |k| k.set_paytr(creds)).await?;
        self.mark_in_use(Provider::Paytr, true, lang).await?;
        self.rebuild().await?;
        Ok(self.credentials().into())
    }

    /// Saves (replaces) both iyzico keys and the host they belong to; iyzico is then in use.
    pub async fn set_iyzico(
        &self,
        creds: IyzicoCredentials,
        env: IyzicoEnv,
        lang: Lang,
    ) -> Result<CredentialsDto, AppError> {
        self.keychain_call(lang, move |k| k.set_iyzico(creds)).await?;
        self.db(move |s| {
            let mut st = s.settings()?;
            st.iyzico_host = env.into();
            in_use(&mut st.providers, Provider::Iyzico, true);
            s.save_settings(&st)
        })
        .await
        .map_err(|e| AppError::store(&e, lang))?;
        self.rebuild().await?;
        Ok(self.credentials().into())
    }

    /// Removes a provider's keys; with none left, the app is back in demo mode.
    pub async fn clear(&self, provider: Provider, lang: Lang) -> Result<CredentialsDto, AppError> {
        self.keychain_call(lang, move |k| match provider {
            Provider::Paynet => k.clear_paynet(),
            Provider::Paytr => k.clear_paytr(),
            Provider::Iyzico => k.clear_iyzico(),
        })
        .await?;
        self.mark_in_use(provider, false, lang).await?;
        self.rebuild().await?;
        Ok(self.credentials().into())
    }

    /// Saving a provider's keys puts it in use; removing them takes it out. The owner can still
    /// switch a saved provider off in Ayarlar.
    async fn mark_in_use(&self, provider: Provider, on: bool, lang: Lang) -> Result<(), AppError> {
        self.db(move |s| {
            let mut st = s.settings()?;
            in_use(&mut st.providers, provider, on);
            s.save_settings(&st)
        })
        .await
        .map_err(|e| AppError::store(&e, lang))
    }

    /// A harmless authenticated call (Paynet: today's link list; PayTR: the last hour's sales
    /// report; iyzico: the first link of its list), answered in plain words.
    pub async fn test_connection(&self, provider: Provider, lang: Lang) -> OkMessage {
        let clients = self.clients();
        let result = match provider {
            Provider::Paynet => match clients.get::<PaynetClient>() {
                Some(c) => {
                    let today = to_istanbul(Utc::now()).date();
                    let q = ListQuery { from: today, to: today, limit: 1, starting_after: None };
                    Some(c.list(&q).await.map(|_| ()))
                }
                None => None,
            },
            Provider::Paytr => match clients.get::<PaytrClient>() {
                Some(c) => {
                    let now = to_istanbul(Utc::now());
                    Some(
                        c.transactions(now.checked_sub_signed(Duration::hours(1)).unwrap_or(now), now)
                            .await
                            .map(|_| ()),
                    )
                }
                None => None,
            },
            Provider::Iyzico => match clients.get::<IyzicoClient>() {
                Some(c) => {
                    Some(c.list(1, 1, lang).await.map(|_| ()).map_err(|e| e.into_provider_error(Provider::Iyzico)))
                }
                None => None,
            },
        };
        let demo = self.is_demo();
        match result {
            // "No links today" is an answer: the key was accepted.
            Some(Ok(())) | Some(Err(ProviderError { kind: ErrorKind::NotFound, .. })) => OkMessage {
                ok: true,
                message: match (demo, lang) {
                    (false, Lang::Tr) => format!("Bağlantı çalışıyor: {provider} anahtarınızı kabul etti."),
                    (false, Lang::En) => format!("The connection works: {provider} accepted your key."),
                    (true, Lang::Tr) => format!("Bağlantı çalışıyor (Demo: {provider} deneme sunucusu)."),
                    (true, Lang::En) => format!("The connection works (Demo: the {provider} practice server)."),
                },
            },
            // Here the owner is already in Ayarlar: say what to do about the key itself.
            Some(Err(ProviderError { kind: ErrorKind::Auth, .. })) => OkMessage {
                ok: false,
                message: match (provider, lang) {
                    (Provider::Paynet, Lang::Tr) => "Anahtar yanlış: Paynet bu gizli anahtarı kabul etmedi. Paynet panelindeki gizli anahtarı (sck_ ile başlar) yeniden kopyalayıp kaydedin; test anahtarı için Test sunucusunu, canlı anahtar için Canlı sunucuyu seçin.".into(),
                    (Provider::Paynet, Lang::En) => "Wrong key: Paynet did not accept this secret key. Copy the secret key (it starts with sck_) from the Paynet panel again and save it; choose the Test server for a test key, the Live server for a live key.".into(),
                    (Provider::Paytr, Lang::Tr) => "Anahtar yanlış: PayTR bu bilgileri kabul etmedi. PayTR panelindeki Entegrasyon Bilgileri'nden Mağaza No, Mağaza Parola ve Mağaza Gizli Anahtar'ı yeniden kopyalayıp kaydedin.".into(),
                    (Provider::Paytr, Lang::En) => "Wrong key: PayTR did not accept these values. Copy the merchant id, merchant key and merchant salt from Integration Info in the PayTR panel again and save them.".into(),
                    (Provider::Iyzico, Lang::Tr) => "Anahtar yanlış: iyzico bu API anahtarını ya da gizli anahtarı kabul etmedi. iyzico panelindeki Ayarlar > Firma Ayarları'ndan API Anahtarı ve Güvenlik Anahtarı'nı yeniden kopyalayıp kaydedin; sandbox anahtarı için Test sunucusunu, canlı anahtar için Canlı sunucuyu seçin.".into(),
                    (Provider::Iyzico, Lang::En) => "Wrong key: iyzico did not accept this API key or secret key. Copy the API key and secret key from Settings > Merchant Settings in the iyzico panel again and save them; choose the Test server for sandbox keys, the Live server for live keys.".into(),
                },
            },
            Some(Err(e)) => {
                log::info!("connection test for {provider}: {:?}", e.kind);
                OkMessage { ok: false, message: provider_message(&e, lang) }
            }
            None => OkMessage {
                ok: false,
                message: pick(
                    lang,
                    format!("{provider} için anahtar kayıtlı değil: önce kaydedin."),
                    format!("No {provider} keys are saved: save them first."),
                ),
            },
        }
    }
}

fn in_use(providers: &mut Vec<Provider>, provider: Provider, on: bool) {
    providers.retain(|p| *p != provider);
    if on {
        providers.push(provider);
    }
}
