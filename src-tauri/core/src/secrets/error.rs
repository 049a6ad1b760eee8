//! What can go wrong with the keychain, and what to tell the owner in Turkish and English.
//! Nothing here ever holds a secret or the platform's raw error text.

use crate::providers::Provider;
use crate::Lang;
use serde::Serialize;

/// One stored credential. Its entry name is the keychain "account" under the service name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    PaynetSecretKey,
    PaytrMerchantId,
    PaytrMerchantKey,
    PaytrMerchantSalt,
    IyzicoApiKey,
    IyzicoSecretKey,
}

impl Field {
    /// The three PayTR entries, in the order they are written (and rolled back in reverse).
    pub const PAYTR: [Field; 3] = [Field::PaytrMerchantId, Field::PaytrMerchantKey, Field::PaytrMerchantSalt];
    /// The two iyzico entries, in the order they are written.
    pub const IYZICO: [Field; 2] = [Field::IyzicoApiKey, Field::IyzicoSecretKey];
    /// Every entry, in the order [`super::Keychain::load`] reads them.
    pub const ALL: [Field; 6] = [
        Field::PaynetSecretKey,
        Field::PaytrMerchantId,
        Field::PaytrMerchantKey,
        Field::PaytrMerchantSalt,
        Field::IyzicoApiKey,
        Field::IyzicoSecretKey,
    ];

    /// The keychain entry name (account/user). The CLI and the app must agree on these.
    pub fn entry_name(self) -> &'static str {
        match self {
            Field::PaynetSecretKey => "paynet.secret_key",
            Field::PaytrMerchantId => "paytr.merchant_id",
            Field::PaytrMerchantKey => "paytr.merchant_key",
            Field::PaytrMerchantSalt => "paytr.merchant_salt",
            Field::IyzicoApiKey => "iyzico.api_key",
            Field::IyzicoSecretKey => "iyzico.secret_key",
        }
    }

    /// The name the owner sees in the provider's panel.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Field::PaynetSecretKey, Lang::Tr) => "Paynet gizli anahtarı",
            (Field::PaynetSecretKey, Lang::En) => "Paynet secret key",
            (Field::PaytrMerchantId, Lang::Tr) => "PayTR Mağaza No",
            (Field::PaytrMerchantId, Lang::En) => "PayTR merchant id (Mağaza No)",
            (Field::PaytrMerchantKey, Lang::Tr) => "PayTR Mağaza Parola",
            (Field::PaytrMerchantKey, Lang::En) => "PayTR merchant key (Mağaza Parola)",
            (Field::PaytrMerchantSalt, Lang::Tr) => "PayTR Mağaza Gizli Anahtar",
            (Field::PaytrMerchantSalt, Lang::En) => "PayTR merchant salt (Mağaza Gizli Anahtar)",
            (Field::IyzicoApiKey, Lang::Tr) => "iyzico API anahtarı",
            (Field::IyzicoApiKey, Lang::En) => "iyzico API key",
            (Field::IyzicoSecretKey, Lang::Tr) => "iyzico gizli anahtarı",
            (Field::IyzicoSecretKey, Lang::En) => "iyzico secret key",
        }
    }
}

/// Why a value was refused before saving.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Empty,
    Whitespace,
    /// PayTR's Mağaza No is a number.
    NotDigits,
    /// A Paynet publishable key (`pbk_…`) cannot authenticate PayLink calls.
    PublishableKey,
    /// Longer than the platform store accepts (or than any real credential).
    TooLong,
    /// A character no real key has and the signature header cannot carry (`&`, `:`, non-ASCII).
    NotHeaderSafe,
}

/// A keychain failure. `Display` is English, for logs; the UI uses [`SecretsError::message`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecretsError {
    /// The store is locked, or the owner refused access when asked.
    #[error("the keychain is locked or access was refused")]
    Locked,
    /// No keychain service (e.g. no Secret Service on Linux) or the platform store failed.
    #[error("the OS keychain is not available")]
    Unavailable,
    /// The value was refused before saving.
    #[error("invalid {field:?}: {problem:?}")]
    Invalid { field: Field, problem: Problem },
    /// More than one keychain item matches the entry (left by another tool); reading is refused
    /// rather than guessing which one is right.
    #[error("more than one keychain item for {field:?}")]
    Duplicate { field: Field },
    /// The stored value is not UTF-8 text.
    #[error("the keychain item for {field:?} cannot be read")]
    Unreadable { field: Field },
    /// Some but not all of a provider's entries are present (e.g. edited by another tool).
    #[error("{provider} credentials are only partly saved")]
    Incomplete { provider: Provider },
}

