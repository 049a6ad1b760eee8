//! Paynet's part of the link service: a create carries our `local_ref` as `reference_no` (and
//! Paynet sends the SMS/e-mail itself), "Kontrol et" asks `detail` by that reference, a status
//! Paynet reports is recorded only within the store's rules (a payment once `transaction/check`
//! confirms it), cancel and reopen are `status_update`.

use super::actions::{CheckOutcome, RefreshOutcome};
use super::create::{Channel, CreateOutcome, Delivery};
use super::error::LinkError;
use super::form::ValidForm;
use super::ops::LinkOps;
use super::{may_become, pick, LinkService};
use crate::providers::paynet::{self, LinkRef, PaynetClient, PaynetStatus, TxRef};
use crate::providers::{ErrorKind, Provider};
use crate::store::{now_ms, LinkRecord, LinkStatus, StoreError};
use crate::time::{from_istanbul, to_istanbul};
use crate::Lang;
use chrono::{DateTime, Duration, Utc};

/// Paynet creates, looks up (by our `reference_no`), refreshes (`detail`), cancels (passive) and
/// re-opens; it cannot delete ("Sil" cancels) nor send again.
impl LinkOps for PaynetClient {
    fn uncertain_message(lang: Lang) -> String {
        pick(
            lang,
            "Paynet'ten net bir yanıt gelmedi; bağlantı oluşmuş olabilir. Yeniden oluşturmayın: \"Kontrol et\" ile Paynet'e sorun.",
            "Paynet gave no clear answer; the link may exist. Do not create it again: use \"Check\" to ask Paynet.",
        )
    }

    async fn create(
        svc: &LinkService,
        c: &Self,
        v: &ValidForm,
        link: LinkRecord,
        lang: Lang,
        _shop: Option<&str>,
    ) -> Result<CreateOutcome, LinkError> {
        svc.create_paynet(c, v, link, lang).await
    }

    async fn check_unknown(svc: &LinkService, link: LinkRecord, lang: Lang) -> Result<CheckOutcome, LinkError> {
        svc.check_paynet(link, lang).await
    }

    async fn refresh(svc: &LinkService, link: LinkRecord) -> Result<RefreshOutcome, LinkError> {
        svc.refresh_paynet(link).await
    }

    async fn cancel(svc: &LinkService, link: LinkRecord) -> Result<LinkRecord, LinkError> {
        svc.paynet_status(link, LinkStatus::Waiting, PaynetStatus::Passive, LinkStatus::Cancelled).await
    }

    async fn reopen(svc: &LinkService, link: LinkRecord) -> Result<LinkRecord, LinkError> {
        svc.paynet_status(link, LinkStatus::Cancelled, PaynetStatus::Waiting, LinkStatus::Waiting).await
    }
}

impl LinkService {
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

    async fn check_paynet(&self, link: LinkRecord, lang: Lang) -> Result<CheckOutcome, LinkError> {
        let id = link.id;
        let c = self.client::<PaynetClient>()?;
        let detail = match c.detail(&LinkRef::Reference(link.local_ref.clone())).await {
            Ok(d) => d,
            Err(e) if e.kind == ErrorKind::NotFound => {
                // Every create carries a unique reference_no, so "no such reference" means
                // Paynet never made this link: creating it again cannot duplicate it.
                let message = pick(
                    lang,
                    "Paynet'te bulunamadı — güvenle yeniden oluşturabilirsiniz.",
                    "Not found at Paynet — you can safely create it again.",
                );
                let reason = message.clone();
                let link = self.db(move |s| s.mark_failed(id, &reason)).await?;
                return Ok(CheckOutcome::NotCreated { link, message });
            }
            Err(e) => return Err(e.into()),
        };
        // `detail` documents no id or page address; a list row that agrees with it may have them
        // (the row's `reference_no` alone is the bank's, so it proves nothing).
        let address = match crate::tracker::paynet_plan::locate(&detail, &link.local_ref, link.amount_minor, &[], &[]) {
            Some(f) => Some(f),
            None => {
                let (created, today) = (ms_to_day(link.created_at), ms_to_day(now_ms()));
                let from = created.checked_sub_signed(Duration::days(1)).unwrap_or(created);
                let to = today.max(created).checked_add_signed(Duration::days(1)).unwrap_or(today.max(created));
                let rows = c.list_all(from, to).await?;
                crate::tracker::paynet_plan::locate(&detail, &link.local_ref, link.amount_minor, &rows, &[])
            }
        };
        match address {
            Some(f) => {
                let done = match self.db(move |s| s.finish_create(id, &f.provider_id, &f.url, f.expires_at_ms)).await {
                    Ok(done) => done,
                    // The tracker reconciled it meanwhile: report what it recorded.
                    Err(LinkError::Store(StoreError::IllegalTransition { .. })) => {
                        return Ok(CheckOutcome::Found { link: self.get(id).await? })
                    }
                    // The row's id is already another link's: it was not this one after all.
                    Err(LinkError::Store(StoreError::DuplicateProviderId { .. })) => {
                        return Ok(CheckOutcome::StillUnknown { link, message: no_address(lang) })
                    }
                    Err(e) => return Err(e),
                };
                let out = self.apply_paynet(&c, done, detail.status, detail.xact_id, lang).await?;
                Ok(CheckOutcome::Found { link: out.link })
            }
            // Without its address the link cannot be shared, but a final state can be recorded.
            None if detail.status != PaynetStatus::Waiting => {
                let out = self.apply_paynet(&c, link, detail.status, detail.xact_id, lang).await?;
                Ok(CheckOutcome::Found { link: out.link })
            }
            None => Ok(CheckOutcome::StillUnknown { link, message: no_address(lang) }),
        }
    }

