//! iyzico's part of the link service (`shared/iyzico.md`): a create carries our `local_ref` as
//! `conversationId`, so "Kontrol et" finds an unanswered create in iyzico's list; a link's
//! `soldCount` says whether it was paid (`get`); cancel is PASSIVE, reopen ACTIVE, delete DELETE.
//! iyzico answers for one token, so nothing here matches payments by amount.

use super::actions::{CheckOutcome, RefreshOutcome};
use super::bulk::DeleteResult;
use super::create::CreateOutcome;
use super::error::LinkError;
use super::form::{FieldError, ValidForm};
use super::iyzico_lookup::{find_by_conversation, Lookup};
use super::iyzico_text::{payer_note, token_from};
use super::ops::LinkOps;
use super::{may_become, pick, LinkService};
use crate::providers::iyzico::{
    card, IyzicoClient, IyzicoError, IyzicoLink, IyzicoToken, LinkFields, LinkStatus as IyzStatus, SetStatus,
};
use crate::providers::{ErrorKind, Provider, ProviderError};
use crate::store::{now_ms, LinkRecord, LinkStatus, StoreError};
use crate::Lang;

pub(super) fn provider_error(e: IyzicoError) -> ProviderError {
    e.into_provider_error(Provider::Iyzico)
}

/// iyzico creates, finds an unanswered create in its list, refreshes (`get`), cancels (PASSIVE),
/// re-opens (ACTIVE) and deletes; it cannot send a link again.
impl LinkOps for IyzicoClient {
    fn uncertain_message(lang: Lang) -> String {
        pick(
            lang,
            "iyzico'dan net bir yanıt gelmedi; bağlantı oluşmuş olabilir. Yeniden oluşturmayın: \"Kontrol et\" ile iyzico'ya sorun.",
            "iyzico gave no clear answer; the link may exist. Do not create it again: use \"Check\" to ask iyzico.",
        )
    }

    async fn create(
        svc: &LinkService,
        c: &Self,
        v: &ValidForm,
        link: LinkRecord,
        lang: Lang,
        shop: Option<&str>,
    ) -> Result<CreateOutcome, LinkError> {
        svc.create_iyzico(c, v, link, lang, shop).await
    }

    async fn check_unknown(svc: &LinkService, link: LinkRecord, lang: Lang) -> Result<CheckOutcome, LinkError> {
        svc.check_iyzico(link, lang).await
    }

    async fn attach(svc: &LinkService, link: LinkRecord, entered: &str) -> Result<LinkRecord, LinkError> {
        svc.attach_iyzico(link, entered).await
    }

    async fn refresh(svc: &LinkService, link: LinkRecord) -> Result<RefreshOutcome, LinkError> {
        svc.refresh_iyzico(link).await
    }

    async fn cancel(svc: &LinkService, link: LinkRecord) -> Result<LinkRecord, LinkError> {
        svc.iyzico_status(link, LinkStatus::Waiting, SetStatus::Passive, LinkStatus::Cancelled).await
    }

    async fn reopen(svc: &LinkService, link: LinkRecord) -> Result<LinkRecord, LinkError> {
        svc.iyzico_status(link, LinkStatus::Cancelled, SetStatus::Active, LinkStatus::Waiting).await
    }

    async fn delete_batch(
        svc: &LinkService,
        links: Vec<LinkRecord>,
        lang: Lang,
    ) -> Result<Vec<DeleteResult>, LinkError> {
        svc.delete_iyzico(links, lang).await
    }
}

