//! PayTR's part of the link service: PayTR's Link API creates, deletes and sends links, and
//! nothing else. An uncertain create cannot be looked up: the owner settles it from the PayTR
//! panel (attach its id, delete it there, or dismiss it). Payments are found by the tracker in
//! PayTR's sales report.

use super::bulk::{deletable, DeleteResult};
use super::create::{Channel, CreateOutcome, Delivery};
use super::error::LinkError;
use super::form::{FieldError, ValidForm};
use super::ops::{Again, LinkOps};
use super::{pick, LinkService};
use crate::providers::paytr::{self, PaytrClient, PaytrLinkId};
use crate::providers::{Provider, ProviderError};
use crate::store::{now_ms, LinkRecord, LinkStatus, PaytrTerms};
use crate::Lang;

/// PayTR creates, deletes (also its "cancel") and sends again; it cannot look a link up (the
/// owner attaches the id from the panel), refresh one, nor re-open a deleted one.
impl LinkOps for PaytrClient {
    fn uncertain_message(lang: Lang) -> String {
        pick(
            lang,
            "PayTR'den net bir yanıt gelmedi; bağlantı oluşmuş olabilir. PayTR'de bağlantı aranamadığı için PayTR panelini kontrol edin: orada görürseniz numarasını buraya girin, görmezseniz \"Panelde yok\" deyin.",
            "PayTR gave no clear answer; the link may exist. PayTR cannot look links up, so check the PayTR panel: if it is there, enter its id here; if not, choose \"Not in the panel\".",
        )
    }

    fn terms(v: &ValidForm) -> Option<PaytrTerms> {
        terms(&v.link_type)
    }

    async fn create(
        svc: &LinkService,
        c: &Self,
        v: &ValidForm,
        link: LinkRecord,
        lang: Lang,
        _shop: Option<&str>,
    ) -> Result<CreateOutcome, LinkError> {
        svc.create_paytr(c, v, link, lang).await
    }

    async fn attach(svc: &LinkService, link: LinkRecord, entered: &str) -> Result<LinkRecord, LinkError> {
        svc.attach_paytr_id(link.id, entered).await
    }

    async fn cancel(svc: &LinkService, link: LinkRecord) -> Result<LinkRecord, LinkError> {
        svc.delete_one_paytr(link).await
    }

    async fn delete_batch(
        svc: &LinkService,
        links: Vec<LinkRecord>,
        lang: Lang,
    ) -> Result<Vec<DeleteResult>, LinkError> {
        svc.delete_paytr(links, lang).await
    }

    async fn send_again(svc: &LinkService, link: &LinkRecord, to: Again) -> Result<(), LinkError> {
        let pid = PaytrLinkId(link.provider_id.clone().unwrap_or_default());
        let c = svc.client::<PaytrClient>()?;
        match to {
            Again::Sms(phone) => c.send_sms(&pid, &phone).await?,
            Again::Email(email) => c.send_email(&pid, &email).await?,
        }
        Ok(())
    }
}

impl LinkService {
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

