//! The link service with iyzico, over real HTTP against the sandbox and a real SQLite file:
//! create → pay on the sandbox → refresh says paid; cancel (PASSIVE), reopen (ACTIVE), delete.

mod links_common;

use links_common::*;
use std::time::Duration;
use tahsildar_core::links::{CreateOutcome, LinkError};
use tahsildar_core::providers::iyzico::{IyzicoToken, LinkStatus as IyzStatus};
use tahsildar_core::providers::{ErrorKind, Provider};
use tahsildar_core::store::LinkStatus;
use tahsildar_core::Lang;

async fn env() -> Env {
    Env::with_iyzico(Duration::from_secs(10)).await
}

/// Creates an iyzico link through the service; returns its book id and token.
async fn create(env: &Env, amount: &str) -> (i64, String) {
    let out = env.svc.create(&iyzico_form(amount, "Doğum günü pastası")).await.unwrap();
    let CreateOutcome::Created { link, deliveries } = out else { panic!("not created: {out:?}") };
    assert!(deliveries.is_empty());
    (link.id, link.provider_id.clone().unwrap())
}

#[tokio::test]
async fn create_records_a_single_use_link_with_our_reference() {
    let env = env().await;
    let out = env.svc.create(&iyzico_form("1.234,56", "Doğum günü pastası")).await.unwrap();
    let CreateOutcome::Created { link, .. } = out else { panic!("{out:?}") };
    assert_eq!((link.provider, link.status, link.amount_minor), (Provider::Iyzico, LinkStatus::Waiting, 123_456));
    let token = link.provider_id.clone().unwrap();
    assert!(link.url.as_deref().unwrap().ends_with(&format!("/{token}")), "{:?}", link.url);
    assert_eq!(link.expires_at, None);
    assert_eq!(env.iyzico_links(), 1);
    // What iyzico holds: our local_ref as conversationId, the price, one sale at most.
    let c = iyzico_client(&env.sb, Duration::from_secs(5));
    let at_iyzico = c.get(&IyzicoToken::parse(&token).unwrap(), Lang::Tr).await.unwrap();
    assert_eq!(at_iyzico.conversation_id.as_deref(), Some(link.local_ref.as_str()));
    assert_eq!(at_iyzico.price_minor, Some(123_456));
    assert_eq!(at_iyzico.currency_code.as_deref(), Some("TRY"));
    assert_eq!(at_iyzico.name.as_deref(), Some("Doğum günü pastası"));
    assert_eq!((at_iyzico.stock_enabled, at_iyzico.stock_count, at_iyzico.sold_limit), (Some(true), Some(1), Some(1)));
    assert_eq!(at_iyzico.status, Some(IyzStatus::Active));
    // The card went with it: the sandbox serves the image it decoded (a PNG).
    let img = reqwest::get(at_iyzico.image_url.unwrap()).await.unwrap().bytes().await.unwrap();
    assert!(img.starts_with(b"\x89PNG\r\n\x1a\n"), "{} bytes", img.len());
    assert_eq!(env.rows().len(), 1);
}

#[tokio::test]
async fn paid_on_the_sandbox_then_refresh_says_paid() {
    let env = env().await;
    let (id, token) = create(&env, "149,90").await;
    let before = env.svc.refresh(id).await.unwrap();
    assert_eq!((before.link.status, before.changed), (LinkStatus::Waiting, false));
    assert_eq!(env.pay_iyzico(&token).await, 200);
    // Single use: iyzico refuses a second payment on the same link.
    assert_eq!(env.pay_iyzico(&token).await, 409);
    let after = env.svc.refresh(id).await.unwrap();
    assert_eq!((after.link.status, after.changed), (LinkStatus::Paid, true));
    assert!(after.link.paid_at.is_some());
    assert_eq!(env.svc.get(id).await.unwrap().status, LinkStatus::Paid);
}

#[tokio::test]
async fn cancel_makes_it_passive_and_reopen_active_again() {
    let env = env().await;
    let (id, token) = create(&env, "50").await;
    let c = iyzico_client(&env.sb, Duration::from_secs(5));
    let t = IyzicoToken::parse(&token).unwrap();

    let cancelled = env.svc.cancel(id).await.unwrap();
    assert_eq!(cancelled.status, LinkStatus::Cancelled);
    assert_eq!(c.get(&t, Lang::Tr).await.unwrap().status, Some(IyzStatus::Passive));
    assert_eq!(env.pay_iyzico(&token).await, 409, "a passive link takes no payment");
    // Refresh of a cancelled link agrees with iyzico.
    assert_eq!(env.svc.refresh(id).await.unwrap().link.status, LinkStatus::Cancelled);

    let reopened = env.svc.reopen(id).await.unwrap();
    assert_eq!(reopened.status, LinkStatus::Waiting);
    assert_eq!(c.get(&t, Lang::Tr).await.unwrap().status, Some(IyzStatus::Active));
    assert_eq!(env.pay_iyzico(&token).await, 200);
    assert_eq!(env.svc.refresh(id).await.unwrap().link.status, LinkStatus::Paid);
}

