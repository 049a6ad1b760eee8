//! iyzico in the app (issue 12 §3): its keys through Ayarlar into the keychain and never back,
//! its host, "Bağlantıyı test et", being in use or not, and demo mode playing it too.

use super::*;
use serde_json::json;
use tahsildar_core::providers::iyzico::{self, IyzicoClient};
use tahsildar_core::secrets::Field;
use tahsildar_core::Lang;

const LIST: &str = "/v2/iyzilink/products";

fn save_keys(h: &Harness, secret: &str, env: &str) -> Value {
    h.ok("set_iyzico_credentials", json!({ "apiKey": LIVE_IYZICO_API_KEY, "secretKey": secret, "env": env }))
}

fn iyzico_url(h: &Harness) -> Option<String> {
    h.state().clients().get::<IyzicoClient>().map(|c| c.base_url().to_string())
}

#[test]
fn iyzico_keys_in_ayarlar_go_live_and_never_come_back() {
    let h = harness();
    let status = save_keys(&h, LIVE_IYZICO_SECRET_KEY, "test");
    assert_eq!(status, json!({ "paynet": false, "paytr": false, "iyzico": true }));
    assert!(h.keychain.has(Field::IyzicoApiKey) && h.keychain.has(Field::IyzicoSecretKey));

    let info = h.ok("get_app_info", json!({}));
    assert_eq!(info["mode"], "live");
    assert_eq!(info["settings"]["iyzicoEnv"], "test");
    assert_eq!(info["settings"]["providersInUse"], json!(["iyzico"]), "saving the keys puts iyzico in use");
    assert_eq!(info["providersAvailable"], json!(["iyzico"]));
    // The E2E override stands in for iyzico's host; the link service has the client too.
    assert_eq!(iyzico_url(&h).as_deref(), Some(h.provider.base_url().trim_end_matches('/')));
    assert!(format!("{:?}", h.state().links().unwrap()).contains("iyzico: true"));

    // "Bağlantıyı test et": one harmless signed list call, accepted.
    let answer = h.ok("test_connection", json!({ "provider": "iyzico", "lang": "tr" }));
    assert_eq!(answer, json!({ "ok": true, "message": "Bağlantı çalışıyor: iyzico anahtarınızı kabul etti." }));
    assert_eq!(h.requests(LIST), 1);

    let outputs = [info, answer, status, h.ok("get_settings", json!({}))];
    for secret in [LIVE_IYZICO_API_KEY, LIVE_IYZICO_SECRET_KEY] {
        for out in &outputs {
            assert!(!out.to_string().contains(secret), "a command returned a key: {out}");
        }
        let files: String = std::fs::read_dir(h.dir.path())
            .unwrap()
            .flatten()
            .map(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap_or_default()).into_owned())
            .collect();
        assert!(!files.contains(secret), "a key reached the data folder");
    }

    // "Anahtarı sil": both keys gone, iyzico out of use, and with no keys left, demo again.
    let status = h.ok("clear_credentials", json!({ "provider": "iyzico" }));
    assert_eq!(status, json!({ "paynet": false, "paytr": false, "iyzico": false }));
    assert!(!h.keychain.has(Field::IyzicoApiKey) && !h.keychain.has(Field::IyzicoSecretKey));
    let info = h.ok("get_app_info", json!({}));
    assert_eq!(info["mode"], "demo");
    assert_eq!(info["settings"]["providersInUse"], json!([]));
}

#[test]
fn a_wrong_iyzico_secret_is_called_wrong_in_both_languages() {
    const WRONG: &str = "sandbox-wrongSecretKeyForAppTests0000000";
    let h = harness();
    save_keys(&h, WRONG, "test");
    for (lang, start) in [
        ("tr", "Anahtar yanlış: iyzico bu API anahtarını ya da gizli anahtarı kabul etmedi."),
        ("en", "Wrong key: iyzico did not accept this API key or secret key."),
    ] {
        let before = h.requests_by("GET", LIST);
        let answer = h.ok("test_connection", json!({ "provider": "iyzico", "lang": lang }));
        assert_eq!(answer["ok"], false);
        let message = answer["message"].as_str().unwrap();
        assert!(message.starts_with(start), "{message}");
        assert!(!message.contains(WRONG) && !message.contains(LIVE_IYZICO_API_KEY), "never echoes a key");
        assert_eq!(h.requests_by("GET", LIST), before + 1, "the sandbox was asked, and refused the signature");
    }
    // The right secret: the same test works.
    save_keys(&h, LIVE_IYZICO_SECRET_KEY, "test");
    assert_eq!(h.ok("test_connection", json!({ "provider": "iyzico", "lang": "en" }))["ok"], true);
}

