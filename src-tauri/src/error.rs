//! The one error type commands return. The UI receives `{ kind, message, retryable }` plus, when
//! known, the input `field` to mark, a stable `code`, and every field's problem in `fields`.
//! No message here ever carries a secret: the core's errors never hold one, and keychain
//! failures are reduced to what the owner can act on.

use crate::dto::form::FieldErrorDto;
use crate::dto::pick;
use serde::Serialize;
use tahsildar_core::links::LinkError;
use tahsildar_core::providers::{ErrorKind, Provider, ProviderError};
use tahsildar_core::secrets::{Field, Problem, SecretsError};
use tahsildar_core::store::StoreError;
use tahsildar_core::tracker::TrackerError;
use tahsildar_core::Lang;
use ts_rs::TS;

/// A failed command, ready for the UI. `message` is already in the UI's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error, TS)]
#[error("{kind}: {message}")]
pub struct AppError {
    /// `validation`, `auth`, `network`, `timeout`, `server`, `protocol`, `rejected`, `not_found`, `rate_limited`,
    /// `keychain`, `store`, `not_configured`, `not_supported`, `cannot_look_up`, `wrong_state`,
    /// `already_in_flight`, `no_provider_id`, `created_not_saved`, `internal`.
    pub kind: &'static str,
    pub message: String,
    /// Whether trying the same thing again later may work.
    pub retryable: bool,
    /// The (first) form field the message is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// A stable key (`amount_zero`, `customer_required`, the provider's own code …).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<String>,
    /// Every field's problem, for forms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<FieldErrorDto>>")]
    pub fields: Vec<FieldErrorDto>,
}

impl AppError {
    fn new(kind: &'static str, message: String, retryable: bool) -> Self {
        AppError { kind, message, retryable, field: None, code: None, fields: Vec::new() }
    }

    /// The user's input is wrong: the message says how to fix it.
    pub fn invalid(field: &str, code: impl Into<String>, message: impl Into<String>) -> Self {
        let e = FieldErrorDto { field: field.into(), code: code.into(), message: message.into() };
        AppError::fields(vec![e], e_message)
    }

    /// Several fields are wrong; the message lists them all.
    pub fn fields(fields: Vec<FieldErrorDto>, head: impl Fn(&[FieldErrorDto]) -> String) -> Self {
        let message = head(&fields);
        AppError {
            kind: "validation",
            message,
            retryable: false,
            field: fields.first().map(|f| f.field.clone()),
            code: fields.first().map(|f| f.code.clone()),
            fields,
        }
    }

    /// Form problems found by this layer or the core, with a lead-in in `lang`.
    pub fn form(fields: Vec<FieldErrorDto>, lang: Lang) -> Self {
        AppError::fields(fields, |f| {
            let lines: Vec<&str> = f.iter().map(|e| e.message.as_str()).collect();
            format!("{} {}", pick(lang, "Formu düzeltin:", "Please fix the form:"), lines.join(" "))
        })
    }

    /// Something on our side failed. Not the user's fault.
    pub fn internal(message: impl Into<String>) -> Self {
        AppError::new("internal", message.into(), false)
    }

    /// A provider call failed, in plain words: what is wrong and what to do. The provider's own
    /// explanation is added when it is about the request (validation, refusal).
    pub fn provider(err: &ProviderError, lang: Lang) -> Self {
        let mut e = AppError::new(kind_name(err.kind), provider_message(err, lang), err.kind.retryable());
        e.code = err.code.clone();
        e
    }

    pub fn link(err: &LinkError, lang: Lang) -> Self {
        match err {
            LinkError::Invalid(fields) => AppError::form(fields.iter().map(Into::into).collect(), lang),
            LinkError::Provider(pe) => AppError::provider(pe, lang),
            LinkError::Store(se) => AppError::store(se, lang),
            other => AppError::new(other.kind(), other.message(lang), false),
        }
    }

