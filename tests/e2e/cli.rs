//! The CLI and the app on one link book (issue 8 §4, §6): a PayTR link made with
//! `tahsildar link create` is paid on the sandbox's page like a browser would, `tahsildar track
//! --once --json` says it is paid, and the app opened on that book shows it paid in Linkler.
//!
//! `xvfb-run -a tests/lib/keychain-session.sh cargo test -p tahsildar-e2e --test cli -- --test-threads=1`

use reqwest::Url;
use secrecy::SecretString;
use serde_json::{json, Value};
use std::process::Command;
use std::time::Duration;
use tahsildar_core::providers::paytr::PaytrCredentials;
use tahsildar_core::sandbox::{
    page::TEST_CARD_OK, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT,
};
use tahsildar_core::secrets::Keychain;
use tahsildar_e2e::driver::AppSession;
use tahsildar_e2e::isolation::{Isolated, DATA_DIR_ENV, KEYCHAIN_SERVICE_ENV};
use tahsildar_e2e::payform::{snippet, PayForm};
use tahsildar_e2e::{owner, paths, ready_or_skip, shots};

fn fail(e: String) -> ! {
    panic!("\n{e}\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cli_link_paid_on_its_page_is_tracked_by_the_cli_and_shown_paid_in_the_app() {
    if !ready_or_skip("a_cli_link_paid_on_its_page_is_tracked_by_the_cli_and_shown_paid_in_the_app") {
        return;
    }
    let iso = Isolated::new("cli-book").await.unwrap_or_else(|e| fail(e));
    // The owner's PayTR keys, saved once in the app's Ayarlar (the keychain); the CLI reads them.
    Keychain::with_service(iso.keychain_service.clone())
        .set_paytr(PaytrCredentials {
            merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
            merchant_key: SecretString::from(DEMO_PAYTR_MERCHANT_KEY),
            merchant_salt: SecretString::from(DEMO_PAYTR_MERCHANT_SALT),
        })
        .unwrap_or_else(|e| {
            fail(format!("saving the test's PayTR keys: {e} (run inside tests/lib/keychain-session.sh)"))
        });
    let url = iso.sandbox.base_url().to_string();

    // 1. The CLI makes the link into the app's book (its data folder from TAHSILDAR_DATA_DIR).
    let created = cli(
        &iso,
        &[
            "link",
            "create",
            "--provider",
            "paytr",
            "--base-url",
            &url,
            "--amount",
            "87,50",
            "--description",
            "Kargo ücreti",
            "--name",
            "Zeynep Kaya",
            "--json",
        ],
    )
    .unwrap_or_else(|e| fail(e));
    let created: Value = serde_json::from_str(&created).unwrap_or_else(|e| fail(format!("{e}: {created}")));
    let id = created["id"].as_str().unwrap_or_else(|| fail(format!("no id in {created}"))).to_string();
    let link = created["url"].as_str().and_then(|u| Url::parse(u).ok()).unwrap_or_else(|| fail(format!("{created}")));

    // 2. The customer pays on the link's page.
    pay_like_a_browser(&link).await.unwrap_or_else(|e| fail(e));

    // 3. One sweep from the CLI sees it.
    let tracked = cli(&iso, &["track", "--once", "--json", "--paytr-base-url", &url]).unwrap_or_else(|e| fail(e));
    let lines: Vec<Value> =
        tracked.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| fail(format!("{e}: {l}")))).collect();
    let want = json!({"event": "status", "provider": "paytr", "id": id, "from": "waiting", "to": "paid",
                      "amount_minor": 8750, "currency": "TL"});
    if !lines.contains(&want) {
        fail(format!("`tahsildar track --once --json` printed no {want}:\n{tracked}"));
    }

    // 4. The app opened on that book shows it paid, with no click.
    let app = AppSession::launch_with_env("cli-book", &iso.app_env()).await.unwrap_or_else(|e| fail(e));
    let step = async {
        let c = app.client();
        let row = owner::find_row(c, "Zeynep Kaya").await?;
        let text = owner::wait_row_status(c, &row, "paid").await?;
        let shot = shots::save_window(c, "cli-paid").await?;
        eprintln!("the CLI's link {id} is paid in the app ({text:?}); screenshot {}", shot.display());
        Ok::<(), String>(())
    };
    if let Err(e) = step.await {
        let _ = shots::save_window(app.client(), "cli-paid-failed").await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    app.close().await;
}

/// Runs `tahsildar ARGS` on the test's book and keychain service; its stdout, or why it failed.
/// No credential is passed in the environment: the CLI reads the keys the app saved.
fn cli(iso: &Isolated, args: &[&str]) -> Result<String, String> {
    let bin = paths::cli_binary();
    let mut cmd = Command::new(&bin);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("TAHSILDAR_") {
            cmd.env_remove(key);
        }
    }
    cmd.env(DATA_DIR_ENV, &iso.data_dir).env(KEYCHAIN_SERVICE_ENV, &iso.keychain_service).args(args);
    let out = cmd.output().map_err(|e| format!("running {}: {e}", bin.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "`tahsildar {}` failed ({}):\n{stdout}\n{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(stdout)
}

/// Opens the payment page, fills the card form with the approved test card, posts it.
async fn pay_like_a_browser(link: &Url) -> Result<(), String> {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().map_err(|e| e.to_string())?;
    let page = http.get(link.clone()).send().await.map_err(|e| format!("opening the link {link}: {e}"))?;
    let final_url = page.url().clone();
    let html = page.text().await.map_err(|e| e.to_string())?;
    let mut form = PayForm::parse(&html, &final_url)?;
    form.set("card_holder", "Zeynep Kaya")?;
    form.set("card_number", TEST_CARD_OK)?;
    form.set("expiry", "12/30")?;
    form.set("cvc", "000")?;
    let (status, answer) = form.submit(&http).await?;
    if !status.is_success() || !answer.contains(r#"data-outcome="paid""#) {
        return Err(format!("paying on {}: HTTP {status}; the page was:\n{}", form.action, snippet(&answer)));
    }
    Ok(())
}