#[test]
fn a_refused_iyzico_key_names_its_field_and_saves_nothing() {
    let h = harness();
    let err = h.err(
        "set_iyzico_credentials",
        json!({ "apiKey": "sandbox-api key", "secretKey": LIVE_IYZICO_SECRET_KEY, "env": "test", "lang": "en" }),
    );
    assert_eq!((err["field"].as_str(), err["code"].as_str()), (Some("apiKey"), Some("whitespace")), "{err}");
    assert!(!err.to_string().contains(LIVE_IYZICO_SECRET_KEY));
    assert!(!h.keychain.has(Field::IyzicoApiKey) && !h.keychain.has(Field::IyzicoSecretKey));
    assert_eq!(h.ok("get_app_info", json!({}))["mode"], "demo");
}

/// Without the test override the client talks to iyzico's sandbox or live host, as chosen with
/// the keys and changed later in Ayarlar.
#[test]
fn the_iyzico_host_follows_the_owners_choice() {
    let dir = tempfile::tempdir().unwrap();
    let config = StateConfig {
        data_dir: dir.path().to_path_buf(),
        secrets: Arc::new(TestKeychain::default()),
        demo_listen: None,
        paynet_url: None,
        paytr_url: None,
        iyzico_url: None,
        tracker: Default::default(),
    };
    let (app, window) =
        mount(tauri::async_runtime::block_on(AppState::open(config)).unwrap(), mock_context(noop_assets()));
    let url = || app.state::<AppState>().clients().get::<IyzicoClient>().map(|c| c.base_url().to_string());
    invoke(
        &window,
        "set_iyzico_credentials",
        json!({ "apiKey": LIVE_IYZICO_API_KEY, "secretKey": LIVE_IYZICO_SECRET_KEY, "env": "test" }),
    )
    .unwrap();
    assert_eq!(url().as_deref(), Some(iyzico::SANDBOX_BASE_URL));
    let mut settings = invoke(&window, "get_settings", json!({})).unwrap();
    settings["iyzicoEnv"] = json!("live");
    let saved = invoke(&window, "save_settings", json!({ "settings": settings })).unwrap();
    assert_eq!(saved["iyzicoEnv"], "live");
    assert_eq!(url().as_deref(), Some(iyzico::LIVE_BASE_URL), "a host change rebuilds the client");
}

#[test]
fn a_saved_iyzico_switched_off_is_refused_with_where_to_turn_it_on() {
    let h = harness();
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    save_keys(&h, LIVE_IYZICO_SECRET_KEY, "test");
    let mut settings = h.ok("get_settings", json!({}));
    settings["providersInUse"] = json!(["paynet"]);
    h.ok("save_settings", json!({ "settings": settings }));
    assert_eq!(h.ok("get_app_info", json!({}))["providersAvailable"], json!(["paynet"]));
    let checked = h.ok("validate_link_form", json!({ "form": form("iyzico", "120"), "lang": "tr" }));
    let provider = checked["errors"].as_array().unwrap().iter().find(|e| e["field"] == "provider");
    assert_eq!(
        provider.map(|e| e["message"].as_str().unwrap()),
        Some("iyzico şu an kullanımda değil: Ayarlar'dan açın."),
        "{checked}"
    );
}

#[test]
fn demo_mode_plays_iyzico_on_the_demo_sandbox() {
    let h = harness();
    let demo = h.state().sandbox_url().expect("demo");
    assert_eq!(iyzico_url(&h).as_deref(), Some(demo.trim_end_matches('/')));
    assert!(format!("{:?}", h.state().links().unwrap()).contains("iyzico: true"));
    let answer = h.ok("test_connection", json!({ "provider": "iyzico", "lang": "tr" }));
    assert_eq!(answer, json!({ "ok": true, "message": "Bağlantı çalışıyor (Demo: iyzico deneme sunucusu)." }));
    assert_eq!(h.requests(LIST), 1, "asked the demo sandbox, with this run's random demo keys");
}

/// A form iyzico takes: no expiry (iyzilink has none), no sending, no installments.
fn iyzico_form(amount: &str) -> Value {
    let mut f = form("iyzico", amount);
    f["expiry"] = json!({ "kind": "none" });
    f
}

fn demo_fault(h: &Harness, fault: tahsildar_core::sandbox::faults::Fault) {
    let sandbox = h.state().sandbox().expect("demo");
    lock(&sandbox.state().faults).set(LIST, fault, Some(1));
}