    /// A tracker command failed ("refresh now", the owner's pick for a PayTR sale).
    pub fn tracker(err: &TrackerError, lang: Lang) -> Self {
        let plain = |kind, tr: String, en: String| AppError::new(kind, pick(lang, tr, en), false);
        match err {
            TrackerError::Provider(pe) => AppError::provider(pe, lang),
            TrackerError::Store(StoreError::IllegalTransition { .. }) | TrackerError::NoSuchPendingSale(_) => plain(
                "wrong_state",
                "Bu ödeme veya bağlantı artık bu işlemi beklemiyor; liste yenilendi.".into(),
                "This payment or link is no longer waiting for that; the list was refreshed.".into(),
            ),
            TrackerError::Store(se) => AppError::store(se, lang),
            TrackerError::NotConfigured(p) => plain(
                "not_configured",
                format!("{p} için anahtar kayıtlı değil: Ayarlar'dan girin."),
                format!("No {p} keys are saved: enter them in Settings."),
            ),
            TrackerError::NotACandidate { .. } => plain(
                "validation",
                "Bu bağlantı bu ödemeye uymuyor; listedekilerden birini seçin.".into(),
                "That link does not fit this payment; pick one of the listed links.".into(),
            ),
            TrackerError::NotConfirmed { .. } => plain(
                "rejected",
                "PayTR bu ödemenin o bağlantıya ait olduğunu doğrulamadı (tutar veya para birimi farklı).".into(),
                "PayTR does not confirm that this payment belongs to that link (amount or currency differ).".into(),
            ),
            TrackerError::Stopped => plain(
                "internal",
                "Ödeme takibi durdu; uygulamayı yeniden başlatın.".into(),
                "Payment tracking has stopped; restart the app.".into(),
            ),
        }
    }

    pub fn store(err: &StoreError, lang: Lang) -> Self {
        // The store's own text names paths and SQL, useful in the log, not on screen.
        log::error!("store: {err}");
        let mut e = AppError::new(
            "store",
            pick(
                lang,
                format!(
                    "Yerel kayıt okunamadı veya yazılamadı ({}). Uygulamayı yeniden başlatıp tekrar deneyin.",
                    err.code()
                ),
                format!(
                    "The local records could not be read or written ({}). Restart the app and try again.",
                    err.code()
                ),
            ),
            false,
        );
        e.code = Some(err.code().into());
        e
    }

    /// A keychain failure. A refused value names its field; a locked or missing keychain says how
    /// to fix it, and that nothing was stored anywhere else.
    pub fn secrets(err: &SecretsError, lang: Lang) -> Self {
        match err {
            SecretsError::Invalid { field, problem } => {
                AppError::invalid(field_name(*field), problem_code(*problem), err.message(lang))
            }
            SecretsError::Locked | SecretsError::Unavailable => {
                let mut e = AppError::new("keychain", err.message(lang), true);
                e.code =
                    Some(if *err == SecretsError::Locked { "keychain_locked" } else { "keychain_unavailable" }.into());
                e
            }
            _ => {
                let mut e = AppError::new("keychain", err.message(lang), false);
                e.code = Some("keychain_entry".into());
                e
            }
        }
    }
}

fn e_message(f: &[FieldErrorDto]) -> String {
    f.first().map(|e| e.message.clone()).unwrap_or_default()
}

/// The settings form's field for a keychain entry.
fn field_name(f: Field) -> &'static str {
    match f {
        Field::PaynetSecretKey => "secretKey",
        Field::PaytrMerchantId => "merchantId",
        Field::PaytrMerchantKey => "merchantKey",
        Field::PaytrMerchantSalt => "merchantSalt",
        Field::IyzicoApiKey => "apiKey",
        Field::IyzicoSecretKey => "iyzicoSecretKey",
    }
}

