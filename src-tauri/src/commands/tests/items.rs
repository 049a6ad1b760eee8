//! Saved items through the real IPC path (issue 11 §3): saved, searched, reordered and deleted
//! in the temp-dir book, refused with form errors like `create_link`'s, and saved from a link.

use super::*;
use serde_json::json;

fn item(name: &str, amount: &str, description: &str) -> Value {
    json!({
        "id": null, "name": name, "amount": amount, "currency": "TL", "description": description,
        "provider": null, "expiry": { "kind": "days", "days": 3 }, "maxInstallment": 1, "linkType": "product"
    })
}

fn names(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn items_are_saved_found_reordered_and_deleted() {
    let h = harness();
    let cay = h.ok("save_saved_item", json!({ "item": item("Çay", "12,5", "Bir bardak çay") }));
    assert_eq!(
        cay,
        json!({
            "id": 1, "name": "Çay", "amount": "12,50", "amountMinor": 1250, "currency": "TL",
            "description": "Bir bardak çay", "provider": null, "expiry": { "kind": "days", "days": 3 },
            "maxInstallment": 1, "linkType": "product", "flexMax": null, "position": 0
        })
    );
    let mut flex = item("Bağış", "", "Derneğe bağış");
    flex["provider"] = json!("paytr");
    flex["linkType"] = json!("flex");
    flex["flexMax"] = json!("1.000");
    flex["expiry"] = json!({ "kind": "hours", "hours": 5 });
    let bagis = h.ok("save_saved_item", json!({ "item": flex }));
    assert_eq!((bagis["amount"].as_str(), bagis["amountMinor"].as_i64()), (Some(""), None), "{bagis}");
    assert_eq!((bagis["flexMax"].as_str(), bagis["position"].as_u64()), (Some("1.000,00"), Some(1)));
    let simit = h.ok("save_saved_item", json!({ "item": item("Simit", "15", "Susamlı simit") }));

    assert_eq!(names(&h.ok("list_saved_items", json!({}))), ["Çay", "Bağış", "Simit"]);
    assert_eq!(names(&h.ok("list_saved_items", json!({ "query": "CAY" }))), ["Çay"]);
    assert_eq!(names(&h.ok("list_saved_items", json!({ "query": "dernege" }))), ["Bağış"]);
    assert_eq!(names(&h.ok("list_saved_items", json!({ "query": "s", "limit": 1 }))), ["Simit"]);
    assert_eq!(names(&h.ok("list_saved_items", json!({ "limit": 2 }))), ["Çay", "Bağış"]);

    let order = json!([simit["id"], cay["id"], bagis["id"]]);
    let after = h.ok("reorder_saved_items", json!({ "ids": order }));
    assert_eq!(names(&after), ["Simit", "Çay", "Bağış"]);
    let stale = h.err("reorder_saved_items", json!({ "ids": [cay["id"], bagis["id"]], "lang": "en" }));
    assert_eq!((stale["kind"].as_str(), stale["code"].as_str()), (Some("wrong_state"), Some("bad_order")), "{stale}");

    // An edit keeps the place; a new price is shown as typed.
    let mut edit = item("Çay", "15", "Büyük bardak çay");
    edit["id"] = cay["id"].clone();
    let edited = h.ok("save_saved_item", json!({ "item": edit }));
    assert_eq!((edited["amount"].as_str(), edited["position"].as_u64()), (Some("15,00"), Some(1)));

    assert_eq!(h.ok("delete_saved_item", json!({ "id": cay["id"] })), Value::Null);
    let left = h.ok("list_saved_items", json!({}));
    assert_eq!(names(&left), ["Simit", "Bağış"]);
    assert_eq!(left[1]["position"], 1, "no gap after a delete");
    let gone = h.err("delete_saved_item", json!({ "id": cay["id"], "lang": "tr" }));
    assert_eq!(gone["kind"], "not_found", "{gone}");
    assert!(gone["message"].as_str().unwrap().contains("artık kayıtlı değil"), "{gone}");
}

#[test]
fn a_bad_item_gives_form_errors_on_the_forms_own_fields() {
    let h = harness();
    let mut bad = item(" ", "abc", "Kek");
    bad["provider"] = json!("paytr");
    bad["linkType"] = json!("flex");
    bad["flexMax"] = json!("çok");
    bad["currency"] = json!("DM");
    let e = h.err("save_saved_item", json!({ "item": bad, "lang": "tr" }));
    assert_eq!(e["kind"], "validation", "{e}");
    let fields: Vec<&str> = e["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["currency", "name", "amount", "description", "flexMax"], "{e}");
    assert!(e["message"].as_str().unwrap().starts_with("Formu düzeltin:"), "{e}");
    // Names are unique the Turkish way.
    h.ok("save_saved_item", json!({ "item": item("Işık", "100", "Masa lambası") }));
    let taken = h.err("save_saved_item", json!({ "item": item("IŞIK", "50", "Başka lamba"), "lang": "en" }));
    assert_eq!((taken["field"].as_str(), taken["code"].as_str()), (Some("name"), Some("name_taken")), "{taken}");
    assert_eq!(h.ok("list_saved_items", json!({})).as_array().unwrap().len(), 1, "nothing half-written");
}

#[test]
fn a_link_is_saved_as_an_item_named_after_its_description() {
    let h = harness();
    let mut f = form("paytr", "250");
    f["description"] = json!("Doğum günü pastası 🎂");
    f["linkType"] = json!("flex");
    f["flexMax"] = json!("750");
    f["expiry"] = json!({ "kind": "days", "days": 7 });
    let created = h.ok("create_link", json!({ "form": f }));
    let link = &created["link"];
    let saved = h.ok("save_link_as_item", json!({ "linkId": link["id"] }));
    assert_eq!(saved["name"], "Doğum günü pastası 🎂", "{saved}");
    assert_eq!((saved["provider"].as_str(), saved["linkType"].as_str()), (Some("paytr"), Some("flex")));
    assert_eq!((saved["amount"].as_str(), saved["flexMax"].as_str()), (Some("250,00"), Some("750,00")));
    assert_eq!(saved["expiry"], json!({ "kind": "days", "days": 7 }), "{saved}");
    // Again: the name is taken, so the owner is asked for another one.
    let again = h.err("save_link_as_item", json!({ "linkId": link["id"], "lang": "tr" }));
    assert_eq!((again["field"].as_str(), again["code"].as_str()), (Some("name"), Some("name_taken")), "{again}");
    let named = h.ok("save_link_as_item", json!({ "linkId": link["id"], "name": "Pasta (büyük)" }));
    assert_eq!(named["position"], 1);

    let paynet = h.ok("create_link", json!({ "form": form("paynet", "1.234,56") }));
    let from_paynet = h.ok("save_link_as_item", json!({ "linkId": paynet["link"]["id"], "name": "Baklava" }));
    assert_eq!(
        (from_paynet["provider"].as_str(), from_paynet["amountMinor"].as_i64(), from_paynet["description"].as_str()),
        (Some("paynet"), Some(123_456), Some("2 kg baklava"))
    );
    assert_eq!(from_paynet["expiry"], json!({ "kind": "days", "days": 3 }));
    let missing = h.err("save_link_as_item", json!({ "linkId": 9999, "lang": "en" }));
    assert_eq!(missing["kind"], "not_found", "{missing}");
}

#[test]
fn items_go_out_and_come_back_as_csv() {
    use crate::commands::items::{read_items_csv, write_items_csv};
    use tahsildar_core::Lang;
    let h = harness();
    h.ok("save_saved_item", json!({ "item": item("Şöbiyet 🍯", "1.250,5", "Fıstıklı; 1 kg") }));
    let mut flex = item("Bağış", "", "Derneğe bağış");
    flex["provider"] = json!("paytr");
    flex["linkType"] = json!("flex");
    flex["flexMax"] = json!("1.000");
    flex["expiry"] = json!({ "kind": "hours", "hours": 5 });
    h.ok("save_saved_item", json!({ "item": flex }));
    let before = h.ok("list_saved_items", json!({}));

    let path = h.dir.path().join("ürünler.csv");
    let rows = tauri::async_runtime::block_on(write_items_csv(&h.state(), path.clone(), Lang::En)).unwrap();
    assert_eq!(rows, 2);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("\u{FEFF}Name;Amount;Currency;Description;"), "{text}");
    assert!(text.contains("Şöbiyet 🍯;1250,50;TL;\"Fıstıklı; 1 kg\";;3 days;1;product;\r\n"), "{text}");
    assert!(!h.dir.path().join("ürünler.csv.part").exists());

    // Another shop's app reads it back: the same items, field by field.
    let other = harness();
    let result = tauri::async_runtime::block_on(read_items_csv(&other.state(), path.clone(), Lang::Tr)).unwrap();
    assert_eq!((result.added, result.updated, result.skipped), (2, 0, 0), "{result:?}");
    assert_eq!(other.ok("list_saved_items", json!({})), before);
    // Read again, with one price changed and a bad line: updated, skipped with the reason.
    let changed = text.replace("1250,50", "1300").replace("\r\nBağış", "\r\nKek;abc;TL;Kek;;3 gün;1;ürün;\r\nBağış");
    std::fs::write(&path, changed).unwrap();
    let again = tauri::async_runtime::block_on(read_items_csv(&other.state(), path.clone(), Lang::Tr)).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged, again.skipped), (0, 1, 1, 1), "{again:?}");
    let json = serde_json::to_value(&again).unwrap();
    assert_eq!(json["lines"][0], json!({ "line": 2, "name": "Şöbiyet 🍯", "kind": "updated" }));
    assert_eq!(json["lines"][1]["kind"], "skipped");
    assert!(json["lines"][1]["reason"].as_str().unwrap().contains("Tutarda"), "{json}");
    // Saved exactly so already: unchanged, not skipped (nothing went wrong with it).
    assert_eq!(json["lines"][2], json!({ "line": 4, "name": "Bağış", "kind": "unchanged" }));
    assert_eq!(other.ok("list_saved_items", json!({ "query": "sobiyet" }))[0]["amountMinor"], 130_000);

    // A file that is not a table changes nothing and says what to do.
    std::fs::write(&path, "Ad;Tutar\n\"Kek;10\n").unwrap();
    let broken = tauri::async_runtime::block_on(read_items_csv(&other.state(), path.clone(), Lang::Tr)).unwrap_err();
    assert_eq!((broken.kind, broken.code.as_deref()), ("validation", Some("unclosed_quote")), "{broken:?}");
    assert!(broken.message.contains("CSV UTF-8"), "{}", broken.message);
    assert_eq!(other.ok("list_saved_items", json!({})).as_array().unwrap().len(), 2);
    std::fs::write(&path, vec![b'a'; tahsildar_core::items::csv::MAX_BYTES + 1]).unwrap();
    let big = tauri::async_runtime::block_on(read_items_csv(&other.state(), path.clone(), Lang::En)).unwrap_err();
    assert_eq!(big.code.as_deref(), Some("too_large"), "{big:?}");
    let missing =
        tauri::async_runtime::block_on(read_items_csv(&other.state(), h.dir.path().join("yok.csv"), Lang::En));
    assert!(missing.unwrap_err().message.starts_with("Could not read"), "a missing file is said plainly");
}
