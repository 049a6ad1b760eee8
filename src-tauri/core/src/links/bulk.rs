//! Deleting (each provider its own links in as few requests as it can: PayTR several at once in
//! batches of ten, iyzico one request each), settling an unknown PayTR create by hand, and sending
//! a link again (PayTR only: Paynet sends only at creation).

use super::create::{Channel, Delivery};
use super::error::{Action, LinkError};
use super::form::FieldError;
use super::ops::{Again, LinkOps};
use super::validate::email_ok;
use super::LinkService;
use crate::phone::TrMobile;
use crate::providers::{with_client_type, Provider};
use crate::store::{LinkRecord, LinkStatus};
use crate::Lang;
use serde::Serialize;
use std::collections::BTreeMap;

/// One link's result in a multi-select delete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteResult {
    pub id: i64,
    pub ok: bool,
    /// The link as stored after the attempt (absent only when it could not be read).
    pub link: Option<LinkRecord>,
    pub error: Option<String>,
}

/// Links that can still be deleted at their provider.
pub(super) fn deletable(s: LinkStatus) -> bool {
    matches!(s, LinkStatus::Waiting | LinkStatus::Expired | LinkStatus::Cancelled | LinkStatus::Unknown)
}

impl LinkService {
    /// Deletes the selected links: PayTR links with `link/delete` (the client sends at most ten
    /// ids per request), iyzico links with `DELETE` each; Paynet links, which cannot be deleted, are made passive (cancelled).
    /// Each id gets its own result; one failure does not stop the others.
    pub async fn delete(&self, ids: &[i64]) -> Result<Vec<DeleteResult>, LinkError> {
        let lang = self.lang().await?;
        self.delete_in(ids, lang).await
    }

    /// [`Self::delete`] with the results' messages in `lang` (the CLI speaks English whatever the
    /// book's language is).
    pub async fn delete_in(&self, ids: &[i64], lang: Lang) -> Result<Vec<DeleteResult>, LinkError> {
        let wanted = ids.to_vec();
        let links = self.db(move |s| Ok(wanted.iter().map(|id| (*id, s.get(*id))).collect::<Vec<_>>())).await?;
        let mut results = Vec::new();
        // Deletable links by provider: each provider deletes its own in as few requests as it can.
        let mut batches: BTreeMap<Provider, Vec<LinkRecord>> = BTreeMap::new();
        for (id, found) in links {
            let fail = |link: Option<LinkRecord>, e: LinkError| DeleteResult {
                id,
                ok: false,
                link,
                error: Some(e.message(lang)),
            };
            let link = match found {
                Ok(l) => l,
                Err(e) => {
                    results.push(fail(None, e.into()));
                    continue;
                }
            };
            if results.iter().any(|r: &DeleteResult| r.id == id) || batches.values().flatten().any(|l| l.id == id) {
                continue; // the same id selected twice
            }
            if !link.provider.capabilities().delete {
                results.push(match self.cancel(id).await {
                    Ok(l) => DeleteResult { id, ok: true, link: Some(l), error: None },
                    Err(e) => fail(Some(link), e),
                });
            } else if link.status == LinkStatus::Deleted {
                results.push(DeleteResult { id, ok: true, link: Some(link), error: None })
            } else if !deletable(link.status) {
                let status = link.status;
                results.push(fail(Some(link), LinkError::WrongState { id, status }))
            } else if link.provider_id.is_none() {
                results.push(fail(Some(link), LinkError::NoProviderId(id)))
            } else {
                batches.entry(link.provider).or_default().push(link);
            }
        }
        for (provider, links) in batches {
            // A provider whose capabilities say it deletes, without a delete of its own:
            // refused per link (the default).
            results.extend(with_client_type!(provider, C => C::delete_batch(self, links, lang).await)?);
        }
        // Back in the order asked for.
        results.sort_by_key(|r| ids.iter().position(|i| *i == r.id).unwrap_or(usize::MAX));
        Ok(results)
    }

    /// For an unknown PayTR create the owner did not find in the PayTR panel: recorded as
    /// failed (never created), so it can be created again.
    pub async fn dismiss_unknown(&self, id: i64) -> Result<LinkRecord, LinkError> {
        let link = self.get(id).await?;
        if link.status != LinkStatus::Unknown || self.link_in_flight(id) {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        let reason = match self.lang().await? {
            Lang::Tr => "Sahibi sağlayıcı panelinde bulunmadığını onayladı",
            Lang::En => "The owner confirmed it is not in the provider's panel",
        };
        self.db(move |s| s.mark_failed(id, reason)).await
    }

    /// Sends a PayTR link again by SMS (`phone_text` empty: the link's own phone).
    pub async fn resend_sms(&self, id: i64, phone_text: &str) -> Result<Delivery, LinkError> {
        let (link, lang) = self.resendable(id).await?;
        let text =
            if phone_text.trim().is_empty() { link.phone.clone().unwrap_or_default() } else { phone_text.to_string() };
        let phone = TrMobile::parse(&text).map_err(|e| {
            LinkError::Invalid(vec![FieldError { field: "phoneText", code: e.code(), message: e.message(lang) }])
        })?;
        self.send_again(&link, Again::Sms(phone.clone())).await?;
        Ok(Delivery { channel: Channel::Sms, to: phone.to_string(), sent: true, error: None })
    }

    /// Sends a PayTR link again by e-mail (`email` empty: the link's own address).
    pub async fn resend_email(&self, id: i64, email: &str) -> Result<Delivery, LinkError> {
        let (link, lang) = self.resendable(id).await?;
        let to =
            if email.trim().is_empty() { link.email.clone().unwrap_or_default() } else { email.trim().to_string() };
        if !email_ok(&to, 100) {
            return Err(LinkError::Invalid(vec![FieldError {
                field: "email",
                code: if to.is_empty() { "email_required" } else { "email_invalid" },
                message: match lang {
                    Lang::Tr => "Geçerli bir e-posta adresi yazın, örneğin ali@ornek.com.".into(),
                    Lang::En => "Enter a valid e-mail address, like ali@example.com.".into(),
                },
            }]));
        }
        self.send_again(&link, Again::Email(to.clone())).await?;
        Ok(Delivery { channel: Channel::Email, to, sent: true, error: None })
    }

    async fn send_again(&self, link: &LinkRecord, to: Again) -> Result<(), LinkError> {
        with_client_type!(link.provider, C => C::send_again(self, link, to).await)
    }

    async fn resendable(&self, id: i64) -> Result<(LinkRecord, Lang), LinkError> {
        let link = self.get(id).await?;
        if !link.provider.capabilities().resend {
            return Err(LinkError::NotSupported { provider: link.provider, action: Action::Resend });
        }
        if link.status != LinkStatus::Waiting {
            return Err(LinkError::WrongState { id, status: link.status });
        }
        if link.provider_id.is_none() {
            return Err(LinkError::NoProviderId(id));
        }
        Ok((link, self.lang().await?))
    }
}
