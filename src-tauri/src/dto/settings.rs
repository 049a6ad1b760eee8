//! Settings, the app's mode and which credentials are saved (never the credentials themselves).

use super::{ProviderId, UiLang};
use serde::{Deserialize, Serialize};
use tahsildar_core::secrets::CredentialStatus;
use tahsildar_core::store::{Host, PaynetHost, Settings};
use ts_rs::TS;

/// Paynet's test host or the live one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum PaynetEnv {
    #[default]
    Test,
    Live,
}

impl From<PaynetEnv> for PaynetHost {
    fn from(e: PaynetEnv) -> Self {
        match e {
            PaynetEnv::Test => PaynetHost::Test,
            PaynetEnv::Live => PaynetHost::Live,
        }
    }
}

impl From<PaynetHost> for PaynetEnv {
    fn from(h: PaynetHost) -> Self {
        match h {
            PaynetHost::Test => PaynetEnv::Test,
            PaynetHost::Live => PaynetEnv::Live,
        }
    }
}

/// iyzico's sandbox host or the live one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum IyzicoEnv {
    #[default]
    Test,
    Live,
}

impl From<IyzicoEnv> for Host {
    fn from(e: IyzicoEnv) -> Self {
        match e {
            IyzicoEnv::Test => Host::Test,
            IyzicoEnv::Live => Host::Live,
        }
    }
}

impl From<Host> for IyzicoEnv {
    fn from(h: Host) -> Self {
        match h {
            Host::Test => IyzicoEnv::Test,
            Host::Live => IyzicoEnv::Live,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsDto {
    /// `null`: follow the operating system's language.
    pub lang: Option<UiLang>,
    pub paynet_env: PaynetEnv,
    /// The providers the owner chose to use (among those with saved keys). Empty: all of them.
    pub providers_in_use: Vec<ProviderId>,
    pub last_provider: Option<ProviderId>,
    pub close_to_tray: bool,
    pub sound: bool,
    /// "Bu PayTR mağazası başka yerde de satış yapıyor": every PayTR sale asks the owner.
    #[serde(default)]
    pub paytr_sells_elsewhere: bool,
    #[serde(default)]
    pub iyzico_env: IyzicoEnv,
    /// The shop's name on the card iyzico shows with each link. Empty: none.
    #[serde(default)]
    pub shop_name: String,
}

impl SettingsDto {
    pub fn from_core(s: &Settings, follow_os: bool) -> Self {
        SettingsDto {
            lang: (!follow_os).then_some(s.lang.into()),
            paynet_env: s.paynet_host.into(),
            providers_in_use: s.providers.iter().map(|p| (*p).into()).collect(),
            last_provider: s.last_provider.map(Into::into),
            close_to_tray: s.close_to_tray,
            sound: s.sound,
            paytr_sells_elsewhere: s.paytr_sells_elsewhere,
            iyzico_env: s.iyzico_host.into(),
            shop_name: s.shop_name.clone(),
        }
    }

    /// The stored settings with this DTO's values; `os_lang` fills in a `null` language.
    pub fn apply(&self, mut s: Settings, os_lang: UiLang) -> Settings {
        s.lang = self.lang.unwrap_or(os_lang).into();
        s.paynet_host = self.paynet_env.into();
        let mut providers = Vec::new();
        for p in &self.providers_in_use {
            if !providers.contains(&(*p).into()) {
                providers.push((*p).into());
            }
        }
        s.providers = providers;
        s.last_provider = self.last_provider.map(Into::into);
        s.close_to_tray = self.close_to_tray;
        s.sound = self.sound;
        s.paytr_sells_elsewhere = self.paytr_sells_elsewhere;
        s.iyzico_host = self.iyzico_env.into();
        s.shop_name = self.shop_name.trim().to_string();
        s
    }
}

/// Which providers have credentials saved, and a doubt about a value just saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct CredentialsDto {
    pub paynet: bool,
    pub paytr: bool,
    pub iyzico: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub warning: Option<String>,
}

impl From<CredentialStatus> for CredentialsDto {
    fn from(s: CredentialStatus) -> Self {
        CredentialsDto { paynet: s.paynet, paytr: s.paytr, iyzico: s.iyzico, warning: None }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ModeDto {
    /// No credentials: every provider is played by the in-process sandbox. No real money.
    Demo,
    /// Credentials saved: the owner's chosen providers, for real.
    Live,
}

/// `get_boot`: what the page may draw before the book is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BootDto {
    /// The language follows the OS's: the start view can be drawn in it before the book answers.
    pub lang_follows_os: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfoDto {
    pub mode: ModeDto,
    pub version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sandbox_url: Option<String>,
    pub settings: SettingsDto,
    pub credentials: CredentialsDto,
    /// The providers the "new link" form may offer now.
    pub providers_available: Vec<ProviderId>,
    /// Set when the OS keychain could not be read (locked, missing): why, and what to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub keychain_error: Option<String>,
    /// Providers are set up but their keys could not be read: every view says "Anahtarlara
    /// ulaşılamıyor" with "Tekrar dene"; the links stay in view, creating is refused.
    pub keys_unreachable: bool,
    /// Set when the app cannot show notifications (not installed through the installer, or
    /// switched off in the OS): one line in Ayarlar.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub notifications_off: Option<String>,
}
