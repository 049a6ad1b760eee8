//! The `tahsildar` binary, run for real against an in-process sandbox over HTTP on 127.0.0.1.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use tahsildar_core::sandbox::{
    Sandbox, SandboxConfig, DEMO_PAYNET_SECRET_KEY, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY,
    DEMO_PAYTR_MERCHANT_SALT,
};

const CREDENTIAL_VARS: [&str; 4] = [
    "TAHSILDAR_PAYNET_SECRET_KEY",
    "TAHSILDAR_PAYTR_MERCHANT_ID",
    "TAHSILDAR_PAYTR_MERCHANT_KEY",
    "TAHSILDAR_PAYTR_MERCHANT_SALT",
];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
    fn json_lines(&self) -> Vec<Value> {
        self.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
    }
    /// A failure: non-zero exit and exactly one line on stderr.
    fn assert_failed_with(&self, code: i32, needle: &str) {
        assert_eq!(self.code, code, "stdout: {}\nstderr: {}", self.stdout, self.stderr);
        assert_eq!(self.stderr.lines().count(), 1, "stderr: {:?}", self.stderr);
        assert!(self.stderr.contains(needle), "{needle:?} not in {:?}", self.stderr);
    }
}

fn demo_env() -> Vec<(&'static str, String)> {
    CREDENTIAL_VARS
        .into_iter()
        .zip([DEMO_PAYNET_SECRET_KEY, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT])
        .map(|(k, v)| (k, v.to_string()))
        .collect()
}

