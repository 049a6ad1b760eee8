//! Creating a link: validate, record it (`creating`), call the provider once, complete the record.
//! A create is never retried: an uncertain outcome is left `unknown` for "Kontrol et".

use super::error::LinkError;
use super::form::{CreateForm, ValidForm};
use super::ops::LinkOps;
use super::validate::validate;
use super::{FlightGuard, LinkService};
use crate::providers::{with_client_type, Provider, ProviderError};
use crate::store::{LinkRecord, NewLink};
use crate::Lang;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Sms,
    Email,
}

/// Whether the link went out on one channel. A failed send never fails the create.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub channel: Channel,
    /// The phone (`0555 123 45 67`) or e-mail address.
    pub to: String,
    pub sent: bool,
    /// Why not, in the owner's language (the link exists all the same).
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum CreateOutcome {
    /// The link exists and is recorded as waiting.
    Created { link: LinkRecord, deliveries: Vec<Delivery> },
    /// No clear answer (timeout, dropped connection, unreadable answer): the link may or may not
    /// exist. It is recorded as `unknown`; the UI offers "Kontrol et" instead of a new create.
    #[serde(rename_all = "camelCase")]
    Uncertain { link: LinkRecord, message: String },
}

impl CreateOutcome {
    pub fn link(&self) -> &LinkRecord {
        match self {
            CreateOutcome::Created { link, .. } | CreateOutcome::Uncertain { link, .. } => link,
        }
    }
}

impl LinkService {
    /// Creates a link from the form. See the module docs for the protocol.
    pub async fn create(&self, form: &CreateForm) -> Result<CreateOutcome, LinkError> {
        // Taken before the first await, so a double click is refused even on one thread.
        let mut guard = self.start_flight(form).ok_or(LinkError::AlreadyInFlight)?;
        let settings = self.db(|s| s.settings()).await?;
        let lang = settings.lang;
        // For the iyzico card: what customers see beside the amount.
        let shop = Some(settings.shop_name.trim().to_string()).filter(|s| !s.is_empty());
        let mut form = form.clone();
        if form.provider.is_none() {
            let configured = self.configured();
            form.provider =
                settings.last_provider.filter(|p| configured.contains(p)).or_else(|| configured.first().copied());
        }
        let valid = validate(&form, lang).map_err(LinkError::Invalid)?;
        let out = with_client_type!(valid.provider, C => {
            self.create_with::<C>(&mut guard, &valid, lang, shop.as_deref()).await
        });
        drop(guard);
        out
    }

    /// Records the link (`creating`) and calls its provider `C` once.
    async fn create_with<C: LinkOps>(
        &self,
        guard: &mut FlightGuard<'_>,
        valid: &ValidForm,
        lang: Lang,
        shop: Option<&str>,
    ) -> Result<CreateOutcome, LinkError> {
        let provider = C::PROVIDER;
        // Checked before anything is written: no row for a provider that cannot be called.
        let client = self.client::<C>()?;
        let new = NewLink {
            provider,
            amount: valid.amount,
            description: valid.description.clone(),
            customer: valid.customer.clone(),
            phone: valid.phone.as_ref().map(|p| p.to_string()),
            email: valid.email.clone(),
            local_ref: None,
            reference: valid.reference.clone(),
            // Written with the row, before the request: the tracker must know a flex or
            // multi-use link's terms even if the answer never comes back.
            paytr: C::terms(valid),
        };
        let planned_expiry = valid.expiry.at_ms;
        let link = self
            .db(move |s| {
                let link = s.begin_create(&new)?;
                s.set_planned_expiry(link.id, planned_expiry)?;
                let link = s.get(link.id)?;
                let mut st = s.settings()?;
                if st.last_provider != Some(provider) {
                    st.last_provider = Some(provider);
                    s.save_settings(&st)?;
                }
                Ok(link)
            })
            .await?;
        guard.hold_link(link.id);
        C::create(self, &client, valid, link, lang, shop).await
    }

    /// Completes the record. If the store fails now, the link exists at the provider: say so
    /// with its id and address rather than lose it (the row stays `creating`, recovered as
    /// `unknown` on the next start).
    pub(super) async fn finish(
        &self,
        link: &LinkRecord,
        provider: Provider,
        provider_id: String,
        url: String,
        expires_at: Option<i64>,
    ) -> Result<LinkRecord, LinkError> {
        let (id, pid, u) = (link.id, provider_id.clone(), url.clone());
        match self.db(move |s| s.finish_create(id, &pid, &u, expires_at)).await {
            Ok(l) => Ok(l),
            Err(LinkError::Store(source)) => {
                log::error!("link {id}: {provider} created {provider_id} but the store failed: {source}");
                Err(LinkError::CreatedNotSaved { provider, provider_id, url, source })
            }
            Err(e) => Err(e),
        }
    }

    /// An uncertain outcome is recorded `unknown`; a definite refusal `failed`, with the
    /// provider's own message.
    pub(super) async fn create_failed(
        &self,
        link: LinkRecord,
        e: ProviderError,
        lang: Lang,
    ) -> Result<CreateOutcome, LinkError> {
        let id = link.id;
        // A rate limit is an answer: the request was refused, not carried out.
        if e.kind.outcome_uncertain() && !e.rate_limited() {
            let message = with_client_type!(link.provider, C => C::uncertain_message(lang));
            let reason = format!("{} ({})", message, e.message);
            let link = self.db(move |s| s.mark_unknown(id, &reason)).await?;
            log::warn!("link {id}: create outcome uncertain ({:?})", e.kind);
            return Ok(CreateOutcome::Uncertain { link, message });
        }
        let reason = e.message.clone();
        self.db(move |s| s.mark_failed(id, &reason)).await?;
        Err(LinkError::Provider(e))
    }
}