fn problem_code(p: Problem) -> &'static str {
    match p {
        Problem::Empty => "empty",
        Problem::Whitespace => "whitespace",
        Problem::NotDigits => "not_digits",
        Problem::PublishableKey => "publishable_key",
        Problem::TooLong => "too_long",
        Problem::NotHeaderSafe => "not_header_safe",
    }
}

pub fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Auth => "auth",
        ErrorKind::Validation => "validation",
        ErrorKind::NotFound => "not_found",
        ErrorKind::Network => "network",
        ErrorKind::Timeout => "timeout",
        ErrorKind::Server => "server",
        ErrorKind::Protocol => "protocol",
        ErrorKind::Rejected => "rejected",
        ErrorKind::RateLimited => "rate_limited",
    }
}

/// Plain words per kind of failure, naming the provider.
pub fn provider_message(err: &ProviderError, lang: Lang) -> String {
    let p = err.provider;
    let said = err.message.trim();
    match err.kind {
        // iyzico's keys come in pairs and belong to one host: say which to check.
        ErrorKind::Auth if p == Provider::Iyzico => pick(
            lang,
            "Anahtar yanlış: iyzico API anahtarını ya da gizli anahtarı kabul etmedi. Ayarlar'da iyzico anahtarlarını ve sunucu seçimini kontrol edin (\"sandbox-\" ile başlayan anahtarlar Test sunucusunda çalışır).".to_string(),
            "Wrong key: iyzico did not accept the API key or the secret key. Check the iyzico keys and the server choice in Settings (keys starting with \"sandbox-\" work on the Test server).".to_string(),
        ),
        // A rate limit (HTTP 429, iyzico `50000`): waiting helps, not retrying at once.
        ErrorKind::RateLimited => pick(
            lang,
            format!("{p} şu an çok fazla istek aldığını söylüyor; bir dakika bekleyip tekrar deneyin."),
            format!("{p} says it is getting too many requests right now; wait a minute and try again."),
        ),
        ErrorKind::Auth => pick(
            lang,
            format!("Anahtar yanlış: Ayarlar'dan kontrol edin ({p} anahtarı kabul etmedi)."),
            format!("Wrong key: check it in Settings ({p} did not accept it)."),
        ),
        ErrorKind::Network => pick(
            lang,
            format!(
                "İnternet bağlantısı yok ya da {p} sunucusuna ulaşılamadı: bağlantınızı kontrol edip tekrar deneyin."
            ),
            format!("No internet connection, or {p} could not be reached: check your connection and try again."),
        ),
        ErrorKind::Timeout | ErrorKind::Server => pick(
            lang,
            format!("{p} şu an cevap vermiyor, biraz sonra tekrar deneyin."),
            format!("{p} is not answering right now; try again in a little while."),
        ),
        ErrorKind::Protocol => pick(
            lang,
            format!("{p} anlaşılamayan bir yanıt verdi; biraz sonra tekrar deneyin."),
            format!("{p} sent an answer that could not be read; try again in a little while."),
        ),
        ErrorKind::NotFound => pick(lang, format!("{p} bu kaydı bulamadı."), format!("{p} has no such record.")),
        ErrorKind::Validation | ErrorKind::Rejected if !said.is_empty() => pick(
            lang,
            format!("{p} isteği kabul etmedi ({p}: {said})."),
            format!("{p} refused the request ({p}: {said})."),
        ),
        ErrorKind::Validation | ErrorKind::Rejected => {
            pick(lang, format!("{p} isteği kabul etmedi."), format!("{p} refused the request."))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tahsildar_core::money::MoneyError;

    #[test]
    fn an_invalid_field_names_the_field_and_says_how_to_fix() {
        let err = MoneyError::Zero;
        let app = AppError::invalid("amount", err.code(), err.message(Lang::Tr));
        let json = serde_json::to_value(&app).unwrap();
        assert_eq!(json["kind"], "validation");
        assert_eq!(json["field"], "amount");
        assert_eq!(json["code"], "amount_zero");
        assert_eq!(json["retryable"], false);
        assert_eq!(json["message"], "Tutar sıfırdan büyük olmalı.");
        assert_eq!(json["fields"][0]["field"], "amount");
    }

    #[test]
    fn provider_validation_keeps_the_providers_words() {
        let mut pe = ProviderError::new(Provider::Paynet, ErrorKind::Validation, "name_surname is required");
        pe.code = Some("400".into());
        let err = AppError::provider(&pe, Lang::En);
        assert_eq!(err.kind, "validation");
        assert!(err.message.contains("Paynet: name_surname is required"), "{}", err.message);
        assert_eq!(err.code.as_deref(), Some("400"));
        assert!(!err.retryable);
    }

    #[test]
    fn each_failure_kind_has_plain_words() {
        let msg = |kind, lang| AppError::provider(&ProviderError::new(Provider::Paytr, kind, "x"), lang).message;
        assert!(msg(ErrorKind::Auth, Lang::Tr).starts_with("Anahtar yanlış: Ayarlar'dan kontrol edin"));
        assert!(msg(ErrorKind::Network, Lang::Tr).starts_with("İnternet bağlantısı yok"));
        assert_eq!(msg(ErrorKind::Server, Lang::Tr), "PayTR şu an cevap vermiyor, biraz sonra tekrar deneyin.");
        assert_eq!(msg(ErrorKind::Timeout, Lang::En), "PayTR is not answering right now; try again in a little while.");
        let json = serde_json::to_value(AppError::provider(
            &ProviderError::new(Provider::Paynet, ErrorKind::Network, "down"),
            Lang::Tr,
        ))
        .unwrap();
        assert_eq!(json["kind"], "network");
        assert_eq!(json["retryable"], true);
        assert!(json.get("field").is_none() && json.get("fields").is_none());
    }

    #[test]
    fn iyzico_auth_and_rate_limit_say_what_to_do() {
        let auth = ProviderError::new(Provider::Iyzico, ErrorKind::Auth, "Geçersiz imza");
        let tr = AppError::provider(&auth, Lang::Tr).message;
        assert!(tr.starts_with("Anahtar yanlış: iyzico API anahtarını ya da gizli anahtarı"), "{tr}");
        assert!(tr.contains("sunucu seçimini"), "{tr}");
        assert!(AppError::provider(&auth, Lang::En).message.contains("server choice"));
        let mut limited = ProviderError::new(Provider::Iyzico, ErrorKind::RateLimited, "Request Limit Exceeded");
        limited.code = Some("50000".into());
        let e = AppError::provider(&limited, Lang::Tr);
        assert!(e.retryable);
        assert_eq!(e.kind, "rate_limited", "its own kind, not a server failure");
        assert_eq!(e.message, "iyzico şu an çok fazla istek aldığını söylüyor; bir dakika bekleyip tekrar deneyin.");
        // Another provider's auth keeps the short words.
        let paytr = AppError::provider(&ProviderError::new(Provider::Paytr, ErrorKind::Auth, "x"), Lang::Tr).message;
        assert!(paytr.starts_with("Anahtar yanlış: Ayarlar'dan kontrol edin"), "{paytr}");
    }

    #[test]
    fn keychain_failures_say_what_to_do() {
        let e = AppError::secrets(&SecretsError::Locked, Lang::En);
        assert_eq!((e.kind, e.code.as_deref(), e.retryable), ("keychain", Some("keychain_locked"), true));
        assert!(e.message.contains("unlock"), "{}", e.message);
        let e = AppError::secrets(
            &SecretsError::Invalid { field: Field::PaynetSecretKey, problem: Problem::PublishableKey },
            Lang::Tr,
        );
        assert_eq!(
            (e.kind, e.field.as_deref(), e.code.as_deref()),
            ("validation", Some("secretKey"), Some("publishable_key"))
        );
    }
}
