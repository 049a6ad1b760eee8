//! The real Tahsildar window, driven like a person would: under Xvfb, through tauri-driver and
//! WebKitWebDriver, in demo mode (no credentials: the app runs its own sandbox on 127.0.0.1).
//!
//! Run with `npm test`, or by hand: `xvfb-run -a cargo test -p tahsildar-e2e -- --test-threads=1`
//! after `npm run build:ui && cargo build -p tahsildar -p tahsildar-core`. Screenshots land in
//! `target/e2e-shots/`.

use reqwest::Url;
use std::time::Duration;
use tahsildar_core::sandbox::page::TEST_CARD_OK;
use tahsildar_e2e::driver::AppSession;
use tahsildar_e2e::payform::{snippet, PayForm};
use tahsildar_e2e::{ready_or_skip, shots, ui};

/// Shows the test's error as written (an `Err(String)` from `main` would print it escaped).
fn fail(e: String) -> ! {
    panic!("\n{e}\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_a_link_pay_it_and_see_it_paid() {
    if !ready_or_skip("create_a_link_pay_it_and_see_it_paid") {
        return;
    }
    let app = AppSession::launch("create-pay").await.unwrap_or_else(|e| fail(e));
    let result = create_pay_check(&app).await;
    if let Err(e) = &result {
        // The picture of the moment it failed is the first thing to look at.
        let _ = shots::save_window(app.client(), "create-pay-failed").await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    app.close().await;
}

async fn create_pay_check(app: &AppSession) -> Result<(), String> {
    let c = app.client();
    ui::wait_text(c, "#mode-badge", "\"Demo\"", |t| t.to_lowercase().contains("demo")).await?;

    ui::type_into(c, "#amount", "120,50").await?;
    ui::type_into(c, "#description", "Çay ve simit").await?;
    ui::type_into(c, "#customer", "Ayşe Yılmaz").await?;
    ui::press_enter(c, "#customer").await?;

    ui::wait_shown(c, "#result").await?;
    ui::wait_text(c, "#result-amount", "120,50", |t| t.contains("120,50")).await?;
    ui::wait_qr_loaded(c).await?;
    let link_url = ui::read_link_url(c).await?;
    let link_id = ui::wait_text(c, "#link-id", "a link id", |t| !t.is_empty()).await?;
    let url = Url::parse(&link_url).map_err(|e| format!("#link-url {link_url:?} is not a URL: {e}"))?;
    if url.scheme() != "http" || url.host_str() != Some("127.0.0.1") || url.port().is_none() {
        return Err(format!(
            "in demo mode the link should be on the local sandbox (http://127.0.0.1:PORT), got {link_url}"
        ));
    }
    let sandbox = format!("http://127.0.0.1:{}", url.port().unwrap_or_default());

    // What the shop owner sees, saved and checked: the QR on screen must open this very link.
    // The image can be loaded a frame before it is painted, so look again until it shows.
    // (Read from the whole window: WebKitWebDriver's element screenshots come out mis-cropped.)
    let deadline = std::time::Instant::now() + ui::STEP;
    loop {
        let window = shots::save_window(c, "create-pay-1-link").await?;
        let png = std::fs::read(&window).map_err(|e| e.to_string())?;
        let (w, h) = shots::png_size(&png)?;
        if w < 200 || h < 200 {
            return Err(format!("window screenshot is only {w}x{h}"));
        }
        let codes = shots::read_qr_codes(&png)?;
        if codes == [link_url.clone()] {
            break;
        }
        if !codes.is_empty() || std::time::Instant::now() > deadline {
            return Err(format!(
                "the QR on screen reads {codes:?}, the link is {link_url:?} (see {})",
                window.display()
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    shots::save_display("create-pay-1-display");

    // Not paid yet: otherwise "paid" below would prove nothing. The in-app sandbox has random
    // credentials per run (issue 8 §1), so the provider's state is read from its payment page.
    let before = page_text(&link_url).await?;
    if !before.contains("id=\"pay\"") {
        return Err(format!("link {link_id} on {sandbox} is not payable before paying:\n{}", snippet(&before)));
    }

    pay_like_a_browser(&url).await?;

    let shown = page_text(&link_url).await?;
    if !shown.contains("already been paid") {
        return Err(format!("link {link_id}: its page after paying does not say paid:\n{}", snippet(&shown)));
    }
    shots::save_window(c, "create-pay-2-after-payment").await?;
    Ok(())
}

/// Opens the payment page, fills the card form with the approved test card, posts it.
async fn pay_like_a_browser(link: &Url) -> Result<(), String> {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().map_err(|e| e.to_string())?;
    let page = http.get(link.clone()).send().await.map_err(|e| format!("opening the link {link}: {e}"))?;
    let final_url = page.url().clone();
    if !page.status().is_success() {
        return Err(format!("opening the link {link}: HTTP {}", page.status()));
    }
    let html = page.text().await.map_err(|e| e.to_string())?;
    let mut form = PayForm::parse(&html, &final_url)?;
    form.set("card_holder", "Ayşe Yılmaz")?;
    form.set("card_number", TEST_CARD_OK)?;
    form.set("expiry", "12/30")?;
    form.set("cvc", "000")?;
    let (status, answer) = form.submit(&http).await?;
    if !status.is_success() || !answer.contains(r#"data-outcome="paid""#) {
        return Err(format!(
            "paying on {}: HTTP {status}, and no paid result; the page was:\n{}",
            form.action,
            snippet(&answer)
        ));
    }
    Ok(())
}

/// The payment page's HTML as a browser gets it.
async fn page_text(link: &str) -> Result<String, String> {
    let r = reqwest::get(link).await.map_err(|e| format!("opening {link}: {e}"))?;
    r.text().await.map_err(|e| format!("reading {link}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_amount_is_explained_and_makes_no_link() {
    if !ready_or_skip("a_bad_amount_is_explained_and_makes_no_link") {
        return;
    }
    let app = AppSession::launch("bad-amount").await.unwrap_or_else(|e| fail(e));
    let result = bad_amount_check(&app).await;
    if let Err(e) = &result {
        let _ = shots::save_window(app.client(), "bad-amount-failed").await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    app.close().await;
}

async fn bad_amount_check(app: &AppSession) -> Result<(), String> {
    let c = app.client();
    ui::wait_text(c, "#mode-badge", "\"Demo\"", |t| t.to_lowercase().contains("demo")).await?;
    ui::type_into(c, "#amount", "12,345").await?;
    // Everything else valid, so the amount is the only thing to object to.
    ui::type_into(c, "#description", "Üç haneli kuruş").await?;
    ui::type_into(c, "#customer", "Ayşe Yılmaz").await?;
    ui::press_enter(c, "#amount").await?;
    let message = ui::wait_text(c, "#amount-error", "an explanation", |t| !t.is_empty()).await?;
    // Give a wrongly sent request the time to come back before saying none was made.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    if ui::shown(c, "#result").await.is_some() {
        return Err(format!("`12,345` was refused ({message:?}) yet #result is displayed"));
    }
    if let Some(el) = ui::shown(c, "#link-url").await {
        let text = ui::read(&el).await?;
        if !text.is_empty() {
            return Err(format!("`12,345` was refused ({message:?}) yet a link is shown: {text:?}"));
        }
    }
    shots::save_window(c, "bad-amount").await?;
    Ok(())
}

/// The page is painted by Skia on the CPU, with no GPU painting thread, its JavaScript runs
/// without JavaScriptCore's JIT compilers, and glibc's allocator is set as the app's is
/// (src-tauri/src/webview.rs: under Xvfb the thread's GL context, shaders and caches were ~50 MiB
/// of the page process, the JIT's code ~5–7 MiB). WebKit, JavaScriptCore and glibc read these
/// from the environment at the page process's start, so look there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_process_paints_without_a_gpu_thread_and_runs_without_a_jit() {
    // glibc's loader, reading GLIBC_TUNABLES as the process starts, leaves only the first setting
    // in the process's own copy of the variable (all three apply: `ld.so --list-tunables`).
    const SETTINGS: [(&str, &str); 3] = [
        ("WEBKIT_SKIA_GPU_PAINTING_THREADS", "0"),
        ("JSC_useJIT", "false"),
        ("GLIBC_TUNABLES", "glibc.malloc.arena_max=2"),
    ];
    let name = "the_page_process_paints_without_a_gpu_thread_and_runs_without_a_jit";
    if !cfg!(target_os = "linux") || !ready_or_skip(name) {
        return;
    }
    if let Some((key, _)) = SETTINGS.iter().find(|(key, _)| std::env::var_os(key).is_some()) {
        eprintln!("skipped: {key} is set here, and the app keeps a value it is given");
        return;
    }
    let app = AppSession::launch("page-settings").await.unwrap_or_else(|e| fail(e));
    let badge = ui::wait_text(app.client(), "#mode-badge", "\"Demo\"", |t| !t.is_empty()).await;
    let env = app.web_process_env();
    let log = app.driver_log();
    app.close().await;
    badge.unwrap_or_else(|e| fail(format!("{e}\n{log}")));
    let ours: Vec<&String> =
        env.iter().filter(|kv| SETTINGS.iter().any(|(key, _)| kv.starts_with(&format!("{key}=")))).collect();
    for (key, value) in SETTINGS {
        assert!(
            env.iter().any(|kv| kv.starts_with(&format!("{key}={value}"))),
            "the page process runs without {key}={value} (of these settings it has {ours:?}; {} variables in all)",
            env.len()
        );
    }
}
