//! Why a link action did not happen, in words for the owner, with a stable kind for the UI.

use super::form::FieldError;
use crate::providers::{ErrorKind, Provider, ProviderError};
use crate::store::{LinkStatus, StoreError};
use crate::Lang;
use serde::Serialize;

/// An action a provider's API cannot do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Send the link again by SMS or e-mail.
    Resend,
    /// Ask for a link's state.
    Refresh,
    /// Re-open a cancelled link.
    Reopen,
    /// Find a link whose create had no clear answer.
    LookUp,
    /// Delete a link at the provider.
    Delete,
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("the form has {} problem(s)", .0.len())]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Provider(ProviderError),
    #[error("local link store: {0}")]
    Store(#[from] StoreError),
    #[error("{0} is not set up")]
    NotConfigured(Provider),
    #[error("{provider} cannot do this: {action:?}")]
    NotSupported { provider: Provider, action: Action },
    #[error("this link is already being created")]
    AlreadyInFlight,
    #[error("link {id} is {status}; this action does not apply")]
    WrongState { id: i64, status: LinkStatus },
    #[error("link {0} has no provider id yet")]
    NoProviderId(i64),
    /// The provider made the link but the store could not record it: the owner must not lose it.
    #[error("{provider} created link {provider_id} ({url}) but it could not be saved: {source}")]
    CreatedNotSaved { provider: Provider, provider_id: String, url: String, source: StoreError },
    #[error("internal error: {0}")]
    Internal(String),
}

/// What the UI receives: a kind to branch on, a message to show, per-field errors for the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorView {
    pub kind: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// The provider's answer, when there was one (code, type, its own message).
    pub provider_error: Option<ProviderError>,
    /// Whether the same action may succeed if tried again later.
    pub retryable: bool,
}

fn pick(lang: Lang, tr: String, en: String) -> String {
    if lang == Lang::Tr {
        tr
    } else {
        en
    }
}

impl LinkError {
    /// A stable key for the UI.
    pub fn kind(&self) -> &'static str {
        match self {
            LinkError::Invalid(_) => "invalid",
            LinkError::Provider(e) => match e.kind {
                ErrorKind::Auth => "provider_auth",
                ErrorKind::Validation => "provider_validation",
                ErrorKind::NotFound => "provider_not_found",
                ErrorKind::Network => "provider_network",
                ErrorKind::Timeout => "provider_timeout",
                ErrorKind::Server => "provider_server",
                ErrorKind::Protocol => "provider_protocol",
                ErrorKind::Rejected => "provider_rejected",
                ErrorKind::RateLimited => "provider_rate_limited",
            },
            LinkError::Store(_) => "store",
            LinkError::NotConfigured(_) => "not_configured",
            LinkError::NotSupported { action: Action::LookUp, .. } => "cannot_look_up",
            LinkError::NotSupported { .. } => "not_supported",
            LinkError::AlreadyInFlight => "already_in_flight",
            LinkError::WrongState { .. } => "wrong_state",
            LinkError::NoProviderId(_) => "no_provider_id",
            LinkError::CreatedNotSaved { .. } => "created_not_saved",
            LinkError::Internal(_) => "internal",
        }
    }

    /// The message in `lang`, saying what to do next. Never contains a secret.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LinkError::Invalid(fields) => {
                let head = pick(lang, "Formu düzeltin:".into(), "Please fix the form:".into());
                let lines: Vec<&str> = fields.iter().map(|f| f.message.as_str()).collect();
                format!("{head} {}", lines.join(" "))
            }
            LinkError::Provider(e) => provider_message(e, lang),
            LinkError::Store(e) => pick(
                lang,
                format!("Yerel bağlantı kaydı okunamadı veya yazılamadı ({}). Uygulamayı yeniden başlatıp tekrar deneyin.", e.code()),
                format!("The local link record could not be read or written ({e}). Restart the app and try again."),
            ),
            LinkError::NotConfigured(p) => pick(
                lang,
                format!("{p} henüz ayarlanmadı: Ayarlar'dan {p} bilgilerinizi girin."),
                format!("{p} is not set up yet: enter your {p} credentials in Settings."),
            ),
            LinkError::NotSupported { provider, action } => unsupported(*provider, *action, lang),
            LinkError::AlreadyInFlight => pick(
                lang,
                "Bu bağlantı zaten oluşturuluyor; lütfen sonucu bekleyin.".into(),
                "This link is already being created; please wait for the result.".into(),
            ),
            LinkError::WrongState { status, .. } => pick(
                lang,
                format!("Bağlantı şu an \"{}\" durumunda; bu işlem uygulanamaz.", status.label_tr()),
                format!("The link is {status}; this action does not apply."),
            ),
            LinkError::NoProviderId(_) => pick(
                lang,
                "Bu bağlantının sağlayıcıdaki numarası bilinmiyor; önce \"Kontrol et\" deyin.".into(),
                "This link's provider id is not known; use \"Check\" first.".into(),
            ),
            LinkError::CreatedNotSaved { provider, provider_id, url, .. } => pick(
                lang,
                format!("{provider} bağlantıyı oluşturdu ({provider_id}: {url}) ama yerel kayda yazılamadı. Bu adresi not edin; uygulama yeniden açıldığında \"Kontrol et\" ile tamamlanır."),
                format!("{provider} created the link ({provider_id}: {url}) but it could not be saved locally. Note this address; after a restart, \"Check\" completes it."),
            ),
            LinkError::Internal(m) => pick(lang, format!("Beklenmeyen bir hata oluştu: {m}"), format!("Unexpected error: {m}")),
        }
    }

    pub fn fields(&self) -> &[FieldError] {
        match self {
            LinkError::Invalid(f) => f,
            _ => &[],
        }
    }

    pub fn view(&self, lang: Lang) -> ErrorView {
        let provider_error = match self {
            LinkError::Provider(e) => Some(e.clone()),
            _ => None,
        };
        ErrorView {
            kind: self.kind(),
            message: self.message(lang),
            fields: self.fields().to_vec(),
            retryable: provider_error.as_ref().is_some_and(|e| e.kind.retryable()),
            provider_error,
        }
    }
}