#[test]
fn a_demo_iyzico_link_is_made_passive_reopened_and_deleted() {
    let h = harness();
    let r = h.ok("create_link", json!({ "form": iyzico_form("149,90"), "lang": "tr" }));
    assert_eq!(r["outcome"], "created", "{r}");
    let link = &r["link"];
    assert_eq!((link["provider"].as_str(), link["status"].as_str()), (Some("iyzico"), Some("waiting")));
    assert!(link["url"].as_str().unwrap().starts_with(&h.state().sandbox_url().unwrap()), "{link}");
    assert!(link.get("expiresAt").is_none(), "iyzico links have no expiry: {link}");
    assert_eq!(
        link["actions"],
        json!({ "refresh": true, "cancel": true, "reopen": false, "delete": true, "resend": false, "check": false, "share": true })
    );
    assert_eq!(h.requests_by("POST", LIST), 1, "one create on the demo sandbox");
    let id = link["id"].clone();

    let cancelled = h.ok("cancel_link", json!({ "id": id }));
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["actions"]["reopen"], true);
    let reopened = h.ok("reopen_link", json!({ "id": id }));
    assert_eq!(reopened["status"], "waiting");
    let deleted = h.ok("delete_links", json!({ "ids": [id] }));
    assert_eq!(deleted["deleted"], json!([id]), "{deleted}");
    assert_eq!(h.ok("get_link", json!({ "id": id }))["status"], "deleted");
    let sandbox = h.state().sandbox().unwrap();
    let log = lock(&sandbox.state().faults).requests();
    let token = link["providerId"].as_str().unwrap();
    let seen = |method: &str, path: String| log.iter().filter(|q| q.method == method && q.path == path).count();
    assert_eq!(seen("POST", LIST.into()), 1, "created once");
    assert_eq!(seen("PATCH", format!("{LIST}/{token}/status/PASSIVE")), 1, "cancel = PASSIVE");
    assert_eq!(seen("PATCH", format!("{LIST}/{token}/status/ACTIVE")), 1, "reopen = ACTIVE");
    assert_eq!(seen("DELETE", format!("{LIST}/{token}")), 1, "delete = DELETE");
}

/// An iyzico create whose answer was lost: the owner pastes the address seen in the iyzico panel
/// (checked with iyzico), or says it is not there.
#[test]
fn an_uncertain_iyzico_create_is_settled_with_the_panels_address() {
    use tahsildar_core::money::{Currency, Money};
    use tahsildar_core::providers::iyzico::{card, IyzicoClient, LinkFields};
    let h = harness();
    demo_fault(&h, tahsildar_core::sandbox::faults::Fault::Drop);
    let r = h.ok("create_link", json!({ "form": iyzico_form("60"), "lang": "tr" }));
    assert_eq!((r["outcome"].as_str(), r["link"]["status"].as_str()), (Some("uncertain"), Some("unknown")), "{r}");
    let id = r["link"]["id"].clone();
    let local_ref = r["link"]["localRef"].as_str().unwrap().to_string();

    // What iyzico would hold had the create gone through: a link with our reference and amount.
    let sandbox = h.state().sandbox().unwrap();
    let c = &sandbox.state().config;
    let client = IyzicoClient::new(
        sandbox.base_url(),
        c.iyzico_api_key.clone().into(),
        c.iyzico_secret_key.clone().into(),
        std::time::Duration::from_secs(10),
    )
    .unwrap();
    let price = Money::new(6_000, Currency::Tl).unwrap();
    let mut fields = LinkFields::single_use("2 kg baklava", "2 kg baklava", price);
    fields.conversation_id = Some(local_ref);
    let made =
        tauri::async_runtime::block_on(client.create(&fields, &card::render(price, "2 kg baklava", None).unwrap()))
            .unwrap();

    let err = h.err("settle_link", json!({ "id": id, "providerId": "no such thing", "lang": "tr" }));
    assert_eq!((err["kind"].as_str(), err["field"].as_str()), (Some("validation"), Some("providerId")), "{err}");
    let link = h.ok("settle_link", json!({ "id": id, "providerId": made.url }));
    assert_eq!(link["status"], "waiting", "{link}");
    assert_eq!(link["url"].as_str(), Some(made.url.as_str()));
    assert!(link["qrPngDataUrl"].as_str().unwrap().starts_with("data:image/png;base64,"));

    demo_fault(&h, tahsildar_core::sandbox::faults::Fault::Drop);
    let missing = h.ok("create_link", json!({ "form": iyzico_form("61"), "lang": "tr" }));
    let gone = h.ok("settle_link", json!({ "id": missing["link"]["id"], "providerId": null }));
    assert_eq!(gone["status"], "failed");
}

