//! Platform behaviour through the commands: printing from the page, and the keychain out of
//! reach at start while live keys are set up.

use super::*;
use serde_json::json;
use tahsildar_core::tracker::TrackerConfig;

/// On macOS, Tauri's page script turns `window.print()` ("QR kartını yazdır") into the webview's
/// print command; without its permission the call was refused and the owner saw nothing.
#[test]
fn the_page_may_print_from_the_main_window_only() {
    let h = harness_with(tauri::generate_context!());
    h.ok("plugin:webview|print", json!({}));
    let other = WebviewWindowBuilder::new(&h.app, "other", Default::default()).build().expect("other");
    let denied = invoke(&other, "plugin:webview|print", json!({})).expect_err("denied");
    assert!(denied.to_string().contains("not allowed"), "{denied}");
}

/// The app restarted on `h`'s data folder, with `h`'s keychain as it is now.
fn restart(h: &Harness) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    tauri::async_runtime::block_on(h.state().shutdown());
    let config = StateConfig {
        data_dir: h.dir.path().to_path_buf(),
        secrets: h.keychain.clone(),
        demo_listen: None,
        paynet_url: Some(h.provider.base_url().to_string()),
        paytr_url: Some(h.provider.base_url().to_string()),
        iyzico_url: Some(h.provider.base_url().to_string()),
        tracker: TrackerConfig::default(),
    };
    let state = tauri::async_runtime::block_on(AppState::open(config)).expect("opens with the keychain locked");
    mount(state, mock_context(noop_assets()))
}

#[test]
fn a_locked_keychain_at_start_with_live_keys_is_never_demo() {
    let h = harness();
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    let made = h.ok("create_link", json!({ "form": form("paynet", "120,50") }));
    h.keychain.fail_with(Some(SecretsError::Locked));

    let (app, window) = restart(&h);
    let info = invoke(&window, "get_app_info", json!({ "lang": "tr" })).unwrap();
    assert_eq!(info["mode"], "live", "never the demo sandbox: {info}");
    assert!(info.get("sandboxUrl").is_none());
    assert_eq!(info["keysUnreachable"], true);
    assert!(info["keychainError"].as_str().unwrap().starts_with("Anahtar zinciri kilitli"), "{info}");
    assert_eq!(info["providersAvailable"], json!([]));

    // The live links stay in view.
    let page = invoke(&window, "list_links", json!({})).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["id"], made["link"]["id"]);

    // Creating is refused with the reason, and nothing reaches any provider.
    let creates = h.requests(PAYNET_CREATE);
    let err = invoke(&window, "create_link", json!({ "form": form("paynet", "99"), "lang": "tr" })).unwrap_err();
    let field = &err["fields"][0];
    assert_eq!(field["code"], "keys_unreachable", "{err}");
    assert!(field["message"].as_str().unwrap().starts_with("Anahtarlara ulaşılamıyor"), "{err}");
    assert_eq!(h.requests(PAYNET_CREATE), creates);
    let checked = invoke(&window, "validate_link_form", json!({ "form": form("paynet", "99") })).unwrap();
    assert_eq!(checked["errors"][0]["code"], "keys_unreachable");
    // The form shows no provider to choose (none is usable): refused with the same reason.
    let mut any = form("paynet", "99");
    any["provider"] = serde_json::Value::Null;
    let err = invoke(&window, "create_link", json!({ "form": any })).unwrap_err();
    assert_eq!(err["fields"][0]["code"], "keys_unreachable", "{err}");

    // "Tekrar dene" while still locked: the same state. Unlocked: the keys, live, creating works.
    let again = invoke(&window, "retry_keychain", json!({})).unwrap();
    assert_eq!((again["mode"].as_str(), again["keysUnreachable"].as_bool()), (Some("live"), Some(true)));
    h.keychain.fail_with(None);
    let back = invoke(&window, "retry_keychain", json!({})).unwrap();
    assert_eq!(back["keysUnreachable"], false);
    assert!(back.get("keychainError").is_none());
    assert_eq!(back["providersAvailable"], json!(["paynet"]));
    invoke(&window, "create_link", json!({ "form": form("paynet", "99") })).expect("creates again");
    assert_eq!(h.requests(PAYNET_CREATE), creates + 1);
    tauri::async_runtime::block_on(app.state::<AppState>().shutdown());
}

#[test]
fn with_no_provider_set_up_a_locked_keychain_is_still_demo() {
    let h = harness();
    h.keychain.fail_with(Some(SecretsError::Unavailable));
    let (_app, window) = restart(&h);
    let info = invoke(&window, "get_app_info", json!({})).unwrap();
    assert_eq!(info["mode"], "demo");
    assert_eq!(info["keysUnreachable"], false);
    assert!(info["keychainError"].is_string());
}

#[test]
fn each_keychain_item_is_read_once_per_rebuild() {
    let h = harness();
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    h.ok(
        "set_paytr_credentials",
        json!({ "merchantId": LIVE_PAYTR_ID, "merchantKey": LIVE_PAYTR_KEY, "merchantSalt": LIVE_PAYTR_SALT }),
    );
    h.ok(
        "set_iyzico_credentials",
        json!({ "apiKey": LIVE_IYZICO_API_KEY, "secretKey": LIVE_IYZICO_SECRET_KEY, "env": "test" }),
    );
    h.keychain.take_gets();
    let info = h.ok("retry_keychain", json!({}));
    assert_eq!(info["credentials"], json!({ "paynet": true, "paytr": true, "iyzico": true }));
    let gets = h.keychain.take_gets();
    assert_eq!(gets.len(), 6, "{gets:?}");
    assert!(gets.values().all(|n| *n == 1), "each item once (macOS asks per read): {gets:?}");
}