impl SecretsError {
    /// What happened and what to do, for the owner.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SecretsError::Locked, Lang::Tr) => "Anahtar zinciri kilitli ya da erişim reddedildi: oturum parolanızla \
                 açın (istenirse erişime izin verin) ve tekrar deneyin."
                .into(),
            (SecretsError::Locked, Lang::En) => "The keychain is locked or access was refused: unlock it with your \
                 login password (allow access if asked) and try again."
                .into(),
            (SecretsError::Unavailable, Lang::Tr) => format!(
                "İşletim sisteminin anahtar zincirine ulaşılamadı; bilgiler başka bir yerde düz metin olarak \
                 saklanmaz. {}",
                unavailable_hint(Lang::Tr)
            ),
            (SecretsError::Unavailable, Lang::En) => format!(
                "The operating system's keychain could not be reached; credentials are never stored as plain \
                 text elsewhere. {}",
                unavailable_hint(Lang::En)
            ),
            (SecretsError::Invalid { field, problem }, lang) => invalid_message(*field, *problem, lang),
            (SecretsError::Duplicate { field }, Lang::Tr) => format!(
                "Anahtar zincirinde {} için birden fazla kayıt var: bilgiyi kaldırıp yeniden kaydedin.",
                field.label(Lang::Tr)
            ),
            (SecretsError::Duplicate { field }, Lang::En) => format!(
                "The keychain holds more than one item for the {}: remove it and save it again.",
                field.label(Lang::En)
            ),
            (SecretsError::Unreadable { field }, Lang::Tr) => {
                format!("Anahtar zincirindeki {} kaydı okunamadı: kaldırıp yeniden kaydedin.", field.label(Lang::Tr))
            }
            (SecretsError::Unreadable { field }, Lang::En) => format!(
                "The keychain item for the {} cannot be read: remove it and save it again.",
                field.label(Lang::En)
            ),
            (SecretsError::Incomplete { provider }, Lang::Tr) => {
                format!("{provider} bilgileri eksik kayıtlı: hepsini yeniden kaydedin ya da kaldırın.")
            }
            (SecretsError::Incomplete { provider }, Lang::En) => {
                format!("The {provider} credentials are only partly saved: save all of them again, or remove them.")
            }
        }
    }
}

fn unavailable_hint(lang: Lang) -> &'static str {
    if cfg!(target_os = "macos") {
        match lang {
            Lang::Tr => "Anahtar Zinciri Erişimi'nin çalıştığını denetleyip tekrar deneyin.",
            Lang::En => "Check that Keychain Access works, then try again.",
        }
    } else if cfg!(target_os = "windows") {
        match lang {
            Lang::Tr => "Kimlik Bilgileri Yöneticisi'nin çalıştığını denetleyip tekrar deneyin.",
            Lang::En => "Check that Credential Manager works, then try again.",
        }
    } else {
        match lang {
            Lang::Tr => {
                "Oturumunuzda bir Secret Service (GNOME Anahtarlığı ya da KWallet) çalıştığından emin olup \
                         tekrar deneyin."
            }
            Lang::En => "Make sure a Secret Service (GNOME Keyring or KWallet) runs in your session, then try again.",
        }
    }
}