impl LinkService {
    async fn create_iyzico(
        &self,
        c: &IyzicoClient,
        v: &ValidForm,
        link: LinkRecord,
        lang: Lang,
        shop: Option<&str>,
    ) -> Result<CreateOutcome, LinkError> {
        // Single use (stock 1 and the legacy sold limit 1, §4.1/§10.9), so a paid link closes.
        let about =
            payer_note(&v.customer, v.reference.as_deref(), shop, lang).unwrap_or_else(|| v.description.clone());
        let mut fields = LinkFields::single_use(&v.description, &about, v.amount);
        // Our unique reference: how "Kontrol et" finds the link if this answer never arrives.
        fields.conversation_id = Some(link.local_ref.clone());
        fields.lang = lang;
        // The card iyzico requires (`encodedImageFile`): amount, description, the shop's name.
        // Drawn on the blocking pool: text rendering is CPU work, not for the async executor.
        let (amount, text, shop) = (v.amount, v.description.clone(), shop.map(str::to_string));
        let drawn = tokio::task::spawn_blocking(move || card::render(amount, &text, shop.as_deref()))
            .await
            .map_err(|e| LinkError::Internal(format!("the link card could not be drawn: {e}")));
        let image = match drawn {
            Ok(Ok(i)) => i,
            Ok(Err(e)) => return self.create_failed(link, provider_error(e), lang).await,
            Err(e) => {
                let reason = e.message(lang);
                let id = link.id;
                self.db(move |s| s.mark_failed(id, &reason)).await?;
                return Err(e);
            }
        };
        match c.create(&fields, &image).await {
            Ok(created) => {
                let link = self.finish(&link, Provider::Iyzico, created.token.0, created.url, None).await?;
                Ok(CreateOutcome::Created { link, deliveries: Vec::new() })
            }
            Err(e) => self.create_failed(link, provider_error(e), lang).await,
        }
    }

    /// "Kontrol et" for iyzico: the list, newest first, by our `conversationId`.
    async fn check_iyzico(&self, link: LinkRecord, lang: Lang) -> Result<CheckOutcome, LinkError> {
        let c = self.client::<IyzicoClient>()?;
        let id = link.id;
        match find_by_conversation(&c, &link.local_ref, lang).await.map_err(provider_error)? {
            Lookup::Found(item) => self.complete_iyzico(&c, link, *item, lang).await,
            Lookup::Absent => {
                let message = pick(
                    lang,
                    "iyzico'da bulunamadı — güvenle yeniden oluşturabilirsiniz.",
                    "Not found at iyzico — you can safely create it again.",
                );
                let reason = message.clone();
                let link = self.db(move |s| s.mark_failed(id, &reason)).await?;
                Ok(CheckOutcome::NotCreated { link, message })
            }
            Lookup::Inconclusive => {
                let message = pick(
                    lang,
                    "iyzico'nun listesinde bulunamadı ama bu kesin değil. iyzico panelinde bu tutarda bir bağlantı görürseniz adresini buraya yapıştırın; görmezseniz \"Panelde yok\" deyin.",
                    "Not found in iyzico's list, but that is not certain. If the iyzico panel shows a link with this amount, paste its address here; if not, choose \"Not in the panel\".",
                );
                Ok(CheckOutcome::StillUnknown { link, message })
            }
        }
    }

    /// Completes an unknown create with the link iyzico has, then records its state.
    async fn complete_iyzico(
        &self,
        c: &IyzicoClient,
        link: LinkRecord,
        item: IyzicoLink,
        lang: Lang,
    ) -> Result<CheckOutcome, LinkError> {
        let id = link.id;
        let item = match item.url {
            Some(_) => item,
            // A list row without its address: `get` may have it.
            None => c.get(&item.token, lang).await.map_err(provider_error)?,
        };
        let Some(url) = item.url.clone().filter(|u| !u.trim().is_empty()) else {
            let message = pick(
                lang,
                "iyzico bu bağlantıyı buldu ama adresini vermedi; biraz sonra yeniden kontrol edin.",
                "iyzico has this link but did not give its address; check again in a moment.",
            );
            return Ok(CheckOutcome::StillUnknown { link, message });
        };
        let token = item.token.0.clone();
        let done = match self.db(move |s| s.finish_create(id, &token, &url, None)).await {
            Ok(done) => done,
            // The tracker reconciled it meanwhile: report what it recorded.
            Err(LinkError::Store(StoreError::IllegalTransition { .. })) => {
                return Ok(CheckOutcome::Found { link: self.get(id).await? })
            }
            // The token is already another row's: it was not this one after all.
            Err(LinkError::Store(StoreError::DuplicateProviderId { .. })) => {
                let message = pick(
                    lang,
                    "Bulunan iyzico bağlantısı listedeki başka bir kayda ait; iyzico panelini kontrol edin.",
                    "The iyzico link found belongs to another entry in the list; check the iyzico panel.",
                );
                return Ok(CheckOutcome::StillUnknown { link, message });
            }
            Err(e) => return Err(e),
        };
        let out = self.apply_iyzico(done, &item, lang).await?;
        Ok(CheckOutcome::Found { link: out.link })
    }

