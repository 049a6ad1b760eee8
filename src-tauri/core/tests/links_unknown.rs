//! Creates without a clear answer: recorded `unknown`, never retried, and reconciled by
//! "Kontrol et" (Paynet, by our reference_no) or by hand (PayTR, which cannot look links up).

mod links_common;

use links_common::*;
use std::time::Duration;
use tahsildar_core::links::{Action, CheckOutcome, CreateOutcome, LinkError};
use tahsildar_core::providers::paytr::CreateLink;
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::store::LinkStatus;

const SHORT: Duration = Duration::from_millis(400);

#[tokio::test]
async fn a_held_paynet_create_is_found_again_without_a_second_link() {
    let env = Env::with_timeout(SHORT).await;
    env.hold_next(PAYNET_CREATE);
    let out = env.svc.create(&paynet_form("320,00", "Ali Veli")).await.unwrap();
    let CreateOutcome::Uncertain { link, message } = out else { panic!("{out:?}") };
    assert_eq!(link.status, LinkStatus::Unknown);
    assert!(message.contains("Kontrol et"), "{message}");
    assert!(link.provider_id.is_none() && link.url.is_none());
    assert_eq!(env.paynet_links(), 1, "the held request was carried out");

    let found = env.svc.check_unknown(link.id).await.unwrap();
    let CheckOutcome::Found { link: done } = found else { panic!("{found:?}") };
    assert_eq!(done.status, LinkStatus::Waiting);
    assert!(done.provider_id.is_some());
    assert!(done.url.as_deref().unwrap().starts_with(env.sb.base_url()));
    assert!(done.expires_at.is_some());
    assert_eq!(env.paynet_links(), 1, "reconciling created nothing");
    assert_eq!(env.requests(PAYNET_CREATE), 1, "the create was never retried");
    // The link is complete: a second check has nothing to do.
    assert_eq!(env.svc.check_unknown(link.id).await.unwrap_err().kind(), "wrong_state");
}

#[tokio::test]
async fn kontrol_et_finds_a_held_paynet_create_whose_list_row_shows_the_banks_reference() {
    let env = Env::with_timeout(SHORT).await;
    env.hold_next(PAYNET_CREATE);
    let out = env.svc.create(&paynet_form("320,00", "Ali Veli")).await.unwrap();
    let CreateOutcome::Uncertain { link, .. } = out else { panic!("{out:?}") };
    // Find the link Paynet made by our reference (documented for detail), then make its list row
    // show a bank reference instead of ours.
    let c = paynet_client(&env.sb, Duration::from_secs(5));
    let today = tahsildar_core::time::to_istanbul(env.sb.state().clock.now()).date();
    let rows = c.list_all(today.pred_opt().unwrap(), today.succ_opt().unwrap()).await.unwrap();
    let id = rows[0].id.clone().unwrap();
    assert!(tahsildar_core::sandbox::lock(&env.sb.state().paynet).set_list_reference(&id.0, "BNK-000777"));

    let found = env.svc.check_unknown(link.id).await.unwrap();
    let CheckOutcome::Found { link: done } = found else { panic!("{found:?}") };
    assert_eq!(done.status, LinkStatus::Waiting);
    assert_eq!(done.provider_id.as_deref(), Some(id.0.as_str()));
    assert_eq!(done.url, rows[0].url);
}

#[tokio::test]
async fn a_paynet_create_that_never_arrived_is_marked_failed() {
    let env = Env::with_timeout(SHORT).await;
    env.fault_next(PAYNET_CREATE, Fault::Drop);
    let out = env.svc.create(&paynet_form("99", "Ali Veli")).await.unwrap();
    assert_eq!(out.link().status, LinkStatus::Unknown);
    assert_eq!(env.paynet_links(), 0);
    let CheckOutcome::NotCreated { link, message } = env.svc.check_unknown(out.link().id).await.unwrap() else {
        panic!()
    };
    assert_eq!(link.status, LinkStatus::Failed);
    assert_eq!(message, "Paynet'te bulunamadı — güvenle yeniden oluşturabilirsiniz.");
    assert_eq!(env.paynet_links(), 0);
}

#[tokio::test]
async fn check_stays_unknown_when_paynet_does_not_answer() {
    let env = Env::with_timeout(SHORT).await;
    env.hold_next(PAYNET_CREATE);
    let id = env.svc.create(&paynet_form("45", "Ali Veli")).await.unwrap().link().id;
    env.fault_next("/v1/mailorder/detail", Fault::Http500);
    let e = env.svc.check_unknown(id).await.unwrap_err();
    assert_eq!(e.kind(), "provider_server");
    assert_eq!(env.svc.get(id).await.unwrap().status, LinkStatus::Unknown);
}

