//! The dispatch itself: an action goes to the link's own provider, and one that provider cannot do
//! is refused with its capability's message, never sent to another provider's call. Every client
//! points at one listening port that must never see a connection.

use super::*;
use crate::money::{Currency, Money};
use crate::providers::iyzico::IyzicoClient;
use crate::providers::paynet::PaynetClient;
use crate::providers::paytr::{PaytrClient, PaytrCredentials};
use crate::providers::{with_client_type, Clients, Provider};
use crate::store::{LinkStatus, NewLink, Store};
use secrecy::SecretString;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A port that would take any request: a connection attempt is queued even unaccepted.
struct Trap(TcpListener);

impl Trap {
    fn new() -> Trap {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        Trap(l)
    }

    fn url(&self) -> String {
        format!("http://{}", self.0.local_addr().unwrap())
    }

    fn assert_untouched(&self) {
        match self.0.accept() {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Ok((_, from)) => panic!("a request was sent to a provider (from {from})"),
            Err(e) => panic!("accept: {e}"),
        }
    }
}

fn service(trap: &Trap) -> LinkService {
    let (url, short) = (trap.url(), Duration::from_secs(2));
    let secret = |s: &str| SecretString::from(s.to_string());
    let paynet = PaynetClient::new(&url, secret("k")).unwrap().with_timeout(short);
    let creds = PaytrCredentials { merchant_id: "1".into(), merchant_key: secret("k"), merchant_salt: secret("s") };
    let paytr = PaytrClient::new(&url, creds).unwrap().with_timeout(short);
    let iyzico = IyzicoClient::new(&url, secret("a"), secret("b"), short).unwrap();
    let clients = Clients::default().with(Some(paynet)).with(Some(paytr)).with(Some(iyzico));
    LinkService::new(Arc::new(Mutex::new(Store::open_in_memory().unwrap())), clients)
}

/// A `p` link recorded in `status` (waiting and cancelled ones with a provider id).
async fn link(svc: &LinkService, p: Provider, status: LinkStatus) -> LinkRecord {
    svc.db(move |s| {
        let new = NewLink {
            provider: p,
            amount: Money::new(12_345, Currency::Tl).unwrap(),
            description: "Halı yıkama".into(),
            customer: "Ali Veli".into(),
            phone: None,
            email: None,
            local_ref: None,
            reference: None,
            paytr: None,
        };
        let l = s.begin_create(&new)?;
        if status == LinkStatus::Unknown {
            return s.mark_unknown(l.id, "test");
        }
        let l = s.finish_create(l.id, &format!("AAVSZg{}", l.id), "https://example.com/l", None)?;
        if status == LinkStatus::Cancelled {
            return s.set_status(l.id, status, None, crate::store::now_ms());
        }
        Ok(l)
    })
    .await
    .unwrap()
}

fn refusal(r: Result<impl std::fmt::Debug, LinkError>) -> (Provider, Action) {
    match r {
        Err(LinkError::NotSupported { provider, action }) => (provider, action),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn what_a_provider_cannot_do_is_refused_as_its_own_and_never_sent() {
    let trap = Trap::new();
    let svc = service(&trap);
    let mut kept = Vec::new();
    for p in Provider::ALL {
        let caps = p.capabilities();
        let waiting = link(&svc, p, LinkStatus::Waiting).await;
        let cancelled = link(&svc, p, LinkStatus::Cancelled).await;
        if !caps.refresh {
            assert_eq!(refusal(svc.refresh(waiting.id).await), (p, Action::Refresh));
            let r = with_client_type!(p, C => C::refresh(&svc, waiting.clone()).await);
            assert_eq!(refusal(r), (p, Action::Refresh));
        }
        if !caps.reopen {
            assert_eq!(refusal(svc.reopen(cancelled.id).await), (p, Action::Reopen));
            let r = with_client_type!(p, C => C::reopen(&svc, cancelled.clone()).await);
            assert_eq!(refusal(r), (p, Action::Reopen));
        }
        if !caps.resend {
            assert_eq!(refusal(svc.resend_email(waiting.id, "ali@example.com").await), (p, Action::Resend));
            let to = Again::Email("ali@example.com".into());
            let r = with_client_type!(p, C => C::send_again(&svc, &waiting, to).await);
            assert_eq!(refusal(r), (p, Action::Resend));
        }
        if !caps.delete {
            let r = with_client_type!(p, C => C::delete_batch(&svc, vec![waiting.clone()], Lang::En).await);
            let r = r.unwrap();
            let message = LinkError::NotSupported { provider: p, action: Action::Delete }.message(Lang::En);
            assert_eq!((r.len(), r[0].ok, r[0].error.as_deref()), (1, false, Some(message.as_str())), "{p}");
        }
        kept.extend([waiting, cancelled]);
    }
    // PayTR cannot look a link up; Paynet finds its own, so it takes no id from the owner.
    let paytr = link(&svc, Provider::Paytr, LinkStatus::Unknown).await;
    let e = svc.check_unknown(paytr.id).await.unwrap_err();
    assert!(e.message(Lang::En).starts_with("PayTR cannot look a link up"), "{}", e.message(Lang::En));
    assert_eq!(refusal(svc.check_unknown(paytr.id).await), (Provider::Paytr, Action::LookUp));
    let paynet = link(&svc, Provider::Paynet, LinkStatus::Unknown).await;
    assert_eq!(refusal(svc.attach_provider_id(paynet.id, "AAVSZg").await), (Provider::Paynet, Action::LookUp));
    // The capability's own words, not another provider's.
    let paytr_waiting = kept.iter().find(|l| l.provider == Provider::Paytr).unwrap();
    let e = svc.refresh(paytr_waiting.id).await.unwrap_err();
    assert!(e.message(Lang::En).starts_with("PayTR offers no way to ask"), "{}", e.message(Lang::En));

    kept.extend([paytr, paynet]);
    for l in kept {
        assert_eq!(svc.get(l.id).await.unwrap().status, l.status, "link {} ({}) changed", l.id, l.provider);
    }
    trap.assert_untouched();
}

#[test]
fn each_provider_is_dispatched_to_its_own_code() {
    for p in Provider::ALL {
        let (own, tr, en) = with_client_type!(p, C => {
            (C::PROVIDER, C::uncertain_message(Lang::Tr), C::uncertain_message(Lang::En))
        });
        assert_eq!(own, p);
        assert!(tr.starts_with(&format!("{p}'")) && en.starts_with(&format!("{p} gave no clear answer")), "{p}: {en}");
    }
    // Only PayTR keeps terms with the row.
    let v = crate::links::validate(
        &crate::links::CreateForm {
            provider: Some(Provider::Paytr),
            amount_text: "100".into(),
            description: "Halı yıkama".into(),
            customer: "Ali Veli".into(),
            ..Default::default()
        },
        Lang::Tr,
    )
    .unwrap();
    for p in Provider::ALL {
        let terms = with_client_type!(p, C => C::terms(&v));
        assert_eq!(terms.is_some(), p == Provider::Paytr, "{p}");
    }
}
