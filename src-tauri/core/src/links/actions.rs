//! Row actions that read or change a link's state at its provider: "Kontrol et" for an uncertain
//! create (and the owner's answer for a PayTR or iyzico one), refresh now, cancel and reopen.
//! Each action picks its provider's code in one `match`; iyzico's is in [`super::iyzico`].
//! Deleting and resending are in [`super::bulk`].

use super::error::{Action, LinkError};
use super::form::FieldError;
use super::{may_become, LinkService};
use crate::providers::iyzico::SetStatus;
use crate::providers::paynet::{LinkRef, PaynetClient, PaynetStatus, TxRef};
use crate::providers::paytr::PaytrLinkId;
use crate::providers::{CancelKind, ErrorKind, Provider};
use crate::store::{now_ms, LinkRecord, LinkStatus, StoreError};
use crate::time::{from_istanbul, to_istanbul};
use crate::Lang;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// What "Kontrol et" found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "camelCase")]
pub enum CheckOutcome {
    /// The provider has the link: the record is complete, with its current status.
    Found { link: LinkRecord },
    /// The provider never received it: recorded as failed, and safe to create again.
    #[serde(rename_all = "camelCase")]
    NotCreated { link: LinkRecord, message: String },
    /// The provider has it but did not give its id and address: still unknown for now.
    #[serde(rename_all = "camelCase")]
    StillUnknown { link: LinkRecord, message: String },
}

/// A link after asking its provider. `note` explains a status that was not taken over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshOutcome {
    pub link: LinkRecord,
    pub changed: bool,
    pub note: Option<String>,
}

fn pick(lang: Lang, tr: &str, en: &str) -> String {
    if lang == Lang::Tr { tr } else { en }.to_string()
}

fn ms_to_day(ms: i64) -> chrono::NaiveDate {
    to_istanbul(DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_else(Utc::now)).date()
}

impl LinkService {
    pub(super) async fn lang(&self) -> Result<Lang, LinkError> {
        self.db(|s| s.settings().map(|st| st.lang)).await
    }

    /// "Kontrol et" on a link whose create had no clear answer. Paynet is asked by our unique
    /// `reference_no`, iyzico's list by our `conversationId`; PayTR cannot look links up
    /// ([`LinkError::NotSupported`] with [`Action::LookUp`]: offer
    /// [`LinkService::attach_provider_id`], [`LinkService::delete_by_provider_id`] or
    /// [`LinkService::dismiss_unknown`]). A transport failure leaves the link unknown.
    pub async fn check_unknown(&self, id: i64) -> Result<CheckOutcome, LinkError> {
        let link = self.get(id).await?;
        if !matches!(link.status, LinkStatus::Unknown | LinkStatus::Creating) {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        if self.link_in_flight(id) {
            return Err(LinkError::AlreadyInFlight);
        }
        let lang = self.lang().await?;
        match link.provider {
            Provider::Paynet => self.check_paynet(link, lang).await,
            Provider::Iyzico => self.check_iyzico(link, lang).await,
            Provider::Paytr => Err(LinkError::NotSupported { provider: link.provider, action: Action::LookUp }),
        }
    }

    async fn check_paynet(&self, link: LinkRecord, lang: Lang) -> Result<CheckOutcome, LinkError> {
        let id = link.id;
        let c = self.paynet()?;
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

    /// For an uncertain create the owner found in the provider's panel: records the id or address
    /// they copied there, so the row becomes the normal waiting link it is. PayTR: see
    /// [`LinkService::attach_paytr_id`]; iyzico: the token or `iyzi.link` address, checked with
    /// iyzico. Paynet finds its own links ("Kontrol et").
    pub async fn attach_provider_id(&self, id: i64, entered: &str) -> Result<LinkRecord, LinkError> {
        let link = self.get(id).await?;
        if link.status != LinkStatus::Unknown || self.link_in_flight(id) {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        match link.provider {
            Provider::Paytr => self.attach_paytr_id(id, entered).await,
            Provider::Iyzico => self.attach_iyzico(link, entered).await,
            Provider::Paynet => Err(LinkError::NotSupported { provider: link.provider, action: Action::LookUp }),
        }
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
        let c = self.paytr()?;
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

    /// "Durumu yenile": asks Paynet (`detail`) or iyzico (`get`) and records what it says. A
    /// Paynet payment is recorded only once `transaction/check` confirms it; an iyzico one once
    /// `soldCount` shows it. PayTR has no such call.
    pub async fn refresh(&self, id: i64) -> Result<RefreshOutcome, LinkError> {
        let link = self.get(id).await?;
        if !link.provider.capabilities().refresh {
            return Err(LinkError::NotSupported { provider: link.provider, action: Action::Refresh });
        }
        if matches!(link.status, LinkStatus::Creating | LinkStatus::Unknown | LinkStatus::Failed | LinkStatus::Deleted)
        {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        match link.provider {
            Provider::Paynet => {
                let c = self.paynet()?;
                let lang = self.lang().await?;
                let d = c.detail(&paynet_ref(&link)).await?;
                self.apply_paynet(&c, link, d.status, d.xact_id, lang).await
            }
            Provider::Iyzico => self.refresh_iyzico(link).await,
            Provider::Paytr => Err(LinkError::NotSupported { provider: link.provider, action: Action::Refresh }),
        }
    }

    /// Records Paynet's status on the link, within the store's rules.
    async fn apply_paynet(
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

    /// Cancel: Paynet and iyzico make the link passive (it can be re-opened); PayTR deletes it.
    pub async fn cancel(&self, id: i64) -> Result<LinkRecord, LinkError> {
        let link = self.get(id).await?;
        let (from, to) = (LinkStatus::Waiting, LinkStatus::Cancelled);
        match (link.provider.capabilities().cancel, link.provider) {
            (CancelKind::Delete, Provider::Paytr) => self.delete_one_paytr(link).await,
            (CancelKind::Passive, Provider::Paynet) => self.paynet_status(link, from, PaynetStatus::Passive, to).await,
            (CancelKind::Passive, Provider::Iyzico) => self.iyzico_status(link, from, SetStatus::Passive, to).await,
            (_, p) => Err(LinkError::NotSupported { provider: p, action: Action::Delete }),
        }
    }

    /// Re-opens a cancelled Paynet or iyzico link (not an iyzico link that sold). PayTR cannot
    /// re-open a deleted link.
    pub async fn reopen(&self, id: i64) -> Result<LinkRecord, LinkError> {
        let link = self.get(id).await?;
        if !link.provider.capabilities().reopen {
            return Err(LinkError::NotSupported { provider: link.provider, action: Action::Reopen });
        }
        let (from, to) = (LinkStatus::Cancelled, LinkStatus::Waiting);
        match link.provider {
            Provider::Iyzico => self.iyzico_status(link, from, SetStatus::Active, to).await,
            _ => self.paynet_status(link, from, PaynetStatus::Waiting, to).await,
        }
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
        let c = self.paynet()?;
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