impl From<ProviderError> for LinkError {
    fn from(e: ProviderError) -> Self {
        LinkError::Provider(e)
    }
}

fn provider_message(e: &ProviderError, lang: Lang) -> String {
    let p = e.provider;
    let said = &e.message;
    if p == Provider::Iyzico {
        if let Some(m) = iyzico_message(e, lang) {
            return m;
        }
    }
    match e.kind {
        ErrorKind::Auth => pick(
            lang,
            format!("{p} bilgilerinizi kabul etmedi: Ayarlar'daki anahtarları kontrol edin. ({said})"),
            format!("{p} did not accept your credentials: check the keys in Settings. ({said})"),
        ),
        ErrorKind::Validation | ErrorKind::Rejected => {
            pick(lang, format!("{p} isteği reddetti: {said}"), format!("{p} refused the request: {said}"))
        }
        ErrorKind::NotFound => pick(
            lang,
            format!("{p} bu bağlantıyı bulamadı. ({said})"),
            format!("{p} could not find this link. ({said})"),
        ),
        ErrorKind::RateLimited => pick(
            lang,
            format!("{p} şu an çok fazla istek aldığını bildirdi; bir dakika bekleyip tekrar deneyin. ({said})"),
            format!("{p} says it is receiving too many requests; wait a minute and try again. ({said})"),
        ),
        ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Server | ErrorKind::Protocol => pick(
            lang,
            format!("{p} ile iletişimde sorun oldu; biraz sonra tekrar deneyin. ({said})"),
            format!("There was a problem talking to {p}; try again in a moment. ({said})"),
        ),
    }
}

/// iyzico's own cases: its keys belong to one host (sandbox keys start with `sandbox-`), and it
/// says when it is rate limiting (`50000`).
fn iyzico_message(e: &ProviderError, lang: Lang) -> Option<String> {
    let said = &e.message;
    let code = e.code.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
    if e.rate_limited() {
        return Some(pick(
            lang,
            format!(
                "iyzico şu an çok fazla istek aldığını bildirdi; bir dakika bekleyip tekrar deneyin. ({said}{code})"
            ),
            format!("iyzico says it is receiving too many requests; wait a minute and try again. ({said}{code})"),
        ));
    }
    (e.kind == ErrorKind::Auth).then(|| pick(
        lang,
        format!("iyzico anahtarlarınızı kabul etmedi: Ayarlar'daki API anahtarını, gizli anahtarı ve test/canlı seçimini kontrol edin (test anahtarları \"sandbox-\" ile başlar). ({said}{code})"),
        format!("iyzico did not accept your keys: check the API key, the secret key and the test/live choice in Settings (test keys start with \"sandbox-\"). ({said}{code})"),
    ))
}

fn unsupported(p: Provider, action: Action, lang: Lang) -> String {
    let (tr, en) = match (p, action) {
        (Provider::Paynet, Action::Resend) => (
            "Paynet bağlantıyı yalnızca oluştururken SMS veya e-posta ile gönderir; yeniden göndermek için WhatsApp'la paylaşın ya da bağlantıyı kopyalayın.",
            "Paynet sends a link by SMS or e-mail only when it is created; share it by WhatsApp or copy the link instead.",
        ),
        (Provider::Paytr, Action::Refresh) => (
            "PayTR bir bağlantının durumunu soran bir servis sunmuyor; ödemeler satış raporundan otomatik olarak bulunur.",
            "PayTR offers no way to ask for a link's state; payments are found automatically from the sales report.",
        ),
        (Provider::Paytr, Action::Reopen) => (
            "PayTR'de iptal (silinen) bir bağlantı yeniden açılamaz; yeni bir bağlantı oluşturun.",
            "A cancelled (deleted) PayTR link cannot be re-opened; create a new link.",
        ),
        (Provider::Paytr, Action::LookUp) => (
            "PayTR'de bir bağlantıyı arayıp bulmak mümkün değil, bu yüzden oluşup oluşmadığı bilinemiyor. PayTR panelinde bu tutarda bir bağlantı görürseniz numarasını bağlantının Paylaş ekranında girin; görmezseniz orada \"Panelde yok\"a basın.",
            "PayTR cannot look a link up, so whether it was created cannot be known. If the PayTR panel shows a link with this amount, enter its id on the link's Share view; if not, press \"Not in the panel\" there.",
        ),
        (Provider::Paynet, Action::Delete) => (
            "Paynet'te bir bağlantı silinemez; iptal edin (gerekirse yeniden açabilirsiniz).",
            "A Paynet link cannot be deleted; cancel it instead (it can be re-opened).",
        ),
        (Provider::Iyzico, Action::Resend) => (
            "iyzico bağlantıları SMS veya e-posta ile göndermez; WhatsApp'la paylaşın ya da bağlantıyı kopyalayın.",
            "iyzico does not send links by SMS or e-mail; share it by WhatsApp or copy the link instead.",
        ),
        (_, action) => {
            return pick(
                lang,
                format!("{p} bu işlemi desteklemiyor ({action:?})."),
                format!("{p} does not support this action ({action:?})."),
            )
        }
    };
    pick(lang, tr.into(), en.into())
}