    /// Records Paynet's status on the link, within the store's rules.
    pub(super) async fn apply_paynet(
        &self,
        c: &PaynetClient,
        link: LinkRecord,
        status: PaynetStatus,
        xact_id: Option<String>,
        lang: Lang,
    ) -> Result<RefreshOutcome, LinkError> {
        let target = match status {
            PaynetStatus::Waiting => LinkStatus::Waiting,
            PaynetStatus::Paid => LinkStatus::Paid,
            PaynetStatus::Expired => LinkStatus::Expired,
            PaynetStatus::Passive => LinkStatus::Cancelled,
            PaynetStatus::Unknown(code) => {
                log::warn!("link {}: Paynet reports status code {code}, which is not known; kept as is", link.id);
                let note = pick(
                    lang,
                    "Paynet bilinmeyen bir durum bildirdi; kayıt değiştirilmedi.",
                    "Paynet reported an unknown status; the record was not changed.",
                );
                return Ok(RefreshOutcome { link, changed: false, note: Some(note) });
            }
        };
        if target == link.status {
            return Ok(RefreshOutcome { link, changed: false, note: None });
        }
        if !may_become(&link, target) {
            log::warn!("link {}: Paynet says {status}, the store has {}; kept", link.id, link.status);
            return Ok(RefreshOutcome { link, changed: false, note: None });
        }
        let (mut payment_ref, mut at) = (None, now_ms());
        if target == LinkStatus::Paid {
            // By our reference first, then by the `xact_id` Paynet gave, as the tracker does
            // (transaction/check by reference is not documented for PayLinks).
            let mut refs = vec![TxRef::Reference(link.local_ref.clone())];
            refs.extend(xact_id.as_deref().map(str::trim).filter(|x| !x.is_empty()).map(|x| TxRef::XactId(x.into())));
            let mut ok = None;
            for r in refs {
                let txs = c.check_transaction(&r).await?;
                ok = txs
                    .into_iter()
                    .filter(|t| t.is_succeed && t.amount_minor == link.amount_minor)
                    .find(|t| xact_id.as_deref().is_none_or(|x| x.trim().is_empty() || x.trim() == t.xact_id));
                if ok.is_some() {
                    break;
                }
            }
            let Some(tx) = ok else {
                let note = pick(
                    lang,
                    "Paynet ödendi diyor ama ödeme işlemi henüz doğrulanamadı; biraz sonra yeniden deneyin.",
                    "Paynet says paid but the payment could not be confirmed yet; try again shortly.",
                );
                return Ok(RefreshOutcome { link, changed: false, note: Some(note) });
            };
            payment_ref = Some(tx.xact_id);
            at = tx.xact_date.map(|d| from_istanbul(d).timestamp_millis()).unwrap_or(at);
        }
        let id = link.id;
        let link = self.db(move |s| s.set_status(id, target, payment_ref.as_deref(), at)).await?;
        Ok(RefreshOutcome { link, changed: true, note: None })
    }

    async fn paynet_status(
        &self,
        link: LinkRecord,
        from: LinkStatus,
        send: PaynetStatus,
        to: LinkStatus,
    ) -> Result<LinkRecord, LinkError> {
        let id = link.id;
        if link.status != from {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        let c = self.client::<PaynetClient>()?;
        if let Err(e) = c.set_status(&paynet_ref(&link), send).await {
            if e.kind == ErrorKind::Rejected {
                // Usually paid or expired meanwhile: bring the record up to date for the UI.
                if let Err(r) = self.refresh(id).await {
                    log::warn!("link {id}: refresh after a refused status change failed: {}", r.kind());
                }
            }
            return Err(e.into());
        }
        self.db(move |s| s.set_status(id, to, None, now_ms())).await
    }

    /// "Durumu yenile" for Paynet: `detail`, by Paynet's id or our reference.
    async fn refresh_paynet(&self, link: LinkRecord) -> Result<RefreshOutcome, LinkError> {
        let c = self.client::<PaynetClient>()?;
        let lang = self.lang().await?;
        let d = c.detail(&paynet_ref(&link)).await?;
        self.apply_paynet(&c, link, d.status, d.xact_id, lang).await
    }
}

fn ms_to_day(ms: i64) -> chrono::NaiveDate {
    to_istanbul(DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_else(Utc::now)).date()
}

/// Paynet's id when known, else our reference.
fn paynet_ref(link: &LinkRecord) -> LinkRef {
    match &link.provider_id {
        Some(pid) => LinkRef::Id(crate::providers::paynet::PaynetLinkId(pid.clone())),
        None => LinkRef::Reference(link.local_ref.clone()),
    }
}

fn no_address(lang: Lang) -> String {
    pick(
        lang,
        "Paynet bu bağlantıyı buldu ama adresini vermedi; biraz sonra yeniden kontrol edin.",
        "Paynet has this link but did not give its address; check again in a moment.",
    )
}
