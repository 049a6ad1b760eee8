//! The one error type commands return. The UI receives `{ kind, message, retryable }` plus, when
//! known, the input `field` to mark and a stable `code` it may map to its own catalogue.

use serde::Serialize;
use tahsildar_core::money::MoneyError;
use tahsildar_core::providers::{ErrorKind, ProviderError};
use tahsildar_core::Lang;

/// A failed command, ready for the UI. `message` is already in the UI's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct AppError {
    /// An [`ErrorKind`] in snake_case, `"validation"` for our own input checks, or `"internal"`.
    pub kind: String,
    pub message: String,
    /// Whether trying the same thing again later may work.
    pub retryable: bool,
    /// The form field the message is about (`"amount"`, `"description"`, `"customer"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// A stable key (`"amount_zero"`, `"customer_required"`, the provider's own code …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl AppError {
    /// The user's input is wrong: the message says how to fix it.
    pub fn invalid(field: &'static str, code: impl Into<String>, message: impl Into<String>) -> Self {
        AppError {
            kind: "validation".into(),
            message: message.into(),
            retryable: false,
            field: Some(field),
            code: Some(code.into()),
        }
    }

    pub fn amount(err: &MoneyError, lang: Lang) -> Self {
        AppError::invalid("amount", err.code(), err.message(lang))
    }

    /// Something on our side failed (e.g. the QR could not be drawn). Not the user's fault.
    pub fn internal(message: impl Into<String>) -> Self {
        AppError { kind: "internal".into(), message: message.into(), retryable: false, field: None, code: None }
    }

    /// A provider call failed: our words for the kind, then the provider's own explanation when
    /// it is about the request (validation, refusal), since only it says what to change.
    pub fn provider(err: &ProviderError, lang: Lang) -> Self {
        let ours = kind_message(err.kind, lang);
        let message = match err.kind {
            ErrorKind::Validation | ErrorKind::Rejected if !err.message.trim().is_empty() => {
                format!("{ours} ({}: {})", err.provider, err.message.trim())
            }
            _ => ours.to_string(),
        };
        AppError {
            kind: kind_name(err.kind).into(),
            message,
            retryable: err.kind.retryable(),
            field: None,
            code: err.code.clone(),
        }
    }
}

fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Auth => "auth",
        ErrorKind::Validation => "validation",
        ErrorKind::NotFound => "not_found",
        ErrorKind::Network => "network",
        ErrorKind::Timeout => "timeout",
        ErrorKind::Server => "server",
        ErrorKind::Protocol => "protocol",
        ErrorKind::Rejected => "rejected",
    }
}

fn kind_message(kind: ErrorKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ErrorKind::Auth, Lang::Tr) => "Ödeme sağlayıcısı anahtarınızı kabul etmedi. Ayarlar'dan anahtarı kontrol edin.",
        (ErrorKind::Auth, Lang::En) => "The payment provider did not accept your key. Check it in Settings.",
        (ErrorKind::Validation, Lang::Tr) => "Ödeme sağlayıcısı bilgileri kabul etmedi.",
        (ErrorKind::Validation, Lang::En) => "The payment provider did not accept the details.",
        (ErrorKind::NotFound, Lang::Tr) => "Ödeme sağlayıcısında böyle bir kayıt yok.",
        (ErrorKind::NotFound, Lang::En) => "The payment provider has no such record.",
        (ErrorKind::Network, Lang::Tr) => "Ödeme sağlayıcısına bağlanılamadı. İnternet bağlantınızı kontrol edip tekrar deneyin.",
        (ErrorKind::Network, Lang::En) => "Could not reach the payment provider. Check your internet connection and try again.",
        (ErrorKind::Timeout, Lang::Tr) => "Ödeme sağlayıcısı zamanında yanıt vermedi; link oluşmuş olabilir. Tekrar denemeden önce linklerinizi kontrol edin.",
        (ErrorKind::Timeout, Lang::En) => "The payment provider did not answer in time; the link may have been created. Check your links before trying again.",
        (ErrorKind::Server, Lang::Tr) => "Ödeme sağlayıcısında bir sorun var. Biraz sonra tekrar deneyin.",
        (ErrorKind::Server, Lang::En) => "The payment provider has a problem on its side. Try again in a little while.",
        (ErrorKind::Protocol, Lang::Tr) => "Ödeme sağlayıcısının yanıtı okunamadı. Tekrar denemeden önce linklerinizi kontrol edin.",
        (ErrorKind::Protocol, Lang::En) => "The payment provider's answer could not be read. Check your links before trying again.",
        (ErrorKind::Rejected, Lang::Tr) => "Ödeme sağlayıcısı isteği reddetti.",
        (ErrorKind::Rejected, Lang::En) => "The payment provider refused the request.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tahsildar_core::providers::Provider;

    #[test]
    fn amount_error_names_the_field_and_says_how_to_fix() {
        let err = AppError::amount(&MoneyError::Zero, Lang::Tr);
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["kind"], "validation");
        assert_eq!(json["field"], "amount");
        assert_eq!(json["code"], "amount_zero");
        assert_eq!(json["retryable"], false);
        assert_eq!(json["message"], "Tutar sıfırdan büyük olmalı.");
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
    fn network_failure_is_retryable_and_has_no_field() {
        let pe = ProviderError::new(Provider::Paynet, ErrorKind::Network, "could not reach Paynet");
        let json = serde_json::to_value(AppError::provider(&pe, Lang::Tr)).unwrap();
        assert_eq!(json["kind"], "network");
        assert_eq!(json["retryable"], true);
        assert!(json.get("field").is_none());
    }
}
