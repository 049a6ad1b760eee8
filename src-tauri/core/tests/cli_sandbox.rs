//! `tahsildar sandbox`: the standalone simulator, spawned as a real process.

mod cli_common;

use cli_common::*;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;
use tahsildar_core::sandbox::{DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY};

/// Spawns `tahsildar sandbox`, returns the child and a receiver of its stdout lines.
fn spawn_sandbox(env: &[(&'static str, String)]) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut cmd = command(&["sandbox", "--listen", "127.0.0.1:0"], env);
    for var in [
        "PAYNET_SECRET_KEY",
        "PAYTR_MERCHANT_ID",
        "PAYTR_MERCHANT_KEY",
        "PAYTR_MERCHANT_SALT",
        "IYZICO_API_KEY",
        "IYZICO_SECRET_KEY",
    ] {
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

/// Spawns `tahsildar sandbox`, returns the child and a receiver of its stdout lines.
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
    let rest: Vec<String> = (0..7).map(|_| next_line(&rx)).collect();
    assert!(rest.iter().any(|l| l.contains(DEMO_PAYNET_SECRET_KEY)), "{rest:?}");
    assert!(rest.iter().any(|l| l.contains(DEMO_PAYTR_MERCHANT_SALT)), "{rest:?}");
    assert!(rest.iter().any(|l| l == &format!("  TAHSILDAR_IYZICO_API_KEY={DEMO_IYZICO_API_KEY}")), "{rest:?}");
    assert!(rest.iter().any(|l| l == &format!("  TAHSILDAR_IYZICO_SECRET_KEY={DEMO_IYZICO_SECRET_KEY}")), "{rest:?}");

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
    let iyzico_secret = "sandbox-env-iyzico-secret-NOT-PRINTED";
    let (mut child, rx) = spawn_sandbox(&[
        ("TAHSILDAR_SANDBOX_PAYNET_SECRET_KEY", secret.into()),
        ("TAHSILDAR_SANDBOX_IYZICO_SECRET_KEY", iyzico_secret.into()),
    ]);
    let lines: Vec<String> = (0..8).map(|_| next_line(&rx)).collect();
    let _ = child.kill();
    let _ = child.wait();
    assert!(lines[0].starts_with("sandbox listening on http://127.0.0.1:"));
    assert!(lines.iter().all(|l| !l.contains(secret) && !l.contains(iyzico_secret)), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("(from TAHSILDAR_SANDBOX_IYZICO_SECRET_KEY)")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("(from TAHSILDAR_SANDBOX_PAYNET_SECRET_KEY)")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains(DEMO_PAYTR_MERCHANT_KEY)), "{lines:?}");
}
