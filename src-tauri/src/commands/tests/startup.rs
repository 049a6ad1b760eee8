//! Start-up in the background (`start::open_state`): the window's page sends its first commands
//! while the book and the keychain are still being opened; they wait at the gate, in order, and
//! then get the answers they would have had from an app opened before the window.

use super::*;
use crate::gate::Gate;
use serde_json::json;
use std::sync::mpsc;
use std::time::Duration;
use tahsildar_core::tracker::TrackerConfig;
use tahsildar_core::Lang;

/// An app whose commands wait at a closed gate (as the real one's do at start), and its window.
fn gated() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>, Arc<Gate<MockRuntime>>) {
    let (builder, gate) = crate::with_gated_commands(mock_builder());
    let app = builder.build(mock_context(noop_assets())).expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    (app, window, gate)
}

/// Sends the commands one after another from other threads (as the page does, without waiting
/// for answers); the answers come back on the channel, tagged with their command.
fn send_early(
    window: &WebviewWindow<MockRuntime>,
    commands: Vec<(&'static str, Value)>,
) -> mpsc::Receiver<(&'static str, Result<Value, Value>)> {
    let (tx, rx) = mpsc::channel();
    for (cmd, args) in commands {
        let (w, tx) = (window.clone(), tx.clone());
        std::thread::spawn(move || {
            let _ = tx.send((cmd, invoke(&w, cmd, args)));
        });
        // The gate keeps arrival order; space them so the arrival order is this one.
        std::thread::sleep(Duration::from_millis(30));
    }
    rx
}

fn answers(
    rx: &mpsc::Receiver<(&'static str, Result<Value, Value>)>,
    n: usize,
) -> HashMap<&'static str, Result<Value, Value>> {
    (0..n).map(|_| rx.recv_timeout(Duration::from_secs(60)).expect("an answer within 60 s")).collect()
}

fn config(dir: &std::path::Path, secrets: Arc<TestKeychain>, provider: Option<&Sandbox>) -> StateConfig {
    let url = provider.map(|p| p.base_url().to_string());
    StateConfig {
        data_dir: dir.to_path_buf(),
        secrets,
        demo_listen: None,
        paynet_url: url.clone(),
        paytr_url: url.clone(),
        iyzico_url: url,
        tracker: TrackerConfig::default(),
    }
}

#[test]
fn commands_sent_before_the_state_is_open_wait_then_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window, gate) = gated();
    let rx = send_early(
        &window,
        vec![
            ("get_app_info", json!({ "lang": "tr" })),
            ("create_link", json!({ "form": form("paytr", "120,50") })),
            ("list_links", json!({})),
        ],
    );
    // Nothing is answered (nor refused for a missing state) while the state is not open.
    assert!(rx.recv_timeout(Duration::from_millis(400)).is_err(), "answered before the state was open");
    assert!(app.try_state::<AppState>().is_none());

    let keychain = Arc::new(TestKeychain::default());
    tauri::async_runtime::block_on(crate::start::open_state(
        app.handle().clone(),
        config(dir.path(), keychain, None),
        gate,
        Lang::Tr,
    ));
    let got = answers(&rx, 3);
    let info = got["get_app_info"].as_ref().expect("get_app_info answered");
    assert_eq!(info["mode"], "demo", "{info}");
    let made = got["create_link"].as_ref().expect("the early create succeeds");
    assert_eq!(made["link"]["provider"], "paytr", "{made}");
    got["list_links"].as_ref().expect("the early list succeeds");
    // Once open, a command runs at once, and sees the early create.
    let page = invoke(&window, "list_links", json!({})).expect("list");
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["rows"][0]["id"], made["link"]["id"]);
    tauri::async_runtime::block_on(app.state::<AppState>().shutdown());
}

#[test]
fn keys_out_of_reach_at_a_background_start_are_said_never_demo() {
    // Live Paynet keys saved, then the keychain locked before the next start.
    let h = harness();
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    let creates = h.requests(PAYNET_CREATE);
    h.keychain.fail_with(Some(SecretsError::Locked));
    tauri::async_runtime::block_on(h.state().shutdown());

    let (app, window, gate) = gated();
    let rx = send_early(
        &window,
        vec![
            ("get_app_info", json!({ "lang": "tr" })),
            ("create_link", json!({ "form": form("paynet", "99"), "lang": "tr" })),
        ],
    );
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err(), "answered before the state was open");
    tauri::async_runtime::block_on(crate::start::open_state(
        app.handle().clone(),
        config(h.dir.path(), h.keychain.clone(), Some(&h.provider)),
        gate,
        Lang::Tr,
    ));
    let got = answers(&rx, 2);
    let info = got["get_app_info"].as_ref().expect("get_app_info answered");
    assert_eq!(info["mode"], "live", "never the demo sandbox: {info}");
    assert_eq!(info["keysUnreachable"], true, "{info}");
    assert!(info["keychainError"].as_str().unwrap().starts_with("Anahtar zinciri kilitli"), "{info}");
    let err = got["create_link"].as_ref().expect_err("creating is refused");
    assert_eq!(err["fields"][0]["code"], "keys_unreachable", "{err}");
    assert!(err["fields"][0]["message"].as_str().unwrap().starts_with("Anahtarlara ulaşılamıyor"), "{err}");
    assert_eq!(h.requests(PAYNET_CREATE), creates, "nothing reached the provider");
    tauri::async_runtime::block_on(app.state::<AppState>().shutdown());
}

#[test]
fn the_boot_answer_passes_the_closed_gate_and_says_whether_the_language_follows_the_os() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window, gate) = gated();
    // A first start: no prefs file, so the OS's language, known before the book opens.
    app.manage(crate::start::Boot::read(dir.path()));
    let rx =
        send_early(&window, vec![("get_app_info", json!({ "lang": "tr" })), ("get_boot", json!({ "lang": "tr" }))]);
    // Sent second, answered first, while the gate is closed; get_app_info still waits.
    let (first, boot) = rx.recv_timeout(Duration::from_secs(5)).expect("get_boot answered while the gate is closed");
    assert_eq!(first, "get_boot");
    assert_eq!(boot.expect("get_boot succeeds"), json!({ "langFollowsOs": true }));
    assert!(rx.recv_timeout(Duration::from_millis(200)).is_err(), "get_app_info still waits");

    // An owner who picked a language: the page must wait for the book (or what it remembers).
    crate::state::prefs::save(dir.path(), crate::state::prefs::Prefs { lang_follows_os: false, ..Default::default() })
        .unwrap();
    assert_eq!(crate::start::Boot::read(dir.path()), crate::start::Boot { lang_follows_os: false });

    tauri::async_runtime::block_on(crate::start::open_state(
        app.handle().clone(),
        config(dir.path(), Arc::new(TestKeychain::default()), None),
        gate,
        Lang::Tr,
    ));
    answers(&rx, 1)["get_app_info"].as_ref().expect("get_app_info answered once the state is open");
    tauri::async_runtime::block_on(app.state::<AppState>().shutdown());
}
