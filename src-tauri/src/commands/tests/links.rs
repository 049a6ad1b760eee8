//! Creating links and the row actions, in demo mode against the in-process sandbox.

use super::*;
use serde_json::json;
use tahsildar_core::sandbox::faults::Fault;

fn create(h: &Harness, provider: &str, amount: &str) -> Value {
    let r = h.ok("create_link", json!({ "form": form(provider, amount), "lang": "tr" }));
    assert_eq!(r["outcome"], "created", "{r}");
    r["link"].clone()
}

fn demo_fault(h: &Harness, path: &str, fault: Fault) {
    let sandbox = h.state().sandbox().expect("demo");
    lock(&sandbox.state().faults).set(path, fault, Some(1));
}

#[test]
fn links_for_both_providers_are_created_listed_and_announced() {
    let h = harness();
    let paynet = create(&h, "paynet", "1.234,56");
    assert_eq!(paynet["provider"], "paynet");
    assert_eq!(paynet["amountMinor"], 123456);
    assert_eq!(paynet["amountText"], "1.234,56 TL");
    assert_eq!(paynet["status"], "waiting");
    assert_eq!(paynet["customer"], "Ayşe Yılmaz");
    assert!(paynet["qrPngDataUrl"].as_str().unwrap().starts_with("data:image/png;base64,"));
    assert_eq!(
        paynet["actions"],
        json!({ "refresh": true, "cancel": true, "reopen": false, "delete": true, "resend": false, "check": false, "share": true })
    );
    let paytr = create(&h, "paytr", "99,90");
    assert_eq!(paytr["provider"], "paytr");
    assert!(paytr["providerId"].is_string());
    assert_eq!(paytr["actions"]["resend"], true);
    assert_eq!(paytr["actions"]["refresh"], true, "a waiting PayTR link is checked through the sales report");
    assert_eq!((h.requests(PAYNET_CREATE), h.requests(PAYTR_CREATE)), (1, 1));

    let page = h.ok("list_links", json!({}));
    assert_eq!(page["total"], 2);
    assert_eq!(page["rows"][0]["id"], paytr["id"], "newest first");
    assert_eq!(page["rows"][1]["id"], paynet["id"]);
    assert!(page["rows"][0].get("qrPngDataUrl").is_none(), "lists carry no QR");
    let only = h.ok("list_links", json!({ "provider": "paynet", "statuses": ["waiting"], "text": "baklava" }));
    assert_eq!((only["total"].as_u64(), only["rows"][0]["id"].clone()), (Some(1), paynet["id"].clone()));

    let got = h.ok("get_link", json!({ "id": paynet["id"] }));
    assert_eq!(got["qrPngDataUrl"], paynet["qrPngDataUrl"]);
    let events = h.events();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["link"]["id"], paynet["id"]);
    assert!(events[0]["link"].get("qrPngDataUrl").is_none(), "events stay small");
}

#[test]
fn a_paynet_link_is_cancelled_and_reopened() {
    let h = harness();
    let link = create(&h, "paynet", "120");
    let cancelled = h.ok("cancel_link", json!({ "id": link["id"] }));
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["actions"]["reopen"], true);
    assert_eq!(h.requests("/v1/mailorder/status_update"), 1);
    let reopened = h.ok("reopen_link", json!({ "id": link["id"] }));
    assert_eq!(reopened["status"], "waiting");
    // The provider agrees: a refresh changes nothing.
    let refreshed = h.ok("refresh_link", json!({ "id": link["id"] }));
    assert_eq!(refreshed["status"], "waiting");
    let statuses: Vec<Value> = h.events().iter().map(|e| e["link"]["status"].clone()).collect();
    assert_eq!(statuses, [json!("waiting"), json!("cancelled"), json!("waiting"), json!("waiting")]);

    let err = h.err("reopen_link", json!({ "id": link["id"], "lang": "en" }));
    assert_eq!(err["kind"], "wrong_state");
}