#[tokio::test]
async fn a_held_paytr_create_cannot_be_looked_up_but_can_be_deleted_by_its_id() {
    let env = Env::with_timeout(SHORT).await;
    env.hold_next(PAYTR_CREATE);
    let out = env.svc.create(&paytr_form("500", "Bahçe bakımı")).await.unwrap();
    let CreateOutcome::Uncertain { link, message } = out else { panic!("{out:?}") };
    assert!(message.contains("PayTR panel"), "{message}");
    assert_eq!(env.paytr_links(), 1);

    let e = env.svc.check_unknown(link.id).await.unwrap_err();
    assert!(matches!(e, LinkError::NotSupported { action: Action::LookUp, .. }), "{e:?}");
    assert_eq!(e.kind(), "cannot_look_up");
    assert!(e.message(tahsildar_core::Lang::Tr).contains("Panelde yok"));
    assert_eq!((env.paytr_links(), env.requests(PAYTR_CREATE)), (1, 1), "no duplicate, no retry");

    // The owner reads an id in the PayTR panel. One PayTR does not know is refused…
    let e = env.svc.delete_by_provider_id(link.id, "NoSuch1").await.unwrap_err();
    assert_eq!(e.kind(), "provider_not_found");
    let e = env.svc.delete_by_provider_id(link.id, "bad id!").await.unwrap_err();
    assert_eq!(e.fields()[0].field, "providerId");
    assert_eq!(env.svc.get(link.id).await.unwrap().status, LinkStatus::Unknown);
    // …a real one is deleted at PayTR and the row settled.
    let real = paytr_client(&env.sb, Duration::from_secs(5))
        .create(&CreateLink::product(
            "Panelde görülen",
            tahsildar_core::money::Money::new(50_000, tahsildar_core::money::Currency::Tl).unwrap(),
        ))
        .await
        .unwrap();
    let done = env.svc.delete_by_provider_id(link.id, &real.id.0).await.unwrap();
    assert_eq!(done.status, LinkStatus::Deleted);
    assert_eq!(env.requests(PAYTR_DELETE), 2);
}

#[tokio::test]
async fn an_unknown_paytr_link_the_owner_did_not_find_can_be_dismissed() {
    let env = Env::with_timeout(SHORT).await;
    env.fault_next(PAYTR_CREATE, Fault::Hang);
    let out = env.svc.create(&paytr_form("80", "Saat tamiri")).await.unwrap();
    assert_eq!(out.link().status, LinkStatus::Unknown);
    let known = env.svc.create(&paytr_form("81", "Saat tamiri 2")).await.unwrap();
    // An id that belongs to another of our links is never deleted through this row.
    let pid = known.link().provider_id.clone().unwrap();
    assert_eq!(env.svc.delete_by_provider_id(out.link().id, &pid).await.unwrap_err().kind(), "wrong_state");
    let gone = env.svc.dismiss_unknown(out.link().id).await.unwrap();
    assert_eq!(gone.status, LinkStatus::Failed);
    assert_eq!(env.paytr_links(), 1);
}

/// Issue 10 item 3: the owner finds the uncertain link in the PayTR panel and enters its id (or
/// pastes its address): the row becomes the normal waiting link, payable and deletable.
#[tokio::test]
async fn an_unknown_paytr_link_found_in_the_panel_becomes_a_normal_link() {
    let env = Env::with_timeout(SHORT).await;
    env.hold_next(PAYTR_CREATE);
    let out = env.svc.create(&paytr_form("500", "Bahçe bakımı")).await.unwrap();
    let link = out.link().clone();
    assert_eq!(link.status, LinkStatus::Unknown);
    // The expiry asked for is known even though the answer never came (item 8).
    assert!(link.expires_at.is_some(), "the planned expiry is kept");
    let pid = tahsildar_core::sandbox::lock(&env.sb.state().paytr).link_ids().pop().unwrap();

    // Mistyped ids are refused on the field, and the row stays as it was.
    for bad in ["", "ab", "NB2 Zlz3", "NB2Zlz3!", "https://www.paytr.com/odeme"] {
        let e = env.svc.attach_paytr_id(link.id, bad).await.unwrap_err();
        assert_eq!((e.fields()[0].field, e.fields()[0].code), ("providerId", "provider_id_invalid"), "{bad:?}");
    }
    let other = env.svc.create(&paytr_form("501", "Başka iş")).await.unwrap();
    let taken = other.link().provider_id.clone().unwrap();
    let e = env.svc.attach_paytr_id(link.id, &taken).await.unwrap_err();
    assert_eq!(e.fields()[0].code, "provider_id_taken");
    assert_eq!(env.svc.get(link.id).await.unwrap().status, LinkStatus::Unknown);

    // The address copied from the panel works as well as the bare id.
    let done = env.svc.attach_paytr_id(link.id, &format!("  {}/link/{pid}  ", env.sb.base_url())).await.unwrap();
    assert_eq!(done.status, LinkStatus::Waiting);
    assert_eq!(done.provider_id.as_deref(), Some(pid.as_str()));
    let url = done.url.clone().unwrap();
    assert_eq!(url, format!("{}/link/{pid}", env.sb.base_url()));
    assert_eq!(done.expires_at, link.expires_at);
    // The address is PayTR's payment page for that link.
    let page = reqwest::get(&url).await.unwrap();
    assert!(page.status().is_success(), "{}", page.status());
    // Recorded in the book: read back from the store, it is a waiting link with its id.
    let stored = env.rows().into_iter().find(|r| r.id == link.id).unwrap();
    assert_eq!((stored.status, stored.provider_id.as_deref()), (LinkStatus::Waiting, Some(pid.as_str())));
    // A second answer is refused; the link is now deleted like any other.
    assert_eq!(env.svc.attach_paytr_id(link.id, &pid).await.unwrap_err().kind(), "wrong_state");
    let gone = env.svc.delete(&[link.id]).await.unwrap();
    assert!(gone[0].ok, "{gone:?}");
    assert_eq!(env.svc.get(link.id).await.unwrap().status, LinkStatus::Deleted);
    assert_eq!((env.requests(PAYTR_CREATE), env.paytr_links()), (2, 2), "never created again");
}
