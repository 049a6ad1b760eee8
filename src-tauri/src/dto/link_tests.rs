//! The row's buttons follow the link's state and its provider's capabilities.

use super::{actions, LinkActions};
use tahsildar_core::money::Currency;
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{LinkRecord, LinkStatus};

fn link(provider: Provider, status: LinkStatus, provider_id: Option<&str>) -> LinkRecord {
    LinkRecord {
        id: 1,
        local_ref: "TH-1".into(),
        provider,
        provider_id: provider_id.map(Into::into),
        url: provider_id.map(|id| format!("https://example.test/{id}")),
        amount_minor: 10_000,
        currency: Currency::Tl,
        description: "Pasta".into(),
        customer: "Ali".into(),
        phone: None,
        email: None,
        status,
        created_at: 0,
        expires_at: None,
        paid_at: None,
        updated_at: 0,
        payment_ref: None,
        last_error: None,
        reference: None,
        paytr: None,
        refunded_minor: 0,
    }
}

fn buttons(a: &LinkActions) -> Vec<&'static str> {
    let all = [
        ("refresh", a.refresh),
        ("cancel", a.cancel),
        ("reopen", a.reopen),
        ("delete", a.delete),
        ("resend", a.resend),
        ("check", a.check),
        ("share", a.share),
    ];
    all.into_iter().filter(|(_, on)| *on).map(|(name, _)| name).collect()
}

#[test]
fn paynet_links_are_cancelled_and_reopened_and_found_by_our_reference() {
    use LinkStatus::*;
    // Paynet finds a link by our reference_no, so even without its id a waiting link can be
    // cancelled; "Sil" cancels (Paynet cannot delete); it never resends.
    let waiting = actions(&link(Provider::Paynet, Waiting, None));
    assert_eq!(buttons(&waiting), ["refresh", "cancel", "delete"]);
    let waiting = actions(&link(Provider::Paynet, Waiting, Some("pl_1")));
    assert_eq!(buttons(&waiting), ["refresh", "cancel", "delete", "share"]);
    assert_eq!(buttons(&actions(&link(Provider::Paynet, Cancelled, Some("pl_1")))), ["refresh", "reopen"]);
    assert_eq!(buttons(&actions(&link(Provider::Paynet, Expired, Some("pl_1")))), ["refresh"]);
    assert_eq!(buttons(&actions(&link(Provider::Paynet, Unknown, None))), ["check"]);
    assert!(buttons(&actions(&link(Provider::Paynet, Paid, Some("pl_1")))).is_empty());
}

#[test]
fn paytr_links_are_deleted_resent_and_never_refreshed_once_closed() {
    use LinkStatus::*;
    let waiting = actions(&link(Provider::Paytr, Waiting, Some("NB2Zlz3")));
    assert_eq!(buttons(&waiting), ["refresh", "cancel", "delete", "resend", "share"]);
    // Without PayTR's id nothing can be done there.
    assert_eq!(buttons(&actions(&link(Provider::Paytr, Waiting, None))), ["refresh"]);
    // A closed PayTR link cannot be asked about (no status call) or re-opened, only deleted.
    assert_eq!(buttons(&actions(&link(Provider::Paytr, Expired, Some("NB2Zlz3")))), ["delete"]);
    assert_eq!(buttons(&actions(&link(Provider::Paytr, Cancelled, Some("NB2Zlz3")))), ["delete"]);
    assert_eq!(buttons(&actions(&link(Provider::Paytr, Unknown, Some("NB2Zlz3")))), ["delete", "check"]);
    assert!(buttons(&actions(&link(Provider::Paytr, Deleted, Some("NB2Zlz3")))).is_empty());
}

#[test]
fn every_provider_states_how_it_cancels_and_whether_it_deletes() {
    use tahsildar_core::providers::CancelKind;
    for p in Provider::ALL {
        let caps = p.capabilities();
        // A provider that cancels by deleting must be able to delete.
        assert!(caps.cancel != CancelKind::Delete || caps.delete, "{p}");
        // Re-opening needs a passive state to come back from.
        assert!(!caps.reopen || caps.cancel == CancelKind::Passive, "{p}");
    }
}

#[test]
fn iyzico_links_are_made_passive_reopened_and_deleted() {
    use LinkStatus::*;
    // iyzico.md §4: PASSIVE stops a link, ACTIVE opens it again, DELETE removes it; `get` answers
    // for one token at any time. It never sends by SMS or e-mail.
    let waiting = actions(&link(Provider::Iyzico, Waiting, Some("AbC123")));
    assert_eq!(buttons(&waiting), ["refresh", "cancel", "delete", "share"]);
    assert_eq!(buttons(&actions(&link(Provider::Iyzico, Cancelled, Some("AbC123")))), ["refresh", "reopen", "delete"]);
    assert_eq!(buttons(&actions(&link(Provider::Iyzico, Expired, Some("AbC123")))), ["refresh", "delete"]);
    // Without its token nothing can be asked of iyzico (it cannot look a link up by our reference).
    assert_eq!(buttons(&actions(&link(Provider::Iyzico, Waiting, None))), ["refresh"]);
    assert_eq!(buttons(&actions(&link(Provider::Iyzico, Unknown, None))), ["check"]);
    assert!(buttons(&actions(&link(Provider::Iyzico, Paid, Some("AbC123")))).is_empty());
    assert!(buttons(&actions(&link(Provider::Iyzico, Deleted, Some("AbC123")))).is_empty());
}
