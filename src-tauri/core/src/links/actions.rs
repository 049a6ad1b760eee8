//! Row actions that read or change a link's state at its provider: "Kontrol et" for an uncertain
//! create (and the owner's answer for a PayTR or iyzico one), refresh now, cancel and reopen.
//! Each action picks its provider's code in one `match`; the providers' own code is in
//! [`super::paynet`], [`super::paytr`] and [`super::iyzico`]. Deleting and resending are in
//! [`super::bulk`].

use super::error::{Action, LinkError};
use super::LinkService;
use crate::providers::iyzico::SetStatus;
use crate::providers::paynet::PaynetStatus;
use crate::providers::{CancelKind, Provider};
use crate::store::{LinkRecord, LinkStatus};
use crate::Lang;
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
            Provider::Paynet => self.refresh_paynet(link).await,
            Provider::Iyzico => self.refresh_iyzico(link).await,
            Provider::Paytr => Err(LinkError::NotSupported { provider: link.provider, action: Action::Refresh }),
        }
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
            Provider::Paynet => self.paynet_status(link, from, PaynetStatus::Waiting, to).await,
            // A provider that says it re-opens must say how here, not fall to Paynet's call.
            p => Err(LinkError::NotSupported { provider: p, action: Action::Reopen }),
        }
    }
}