    /// For an uncertain iyzico create the owner found in the iyzico panel: the token or address
    /// they copied. iyzico can be asked for that token, so it is checked there: it must exist,
    /// and where iyzico reports them, carry our conversationId and this amount.
    async fn attach_iyzico(&self, link: LinkRecord, entered: &str) -> Result<LinkRecord, LinkError> {
        let lang = self.lang().await?;
        let field_error = |code, tr: &str, en: &str| {
            LinkError::Invalid(vec![FieldError { field: "providerId", code, message: pick(lang, tr, en) }])
        };
        let Some(token) = token_from(entered) else {
            return Err(field_error(
                "provider_id_invalid",
                "iyzico panelindeki bağlantının adresini yapıştırın (örneğin https://iyzi.link/AAVSZg) ya da sondaki kodu yazın.",
                "Paste the link's address from the iyzico panel (like https://iyzi.link/AAVSZg) or type the code at its end.",
            ));
        };
        let other = token.0.clone();
        if let Some(known) = self.db(move |s| s.find_by_provider_id(Provider::Iyzico, &other)).await? {
            if known.id != link.id {
                return Err(field_error(
                    "provider_id_taken",
                    "Bu bağlantı listedeki başka bir kayda ait; iyzico panelinde bu bağlantının adresini kontrol edin.",
                    "This link belongs to another entry in the list; check this link's address in the iyzico panel.",
                ));
            }
        }
        let c = self.client::<IyzicoClient>()?;
        let item = match c.get(&token, lang).await {
            Ok(item) => item,
            Err(e) if e.kind == ErrorKind::NotFound => {
                return Err(field_error(
                    "provider_id_not_found",
                    "iyzico bu bağlantıyı bulamadı; adresi panelden yeniden kopyalayın.",
                    "iyzico could not find this link; copy its address from the panel again.",
                ))
            }
            Err(e) => return Err(provider_error(e).into()),
        };
        let other_ref = item.conversation_id.as_deref().is_some_and(|c| c != link.local_ref);
        let other_amount = item.price_minor.is_some_and(|p| p != link.amount_minor);
        if other_ref || other_amount {
            return Err(field_error(
                "provider_id_mismatch",
                "Bu iyzico bağlantısı bu kayda ait görünmüyor (tutarı veya referansı farklı); doğru bağlantının adresini yapıştırın.",
                "This iyzico link does not look like this entry's (its amount or reference differs); paste the right link's address.",
            ));
        }
        match self.complete_iyzico(&c, link, item, lang).await? {
            CheckOutcome::Found { link } => Ok(link),
            CheckOutcome::NotCreated { link, .. } | CheckOutcome::StillUnknown { link, .. } => Ok(link),
        }
    }

    /// "Durumu yenile" for iyzico: `get` by token.
    async fn refresh_iyzico(&self, link: LinkRecord) -> Result<RefreshOutcome, LinkError> {
        let token = token_of(&link)?;
        let lang = self.lang().await?;
        let item = self.client::<IyzicoClient>()?.get(&token, lang).await.map_err(provider_error)?;
        self.apply_iyzico(link, &item, lang).await
    }

    /// Records what iyzico says of a link: a sale (`soldCount` ≥ 1) is a payment; PASSIVE is
    /// cancelled; ACTIVE is waiting (re-opened in the panel); DELETED is deleted.
    pub(super) async fn apply_iyzico(
        &self,
        link: LinkRecord,
        item: &IyzicoLink,
        lang: Lang,
    ) -> Result<RefreshOutcome, LinkError> {
        let target = match (item.sold_count, &item.status) {
            (Some(n), _) if n >= 1 => LinkStatus::Paid,
            (Some(_), Some(IyzStatus::Active)) => LinkStatus::Waiting,
            (Some(_), Some(IyzStatus::Passive)) => LinkStatus::Cancelled,
            (_, Some(IyzStatus::Deleted)) => LinkStatus::Deleted,
            _ => {
                log::warn!("link {}: iyzico gave no sale count or a status we do not know; kept as is", link.id);
                let note = pick(
                    lang,
                    "iyzico bağlantının durumunu açıkça bildirmedi; kayıt değiştirilmedi.",
                    "iyzico did not clearly report the link's state; the record was not changed.",
                );
                return Ok(RefreshOutcome { link, changed: false, note: Some(note) });
            }
        };
        if target == link.status || !may_become(&link, target) {
            if target != link.status {
                log::warn!("link {}: iyzico says {target}, the store has {}; kept", link.id, link.status);
            }
            return Ok(RefreshOutcome { link, changed: false, note: None });
        }
        // iyzico's link answers name no payment (§10.1): the sale itself is the proof.
        let id = link.id;
        let link = self.db(move |s| s.set_status(id, target, None, now_ms())).await?;
        Ok(RefreshOutcome { link, changed: true, note: None })
    }

