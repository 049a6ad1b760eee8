//! The seam between the link service and one provider: [`LinkOps`], implemented by each
//! provider's client type in that provider's own module ([`super::paynet`], [`super::paytr`],
//! [`super::iyzico`]). The service checks what is common (the link's state, the provider's
//! [`crate::providers::Capabilities`]) and hands the rest to the link's provider with
//! [`crate::providers::with_client_type!`], which follows the one `clients!` registration: a new
//! provider is its module plus its line there, and a client type without `LinkOps` does not
//! compile.
//!
//! Every operation but `create` and `uncertain_message` defaults to "this provider cannot do it"
//! ([`LinkError::NotSupported`], with the action the capabilities name), so a provider states only
//! what its API does and nothing falls through to another provider's call.

use super::actions::{CheckOutcome, RefreshOutcome};
use super::bulk::DeleteResult;
use super::create::CreateOutcome;
use super::error::{Action, LinkError};
use super::form::ValidForm;
use super::LinkService;
use crate::phone::TrMobile;
use crate::providers::ProviderClient;
use crate::store::{LinkRecord, PaytrTerms};
use crate::Lang;

/// Where a link is sent again.
#[derive(Clone, Debug)]
pub(super) enum Again {
    Sms(TrMobile),
    Email(String),
}

/// `C`'s refusal of `action`.
fn refused<C: ProviderClient>(action: Action) -> LinkError {
    LinkError::NotSupported { provider: C::PROVIDER, action }
}

/// One provider's link operations. The service has already checked the link's state where the
/// action is common to all providers; each provider checks what only it knows.
pub(super) trait LinkOps: ProviderClient {
    /// What an uncertain create (no clear answer) tells the owner to do next.
    fn uncertain_message(lang: Lang) -> String;

    /// The link's terms the store keeps with the row before the request (PayTR's link type).
    fn terms(_v: &ValidForm) -> Option<PaytrTerms> {
        None
    }

    /// Calls the provider once for a link recorded `creating` and completes the record
    /// ([`LinkService::finish`], [`LinkService::create_failed`]). `shop` is the shop's name.
    async fn create(
        svc: &LinkService,
        c: &Self,
        v: &ValidForm,
        link: LinkRecord,
        lang: Lang,
        shop: Option<&str>,
    ) -> Result<CreateOutcome, LinkError>;

    /// "Kontrol et" on an uncertain create.
    async fn check_unknown(_svc: &LinkService, _link: LinkRecord, _lang: Lang) -> Result<CheckOutcome, LinkError> {
        Err(refused::<Self>(Action::LookUp))
    }

    /// The id or address the owner copied from the provider's panel for an uncertain create.
    async fn attach(_svc: &LinkService, _link: LinkRecord, _entered: &str) -> Result<LinkRecord, LinkError> {
        Err(refused::<Self>(Action::LookUp))
    }

    /// "Durumu yenile".
    async fn refresh(_svc: &LinkService, _link: LinkRecord) -> Result<RefreshOutcome, LinkError> {
        Err(refused::<Self>(Action::Refresh))
    }

    /// "İptal", as the provider's [`crate::providers::CancelKind`] says (passive or deleted).
    async fn cancel(_svc: &LinkService, _link: LinkRecord) -> Result<LinkRecord, LinkError> {
        Err(refused::<Self>(Action::Delete))
    }

    /// Opens a cancelled link again.
    async fn reopen(_svc: &LinkService, _link: LinkRecord) -> Result<LinkRecord, LinkError> {
        Err(refused::<Self>(Action::Reopen))
    }

    /// Deletes this provider's deletable links (each has its provider id), one result each.
    async fn delete_batch(
        _svc: &LinkService,
        links: Vec<LinkRecord>,
        lang: Lang,
    ) -> Result<Vec<DeleteResult>, LinkError> {
        Ok(links
            .into_iter()
            .map(|l| {
                let e = refused::<Self>(Action::Delete);
                DeleteResult { id: l.id, ok: false, error: Some(e.message(lang)), link: Some(l) }
            })
            .collect())
    }

    /// Sends a waiting link (with its provider id) again.
    async fn send_again(_svc: &LinkService, _link: &LinkRecord, _to: Again) -> Result<(), LinkError> {
        Err(refused::<Self>(Action::Resend))
    }
}

#[cfg(test)]
#[path = "ops_tests.rs"]
mod tests;
