//! iyzico's failures through the link service (over real HTTP to the sandbox, a real SQLite
//! file): each documented failure becomes its error kind, with iyzico's code kept and words for
//! the owner; an unanswered create stays `unknown` and "Kontrol et" settles it by conversationId.

mod links_common;

use links_common::*;
use std::time::Duration;
use tahsildar_core::links::{CheckOutcome, CreateOutcome, LinkError, LinkService};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::iyzico::{card, LinkFields};
use tahsildar_core::providers::Clients;
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::store::LinkStatus;
use tahsildar_core::Lang;

fn provider_kind(e: &LinkError) -> (&'static str, Option<String>) {
    match e {
        LinkError::Provider(p) => (e.kind(), p.code.clone()),
        other => panic!("not a provider error: {other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_secret_is_an_auth_failure_and_the_row_failed() {
    let env = Env::with_iyzico(Duration::from_secs(5)).await;
    env.svc.set_client(Some(iyzico_client_with(env.sb.base_url(), "sandbox-wrong-secret", Duration::from_secs(5))));
    let err = env.svc.create(&iyzico_form("100", "Kek")).await.unwrap_err();
    assert_eq!(provider_kind(&err), ("provider_auth", Some("1000".into())));
    let tr = err.message(Lang::Tr);
    assert!(tr.contains("iyzico anahtarlarınızı kabul etmedi") && tr.contains("Geçersiz imza"), "{tr}");
    assert!(err.message(Lang::En).contains("did not accept your keys"));
    assert!(!tr.contains("sandbox-wrong-secret"), "no secret in messages");
    assert_eq!(env.rows()[0].status, LinkStatus::Failed);
    assert_eq!(env.iyzico_links(), 0);
}

#[tokio::test]
async fn an_unknown_api_key_is_an_auth_failure_too() {
    let env = Env::with_iyzico(Duration::from_secs(5)).await;
    let c = tahsildar_core::providers::iyzico::IyzicoClient::new(
        env.sb.base_url(),
        "sandbox-not-a-known-key".to_string().into(),
        tahsildar_core::sandbox::DEMO_IYZICO_SECRET_KEY.to_string().into(),
        Duration::from_secs(5),
    )
    .unwrap();
    env.svc.set_client(Some(c));
    let err = env.svc.create(&iyzico_form("100", "Kek")).await.unwrap_err();
    assert_eq!(provider_kind(&err), ("provider_auth", Some("1001".into())));
    assert!(err.message(Lang::Tr).contains("api bilgileri bulunamadı"), "{}", err.message(Lang::Tr));
    assert_eq!(env.rows()[0].status, LinkStatus::Failed);
}

#[tokio::test]
async fn a_refused_create_is_a_validation_failure() {
    let env = Env::with_iyzico(Duration::from_secs(5)).await;
    // The sandbox takes images of at most 100 bytes now: our card is refused (code 11).
    env.iyzico_settings(serde_json::json!({ "max_image_bytes": 100 })).await;
    let err = env.svc.create(&iyzico_form("100", "Kek")).await.unwrap_err();
    assert_eq!(provider_kind(&err), ("provider_validation", Some("11".into())));
    assert!(err.message(Lang::Tr).starts_with("iyzico isteği reddetti"), "{}", err.message(Lang::Tr));
    assert_eq!(env.rows()[0].status, LinkStatus::Failed);
}

#[tokio::test]
async fn rate_limit_is_kept_with_its_code_and_says_wait() {
    let env = Env::with_iyzico(Duration::from_secs(5)).await;
    let CreateOutcome::Created { link, .. } = env.svc.create(&iyzico_form("100", "Kek")).await.unwrap() else {
        panic!()
    };
    let token = link.provider_id.clone().unwrap();
    env.fault_next(&format!("{IYZICO_PRODUCTS}/{token}"), Fault::RateLimit);
    let err = env.svc.refresh(link.id).await.unwrap_err();
    assert_eq!(provider_kind(&err), ("provider_rate_limited", Some("50000".into())));
    assert!(err.view(Lang::Tr).retryable);
    assert!(err.message(Lang::Tr).contains("çok fazla istek"), "{}", err.message(Lang::Tr));
    assert!(err.message(Lang::En).contains("too many requests"));
    assert_eq!(env.svc.get(link.id).await.unwrap().status, LinkStatus::Waiting);
}

#[tokio::test]
async fn network_down_leaves_the_create_unknown() {
    let env = Env::with_iyzico(Duration::from_secs(5)).await;
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    env.svc.set_client(Some(iyzico_client_with(
        &base,
        tahsildar_core::sandbox::DEMO_IYZICO_SECRET_KEY,
        Duration::from_secs(5),
    )));
    let out = env.svc.create(&iyzico_form("100", "Kek")).await.unwrap();
    let CreateOutcome::Uncertain { link, message } = out else { panic!("{out:?}") };
    assert_eq!(link.status, LinkStatus::Unknown);
    assert!(message.contains("iyzico"), "{message}");
    // "Kontrol et" while iyzico is still unreachable: a network error, the link stays unknown.
    let err = env.svc.check_unknown(link.id).await.unwrap_err();
    assert_eq!(err.kind(), "provider_network");
    assert_eq!(env.svc.get(link.id).await.unwrap().status, LinkStatus::Unknown);
}

#[tokio::test]
async fn a_create_that_timed_out_is_found_by_its_conversation_id() {
    let env = Env::with_iyzico(Duration::from_millis(800)).await;
    // iyzico makes the link but the answer never comes.
    env.hold_next(IYZICO_PRODUCTS);
    let out = env.svc.create(&iyzico_form("250", "Kahve")).await.unwrap();
    let CreateOutcome::Uncertain { link, .. } = out else { panic!("{out:?}") };
    assert_eq!((link.status, link.provider_id.as_deref()), (LinkStatus::Unknown, None));
    assert_eq!(env.iyzico_links(), 1);
    let found = env.svc.check_unknown(link.id).await.unwrap();
    let CheckOutcome::Found { link: done } = found else { panic!("{found:?}") };
    assert_eq!(done.status, LinkStatus::Waiting);
    let token = done.provider_id.clone().unwrap();
    assert!(done.url.as_deref().unwrap().ends_with(&token));
    // The completed row is a normal link: it is paid and refreshed like one.
    assert_eq!(env.pay_iyzico(&token).await, 200);
    assert_eq!(env.svc.refresh(link.id).await.unwrap().link.status, LinkStatus::Paid);
    assert_eq!(env.iyzico_links(), 1, "no second link was made");
}

#[tokio::test]
async fn a_dropped_create_that_never_reached_iyzico_is_not_created() {
    let env = Env::with_iyzico(Duration::from_secs(5)).await;
    // Another link of ours is in iyzico's list (with its own conversationId).
    env.svc.create(&iyzico_form("10", "Çay")).await.unwrap();
    env.fault_next(IYZICO_PRODUCTS, Fault::Drop);
    let CreateOutcome::Uncertain { link, .. } = env.svc.create(&iyzico_form("20", "Simit")).await.unwrap() else {
        panic!()
    };
    let out = env.svc.check_unknown(link.id).await.unwrap();
    let CheckOutcome::NotCreated { link, message } = out else { panic!("{out:?}") };
    assert_eq!(link.status, LinkStatus::Failed);
    assert!(message.contains("güvenle yeniden"), "{message}");
}

#[tokio::test]
async fn without_conversation_ids_the_owner_attaches_the_token() {
    let env = Env::with_iyzico(Duration::from_secs(5)).await;
    // A link made elsewhere (the panel) carries no conversationId: absence proves nothing now.
    let c = iyzico_client(&env.sb, Duration::from_secs(5));
    let price = Money::new(1000, Currency::Tl).unwrap();
    let image = card::render(price, "Panel", None).unwrap();
    c.create(&LinkFields::single_use("Panel", "Panel", price), &image).await.unwrap();
    env.fault_next(IYZICO_PRODUCTS, Fault::Hang);
    let quick = LinkService::new(
        env.store.clone(),
        Clients::default().with(Some(iyzico_client(&env.sb, Duration::from_millis(500)))),
    );
    let CreateOutcome::Uncertain { link, .. } = quick.create(&iyzico_form("30", "Börek")).await.unwrap() else {
        panic!()
    };
    let out = env.svc.check_unknown(link.id).await.unwrap();
    let CheckOutcome::StillUnknown { link, message } = out else { panic!("{out:?}") };
    assert!(message.contains("iyzico panelinde"), "{message}");
    assert_eq!(link.status, LinkStatus::Unknown);

    // The owner makes it again by hand in the panel and pastes its address: a 20,00 link is
    // not this 30,00 one, and is refused; an address that is not a link is refused.
    let wrong =
        c.create(&LinkFields::single_use("B", "B", Money::new(2000, Currency::Tl).unwrap()), &image).await.unwrap();
    let err = env.svc.attach_provider_id(link.id, &wrong.url).await.unwrap_err();
    assert_eq!(err.fields()[0].code, "provider_id_mismatch");
    let err = env.svc.attach_provider_id(link.id, "https://iyzi.link/").await.unwrap_err();
    assert_eq!(err.fields()[0].code, "provider_id_invalid");
    let err = env.svc.attach_provider_id(link.id, "ZZZZZZZZ").await.unwrap_err();
    assert_eq!(err.fields()[0].code, "provider_id_not_found");
    let right =
        c.create(&LinkFields::single_use("C", "C", Money::new(3000, Currency::Tl).unwrap()), &image).await.unwrap();
    let done = env.svc.attach_provider_id(link.id, &format!("  {}  ", right.url)).await.unwrap();
    assert_eq!((done.status, done.provider_id.as_deref()), (LinkStatus::Waiting, Some(right.token.0.as_str())));
    assert_eq!(done.url.as_deref(), Some(right.url.as_str()));
}

#[tokio::test]
async fn paytr_attach_still_goes_through_the_general_call() {
    let env = Env::with_iyzico(Duration::from_millis(500)).await;
    env.fault_next(PAYTR_CREATE, Fault::Hang);
    let CreateOutcome::Uncertain { link, .. } = env.svc.create(&paytr_form("30", "Börek tepsisi")).await.unwrap()
    else {
        panic!()
    };
    let done = env.svc.attach_provider_id(link.id, "https://www.paytr.com/link/NB2Zlz3").await.unwrap();
    assert_eq!(done.provider_id.as_deref(), Some("NB2Zlz3"));
}

#[tokio::test]
async fn an_unreadable_or_failed_answer_leaves_the_create_unknown() {
    let env = Env::with_iyzico(Duration::from_secs(5)).await;
    for (fault, kind) in [(Fault::Malformed, "unreadable"), (Fault::Http500, "server error")] {
        env.fault_next(IYZICO_PRODUCTS, fault);
        let out = env.svc.create(&iyzico_form("60", &format!("Pasta {kind}"))).await.unwrap();
        let CreateOutcome::Uncertain { link, .. } = out else { panic!("{kind}: {out:?}") };
        assert_eq!(link.status, LinkStatus::Unknown, "{kind}");
        // Neither reached the handler: the list proves it was not made.
        assert!(matches!(env.svc.check_unknown(link.id).await.unwrap(), CheckOutcome::NotCreated { .. }), "{kind}");
    }
    assert_eq!(env.iyzico_links(), 0);
}

#[tokio::test]
async fn a_rate_limited_create_is_refused_not_uncertain() {
    let env = Env::with_iyzico(Duration::from_secs(5)).await;
    // iyzico answered `50000 Request Limit Exceeded`: it refused the request, nothing was made.
    env.fault_next(IYZICO_PRODUCTS, Fault::RateLimit);
    let err = env.svc.create(&iyzico_form("60", "Pasta")).await.unwrap_err();
    assert_eq!(provider_kind(&err), ("provider_rate_limited", Some("50000".into())));
    assert!(err.message(Lang::En).contains("too many requests"), "{}", err.message(Lang::En));
    assert_eq!(env.rows()[0].status, LinkStatus::Failed, "not 'may have been created'");
    assert_eq!(env.iyzico_links(), 0);
    // The next try goes through as a new link.
    assert!(matches!(env.svc.create(&iyzico_form("60", "Pasta")).await.unwrap(), CreateOutcome::Created { .. }));
}
