//! Creating a link: validate, record it (`creating`), call the provider once, complete the record.
//! A create is never retried: an uncertain outcome is left `unknown` for "Kontrol et".

use super::error::LinkError;
use super::form::{CreateForm, ValidForm};
use super::validate::validate;
use super::LinkService;
use crate::providers::iyzico::IyzicoClient;
use crate::providers::paynet::{self, PaynetClient};
use crate::providers::paytr::{self, PaytrClient};
use crate::providers::{Provider, ProviderError};
use crate::store::{LinkRecord, NewLink, PaytrTerms};
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

fn uncertain_message(p: Provider, lang: Lang) -> String {
    match (p, lang) {
        (Provider::Paynet, Lang::Tr) => "Paynet'ten net bir yanıt gelmedi; bağlantı oluşmuş olabilir. Yeniden oluşturmayın: \"Kontrol et\" ile Paynet'e sorun.".into(),
        (Provider::Paynet, Lang::En) => "Paynet gave no clear answer; the link may exist. Do not create it again: use \"Check\" to ask Paynet.".into(),
        (Provider::Paytr, Lang::Tr) => "PayTR'den net bir yanıt gelmedi; bağlantı oluşmuş olabilir. PayTR'de bağlantı aranamadığı için PayTR panelini kontrol edin: orada görürseniz numarasını buraya girin, görmezseniz \"Panelde yok\" deyin.".into(),
        (Provider::Paytr, Lang::En) => "PayTR gave no clear answer; the link may exist. PayTR cannot look links up, so check the PayTR panel: if it is there, enter its id here; if not, choose \"Not in the panel\".".into(),
        (Provider::Iyzico, Lang::Tr) => "iyzico'dan net bir yanıt gelmedi; bağlantı oluşmuş olabilir. Yeniden oluşturmayın: \"Kontrol et\" ile iyzico'ya sorun.".into(),
        (Provider::Iyzico, Lang::En) => "iyzico gave no clear answer; the link may exist. Do not create it again: use \"Check\" to ask iyzico.".into(),
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
        let provider = valid.provider;
        // Checked before anything is written: no row for a provider that cannot be called.
        let client = match provider {
            Provider::Paynet => Client::Paynet(self.paynet()?),
            Provider::Paytr => Client::Paytr(self.paytr()?),
            Provider::Iyzico => Client::Iyzico(self.iyzico()?),
        };
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
            paytr: if provider == Provider::Paytr { terms(&valid.link_type) } else { None },
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
        let out = match client {
            Client::Paynet(c) => self.create_paynet(&c, &valid, link, lang).await,
            Client::Paytr(c) => self.create_paytr(&c, &valid, link, lang).await,
            Client::Iyzico(c) => self.create_iyzico(&c, &valid, link, lang, shop.as_deref()).await,
        };
        drop(guard);
        out
    }

    async fn create_paynet(
        &self,
        c: &PaynetClient,
        v: &ValidForm,
        link: LinkRecord,
        lang: Lang,
    ) -> Result<CreateOutcome, LinkError> {
        let mut req = paynet::CreateLink::new(v.amount, v.customer.clone());
        req.note = Some(v.description.clone()).filter(|d| !d.is_empty());
        req.agent_note = v.reference.clone();
        // Our unique reference: how "Kontrol et" finds the link if this answer never arrives.
        req.reference_no = Some(link.local_ref.clone());
        req.expire_hours = v.expiry.hours;
        req.email = v.email.clone();
        req.send_mail = v.send_email;
        req.phone = v.phone.clone();
        req.send_sms = v.send_sms;
        match c.create(&req).await {
            Ok(created) => {
                let link = self.finish(&link, Provider::Paynet, created.id.0, created.url, v.expiry.at_ms).await?;
                // Paynet sends at creation; accepting the create means it accepted the sends.
                let mut deliveries = Vec::new();
                if let (true, Some(p)) = (v.send_sms, &v.phone) {
                    deliveries.push(Delivery { channel: Channel::Sms, to: p.to_string(), sent: true, error: None });
                }
                if let (true, Some(e)) = (v.send_email, &v.email) {
                    deliveries.push(Delivery { channel: Channel::Email, to: e.clone(), sent: true, error: None });
                }
                Ok(CreateOutcome::Created { link, deliveries })
            }
            Err(e) => self.create_failed(link, e, lang).await,
        }
    }

    async fn create_paytr(
        &self,
        c: &PaytrClient,
        v: &ValidForm,
        link: LinkRecord,
        lang: Lang,
    ) -> Result<CreateOutcome, LinkError> {
        let mut req = paytr::CreateLink::product(v.description.clone(), v.amount);
        req.max_installment = v.max_installment;
        req.link_type = v.link_type.clone();
        req.lang = lang;
        req.expiry = v.expiry.at;
        // Our own QR module draws the code; no need to carry PayTR's image.
        req.get_qr = false;
        // No callback_link/callback_id (they always go together): PayTR only posts to a public
        // http(s) address without a port, and a desktop app has none. The tracker finds payments
        // in PayTR's sales report instead, so our local_ref is not sent to PayTR at all.
        req.callback = None;
        let created = match c.create(&req).await {
            Ok(created) => created,
            Err(e) => return self.create_failed(link, e, lang).await,
        };
        let id = created.id.clone();
        let link = self.finish(&link, Provider::Paytr, created.id.0, created.link, v.expiry.at_ms).await?;
        // PayTR sends only on request, right after the create. Each channel on its own.
        let mut deliveries = Vec::new();
        if let (true, Some(p)) = (v.send_sms, &v.phone) {
            let r = c.send_sms(&id, p).await;
            deliveries.push(delivery(Channel::Sms, p.to_string(), r, lang));
        }
        if let (true, Some(e)) = (v.send_email, &v.email) {
            let r = c.send_email(&id, e).await;
            deliveries.push(delivery(Channel::Email, e.clone(), r, lang));
        }
        Ok(CreateOutcome::Created { link, deliveries })
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
        if e.kind.outcome_uncertain() {
            let message = uncertain_message(link.provider, lang);
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

/// What the store keeps of the PayTR link type. (Validation refuses a flex link without its
/// maximum; were one to pass, its terms stay unknown and its price alone is matched.)
fn terms(t: &paytr::LinkType) -> Option<PaytrTerms> {
    match t {
        paytr::LinkType::Product { min_count, max_count } => {
            Some(PaytrTerms::Product { min_count: (*min_count).max(1), max_count: *max_count })
        }
        paytr::LinkType::Collection { .. } => Some(PaytrTerms::Collection),
        paytr::LinkType::Flex { max_price, .. } => max_price.map(|m| PaytrTerms::Flex { max_minor: m.minor() }),
    }
}

enum Client {
    Paynet(PaynetClient),
    Paytr(PaytrClient),
    Iyzico(IyzicoClient),
}

fn delivery(channel: Channel, to: String, r: Result<(), ProviderError>, lang: Lang) -> Delivery {
    match r {
        Ok(()) => Delivery { channel, to, sent: true, error: None },
        Err(e) => {
            let what = match (channel, lang) {
                (Channel::Sms, Lang::Tr) => "Bağlantı oluşturuldu ama SMS gönderilemedi",
                (Channel::Email, Lang::Tr) => "Bağlantı oluşturuldu ama e-posta gönderilemedi",
                (Channel::Sms, Lang::En) => "The link was created but the SMS was not sent",
                (Channel::Email, Lang::En) => "The link was created but the e-mail was not sent",
            };
            Delivery { channel, to, sent: false, error: Some(format!("{what}: {}", e.message)) }
        }
    }
}
