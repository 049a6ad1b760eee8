//! Ayarlar: keys go into the keychain and never come back out; the mode follows them.

use super::*;
use serde_json::json;
use tahsildar_core::secrets::Field;

/// Every file in the data folder, as text (the SQLite file and its WAL included).
fn data_dir_text(h: &Harness) -> String {
    let mut all = String::new();
    for e in std::fs::read_dir(h.dir.path()).expect("data dir").flatten() {
        all.push_str(&String::from_utf8_lossy(&std::fs::read(e.path()).unwrap_or_default()));
    }
    all
}

#[test]
fn with_no_keys_the_app_runs_in_demo_against_the_sandbox() {
    let h = harness();
    let info = h.ok("get_app_info", json!({}));
    assert_eq!(info["mode"], "demo");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(info["credentials"], json!({ "paynet": false, "paytr": false, "iyzico": false }));
    assert_eq!(info["providersAvailable"], json!(["paynet", "paytr", "iyzico"]), "demo plays every provider");
    let url = info["sandboxUrl"].as_str().expect("sandbox url");
    assert!(url.starts_with("http://127.0.0.1:") && url != h.provider.base_url(), "{url}");
    assert!(info.get("keychainError").is_none());
    assert!(h.dir.path().join(tahsildar_core::store::FILE_NAME).exists());
}

#[test]
fn saved_keys_show_as_saved_switch_to_live_and_never_come_back() {
    let h = harness();
    let status = h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "live", "lang": "tr" }));
    assert_eq!(status, json!({ "paynet": true, "paytr": false, "iyzico": false }));
    assert!(h.keychain.has(Field::PaynetSecretKey));
    let status = h.ok(
        "set_paytr_credentials",
        json!({ "merchantId": LIVE_PAYTR_ID, "merchantKey": LIVE_PAYTR_KEY, "merchantSalt": LIVE_PAYTR_SALT }),
    );
    assert_eq!(status, json!({ "paynet": true, "paytr": true, "iyzico": false }));

    let info = h.ok("get_app_info", json!({}));
    assert_eq!(info["mode"], "live");
    assert!(info.get("sandboxUrl").is_none());
    assert_eq!(info["settings"]["paynetEnv"], "live");
    assert_eq!(info["providersAvailable"], json!(["paynet", "paytr"]));
    assert!(h.state().sandbox().is_none(), "the demo sandbox stops in live mode");

    // Links now go to the "real" host (the override), with the saved keys.
    let created = h.ok("create_link", json!({ "form": form("paynet", "150") }));
    assert_eq!(created["outcome"], "created");
    assert_eq!(h.requests(PAYNET_CREATE), 1);
    assert!(created["link"]["url"].as_str().unwrap().starts_with(h.provider.base_url()));
    assert_eq!(h.ok("test_connection", json!({ "provider": "paytr" }))["ok"], true);

    let mut outputs = vec![info, created, h.ok("get_settings", json!({}))];
    outputs.push(h.ok("list_links", json!({})));
    for secret in [LIVE_PAYNET_KEY, LIVE_PAYTR_KEY, LIVE_PAYTR_SALT] {
        for out in &outputs {
            assert!(!out.to_string().contains(secret), "a command returned a secret: {out}");
        }
        assert!(!data_dir_text(&h).contains(secret), "a secret reached the data folder");
    }
}

#[test]
fn the_owner_chooses_the_providers_in_use() {
    let h = harness();
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    h.ok(
        "set_paytr_credentials",
        json!({ "merchantId": LIVE_PAYTR_ID, "merchantKey": LIVE_PAYTR_KEY, "merchantSalt": LIVE_PAYTR_SALT }),
    );
    let mut settings = h.ok("get_settings", json!({}));
    assert_eq!(settings["providersInUse"], json!(["paynet", "paytr"]), "saving keys puts a provider in use");
    h.ok("clear_credentials", json!({ "provider": "paynet" }));
    assert_eq!(h.ok("get_settings", json!({}))["providersInUse"], json!(["paytr"]), "removing them takes it out");
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    settings["providersInUse"] = json!(["paytr"]);
    settings["lang"] = json!("en");
    let saved = h.ok("save_settings", json!({ "settings": settings }));
    assert_eq!(saved["providersInUse"], json!(["paytr"]));
    assert_eq!(saved["lang"], "en");
    assert_eq!(h.ok("get_app_info", json!({}))["providersAvailable"], json!(["paytr"]));

    let err = h.err("create_link", json!({ "form": form("paynet", "150") }));
    assert_eq!((err["field"].as_str(), err["code"].as_str()), (Some("provider"), Some("provider_unavailable")));
    assert_eq!(err["message"], "Please fix the form: Paynet is not in use: turn it on in Settings.");
    assert_eq!(h.requests(PAYNET_CREATE), 0);
}

