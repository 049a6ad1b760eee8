//! Running the real `tahsildar` binary against an in-process sandbox, for the `cli_*` tests.
#![allow(dead_code)] // each test file uses its own part

use serde_json::Value;
use std::process::Command;
pub use tahsildar_core::sandbox::{
    Sandbox, SandboxConfig, DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY, DEMO_PAYNET_SECRET_KEY,
    DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT,
};

pub const CREDENTIAL_VARS: [&str; 4] = [
    "TAHSILDAR_PAYNET_SECRET_KEY",
    "TAHSILDAR_PAYTR_MERCHANT_ID",
    "TAHSILDAR_PAYTR_MERCHANT_KEY",
    "TAHSILDAR_PAYTR_MERCHANT_SALT",
];

pub const IYZICO_VARS: [&str; 2] = ["TAHSILDAR_IYZICO_API_KEY", "TAHSILDAR_IYZICO_SECRET_KEY"];

/// The iyzico sandbox's demo keys, as `tahsildar sandbox` prints them.
pub fn iyzico_env() -> Vec<(&'static str, String)> {
    vec![(IYZICO_VARS[0], DEMO_IYZICO_API_KEY.to_string()), (IYZICO_VARS[1], DEMO_IYZICO_SECRET_KEY.to_string())]
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
    }
    /// A failure: non-zero exit and exactly one line on stderr.
    pub fn assert_failed_with(&self, code: i32, needle: &str) {
        assert_eq!(self.code, code, "stdout: {}\nstderr: {}", self.stdout, self.stderr);
        assert_eq!(self.stderr.lines().count(), 1, "stderr: {:?}", self.stderr);
        assert!(self.stderr.contains(needle), "{needle:?} not in {:?}", self.stderr);
    }
}

pub fn demo_env() -> Vec<(&'static str, String)> {
    CREDENTIAL_VARS
        .into_iter()
        .zip([DEMO_PAYNET_SECRET_KEY, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT])
        .map(|(k, v)| (k, v.to_string()))
        .collect()
}

pub fn command(args: &[&str], env: &[(&'static str, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tahsildar"));
    for var in CREDENTIAL_VARS.into_iter().chain(IYZICO_VARS) {
        cmd.env_remove(var);
    }
    // Never read a developer's real keychain entries: an empty service of this test run.
    cmd.env("TAHSILDAR_KEYCHAIN_SERVICE", format!("com.tahsildar.desktop.test-cli-{}", std::process::id()));
    // Nor write to the app's real book: `link create` records there unless told otherwise.
    cmd.env("TAHSILDAR_DATA_DIR", book_dir_named(&format!("run-{}", std::process::id())));
    for var in ["TAHSILDAR_PAYNET_BASE_URL", "TAHSILDAR_PAYTR_BASE_URL"] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args);
    cmd
}

/// Runs the binary off the runtime's threads so the in-process sandbox keeps serving.
pub async fn run_with(args: &[&str], env: Vec<(&'static str, String)>) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = command(&argv, &env).output().expect("the binary runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}

/// `tahsildar link <verb> --provider P --base-url <sandbox> <rest…>` with the demo credentials.
pub async fn link(sb: &Sandbox, verb: &str, provider: &str, rest: &[&str]) -> Run {
    link_with(sb, verb, provider, rest, demo_env()).await
}

/// [`link`] with the environment given (other credentials, a keychain service, none at all).
pub async fn link_with(
    sb: &Sandbox,
    verb: &str,
    provider: &str,
    rest: &[&str],
    env: Vec<(&'static str, String)>,
) -> Run {
    let mut args = vec!["link", verb, "--provider", provider, "--base-url", sb.base_url()];
    args.extend_from_slice(rest);
    run_with(&args, env).await
}

pub async fn sandbox() -> Sandbox {
    Sandbox::start_local(SandboxConfig::demo()).await.unwrap()
}

/// A fresh, empty folder for one test's book (under cargo's per-test temp dir).
pub fn book_dir() -> std::path::PathBuf {
    book_dir_named(&uuid::Uuid::new_v4().simple().to_string())
}

fn book_dir_named(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-books").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `tahsildar link create --provider P --base-url <sandbox> --data-dir DIR <rest…> --json`.
pub async fn create_in(sb: &Sandbox, dir: &std::path::Path, provider: &str, rest: &[&str]) -> Value {
    let d = dir.to_string_lossy().into_owned();
    let mut args = vec!["--data-dir", d.as_str(), "--json"];
    args.extend_from_slice(rest);
    let r = link(sb, "create", provider, &args).await;
    assert_eq!(r.code, 0, "create {provider} {rest:?}: {}", r.stderr);
    r.json()
}

/// `tahsildar book list --data-dir DIR --json [more…]`: the array it prints.
pub async fn book_list(dir: &std::path::Path, more: &[&str]) -> Vec<Value> {
    let d = dir.to_string_lossy().into_owned();
    let mut args = vec!["book", "list", "--data-dir", d.as_str(), "--json"];
    args.extend_from_slice(more);
    let r = run_with(&args, vec![]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json().as_array().cloned().unwrap_or_else(|| panic!("not an array: {}", r.stdout))
}

/// `tahsildar track --once --json` over DIR, both providers at `paynet` / `paytr`.
pub async fn track_once(dir: &std::path::Path, paynet: &str, paytr: &str) -> Run {
    let d = dir.to_string_lossy().into_owned();
    // iyzico too (at the Paynet address): with no iyzico link it makes no call and counts as
    // neither reached nor failed.
    let args = [
        "track",
        "--once",
        "--json",
        "--data-dir",
        d.as_str(),
        "--paynet-base-url",
        paynet,
        "--paytr-base-url",
        paytr,
        "--iyzico-base-url",
        paynet,
    ];
    run_with(&args, demo_env().into_iter().chain(iyzico_env()).collect()).await
}

/// Pays a link through the sandbox's control route, as the payer's card would.
pub async fn pay(sb: &Sandbox, provider: &str, id: &str) -> Value {
    let r = reqwest::Client::new()
        .post(format!("{}/_sandbox/{provider}/pay", sb.base_url()))
        .json(&serde_json::json!({ "id": id, "outcome": "paid" }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "paying {provider} {id}: {}", r.status());
    r.json().await.unwrap_or(Value::Null)
}

/// The `status` events among `tahsildar track --json` lines.
pub fn status_events(lines: &[Value]) -> Vec<Value> {
    lines.iter().filter(|l| l["event"] == "status").cloned().collect()
}
