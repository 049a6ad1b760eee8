//! Sharing and export (the parts that do not need a real clipboard, dialog or browser), and the
//! ACL of the real config.

use super::*;
use crate::commands::export::write_csv;
use crate::commands::share::{qr_file_name, qr_png, whatsapp_for};
use crate::dto::form::LinkFilterDto;
use serde_json::json;
use tahsildar_core::Lang;

fn created(h: &Harness, provider: &str, amount: &str, phone: &str) -> i64 {
    let mut f = form(provider, amount);
    f["phone"] = json!(phone);
    h.ok("create_link", json!({ "form": f }))["link"]["id"].as_i64().expect("id")
}

#[test]
fn whatsapp_gets_the_link_and_a_ready_message() {
    let h = harness();
    let id = created(&h, "paynet", "1.234,56", "0555 123 45 67");
    let link = tauri::async_runtime::block_on(h.state().links().unwrap().get(id)).unwrap();
    let url = tauri::async_runtime::block_on(whatsapp_for(&h.state(), id, "0555 123 45 67", Lang::Tr)).unwrap();
    assert!(url.starts_with("https://wa.me/905551234567?text=Merhaba%20Ay"), "{url}");
    // No number: WhatsApp asks the owner for the contact.
    let any = tauri::async_runtime::block_on(whatsapp_for(&h.state(), id, "", Lang::Tr)).unwrap();
    assert!(any.starts_with("https://wa.me/?text=Merhaba%20Ay"), "{any}");
    let parsed = url::Url::parse(&url).unwrap();
    let (_, text) = parsed.query_pairs().next().unwrap();
    assert!(text.contains("1.234,56 TL") && text.contains(link.url.as_deref().unwrap()), "{text}");
    // The message is in the owner's saved language, as their template is (not the caller's).
    let tr_still = tauri::async_runtime::block_on(whatsapp_for(&h.state(), id, "", Lang::En)).unwrap();
    assert!(tr_still.starts_with("https://wa.me/?text=Merhaba"), "{tr_still}");
    let mut settings = h.ok("get_settings", json!({}));
    settings["lang"] = json!("en");
    h.ok("save_settings", json!({ "settings": settings }));
    let other = tauri::async_runtime::block_on(whatsapp_for(&h.state(), id, "0532 000 00 00", Lang::En)).unwrap();
    assert!(other.starts_with("https://wa.me/905320000000?text=Hello"), "{other}");
    let err = tauri::async_runtime::block_on(whatsapp_for(&h.state(), id, "12", Lang::En)).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("phone"));
}

#[test]
fn the_qr_image_is_a_png_named_for_the_amount_and_day() {
    let h = harness();
    let id = created(&h, "paytr", "1.234,56", "");
    let link = tauri::async_runtime::block_on(h.state().links().unwrap().get(id)).unwrap();
    let png = qr_png(&link, Lang::Tr).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let name = qr_file_name(&link);
    let today = tahsildar_core::time::to_istanbul(chrono::Utc::now()).format("%Y-%m-%d").to_string();
    assert_eq!(name, format!("tahsildar-1234,56-{today}.png"));
    assert!(tauri::image::Image::from_bytes(&png).is_ok(), "the clipboard can take it");
}

#[test]
fn a_link_without_an_address_has_nothing_to_share() {
    let h = harness();
    let sandbox = h.state().sandbox().unwrap();
    lock(&sandbox.state().faults).set(PAYTR_CREATE, tahsildar_core::sandbox::faults::Fault::Drop, Some(1));
    let r = h.ok("create_link", json!({ "form": form("paytr", "20") }));
    assert_eq!((r["outcome"].as_str(), r["link"]["actions"]["share"].as_bool()), (Some("uncertain"), Some(false)));
    let link =
        tauri::async_runtime::block_on(h.state().links().unwrap().get(r["link"]["id"].as_i64().unwrap())).unwrap();
    assert_eq!(qr_png(&link, Lang::En).unwrap_err().kind, "no_provider_id");
}

#[test]
fn csv_export_writes_the_filtered_links() {
    let h = harness();
    created(&h, "paynet", "1.234,56", "");
    created(&h, "paytr", "7,50", "");
    let path = h.dir.path().join("out.csv");
    let filter = LinkFilterDto { provider: Some(crate::dto::ProviderId::Paytr), ..Default::default() };
    let rows = tauri::async_runtime::block_on(write_csv(&h.state(), &filter, path.clone(), Lang::Tr));
    assert_eq!(rows.unwrap(), 1);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("\u{FEFF}Tarih;Müşteri;Açıklama;Tutar"), "{text}");
    assert!(text.contains(";7,50;TL;PayTR;Bekliyor;"), "{text}");
    assert!(!text.contains("1234,56"));
    assert!(!h.dir.path().join("out.csv.part").exists());

    let all = tauri::async_runtime::block_on(write_csv(&h.state(), &LinkFilterDto::default(), path.clone(), Lang::Tr));
    assert_eq!(all.unwrap(), 2, "replaces the earlier export");
    let bad = LinkFilterDto { from: Some("yesterday".into()), ..Default::default() };
    let err = tauri::async_runtime::block_on(write_csv(&h.state(), &bad, path, Lang::En)).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("from"));
}

/// With the app's real config and capabilities: the main window may call the commands, any other
/// window may not (the ACL from build.rs + capabilities/main.json).
#[test]
fn only_the_main_window_is_granted_the_commands() {
    let h = harness_with(tauri::generate_context!());
    let other = WebviewWindowBuilder::new(&h.app, "other", Default::default()).build().expect("other");
    h.ok("create_link", json!({ "form": form("paynet", "120") }));
    let denied = invoke(&other, "create_link", json!({ "form": form("paynet", "120") })).expect_err("denied");
    assert!(denied.to_string().contains("not allowed"), "{denied}");
    for cmd in ["get_app_info", "get_settings", "list_links", "validate_link_form"] {
        let args = if cmd == "validate_link_form" { json!({ "form": form("paynet", "1") }) } else { json!({}) };
        h.ok(cmd, args);
    }
    assert_eq!(h.requests(PAYNET_CREATE), 1);
}