#[test]
fn paytr_links_are_deleted_in_one_batch() {
    let h = harness();
    let ids: Vec<Value> = ["10", "11", "12"].iter().map(|a| create(&h, "paytr", a)["id"].clone()).collect();
    let paynet = create(&h, "paynet", "13");
    let mut all = ids.clone();
    all.push(paynet["id"].clone());
    all.push(json!(999_999));
    let out = h.ok("delete_links", json!({ "ids": all, "lang": "en" }));
    assert_eq!(out["deleted"], json!([ids[0], ids[1], ids[2], paynet["id"]]));
    assert_eq!(out["failed"].as_array().unwrap().len(), 1);
    assert_eq!(out["failed"][0]["id"], 999_999);
    assert_eq!(h.requests("/odeme/api/link/delete"), 1, "three PayTR ids, one request");
    let deleted = h.ok("list_links", json!({ "statuses": ["deleted"] }));
    assert_eq!(deleted["total"], 3);
    let cancelled = h.ok("get_link", json!({ "id": paynet["id"] }));
    assert_eq!(cancelled["status"], "cancelled", "Paynet links cannot be deleted: they are cancelled");
}

#[test]
fn a_bad_form_gives_field_errors_and_sends_nothing() {
    let h = harness();
    let mut bad = form("paynet", "12,345");
    bad["customer"] = json!("  ");
    bad["phone"] = json!("123");
    bad["currency"] = json!("USD");
    let err = h.err("create_link", json!({ "form": bad.clone(), "lang": "tr" }));
    assert_eq!(err["kind"], "validation");
    assert_eq!(err["field"], "amount");
    assert_eq!(err["code"], "amount_too_many_decimals");
    let fields: Vec<&str> = err["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["amount", "currency", "customer", "phone"]);
    assert!(err["message"].as_str().unwrap().starts_with("Formu düzeltin: Virgülden sonra en fazla iki basamak yazın"));

    let checked = h.ok("validate_link_form", json!({ "form": bad, "lang": "tr" }));
    assert_eq!(checked["errors"], err["fields"]);
    assert_eq!(h.requests(PAYNET_CREATE), 0);
    assert_eq!(h.ok("list_links", json!({}))["total"], 0, "nothing recorded either");
    assert!(h.events().is_empty());
}

#[test]
fn the_form_check_warns_about_a_paytr_amount_already_waiting() {
    let h = harness();
    create(&h, "paytr", "1.234,56");
    create(&h, "paytr", "1.234,57");
    let v = h.ok("validate_link_form", json!({ "form": form("paytr", "1234,56") }));
    assert_eq!(v, json!({ "errors": [], "sameAmount": { "count": 1, "suggestion": "1.234,58" } }));
    // Paynet reports payments per link: no warning there.
    let v = h.ok("validate_link_form", json!({ "form": form("paynet", "1234,56") }));
    assert_eq!(v, json!({ "errors": [] }));
    assert_eq!(h.requests(PAYTR_CREATE), 2, "the check sends nothing");
}

#[test]
fn an_unanswered_create_is_uncertain_and_check_settles_it() {
    let h = harness();
    demo_fault(&h, PAYNET_CREATE, Fault::Drop);
    // The core words these in the saved language (Turkish by default), whatever `lang` says.
    let r = h.ok("create_link", json!({ "form": form("paynet", "75"), "lang": "tr" }));
    assert_eq!(r["outcome"], "uncertain");
    assert_eq!(r["link"]["status"], "unknown");
    assert_eq!(r["link"]["actions"]["check"], true);
    assert!(r["message"].as_str().unwrap().contains("Kontrol et"), "{r}");
    // The dropped request never reached Paynet: "Kontrol et" finds nothing and frees the form.
    let checked = h.ok("check_link", json!({ "id": r["link"]["id"] }));
    assert_eq!(checked["status"], "failed");
    assert_eq!(checked["note"], "Paynet'te bulunamadı — güvenle yeniden oluşturabilirsiniz.");
    assert_eq!(h.events().last().unwrap()["link"]["status"], "failed");
}

#[test]
fn a_provider_failure_is_a_retryable_error_in_plain_words() {
    let h = harness();
    demo_fault(&h, "/odeme/api/link/delete", Fault::Http500);
    let link = create(&h, "paytr", "50");
    let err = h.err("cancel_link", json!({ "id": link["id"], "lang": "tr" }));
    assert_eq!(err["kind"], "server");
    assert_eq!(err["retryable"], true);
    assert_eq!(err["message"], "PayTR şu an cevap vermiyor, biraz sonra tekrar deneyin.");
    assert_eq!(h.ok("get_link", json!({ "id": link["id"] }))["status"], "waiting");
}

#[test]
fn resending_works_for_paytr_and_explains_paynet() {
    let h = harness();
    let paytr = create(&h, "paytr", "40");
    let r = h.ok("resend_link", json!({ "id": paytr["id"], "channel": "sms", "to": "0555 123 45 67", "lang": "en" }));
    assert_eq!(r, json!({ "ok": true, "message": "SMS sent to 0555 123 45 67" }));
    assert_eq!(h.requests("/odeme/api/link/send-sms"), 1);
    let err = h.err("resend_link", json!({ "id": paytr["id"], "channel": "email", "to": "not-an-address" }));
    assert_eq!(err["field"], "email");

    let paynet = create(&h, "paynet", "41");
    let r = h.ok("resend_link", json!({ "id": paynet["id"], "channel": "sms", "to": "05551234567", "lang": "en" }));
    assert_eq!(r["ok"], false);
    assert!(r["message"].as_str().unwrap().starts_with("Paynet sends a link by SMS or e-mail only when it is created"));
}

#[test]
fn refreshing_a_paytr_link_reads_the_sales_report() {
    let h = harness();
    let paytr = create(&h, "paytr", "30");
    let before = h.requests("/rapor/islem-dokumu");
    let link = h.ok("refresh_link", json!({ "id": paytr["id"], "lang": "en" }));
    assert_eq!(link["status"], "waiting");
    assert!(h.requests("/rapor/islem-dokumu") > before, "the refresh asked PayTR's report");
}

/// Issue 10 item 3: the owner's answer on an uncertain PayTR create, both ways.
#[test]
fn an_uncertain_paytr_create_is_settled_by_the_owner() {
    let h = harness();
    demo_fault(&h, PAYTR_CREATE, Fault::Drop);
    let found = h.ok("create_link", json!({ "form": form("paytr", "60"), "lang": "tr" }));
    assert_eq!((found["outcome"].as_str(), found["link"]["status"].as_str()), (Some("uncertain"), Some("unknown")));
    assert!(found["link"]["expiresAt"].is_string(), "the 3 days asked for are shown: {found}");
    let id = found["link"]["id"].clone();

    let err = h.err("settle_link", json!({ "id": id, "providerId": "NB2 Zlz3", "lang": "tr" }));
    assert_eq!((err["kind"].as_str(), err["field"].as_str()), (Some("validation"), Some("providerId")));
    let link = h.ok("settle_link", json!({ "id": id, "providerId": "NB2Zlz3" }));
    assert_eq!(link["status"], "waiting");
    assert_eq!(link["providerId"], "NB2Zlz3");
    assert!(link["url"].as_str().unwrap().ends_with("/link/NB2Zlz3"), "{link}");
    assert!(link["qrPngDataUrl"].as_str().unwrap().starts_with("data:image/png;base64,"));
    assert_eq!((link["actions"]["delete"].as_bool(), link["actions"]["share"].as_bool()), (Some(true), Some(true)));
    assert_eq!(h.events().last().unwrap()["link"]["status"], "waiting");
    assert_eq!(h.ok("get_link", json!({ "id": id }))["providerId"], "NB2Zlz3", "recorded in the book");

    demo_fault(&h, PAYTR_CREATE, Fault::Drop);
    let missing = h.ok("create_link", json!({ "form": form("paytr", "61"), "lang": "tr" }));
    let gone = h.ok("settle_link", json!({ "id": missing["link"]["id"], "providerId": null }));
    assert_eq!(gone["status"], "failed");
    assert_eq!(h.ok("get_link", json!({ "id": missing["link"]["id"] }))["status"], "failed");
    assert_eq!(h.requests(PAYTR_CREATE), 2, "nothing was created again");
}