fn invalid_message(field: Field, problem: Problem, lang: Lang) -> String {
    let label = field.label(lang);
    match (field, problem, lang) {
        (Field::PaynetSecretKey, Problem::PublishableKey, Lang::Tr) => "Bu bir Paynet açık anahtarı (pbk_ ile \
             başlıyor). Ödeme linki için Paynet panelindeki gizli anahtar gerekir: sck_ ile başlar."
            .into(),
        (Field::PaynetSecretKey, Problem::PublishableKey, Lang::En) => "This is a Paynet publishable key (it starts \
             with pbk_). Payment links need the secret key from the Paynet panel: it starts with sck_."
            .into(),
        (Field::PaynetSecretKey, Problem::Empty | Problem::Whitespace, Lang::Tr) => format!(
            "{label} {}. Paynet panelindeki gizli anahtarı tek parça, boşluksuz yapıştırın: sck_ ile başlar, \
             ör. sck_ ve ardından 28 karakter (başına \"Basic\" yazmayın).",
            if problem == Problem::Empty { "boş" } else { "boşluk içeriyor" }
        ),
        (Field::PaynetSecretKey, Problem::Empty | Problem::Whitespace, Lang::En) => format!(
            "The {label} {}. Paste the secret key from the Paynet panel as one piece with no spaces: it starts \
             with sck_, e.g. sck_ followed by 28 characters (do not type \"Basic\" before it).",
            if problem == Problem::Empty { "is empty" } else { "contains spaces" }
        ),
        (Field::PaytrMerchantId, Problem::Empty | Problem::NotDigits | Problem::Whitespace, Lang::Tr) => {
            format!(
                "{label} yalnızca rakamlardan oluşur (ör. 123456): PayTR panelinde Destek & Kurulum → \
                     Entegrasyon Bilgileri'nde yazar."
            )
        }
        (Field::PaytrMerchantId, Problem::Empty | Problem::NotDigits | Problem::Whitespace, Lang::En) => {
            format!(
                "The {label} is digits only (e.g. 123456): see Destek & Kurulum → Entegrasyon Bilgileri in \
                     the PayTR panel."
            )
        }
        (Field::IyzicoApiKey | Field::IyzicoSecretKey, Problem::Empty, Lang::Tr) => format!(
            "{label} boş: iyzico panelinde Ayarlar → Firma Ayarları'ndaki API anahtarını ve gizli anahtarı \
             kopyalayın (deneme hesabınınkiler sandbox- ile başlar)."
        ),
        (Field::IyzicoApiKey | Field::IyzicoSecretKey, Problem::Empty, Lang::En) => format!(
            "The {label} is empty: copy the API key and the secret key from Settings → Merchant Settings in \
             the iyzico panel (a sandbox account's start with sandbox-)."
        ),
        (_, Problem::Empty, Lang::Tr) => {
            format!("{label} boş: PayTR panelinde Destek & Kurulum → Entegrasyon Bilgileri'nden kopyalayın.")
        }
        (_, Problem::Empty, Lang::En) => {
            format!("The {label} is empty: copy it from Destek & Kurulum → Entegrasyon Bilgileri in the PayTR panel.")
        }
        (_, Problem::Whitespace, Lang::Tr) => format!("{label} boşluk içeremez: boşluksuz yapıştırın."),
        (_, Problem::Whitespace, Lang::En) => format!("The {label} cannot contain spaces: paste it without them."),
        (_, Problem::NotHeaderSafe, Lang::Tr) => {
            format!("{label} geçersiz karakter içeriyor: paneldeki değeri olduğu gibi yeniden kopyalayın.")
        }
        (_, Problem::NotHeaderSafe, Lang::En) => {
            format!("The {label} contains a character no key has: copy the value from the panel again, as it is.")
        }
        (_, Problem::TooLong, Lang::Tr) => format!("{label} çok uzun: yalnızca paneldeki değeri yapıştırın."),
        (_, Problem::TooLong, Lang::En) => format!("The {label} is too long: paste only the value from the panel."),
        // Combinations validation never produces; still worded, never a panic.
        (_, _, Lang::Tr) => format!("{label} geçersiz: paneldeki değeri yeniden kopyalayın."),
        (_, _, Lang::En) => format!("The {label} is not valid: copy the value from the panel again."),
    }
}

/// A doubt about a value that was still saved (the owner may know better than our checks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// The Paynet key does not start with `sck_` (every documented secret key does).
    PaynetKeyPrefix,
}

impl Warning {
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Warning::PaynetKeyPrefix, Lang::Tr) => {
                "Kaydedildi, ancak Paynet gizli anahtarları sck_ ile başlar \
                 (ör. sck_ ve ardından 28 karakter). Paneldeki gizli anahtarı girdiğinizden emin olun."
            }
            (Warning::PaynetKeyPrefix, Lang::En) => {
                "Saved, but Paynet secret keys start with sck_ (e.g. sck_ \
                 followed by 28 characters). Make sure you entered the secret key from the panel."
            }
        }
    }
}