fn command(args: &[&str], env: &[(&'static str, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tahsildar"));
    for var in CREDENTIAL_VARS {
        cmd.env_remove(var);
    }
    // Never read a developer's real keychain entries: an empty service of this test run.
    cmd.env("TAHSILDAR_KEYCHAIN_SERVICE", format!("com.tahsildar.desktop.test-cli-{}", std::process::id()));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args);
    cmd
}

/// Runs the binary off the runtime's threads so the in-process sandbox keeps serving.
async fn run_with(args: &[&str], env: Vec<(&'static str, String)>) -> Run {
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
async fn link(sb: &Sandbox, verb: &str, provider: &str, rest: &[&str]) -> Run {
    let mut args = vec!["link", verb, "--provider", provider, "--base-url", sb.base_url()];
    args.extend_from_slice(rest);
    run_with(&args, demo_env()).await
}

async fn sandbox() -> Sandbox {
    Sandbox::start_local(SandboxConfig::demo()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paynet_create_show_cancel_reopen_and_pay() {
    let sb = sandbox().await;
    let r = link(
        &sb,
        "create",
        "paynet",
        &["--amount", "1.234,56", "--name", "Ali Veli", "--description", "Kapı tamiri", "--expires-in", "3d", "--json"],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let id = v["id"].as_str().unwrap().to_string();
    assert!(!id.is_empty());
    assert!(v["url"].as_str().unwrap().starts_with(sb.base_url()), "{v}");
    assert_eq!(v["provider"], "paynet");
    assert_eq!(v["status"], "waiting");
    assert_eq!(v["amount_minor"], 123_456);
    assert_eq!(v["amount"], "1234.56");
    assert_eq!(v["currency"], "TL");
    assert!(v["reference_no"].as_str().unwrap().starts_with("TH"));
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    for k in ["id", "url", "provider", "status", "amount_minor", "amount", "currency", "error"] {
        assert!(keys.iter().any(|x| *x == k), "{k} missing in {v}");
    }

    let shown = link(&sb, "show", "paynet", &[&id, "--json"]).await;
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let s = shown.json();
    assert_eq!(
        (s["id"].as_str(), s["status"].as_str(), &s["amount_minor"]),
        (Some(id.as_str()), Some("waiting"), &v["amount_minor"])
    );
    assert_eq!(s["name"], "Ali Veli");
    assert_eq!(s["reference_no"], v["reference_no"]);

    let human = link(&sb, "show", "paynet", &[&id]).await;
    assert_eq!(human.code, 0);
    assert!(human.stdout.contains("1.234,56 TL") && human.stdout.contains("waiting"), "{}", human.stdout);

    let c = link(&sb, "cancel", "paynet", &[&id, "--json"]).await;
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert_eq!(c.json()["status"], "cancelled");
    assert_eq!(link(&sb, "show", "paynet", &[&id, "--json"]).await.json()["status"], "cancelled");

    let o = link(&sb, "reopen", "paynet", &[&id, "--json"]).await;
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.json()["status"], "waiting");

    // Pay through the sandbox's control endpoint, then the CLI sees it paid.
    let paid = reqwest::Client::new()
        .post(format!("{}/_sandbox/paynet/pay", sb.base_url()))
        .json(&serde_json::json!({ "id": id, "outcome": "paid" }))
        .send()
        .await
        .unwrap();
    assert!(paid.status().is_success());
    let p = link(&sb, "show", "paynet", &[&id, "--json"]).await.json();
    assert_eq!(p["status"], "paid");
    assert!(p["xact_id"].as_str().is_some_and(|x| !x.is_empty()), "{p}");

    // A paid link cannot be cancelled: exit 1, one line.
    link(&sb, "cancel", "paynet", &[&id]).await.assert_failed_with(1, "Paynet");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paynet_list_and_unsupported_verbs() {
    let sb = sandbox().await;
    let mut ids = Vec::new();
    for amount in ["120", "99,90"] {
        let r = link(&sb, "create", "paynet", &["--amount", amount, "--name", "Ayşe Yılmaz", "--json"]).await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        ids.push(r.json()["id"].as_str().unwrap().to_string());
    }
    let l = link(&sb, "list", "paynet", &["--json"]).await;
    assert_eq!(l.code, 0, "{}", l.stderr);
    let rows = l.json();
    let rows = rows.as_array().unwrap();
    for id in &ids {
        assert!(rows.iter().any(|r| r["id"] == id.as_str() && r["provider"] == "paynet"), "{id} not in {rows:?}");
    }
    assert!(rows.iter().any(|r| r["amount_minor"] == 9_990));

    link(&sb, "delete", "paynet", &[&ids[0]]).await.assert_failed_with(2, "Paynet has no delete; use cancel");
    link(&sb, "send", "paynet", &[&ids[0], "--phone", "05551234567"]).await.assert_failed_with(2, "only at creation");
    link(&sb, "show", "paynet", &["no-such-link"]).await.assert_failed_with(1, "Paynet");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paytr_create_send_and_delete() {
    let sb = sandbox().await;
    let r = link(
        &sb,
        "create",
        "paytr",
        &[
            "--amount",
            "149,90",
            "--description",
            "Kapı tamiri",
            "--phone",
            "0555 123 45 67",
            "--expires-in",
            "24h",
            "--json",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(v["provider"], "paytr");
    assert_eq!(v["status"], "waiting");
    assert_eq!(v["amount_minor"], 14_990);
    assert_eq!(v["amount"], "149.90");
    assert!(v["url"].as_str().unwrap().ends_with(&id));
    assert_eq!(v["sent"], serde_json::json!(["sms:05551234567"]));
    {
        let st = tahsildar_core::sandbox::lock(&sb.state().paytr);
        assert!(st.sms_sent().contains(&(id.clone(), "05551234567".to_string())));
    }

    let s = link(&sb, "send", "paytr", &[&id, "--email", "musteri@example.com", "--json"]).await;
    assert_eq!(s.code, 0, "{}", s.stderr);
    assert_eq!(s.json()["sent"], serde_json::json!(["email:musteri@example.com"]));
    link(&sb, "send", "paytr", &[&id]).await.assert_failed_with(2, "--phone");

    let d = link(&sb, "delete", "paytr", &[&id, "--json"]).await;
    assert_eq!(d.code, 0, "{}", d.stderr);
    assert_eq!(d.json()["status"], "deleted");
    // Deleting again fails with PayTR's reason.
    link(&sb, "delete", "paytr", &[&id]).await.assert_failed_with(1, "PayTR");

    link(&sb, "show", "paytr", &[&id]).await.assert_failed_with(2, "PayTR has no call");
    link(&sb, "list", "paytr", &[]).await.assert_failed_with(2, "PayTR has no call");
    link(&sb, "reopen", "paytr", &[&id]).await.assert_failed_with(2, "PayTR has no call");
    link(&sb, "create", "paytr", &["--amount", "10"]).await.assert_failed_with(2, "--description");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paytr_cancel_reports_each_id() {
    let sb = sandbox().await;
    let mut ids = Vec::new();
    for n in 0..2 {
        let r = link(
            &sb,
            "create",
            "paytr",
            &["--amount", "50", "--currency", "EUR", "--description", &format!("Ders {n}"), "--json"],
        )
        .await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.json()["currency"], "EUR");
        ids.push(r.json()["id"].as_str().unwrap().to_string());
    }
    let d = link(&sb, "cancel", "paytr", &[&ids[0], &ids[1], "Nope123", "--json"]).await;
    d.assert_failed_with(1, "1 of 3 links failed: Nope123");
    let lines = d.json_lines();
    assert_eq!(lines.len(), 3);
    assert_eq!((lines[0]["id"].as_str(), lines[0]["status"].as_str()), (Some(ids[0].as_str()), Some("deleted")));
    assert_eq!(lines[1]["status"], "deleted");
    assert_eq!((lines[2]["id"].as_str(), lines[2]["status"].as_str()), (Some("Nope123"), Some("unknown")));
    assert!(lines[2]["error"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_and_missing_or_wrong_credentials() {
    let sb = sandbox().await;
    for (amount, why) in
        [("12abc", "'a'"), ("0", "more than zero"), ("1,234", "two digits"), ("-5", "negative"), ("2.000.000", "limit")]
    {
        link(&sb, "create", "paynet", &["--amount", amount, "--name", "Ali"]).await.assert_failed_with(2, why);
    }
    link(&sb, "create", "paynet", &["--amount", "10"]).await.assert_failed_with(2, "--name");
    link(&sb, "create", "paynet", &["--amount", "10", "--name", "Ali", "--currency", "USD"])
        .await
        .assert_failed_with(2, "TL only");
    link(&sb, "create", "paynet", &["--amount", "10", "--name", "Ali", "--phone", "0212 123 45 67"])
        .await
        .assert_failed_with(2, "--phone");
    link(&sb, "create", "paynet", &["--amount", "10", "--name", "Ali", "--expires-in", "soon"])
        .await
        .assert_failed_with(2, "72h");

    let args =
        ["link", "create", "--provider", "paynet", "--base-url", sb.base_url(), "--amount", "10", "--name", "Ali"];
    run_with(&args, vec![]).await.assert_failed_with(2, "TAHSILDAR_PAYNET_SECRET_KEY");
    let paytr = ["link", "delete", "--provider", "paytr", "--base-url", sb.base_url(), "AAAA111"];
    let mut partial = demo_env();
    partial.retain(|(k, _)| *k != "TAHSILDAR_PAYTR_MERCHANT_SALT");
    run_with(&paytr, partial).await.assert_failed_with(2, "TAHSILDAR_PAYTR_MERCHANT_SALT");

    // A wrong key: the provider refuses (exit 1), and the key is never echoed.
    let wrong = "sck_wrong_key_SHOULD_NOT_PRINT";
    let r = run_with(&args, vec![("TAHSILDAR_PAYNET_SECRET_KEY", wrong.to_string())]).await;
    r.assert_failed_with(1, "Paynet");
    assert!(!r.stderr.contains(wrong) && !r.stdout.contains(wrong));
    let mut env = demo_env();
    env.retain(|(k, _)| !k.starts_with("TAHSILDAR_PAYTR_MERCHANT_KEY"));
    env.push(("TAHSILDAR_PAYTR_MERCHANT_KEY", "wrongKEY_SHOULD_NOT_PRINT".into()));
    let r = run_with(
        &[
            "link",
            "create",
            "--provider",
            "paytr",
            "--base-url",
            sb.base_url(),
            "--amount",
            "10",
            "--description",
            "Deneme",
        ],
        env,
    )
    .await;
    r.assert_failed_with(1, "PayTR");
    assert!(!r.stderr.contains("wrongKEY_SHOULD_NOT_PRINT"));

    // Nothing listens here: a network error, exit 1.
    let closed = ["link", "show", "--provider", "paynet", "--base-url", "http://127.0.0.1:9", "x"];
    run_with(&closed, demo_env()).await.assert_failed_with(1, "Paynet");
    // clap's own usage errors exit 2, on one line too.
    run_with(&["link", "create", "--provider", "iyzico", "--amount", "1"], demo_env())
        .await
        .assert_failed_with(2, "use paynet or paytr");
    run_with(&["link", "show", "--provider", "paynet"], demo_env()).await.assert_failed_with(2, "<ID>");
}

/// Spawns `tahsildar sandbox`, returns the child and a receiver of its stdout lines.
fn spawn_sandbox(env: &[(&'static str, String)]) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut cmd = command(&["sandbox", "--listen", "127.0.0.1:0"], env);
    for var in ["PAYNET_SECRET_KEY", "PAYTR_MERCHANT_ID", "PAYTR_MERCHANT_KEY", "PAYTR_MERCHANT_SALT"] {
        cmd.env_remove(format!("TAHSILDAR_SANDBOX_{var}"));
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

fn next_line(rx: &mpsc::Receiver<String>) -> String {
    rx.recv_timeout(Duration::from_secs(20)).expect("the sandbox printed a line")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_command_prints_its_address_and_serves() {
    let (mut child, rx) = spawn_sandbox(&[]);
    let first = next_line(&rx);
    let base = first.strip_prefix("sandbox listening on ").unwrap_or_else(|| panic!("{first:?}")).to_string();
    let port: u16 = base.strip_prefix("http://127.0.0.1:").unwrap().parse().unwrap();
    assert_ne!(port, 0);
    let rest: Vec<String> = (0..5).map(|_| next_line(&rx)).collect();
    assert!(rest.iter().any(|l| l.contains(DEMO_PAYNET_SECRET_KEY)), "{rest:?}");
    assert!(rest.iter().any(|l| l.contains(DEMO_PAYTR_MERCHANT_SALT)), "{rest:?}");

    // The CLI works against the spawned sandbox too.
    let r = run_with(
        &[
            "link",
            "create",
            "--provider",
            "paytr",
            "--base-url",
            &base,
            "--amount",
            "5",
            "--description",
            "Kahve",
            "--json",
        ],
        demo_env(),
    )
    .await;
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["status"], "waiting");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_command_never_prints_credentials_from_the_environment() {
    let secret = "sck_env_secret_NOT_TO_BE_PRINTED";
    let (mut child, rx) = spawn_sandbox(&[("TAHSILDAR_SANDBOX_PAYNET_SECRET_KEY", secret.into())]);
    let lines: Vec<String> = (0..6).map(|_| next_line(&rx)).collect();
    let _ = child.kill();
    let _ = child.wait();
    assert!(lines[0].starts_with("sandbox listening on http://127.0.0.1:"));
    assert!(lines.iter().all(|l| !l.contains(secret)), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("(from TAHSILDAR_SANDBOX_PAYNET_SECRET_KEY)")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains(DEMO_PAYTR_MERCHANT_KEY)), "{lines:?}");
}

/// The CLI reads the credentials the app saved in the OS keychain when the environment has none.
#[tokio::test(flavor = "multi_thread")]
async fn credentials_come_from_the_keychain_when_the_environment_has_none() {
    use tahsildar_core::providers::paytr::PaytrCredentials;
    use tahsildar_core::secrets::Keychain;
    let service = format!("com.tahsildar.desktop.test-cli-kc-{}", std::process::id());
    let kc = Keychain::with_service(service.clone());
    if let Err(e) = kc.status() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "no OS keychain in CI: {e:?}");
        eprintln!("*** SKIPPED: no Secret Service (run inside dbus-run-session with gnome-keyring) ***");
        return;
    }
    kc.set_paynet(DEMO_PAYNET_SECRET_KEY.to_string().into()).unwrap();
    kc.set_paytr(PaytrCredentials {
        merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
        merchant_key: DEMO_PAYTR_MERCHANT_KEY.to_string().into(),
        merchant_salt: DEMO_PAYTR_MERCHANT_SALT.to_string().into(),
    })
    .unwrap();
    let sb = sandbox().await;
    let env = vec![("TAHSILDAR_KEYCHAIN_SERVICE", service.clone())];
    let paynet = [
        "link",
        "create",
        "--provider",
        "paynet",
        "--base-url",
        sb.base_url(),
        "--amount",
        "10",
        "--name",
        "Ali",
        "--json",
    ];
    let paytr = [
        "link",
        "create",
        "--provider",
        "paytr",
        "--base-url",
        sb.base_url(),
        "--amount",
        "10",
        "--description",
        "Deneme",
        "--json",
    ];
    let (a, b) = (run_with(&paynet, env.clone()).await, run_with(&paytr, env).await);
    kc.clear_paynet().unwrap();
    kc.clear_paytr().unwrap();
    assert_eq!(a.json()["status"], "waiting", "paynet: {}", a.stderr);
    assert_eq!(b.json()["status"], "waiting", "paytr: {}", b.stderr);
}
