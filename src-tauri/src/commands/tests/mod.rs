//! The commands through Tauri's real IPC path (mock runtime), each test with its own temp-dir
//! SQLite file, an in-memory keychain and a real in-process sandbox.

mod items;
mod iyzico;
mod links;
mod platform;
mod remind;
mod settings;
mod share;
mod startup;
mod summary;
mod tracking;
mod updates;

use crate::state::{AppState, StateConfig};
use secrecy::SecretString;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tahsildar_core::sandbox::{lock, Sandbox, SandboxConfig};
use tahsildar_core::secrets::{Field, SecretBackend, SecretsError};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

/// An in-memory keychain that can be made to fail like a locked one.
#[derive(Default)]
pub struct TestKeychain {
    values: Mutex<HashMap<Field, SecretString>>,
    fail: Mutex<Option<SecretsError>>,
    /// Reads per field, to check each is read once per rebuild.
    gets: Mutex<HashMap<Field, usize>>,
}

impl TestKeychain {
    pub fn fail_with(&self, e: Option<SecretsError>) {
        *self.fail.lock().unwrap() = e;
    }
    pub fn has(&self, field: Field) -> bool {
        self.values.lock().unwrap().contains_key(&field)
    }
    /// The reads per field since the last call.
    pub fn take_gets(&self) -> HashMap<Field, usize> {
        std::mem::take(&mut *self.gets.lock().unwrap())
    }
    fn check(&self) -> Result<(), SecretsError> {
        self.fail.lock().unwrap().map_or(Ok(()), Err)
    }
}

impl SecretBackend for TestKeychain {
    fn get(&self, field: Field) -> Result<Option<SecretString>, SecretsError> {
        *self.gets.lock().unwrap().entry(field).or_default() += 1;
        self.check()?;
        Ok(self.values.lock().unwrap().get(&field).cloned())
    }
    fn set(&self, field: Field, value: &SecretString) -> Result<(), SecretsError> {
        self.check()?;
        self.values.lock().unwrap().insert(field, value.clone());
        Ok(())
    }
    fn delete(&self, field: Field) -> Result<(), SecretsError> {
        self.check()?;
        self.values.lock().unwrap().remove(&field);
        Ok(())
    }
}

/// The "real" provider for live-mode tests: a second sandbox with its own merchant credentials.
pub const LIVE_PAYNET_KEY: &str = "sck_livetest_KEY_0123456789abcdefghij";
pub const LIVE_PAYTR_ID: &str = "424242";
pub const LIVE_PAYTR_KEY: &str = "liveKEYforTESTS42";
pub const LIVE_PAYTR_SALT: &str = "liveSALTforTESTS42";
pub const LIVE_IYZICO_API_KEY: &str = "sandbox-liveApiKeyForAppTests0000000042";
pub const LIVE_IYZICO_SECRET_KEY: &str = "sandbox-liveSecretKeyForAppTests000042";

pub struct Harness {
    pub app: tauri::App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    pub keychain: Arc<TestKeychain>,
    /// Stands in for the providers' real hosts once keys are saved.
    pub provider: Sandbox,
    pub dir: tempfile::TempDir,
}

pub fn harness() -> Harness {
    harness_with(mock_context(noop_assets()))
}

pub fn harness_with(context: tauri::Context<MockRuntime>) -> Harness {
    harness_full(context, tahsildar_core::tracker::TrackerConfig::default())
}

pub fn harness_full(context: tauri::Context<MockRuntime>, tracker: tahsildar_core::tracker::TrackerConfig) -> Harness {
    let dir = tempfile::tempdir().expect("temp dir");
    let keychain = Arc::new(TestKeychain::default());
    let live = SandboxConfig {
        paynet_secret_key: LIVE_PAYNET_KEY.into(),
        paytr_merchant_id: LIVE_PAYTR_ID.into(),
        paytr_merchant_key: LIVE_PAYTR_KEY.into(),
        paytr_merchant_salt: LIVE_PAYTR_SALT.into(),
        iyzico_api_key: LIVE_IYZICO_API_KEY.into(),
        iyzico_secret_key: LIVE_IYZICO_SECRET_KEY.into(),
    };
    let provider = tauri::async_runtime::block_on(Sandbox::start_local(live)).expect("provider sandbox");
    let config = StateConfig {
        data_dir: dir.path().to_path_buf(),
        secrets: keychain.clone(),
        demo_listen: None,
        paynet_url: Some(provider.base_url().to_string()),
        paytr_url: Some(provider.base_url().to_string()),
        iyzico_url: Some(provider.base_url().to_string()),
        tracker,
    };
    let state = tauri::async_runtime::block_on(AppState::open(config)).expect("state opens");
    let (app, window) = mount(state, context);
    Harness { app, window, keychain, provider, dir }
}

/// The app over `state`, with its main window and the UI events forwarded.
pub fn mount(
    state: AppState,
    context: tauri::Context<MockRuntime>,
) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = crate::with_commands(mock_builder()).manage(state).build(context).expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    crate::tracking::forward(app.handle());
    (app, window)
}

impl Harness {
    pub fn state(&self) -> tauri::State<'_, AppState> {
        self.app.state::<AppState>()
    }

    /// The sandbox requests go to now: the demo one, or the "real" provider in live mode.
    pub fn requests(&self, path: &str) -> usize {
        let demo = self.state().sandbox();
        let sandbox = demo.as_deref().unwrap_or(&self.provider);
        let count = lock(&sandbox.state().faults).request_count(path);
        count
    }

    /// Like [`Harness::requests`], counting only one method: iyzico's create (POST) and list
    /// (GET) share a path, and the tracker may list while a test counts creates.
    pub fn requests_by(&self, method: &str, path: &str) -> usize {
        let demo = self.state().sandbox();
        let sandbox = demo.as_deref().unwrap_or(&self.provider);
        let records = lock(&sandbox.state().faults).requests();
        records.iter().filter(|r| r.method == method && r.path == path).count()
    }

    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.window, cmd, args)
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd} {args} failed: {e}"))
    }

    pub fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args.clone()) {
            Ok(v) => panic!("{cmd} {args} should fail, got {v}"),
            Err(e) => e,
        }
    }

    /// The payloads of every `link-status` the page would have heard so far.
    pub fn events(&self) -> Vec<Value> {
        self.heard(crate::commands::LINK_STATUS_EVENT)
    }

    /// The payloads of every `name` event in the page's inbox (`crate::events`), without waiting.
    pub fn heard(&self, name: &str) -> Vec<Value> {
        let inbox = self.app.state::<crate::events::Inbox>();
        let batch = tauri::async_runtime::block_on(inbox.next(Some(0), std::time::Duration::ZERO));
        assert!(!batch.missed, "a test keeps fewer than {} events", crate::events::KEEP);
        batch.events.into_iter().filter(|e| e.name == name).map(|e| e.payload).collect()
    }
}

pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
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

/// A valid form for `provider`, to adjust per test.
pub fn form(provider: &str, amount: &str) -> Value {
    serde_json::json!({
        "provider": provider, "amount": amount, "currency": "TL", "description": "2 kg baklava",
        "customer": "Ayşe Yılmaz", "phone": "", "email": "", "sendSms": false, "sendEmail": false,
        "expiry": { "kind": "days", "days": 3 }, "maxInstallment": 1, "linkType": "product"
    })
}

pub const PAYNET_CREATE: &str = "/v1/mailorder/create";
pub const PAYTR_CREATE: &str = "/odeme/api/link/create";