#[test]
fn a_null_language_follows_the_os_and_is_remembered() {
    let h = harness();
    let mut settings = h.ok("get_settings", json!({}));
    assert_eq!(settings["lang"], json!(null), "a fresh install follows the OS");
    settings["lang"] = json!("en");
    settings["sound"] = json!(false);
    h.ok("save_settings", json!({ "settings": settings.clone() }));
    let prefs = std::fs::read_to_string(h.dir.path().join(crate::state::prefs::FILE_NAME)).expect("prefs");
    assert!(prefs.contains("\"langFollowsOs\": false"), "{prefs}");
    let back = h.ok("get_settings", json!({}));
    assert_eq!((back["lang"].as_str(), back["sound"].as_bool()), (Some("en"), Some(false)));
    settings["lang"] = json!(null);
    assert_eq!(h.ok("save_settings", json!({ "settings": settings }))["lang"], json!(null));
}

#[test]
fn a_wrong_key_is_saved_but_the_connection_test_says_it_is_wrong() {
    let h = harness();
    h.ok("set_paynet_credentials", json!({ "secretKey": "sck_wrongWRONGwrongWRONGwrong0000", "env": "test" }));
    let answer = h.ok("test_connection", json!({ "provider": "paynet", "lang": "tr" }));
    assert_eq!(answer["ok"], false);
    let message = answer["message"].as_str().unwrap();
    assert!(message.starts_with("Anahtar yanlış: Paynet bu gizli anahtarı kabul etmedi."), "{message}");
    assert!(message.contains("Test sunucusunu"), "names the host choice, the usual cause: {message}");
    assert!(!message.contains("sck_wrong"), "never echoes the key");
    assert_eq!(h.requests("/v1/mailorder/list"), 1, "one harmless list call");

    let answer = h.ok("test_connection", json!({ "provider": "paytr", "lang": "en" }));
    assert_eq!(answer, json!({ "ok": false, "message": "No PayTR keys are saved: save them first." }));

    // The right key: the same test works.
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    let answer = h.ok("test_connection", json!({ "provider": "paynet", "lang": "en" }));
    assert_eq!(answer, json!({ "ok": true, "message": "The connection works: Paynet accepted your key." }));
}

#[test]
fn a_down_provider_is_reported_in_plain_words() {
    let h = harness();
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    lock(&h.provider.state().faults).set(
        "/v1/mailorder/list",
        tahsildar_core::sandbox::faults::Fault::Http500,
        Some(1),
    );
    let answer = h.ok("test_connection", json!({ "provider": "paynet", "lang": "tr" }));
    assert_eq!(answer, json!({ "ok": false, "message": "Paynet şu an cevap vermiyor, biraz sonra tekrar deneyin." }));
}

#[test]
fn a_refused_value_names_its_field_and_saves_nothing() {
    let h = harness();
    let err =
        h.err("set_paynet_credentials", json!({ "secretKey": "pbk_publishable_123", "env": "test", "lang": "en" }));
    assert_eq!((err["field"].as_str(), err["code"].as_str()), (Some("secretKey"), Some("publishable_key")));
    assert!(err["message"].as_str().unwrap().contains("publishable key"), "{err}");
    assert!(!err.to_string().contains("pbk_publishable_123"));
    let err = h.err("set_paytr_credentials", json!({ "merchantId": "12a", "merchantKey": "k", "merchantSalt": "s" }));
    assert_eq!(err["field"], "merchantId");
    assert!(!h.keychain.has(Field::PaynetSecretKey) && !h.keychain.has(Field::PaytrMerchantId));
    assert_eq!(h.ok("get_app_info", json!({}))["mode"], "demo");
}

