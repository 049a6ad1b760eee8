//! Row actions that read or change a link's state at its provider: "Kontrol et" for an uncertain
//! create (and the owner's answer for a PayTR or iyzico one), refresh now, cancel and reopen.
//! Each action checks what is common to every provider, then hands the link to its provider's
//! [`LinkOps`] (in [`super::paynet`], [`super::paytr`], [`super::iyzico`]). Deleting and resending
//! are in [`super::bulk`].

use super::error::{Action, LinkError};
use super::ops::LinkOps;
use super::LinkService;
use crate::providers::with_client_type;
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
        with_client_type!(link.provider, C => C::check_unknown(self, link, lang).await)
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
        with_client_type!(link.provider, C => C::attach(self, link, entered).await)
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
        with_client_type!(link.provider, C => C::refresh(self, link).await)
    }

    /// Cancel: Paynet and iyzico make the link passive (it can be re-opened); PayTR deletes it.
    pub async fn cancel(&self, id: i64) -> Result<LinkRecord, LinkError> {
        let link = self.get(id).await?;
        with_client_type!(link.provider, C => C::cancel(self, link).await)
    }

    /// Re-opens a cancelled Paynet or iyzico link (not an iyzico link that sold). PayTR cannot
    /// re-open a deleted link.
    pub async fn reopen(&self, id: i64) -> Result<LinkRecord, LinkError> {
        let link = self.get(id).await?;
        if !link.provider.capabilities().reopen {
            return Err(LinkError::NotSupported { provider: link.provider, action: Action::Reopen });
        }
        // A provider that says it re-opens but has no `reopen` of its own is refused (the
        // default), never sent to another provider's call.
        with_client_type!(link.provider, C => C::reopen(self, link).await)
    }
}
