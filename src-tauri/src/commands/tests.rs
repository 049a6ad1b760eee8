//! The commands through Tauri's real IPC path (mock runtime), against a real in-process sandbox.

use crate::state::AppState;
use serde_json::{json, Value};
use tahsildar_core::providers::paynet::{LinkRef, PaynetLinkId};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::lock;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

const CREATE_PATH: &str = "/v1/mailorder/create";

fn app() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let state = tauri::async_runtime::block_on(AppState::start_demo(None)).expect("demo sandbox starts");
    let app = crate::with_commands(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    (app, window)
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json answer"))
}

fn creates_sent(app: &tauri::App<MockRuntime>) -> usize {
    let state = app.state::<AppState>();
    let crate::state::Mode::Demo { sandbox } = &state.mode;
    let count = lock(&sandbox.state().faults).request_count(CREATE_PATH);
    count
}

#[test]
fn app_info_says_demo_and_where_the_sandbox_is() {
    let (app, window) = app();
    let info = invoke(&window, "get_app_info", json!({})).expect("app info");
    assert_eq!(info["mode"], "demo");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    let url = info["sandbox_url"].as_str().expect("sandbox url");
    assert_eq!(Some(url), app.state::<AppState>().sandbox_url());
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
}

#[test]
fn create_link_makes_a_paynet_link_with_its_qr() {
    let (app, window) = app();
    let link = invoke(
        &window,
        "create_link",
        json!({ "amount": "1.234,56", "description": "  2 kg baklava ", "customer": "Ayşe Yılmaz", "lang": "tr" }),
    )
    .expect("link created");

    assert_eq!(link["amount_minor"], 123456);
    assert_eq!(link["amount_text"], "1.234,56 TL");
    assert_eq!(link["description"], "2 kg baklava");
    assert_eq!(link["customer"], "Ayşe Yılmaz");
    assert_eq!(link["provider"], "paynet");
    assert_eq!(link["demo"], true);
    let url = link["url"].as_str().expect("url");
    let base = app.state::<AppState>().sandbox_url().expect("demo").to_string();
    assert!(url.starts_with(&base), "{url} is not on the sandbox {base}");
    let qr = link["qr_png_data_url"].as_str().expect("qr");
    assert!(qr.starts_with("data:image/png;base64,") && qr.len() > 200, "{qr}");

    // Ask the provider what it stored: what we sent is what the payer will see.
    let id = PaynetLinkId(link["id"].as_str().expect("id").to_string());
    let state = app.state::<AppState>();
    let detail = tauri::async_runtime::block_on(state.paynet.detail(&LinkRef::Id(id))).expect("detail");
    assert_eq!(detail.amount_minor, 123456);
    assert_eq!(detail.name_surname, "Ayşe Yılmaz");
    assert_eq!(detail.note.as_deref(), Some("2 kg baklava"));
    let reference = detail.reference_no.expect("reference_no sent");
    assert!(reference.starts_with("TSD-") && reference.len() <= 50, "{reference}");
    assert_eq!(creates_sent(&app), 1);
}

#[test]
fn two_links_get_different_references() {
    let (app, window) = app();
    let args = json!({ "amount": "120", "description": "Kahve", "customer": "Ali Veli" });
    let a = invoke(&window, "create_link", args.clone()).expect("first");
    let b = invoke(&window, "create_link", args).expect("second");
    assert_ne!(a["id"], b["id"]);
    let state = app.state::<AppState>();
    let reference = |v: &Value| {
        let id = PaynetLinkId(v["id"].as_str().expect("id").to_string());
        tauri::async_runtime::block_on(state.paynet.detail(&LinkRef::Id(id))).expect("detail").reference_no
    };
    assert_ne!(reference(&a), reference(&b));
}

#[test]
fn a_bad_amount_is_a_validation_error_on_the_amount_and_sends_nothing() {
    let (app, window) = app();
    let err = invoke(&window, "create_link", json!({ "amount": "12,345", "description": "Kahve", "customer": "Ali Veli" }))
        .expect_err("refused");
    assert_eq!(err["kind"], "validation");
    assert_eq!(err["field"], "amount");
    assert_eq!(err["code"], "amount_too_many_decimals");
    assert_eq!(err["retryable"], false);
    assert_eq!(err["message"], "Virgülden sonra en fazla iki basamak yazın, örneğin 120,50.");

    let err = invoke(&window, "create_link", json!({ "amount": "0", "description": "Kahve", "customer": "Ali Veli", "lang": "en" }))
        .expect_err("refused");
    assert_eq!(err["message"], "The amount must be more than zero.");
    assert_eq!(creates_sent(&app), 0);
}

#[test]
fn customer_and_description_are_required() {
    let (app, window) = app();
    let err = invoke(&window, "create_link", json!({ "amount": "120", "description": "Kahve", "customer": "   " }))
        .expect_err("refused");
    assert_eq!(err["field"], "customer");
    assert_eq!(err["code"], "customer_required");
    let err = invoke(&window, "create_link", json!({ "amount": "120", "description": "", "customer": "Ali Veli" }))
        .expect_err("refused");
    assert_eq!(err["field"], "description");
    let long = "x".repeat(141);
    let err = invoke(&window, "create_link", json!({ "amount": "120", "description": long, "customer": "Ali Veli" }))
        .expect_err("refused");
    assert_eq!(err["code"], "description_too_long");
    assert_eq!(creates_sent(&app), 0);
}

#[test]
fn a_provider_failure_reaches_the_ui_as_a_retryable_server_error() {
    let (app, window) = app();
    {
        let state = app.state::<AppState>();
        let crate::state::Mode::Demo { sandbox } = &state.mode;
        lock(&sandbox.state().faults).set(CREATE_PATH, Fault::Http500, Some(1));
    }
    let err = invoke(&window, "create_link", json!({ "amount": "120", "description": "Kahve", "customer": "Ali Veli", "lang": "en" }))
        .expect_err("server error");
    assert_eq!(err["kind"], "server");
    assert_eq!(err["retryable"], true);
    assert!(err.get("field").is_none());
    assert!(err["message"].as_str().expect("message").contains("problem on its side"), "{err}");
    // The fault was for one request: the next create works.
    invoke(&window, "create_link", json!({ "amount": "120", "description": "Kahve", "customer": "Ali Veli" }))
        .expect("second try");
}

/// With the app's real config and capabilities: the main window may create links, any other
/// window may not (the ACL from build.rs + capabilities/main.json).
#[test]
fn only_the_main_window_is_granted_the_commands() {
    let state = tauri::async_runtime::block_on(AppState::start_demo(None)).expect("demo sandbox starts");
    let app = crate::with_commands(mock_builder())
        .manage(state)
        .build(tauri::generate_context!())
        .expect("app builds");
    let main = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("main");
    let other = WebviewWindowBuilder::new(&app, "other", Default::default()).build().expect("other");
    let args = json!({ "amount": "120", "description": "Kahve", "customer": "Ali Veli" });
    invoke(&main, "create_link", args.clone()).expect("main window may create");
    let denied = invoke(&other, "create_link", args).expect_err("other window may not");
    assert!(denied.to_string().contains("not allowed"), "{denied}");
    assert_eq!(creates_sent(&app), 1);
}