    /// For an uncertain PayTR create the owner found in the PayTR panel: records the link id they
    /// read there (or the link's address, copied), so the row becomes the normal waiting link it
    /// is at PayTR, with its address, QR and "Sil", and the tracker matches its payment. PayTR
    /// cannot look a link up, so the id is checked for its form and against the book only.
    /// Not found in the panel: [`LinkService::dismiss_unknown`].
    pub async fn attach_paytr_id(&self, id: i64, entered: &str) -> Result<LinkRecord, LinkError> {
        let link = self.get(id).await?;
        if link.provider != Provider::Paytr || link.status != LinkStatus::Unknown || self.link_in_flight(id) {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        let lang = self.lang().await?;
        let field_error = |code, tr: &str, en: &str| {
            LinkError::Invalid(vec![FieldError { field: "providerId", code, message: pick(lang, tr, en) }])
        };
        let Some(pid) = paytr_id_from(entered) else {
            return Err(field_error(
                "provider_id_invalid",
                "PayTR panelindeki bağlantı numarasını yazın: yalnızca harf ve rakam, örneğin NB2Zlz3 (ya da bağlantının adresini yapıştırın).",
                "Enter the link id from the PayTR panel: letters and digits only, like NB2Zlz3 (or paste the link's address).",
            ));
        };
        let c = self.client::<PaytrClient>()?;
        let other = pid.clone();
        if let Some(known) = self.db(move |s| s.find_by_provider_id(Provider::Paytr, &other)).await? {
            if known.id != id {
                return Err(field_error(
                    "provider_id_taken",
                    "Bu numara listedeki başka bir bağlantıya ait; PayTR panelinde bu bağlantının numarasını kontrol edin.",
                    "This id belongs to another link in the list; check this link's id in the PayTR panel.",
                ));
            }
        }
        let url = c.link_url(&PaytrLinkId(pid.clone()));
        self.db(move |s| s.finish_create(id, &pid, &url, link.expires_at)).await
    }

    async fn delete_paytr(&self, links: Vec<LinkRecord>, lang: Lang) -> Result<Vec<DeleteResult>, LinkError> {
        let c = self.client::<PaytrClient>()?;
        let pids: Vec<PaytrLinkId> = links.iter().filter_map(|l| l.provider_id.clone().map(PaytrLinkId)).collect();
        let outcome = match c.delete(&pids).await {
            Ok(o) => o,
            Err(e) => {
                let message = LinkError::from(e).message(lang);
                return Ok(links
                    .into_iter()
                    .map(|l| DeleteResult { id: l.id, ok: false, link: Some(l), error: Some(message.clone()) })
                    .collect());
            }
        };
        let mut results = Vec::new();
        let mut gone = Vec::new();
        for l in links {
            let pid = PaytrLinkId(l.provider_id.clone().unwrap_or_default());
            if outcome.deleted.contains(&pid) {
                gone.push(l.id);
            } else {
                let why = outcome.failed.iter().find(|(f, _)| *f == pid).map(|(_, r)| r.clone());
                let why = why.unwrap_or_else(|| "PayTR did not report this id as deleted".into());
                let message = match lang {
                    Lang::Tr => format!("PayTR bu bağlantıyı silmedi: {why}"),
                    Lang::En => format!("PayTR did not delete this link: {why}"),
                };
                results.push(DeleteResult { id: l.id, ok: false, link: Some(l), error: Some(message) });
            }
        }
        let at = now_ms();
        let stored = self
            .db(move |s| {
                Ok(gone.into_iter().map(|id| (id, s.set_status(id, LinkStatus::Deleted, None, at))).collect::<Vec<_>>())
            })
            .await?;
        for (id, r) in stored {
            results.push(match r {
                Ok(l) => DeleteResult { id, ok: true, link: Some(l), error: None },
                Err(e) => DeleteResult { id, ok: false, link: None, error: Some(LinkError::from(e).message(lang)) },
            });
        }
        Ok(results)
    }

    /// Deletes one PayTR link (also what "cancel" means for PayTR).
    async fn delete_one_paytr(&self, link: LinkRecord) -> Result<LinkRecord, LinkError> {
        let id = link.id;
        if !deletable(link.status) {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        let pid = link.provider_id.clone().ok_or(LinkError::NoProviderId(id))?;
        let out = self.client::<PaytrClient>()?.delete(&[PaytrLinkId(pid.clone())]).await?;
        if !out.deleted.iter().any(|d| d.0 == pid) {
            let why = out.failed.into_iter().next().map(|(_, r)| r).unwrap_or_default();
            return Err(LinkError::Internal(format!("PayTR did not delete {pid}: {why}")));
        }
        self.db(move |s| s.set_status(id, LinkStatus::Deleted, None, now_ms())).await
    }

    /// For an unknown PayTR create the owner found in the PayTR panel: deletes it there by the
    /// id they read, so the link can be created again without a duplicate.
    pub async fn delete_by_provider_id(&self, id: i64, provider_id: &str) -> Result<LinkRecord, LinkError> {
        let link = self.get(id).await?;
        if link.provider != Provider::Paytr || link.status != LinkStatus::Unknown {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        let pid = provider_id.trim().to_string();
        let lang = self.lang().await?;
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_alphanumeric()) || pid.len() > 64 {
            return Err(LinkError::Invalid(vec![FieldError {
                field: "providerId",
                code: "provider_id_invalid",
                message: match lang {
                    Lang::Tr => {
                        "PayTR panelindeki bağlantı numarasını yazın (yalnızca harf ve rakam, örneğin NB2Zlz3).".into()
                    }
                    Lang::En => {
                        "Enter the link id from the PayTR panel (letters and digits only, like NB2Zlz3).".into()
                    }
                },
            }]));
        }
        let other = pid.clone();
        if let Some(known) = self.db(move |s| s.find_by_provider_id(Provider::Paytr, &other)).await? {
            // That id belongs to a link we know: deleting it would remove the wrong one.
            return Err(LinkError::WrongState { id: known.id, status: known.status });
        }
        self.delete_one_paytr(LinkRecord { provider_id: Some(pid), ..link }).await
    }
}

/// A PayTR link id typed or pasted by the owner: the id itself (`NB2Zlz3`) or the link's address
/// (`https://www.paytr.com/link/NB2Zlz3`). Letters and digits, 4–64 of them.
fn paytr_id_from(entered: &str) -> Option<String> {
    let t = entered.trim();
    let id = match t.rfind("/link/") {
        Some(i) => t[i + "/link/".len()..].split(['?', '#', '/']).next().unwrap_or_default(),
        None => t,
    };
    ((4..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| id.to_string())
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