/// A paid iyzico link is named iyzico in the day report, its CSV and the links' CSV.
#[test]
fn a_paid_iyzico_link_is_named_in_the_day_report_and_the_csvs() {
    use crate::commands::{export::write_csv, summary::write_report};
    use crate::dto::form::LinkFilterDto;
    let h = harness();
    let created = h.ok("create_link", json!({ "form": iyzico_form("149,90"), "lang": "tr" }));
    let (id, token) = (created["link"]["id"].clone(), created["link"]["providerId"].as_str().unwrap().to_string());
    // The customer pays on the demo sandbox (its control route; the page does the same).
    let url = format!("{}/_sandbox/iyzico/pay", h.state().sandbox_url().unwrap().trim_end_matches('/'));
    let status = tauri::async_runtime::block_on(async {
        reqwest::Client::new().post(&url).json(&json!({ "token": token, "outcome": "paid" })).send().await
    })
    .unwrap()
    .status();
    assert!(status.is_success(), "paying {token}: {status}");
    // "Durumu yenile": iyzico's `get` says the single sale happened.
    assert_eq!(h.ok("refresh_link", json!({ "id": id }))["status"], "paid");

    let report = h.ok("day_report", json!({ "lang": "tr" }));
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{report}");
    assert_eq!((groups[0]["provider"].as_str(), groups[0]["paidTotalMinor"].as_i64()), (Some("iyzico"), Some(14_990)));

    let today = tahsildar_core::time::to_istanbul(chrono::Utc::now()).date();
    let path = h.dir.path().join("gun-sonu.csv");
    let rows = tauri::async_runtime::block_on(write_report(&h.state(), today, today, path.clone(), Lang::Tr)).unwrap();
    assert!(rows >= 1);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.lines().any(|l| l.contains("iyzico") && l.contains("149,90")), "{text}");

    let path = h.dir.path().join("linkler.csv");
    let filter = LinkFilterDto { provider: Some(crate::dto::ProviderId::Iyzico), ..Default::default() };
    let rows = tauri::async_runtime::block_on(write_csv(&h.state(), &filter, path.clone(), Lang::Tr)).unwrap();
    assert_eq!(rows, 1);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(";149,90;TL;iyzico;"), "{text}");
}

/// The live tracker gets the iyzico client built from the saved keys: a payment on the
/// "real" iyzico (the test's provider sandbox) turns the row paid and is announced.
#[test]
fn a_live_iyzico_payment_is_found_by_the_tracker_with_the_saved_keys() {
    let h = harness();
    save_keys(&h, LIVE_IYZICO_SECRET_KEY, "test");
    let mut ui = h.state().subscribe();
    let created = h.ok("create_link", json!({ "form": iyzico_form("75"), "lang": "tr" }));
    assert_eq!(created["outcome"], "created", "{created}");
    let link = &created["link"];
    assert!(link["url"].as_str().unwrap().starts_with(h.provider.base_url()), "{link}");
    let url = format!("{}/_sandbox/iyzico/pay", h.provider.base_url().trim_end_matches('/'));
    let token = link["providerId"].as_str().unwrap();
    let status = tauri::async_runtime::block_on(async {
        reqwest::Client::new().post(&url).json(&json!({ "token": token, "outcome": "paid" })).send().await
    })
    .unwrap()
    .status();
    assert!(status.is_success(), "paying {token}: {status}");

    let tracker = h.state().books().unwrap().tracker.clone();
    tauri::async_runtime::block_on(tracker.cycle_now()).expect("tracker runs");
    assert_eq!(h.ok("get_link", json!({ "id": link["id"] }))["status"], "paid");
    assert_eq!(h.ok("get_unseen_payments", json!({})), 1);
    // The announcement reaches the UI through the pump, a moment later.
    let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let body = loop {
        match ui.try_recv() {
            Ok(crate::tracking::UiEvent::PaymentReceived { body, .. }) => break body,
            Ok(_) => continue,
            Err(_) if std::time::Instant::now() < end => std::thread::sleep(std::time::Duration::from_millis(25)),
            Err(e) => panic!("no payment announced: {e}"),
        }
    };
    assert_eq!(body, "Ayşe Yılmaz 75,00 TL ödedi");
}