#[tokio::test]
async fn a_cancel_that_crossed_a_sale_records_the_payment() {
    let env = env().await;
    let (id, token) = create(&env, "75").await;
    assert_eq!(env.pay_iyzico(&token).await, 200);
    // The book still says waiting; the cancel reads the link back and finds the sale.
    assert_eq!(env.svc.cancel(id).await.unwrap().status, LinkStatus::Paid);
}

#[tokio::test]
async fn reopen_refuses_a_link_that_sold() {
    let env = env().await;
    let (id, token) = create(&env, "80").await;
    assert_eq!(env.pay_iyzico(&token).await, 200);
    // The book had it cancelled before it learned of the sale.
    env.store.lock().unwrap().set_status(id, LinkStatus::Cancelled, None, 1).unwrap();
    let err = env.svc.reopen(id).await.unwrap_err();
    assert!(matches!(err, LinkError::WrongState { status: LinkStatus::Paid, .. }), "{err:?}");
    assert_eq!(env.svc.get(id).await.unwrap().status, LinkStatus::Paid);
    let c = iyzico_client(&env.sb, Duration::from_secs(5));
    let at = c.get(&IyzicoToken::parse(&token).unwrap(), Lang::Tr).await.unwrap();
    assert_eq!(at.status, Some(IyzStatus::Active), "nothing was sent for the refused reopen");
    assert_eq!(env.requests(&format!("{IYZICO_PRODUCTS}/{token}/status/ACTIVE")), 0);
}

#[tokio::test]
async fn delete_removes_links_at_iyzico_and_keeps_a_paid_one() {
    let env = env().await;
    let (a, ta) = create(&env, "10").await;
    let (b, _) = create(&env, "20").await;
    let (paid, tp) = create(&env, "30").await;
    assert_eq!(env.pay_iyzico(&tp).await, 200);
    let results = env.svc.delete(&[a, b, paid]).await.unwrap();
    assert_eq!(results.iter().map(|r| r.id).collect::<Vec<_>>(), vec![a, b, paid]);
    assert!(results[0].ok && results[1].ok, "{results:?}");
    assert_eq!(results[0].link.as_ref().unwrap().status, LinkStatus::Deleted);
    assert!(!results[2].ok);
    assert_eq!(results[2].link.as_ref().unwrap().status, LinkStatus::Paid);
    assert_eq!(env.svc.get(paid).await.unwrap().status, LinkStatus::Paid);
    assert_eq!(env.iyzico_links(), 1, "the paid link stays at iyzico");
    let c = iyzico_client(&env.sb, Duration::from_secs(5));
    let gone = c.get(&IyzicoToken::parse(&ta).unwrap(), Lang::Tr).await.unwrap_err();
    assert_eq!(gone.kind, ErrorKind::NotFound);
    // Deleting again is a no-op for the book.
    let again = env.svc.delete(&[a]).await.unwrap();
    assert!(again[0].ok);
}

#[tokio::test]
async fn a_link_deleted_in_the_panel_is_recorded_deleted_by_delete() {
    let env = env().await;
    let (id, token) = create(&env, "40").await;
    let c = iyzico_client(&env.sb, Duration::from_secs(5));
    c.delete(&IyzicoToken::parse(&token).unwrap(), Lang::Tr).await.unwrap();
    // Refresh says iyzico cannot find it, in the owner's words.
    let err = env.svc.refresh(id).await.unwrap_err();
    assert_eq!(err.kind(), "provider_not_found");
    assert!(err.message(Lang::Tr).contains("iyzico bu bağlantıyı bulamadı"), "{}", err.message(Lang::Tr));
    let r = env.svc.delete(&[id]).await.unwrap();
    assert!(r[0].ok, "{r:?}");
    assert_eq!(env.svc.get(id).await.unwrap().status, LinkStatus::Deleted);
}

#[tokio::test]
async fn the_card_carries_the_shop_name_from_the_settings() {
    use tahsildar_core::money::{Currency, Money};
    use tahsildar_core::providers::iyzico::card;
    let env = env().await;
    {
        let store = env.store.lock().unwrap();
        let mut st = store.settings().unwrap();
        st.shop_name = "  Şükrü'nün Pastanesi ".into();
        store.save_settings(&st).unwrap();
    }
    let (_, token) = create(&env, "149,90").await;
    let c = iyzico_client(&env.sb, Duration::from_secs(5));
    let url = c.get(&IyzicoToken::parse(&token).unwrap(), Lang::Tr).await.unwrap().image_url.unwrap();
    let sent = reqwest::get(url).await.unwrap().bytes().await.unwrap();
    let price = Money::new(14_990, Currency::Tl).unwrap();
    let with_shop = card::render(price, "Doğum günü pastası", Some("Şükrü'nün Pastanesi")).unwrap();
    let without = card::render(price, "Doğum günü pastası", None).unwrap();
    assert_eq!(sent.as_ref(), with_shop.bytes());
    assert_ne!(with_shop.bytes(), without.bytes());
}