#[test]
fn a_non_sck_key_is_saved_with_a_warning() {
    let h = harness();
    let status = h.ok("set_paynet_credentials", json!({ "secretKey": "abc_123", "env": "test", "lang": "en" }));
    assert_eq!(status["paynet"], true);
    assert!(status["warning"].as_str().unwrap().starts_with("Saved, but Paynet secret keys start with sck_"));
}

#[test]
fn a_locked_keychain_is_a_clear_message_and_nothing_is_written_elsewhere() {
    let h = harness();
    h.keychain.fail_with(Some(SecretsError::Locked));
    let err = h.err("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test", "lang": "en" }));
    assert_eq!((err["kind"].as_str(), err["code"].as_str()), (Some("keychain"), Some("keychain_locked")));
    assert!(err["message"].as_str().unwrap().starts_with("The keychain is locked"), "{err}");
    assert!(!data_dir_text(&h).contains(LIVE_PAYNET_KEY), "no plaintext fallback");
    assert_eq!(h.ok("get_app_info", json!({}))["mode"], "demo");
}

#[test]
fn a_keychain_missing_at_start_leaves_demo_mode_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let keychain = Arc::new(TestKeychain::default());
    keychain.fail_with(Some(SecretsError::Unavailable));
    let config = StateConfig {
        data_dir: dir.path().to_path_buf(),
        secrets: keychain,
        demo_listen: None,
        paynet_url: None,
        paytr_url: None,
        iyzico_url: None,
        tracker: Default::default(),
    };
    let state = tauri::async_runtime::block_on(AppState::open(config)).expect("opens anyway");
    assert!(state.is_demo());
    let info =
        tauri::async_runtime::block_on(crate::commands::app::app_info(&state, tahsildar_core::Lang::En)).unwrap();
    assert!(info.keychain_error.expect("reason").starts_with("The operating system's keychain could not be reached"));
}

#[test]
fn clearing_the_last_keys_goes_back_to_demo() {
    let h = harness();
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    assert_eq!(h.ok("get_app_info", json!({}))["mode"], "live");
    let status = h.ok("clear_credentials", json!({ "provider": "paynet" }));
    assert_eq!(status, json!({ "paynet": false, "paytr": false, "iyzico": false }));
    assert!(!h.keychain.has(Field::PaynetSecretKey));
    let info = h.ok("get_app_info", json!({}));
    assert_eq!(info["mode"], "demo");
    let created = h.ok("create_link", json!({ "form": form("paytr", "99,90") }));
    assert!(created["link"]["url"].as_str().unwrap().starts_with(info["sandboxUrl"].as_str().unwrap()));
}

/// Issue 8 §1: the demo sandbox inside the app takes fresh random credentials (never the public
/// demo values) and answers only to its own `127.0.0.1:PORT` / `localhost:PORT`, so a web page
/// cannot reach it by DNS rebinding.
#[test]
fn the_demo_sandbox_answers_only_its_own_address_with_fresh_credentials() {
    let h = harness();
    let sandbox = h.state().sandbox().expect("demo");
    let c = &sandbox.state().config;
    assert_ne!(c.paytr_merchant_key, tahsildar_core::sandbox::DEMO_PAYTR_MERCHANT_KEY);
    assert_ne!(c.paynet_secret_key, tahsildar_core::sandbox::DEMO_PAYNET_SECRET_KEY);
    assert!(sandbox.state().options.check_host);
    let page = format!("{}/link/NOSUCH1", sandbox.base_url());
    let port = sandbox.addr().port();
    let status = |host: String| {
        let page = page.clone();
        tauri::async_runtime::block_on(async move {
            reqwest::Client::new().get(page).header("host", host).send().await.unwrap().status().as_u16()
        })
    };
    assert_eq!(status(format!("127.0.0.1:{port}")), 404, "its own address reaches the page router");
    assert_eq!(status(format!("rebind.example:{port}")), 403);
    // Demo links are created with this run's credentials all the same.
    let created = h.ok("create_link", json!({ "form": form("paytr", "25"), "lang": "tr" }));
    assert_eq!((created["outcome"].as_str(), created["link"]["status"].as_str()), (Some("created"), Some("waiting")));
}
