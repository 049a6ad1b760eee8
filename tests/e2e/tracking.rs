//! "Know when the customer paid", in the real window: a demo link paid on the sandbox page turns
//! paid in Linkler with no click; and a create whose answer never came (the app killed while the
//! provider holds it) is, after a restart, found (Paynet) or shown unknown (PayTR), never
//! created twice.
//!
//! `xvfb-run -a tests/lib/keychain-session.sh cargo test -p tahsildar-e2e --test tracking -- --test-threads=1`

use reqwest::Url;
use secrecy::SecretString;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use tahsildar_core::providers::paytr::PaytrCredentials;
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::{
    lock, page::TEST_CARD_OK, DEMO_PAYNET_SECRET_KEY, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY,
    DEMO_PAYTR_MERCHANT_SALT,
};
use tahsildar_core::secrets::Keychain;
use tahsildar_core::store::{LinkStatus, Store};
use tahsildar_e2e::driver::AppSession;
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::owner::{self, LinkInput, View};
use tahsildar_e2e::payform::{snippet, PayForm};
use tahsildar_e2e::{ready_or_skip, shots, ui};

fn fail(e: String) -> ! {
    panic!("\n{e}\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_demo_link_turns_paid_without_a_click() {
    if !ready_or_skip("a_paid_demo_link_turns_paid_without_a_click") {
        return;
    }
    // Its own data folder and keychain service with no keys: demo mode, and no other run's links.
    let iso = Isolated::new("tracking-paid").await.unwrap_or_else(|e| fail(e));
    let app = AppSession::launch_with_env("tracking-paid", &iso.app_env()).await.unwrap_or_else(|e| fail(e));
    if let Err(e) = paid_without_a_click(&app).await {
        let _ = shots::save_window(app.client(), "tracking-paid-failed").await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    app.close().await;
}

async fn paid_without_a_click(app: &AppSession) -> Result<(), String> {
    let c = app.client();
    ui::wait_text(c, "#mode-badge", "\"Demo\"", |t| t.to_lowercase().contains("demo")).await?;
    ui::type_into(c, "#amount", "1.234,56").await?;
    ui::type_into(c, "#description", "Düğün pastası").await?;
    ui::type_into(c, "#customer", "Ali Veli").await?;
    ui::press_enter(c, "#customer").await?;
    ui::wait_shown(c, "#result").await?;
    let link = ui::read_link_url(c).await?;
    let link = Url::parse(&link).map_err(|e| format!("#link-url {link:?}: {e}"))?;

    // The row is on screen, waiting, before the customer pays.
    let id = owner::find_row(c, "Ali Veli").await?;
    owner::wait_row_status(c, &id, "waiting").await?;
    pay_like_a_browser(&link).await?;
    // No click from here on: the tracker finds the payment and the row changes by itself.
    let started = std::time::Instant::now();
    let text = owner::wait_row_status(c, &id, "paid").await?;
    let took = started.elapsed();
    if took > Duration::from_secs(15) {
        return Err(format!("the row turned paid only after {took:?} (want ≤ 15 s)"));
    }
    let shot = shots::save_window(c, "tracking-paid").await?;
    eprintln!("row {id} turned paid ({text:?}) {took:?} after paying; screenshot {}", shot.display());
    Ok(())
}

/// Opens the payment page, fills the card form with the approved test card, posts it.
async fn pay_like_a_browser(link: &Url) -> Result<(), String> {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().map_err(|e| e.to_string())?;
    let page = http.get(link.clone()).send().await.map_err(|e| format!("opening the link {link}: {e}"))?;
    let final_url = page.url().clone();
    let html = page.text().await.map_err(|e| e.to_string())?;
    let mut form = PayForm::parse(&html, &final_url)?;
    form.set("card_holder", "Ali Veli")?;
    form.set("card_number", TEST_CARD_OK)?;
    form.set("expiry", "12/30")?;
    form.set("cvc", "000")?;
    let (status, answer) = form.submit(&http).await?;
    if !status.is_success() || !answer.contains(r#"data-outcome="paid""#) {
        return Err(format!("paying on {}: HTTP {status}; the page was:\n{}", form.action, snippet(&answer)));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paynet_create_cut_off_by_a_crash_is_found_not_duplicated() {
    if !ready_or_skip("a_paynet_create_cut_off_by_a_crash_is_found_not_duplicated") {
        return;
    }
    crash_case("paynet", "/v1/mailorder/create", "waiting").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paytr_create_cut_off_by_a_crash_is_shown_unknown_not_duplicated() {
    if !ready_or_skip("a_paytr_create_cut_off_by_a_crash_is_shown_unknown_not_duplicated") {
        return;
    }
    crash_case("paytr", "/odeme/api/link/create", "unknown").await;
}

async fn crash_case(provider: &str, create_path: &str, after: &str) {
    let name = format!("tracking-crash-{provider}");
    let iso = Isolated::new(&name).await.unwrap_or_else(|e| fail(e));
    save_keys(&iso, provider).unwrap_or_else(|e| fail(e));
    lock(&iso.sandbox.state().faults).set(create_path, Fault::Hold, Some(1));

    // 1. Create; the sandbox makes the link and holds the answer; the app is killed meanwhile.
    let app = AppSession::launch_with_env(&format!("{name}-1"), &iso.app_env()).await.unwrap_or_else(|e| fail(e));
    let customer = format!("Kesinti {provider}");
    let input = LinkInput { provider, amount: "321,09", description: "Yarıda kalan", customer: &customer };
    let step = async {
        ui::wait_text(app.client(), "#mode-badge", "live mode", |t| !t.to_lowercase().contains("demo")).await?;
        owner::fill_form(app.client(), &input).await?;
        ui::click(app.client(), "#create-submit").await?;
        ui::wait_until("the sandbox receiving the create", || async {
            match iso.request_count(create_path) {
                0 => Err("no create yet".to_string()),
                _ => Ok(()),
            }
        })
        .await
    };
    if let Err(e) = step.await {
        let _ = shots::save_window(app.client(), &format!("{name}-failed")).await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    kill_app(&iso.data_dir).unwrap_or_else(|e| fail(e));
    drop(app);
    lock(&iso.sandbox.state().faults).clear();

    // 2. Restart on the same data folder.
    let app = AppSession::launch_with_env(&format!("{name}-2"), &iso.app_env()).await.unwrap_or_else(|e| fail(e));
    let step = async {
        let c = app.client();
        owner::go(c, View::Links).await?;
        let id = owner::find_row(c, &customer).await?;
        owner::wait_row_status(c, &id, after).await?;
        shots::save_window(c, &format!("{name}-after-restart")).await?;
        Ok::<(), String>(())
    };
    if let Err(e) = step.await {
        let _ = shots::save_window(app.client(), &format!("{name}-failed")).await;
        fail(format!("{e}\n{}", app.driver_log()));
    }

    // Never duplicated: one create reached the provider, it holds one link, the store one row.
    let at_provider = match provider {
        "paynet" => lock(&iso.sandbox.state().paynet).link_count(),
        _ => lock(&iso.sandbox.state().paytr).link_count(),
    };
    let creates = iso.request_count(create_path);
    let store =
        Store::open(&iso.data_dir.join(tahsildar_core::store::FILE_NAME)).unwrap_or_else(|e| fail(e.to_string()));
    let rows = store.query(&Default::default()).unwrap_or_else(|e| fail(e.to_string())).rows;
    let want = if after == "waiting" { LinkStatus::Waiting } else { LinkStatus::Unknown };
    if (at_provider, creates, rows.len()) != (1, 1, 1) || rows[0].status != want {
        fail(format!(
            "after the crash: {at_provider} link(s) at {provider}, {creates} create call(s), local rows {:?}; requests: {}",
            rows.iter().map(|r| (r.id, r.status)).collect::<Vec<_>>(),
            iso.request_log()
        ));
    }
    app.close().await;
}

/// The provider's keys in the test's own keychain service, as Ayarlar would save them.
fn save_keys(iso: &Isolated, provider: &str) -> Result<(), String> {
    let keychain = Keychain::with_service(iso.keychain_service.clone());
    match provider {
        "paynet" => keychain.set_paynet(SecretString::from(DEMO_PAYNET_SECRET_KEY)).map(|_| ()),
        _ => keychain.set_paytr(PaytrCredentials {
            merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
            merchant_key: SecretString::from(DEMO_PAYTR_MERCHANT_KEY),
            merchant_salt: SecretString::from(DEMO_PAYTR_MERCHANT_SALT),
        }),
    }
    .map_err(|e| format!("saving the test's {provider} keys: {e} (run inside tests/lib/keychain-session.sh)"))
}

/// `kill -9` on the app this test launched: the `tahsildar-app` process whose environment
/// names this test's own data folder (found by pid; nothing else is touched).
fn kill_app(data_dir: &Path) -> Result<(), String> {
    let marker = format!("TAHSILDAR_DATA_DIR={}", data_dir.display());
    let entries = std::fs::read_dir("/proc").map_err(|e| format!("/proc: {e}"))?;
    let mut killed = Vec::new();
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|p| p.parse::<u32>().ok()) else { continue };
        let exe = std::fs::read_link(entry.path().join("exe")).unwrap_or_default();
        if exe.file_name().and_then(|n| n.to_str()) != Some("tahsildar-app") {
            continue;
        }
        let env = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        if env.split(|b| *b == 0).any(|v| v == marker.as_bytes()) {
            let status = Command::new("kill").args(["-9", &pid.to_string()]).status().map_err(|e| e.to_string())?;
            if !status.success() {
                return Err(format!("kill -9 {pid} failed"));
            }
            killed.push(pid);
        }
    }
    if killed.is_empty() {
        return Err(format!("no tahsildar-app process with {marker}"));
    }
    // Wait until it is gone (its D-Bus name and SQLite file with it).
    for _ in 0..100 {
        // Gone, or a zombie its parent (WebKitWebDriver) has not reaped yet: dead either way.
        let dead = |p: &u32| {
            std::fs::read_to_string(format!("/proc/{p}/stat"))
                .map(|s| s.rsplit(')').next().is_some_and(|rest| rest.trim_start().starts_with('Z')))
                .unwrap_or(true)
        };
        if killed.iter().all(dead) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("{killed:?} still running after kill -9"))
}