    /// Cancel (PASSIVE) and reopen (ACTIVE). A link that sold is recorded paid instead: reopen
    /// refuses it, and a cancel that crossed a sale shows the payment.
    async fn iyzico_status(
        &self,
        link: LinkRecord,
        from: LinkStatus,
        send: SetStatus,
        to: LinkStatus,
    ) -> Result<LinkRecord, LinkError> {
        let id = link.id;
        if link.status != from {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        let token = token_of(&link)?;
        let lang = self.lang().await?;
        let c = self.client::<IyzicoClient>()?;
        if send == SetStatus::Active {
            let item = c.get(&token, lang).await.map_err(provider_error)?;
            if item.sold_count.is_some_and(|n| n >= 1) {
                let out = self.apply_iyzico(link, &item, lang).await?;
                return Err(LinkError::WrongState { id, status: out.link.status });
            }
        }
        c.set_status(&token, send, lang).await.map_err(provider_error)?;
        let link = self.db(move |s| s.set_status(id, to, None, now_ms())).await?;
        if send == SetStatus::Passive {
            // A sale that landed just before the PASSIVE still counts (cancelled → paid).
            match c.get(&token, lang).await {
                Ok(item) => return Ok(self.apply_iyzico(link, &item, lang).await?.link),
                Err(e) => log::warn!("link {id}: reading it back after the cancel failed: {:?}", e.kind),
            }
        }
        Ok(link)
    }

    /// Deletes iyzico links one request each. A link that sold is recorded paid and kept; one
    /// iyzico no longer has is recorded deleted.
    async fn delete_iyzico(&self, links: Vec<LinkRecord>, lang: Lang) -> Result<Vec<DeleteResult>, LinkError> {
        let c = self.client::<IyzicoClient>()?;
        let mut results = Vec::new();
        for link in links {
            let id = link.id;
            let r = self.delete_one_iyzico(&c, link.clone(), lang).await;
            results.push(match r {
                Ok(l) if l.status == LinkStatus::Deleted => DeleteResult { id, ok: true, link: Some(l), error: None },
                Ok(l) => {
                    let e = LinkError::WrongState { id, status: l.status };
                    DeleteResult { id, ok: false, error: Some(e.message(lang)), link: Some(l) }
                }
                Err(e) => DeleteResult { id, ok: false, link: Some(link), error: Some(e.message(lang)) },
            });
        }
        Ok(results)
    }

    async fn delete_one_iyzico(&self, c: &IyzicoClient, link: LinkRecord, lang: Lang) -> Result<LinkRecord, LinkError> {
        let id = link.id;
        let token = token_of(&link)?;
        // A paid link's record must say paid: a sale never disappears behind "deleted".
        match c.get(&token, lang).await {
            Ok(item) if item.sold_count.is_some_and(|n| n >= 1) => {
                return Ok(self.apply_iyzico(link, &item, lang).await?.link)
            }
            Ok(_) => {}
            Err(e) if e.kind == ErrorKind::NotFound => {}
            Err(e) => return Err(provider_error(e).into()),
        }
        match c.delete(&token, lang).await {
            Ok(()) => {}
            // Already gone at iyzico (deleted in the panel): the record follows.
            Err(e) if e.kind == ErrorKind::NotFound => {
                log::info!("link {id}: iyzico no longer has it; recorded as deleted");
            }
            Err(e) => return Err(provider_error(e).into()),
        }
        self.db(move |s| s.set_status(id, LinkStatus::Deleted, None, now_ms())).await
    }
}

fn token_of(link: &LinkRecord) -> Result<IyzicoToken, LinkError> {
    let pid = link.provider_id.as_deref().ok_or(LinkError::NoProviderId(link.id))?;
    IyzicoToken::parse(pid).map_err(|e| LinkError::Provider(provider_error(e)))
}
