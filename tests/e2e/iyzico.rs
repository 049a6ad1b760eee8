//! iyzico end to end (issue 12 §4), in the real window: the owner types the API key and secret
//! key into Ayarlar (they land in the real Secret Service), makes a link with iyzico, the customer
//! pays on the sandbox's iyzico page, and the row turns paid with no click. A wrong secret is
//! called wrong by "Bağlantıyı test et" and by a create. Screenshots of the iyzico card, the form
//! and the paid row in Turkish and English, at the default 960 px window.
//!
//! `xvfb-run -a tests/lib/keychain-session.sh cargo test -p tahsildar-e2e --test iyzico -- --test-threads=1`

#[allow(dead_code)] // shared with owner.rs and owner_flow.rs; the PayTR helpers are not used here
mod owner_common;

use fantoccini::Client;
use owner_common::{check, finish, start, SAVED_TR};
use reqwest::Url;
use std::time::{Duration, Instant};
use tahsildar_core::sandbox::page::TEST_CARD_OK;
use tahsildar_core::sandbox::{DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY};
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::owner::{self, LinkInput, View};
use tahsildar_e2e::payform::{snippet, PayForm};
use tahsildar_e2e::{shots, system, ui};

const CREATE: &str = "/v2/iyzilink/products";

/// Nothing in the page reaches past the window's right edge, and the window is the default one.
async fn fits_the_window(c: &Client, what: &str) -> Result<(), String> {
    let script = "const w = document.documentElement.clientWidth; let worst = 0;
        for (const e of document.querySelectorAll('section.view:not([hidden]) *')) {
          const r = e.getBoundingClientRect(); if (r.width > 0) worst = Math.max(worst, r.right); }
        return [w, worst, window.innerWidth, document.scrollingElement.scrollWidth];";
    let v = ui::js(c, script).await?;
    let (w, right, inner, scroll) = (
        v[0].as_f64().unwrap_or(0.0),
        v[1].as_f64().unwrap_or(f64::MAX),
        v[2].as_f64().unwrap_or(0.0),
        v[3].as_f64().unwrap_or(f64::MAX),
    );
    check(inner <= 960.0, || format!("{what}: the window is {inner} px wide, not the default 960"))?;
    check(right <= w + 0.5 && scroll <= w + 0.5, || {
        format!("{what}: something reaches {right} px (page {scroll} px) in {w} px")
    })
}

/// The creates (POST) the sandbox received; a GET on the same path is a list.
fn creates(iso: &Isolated) -> usize {
    let log = tahsildar_core::sandbox::lock(&iso.sandbox.state().faults).requests();
    log.iter().filter(|r| r.method == "POST" && r.path == CREATE).count()
}

/// Scrolls `css` to the top of the window and saves `target/e2e-shots/<name>.png`.
async fn shot_at(c: &Client, css: &str, name: &str) -> Result<(), String> {
    ui::js(c, &format!("document.querySelector('{css}').scrollIntoView({{block: 'start'}}); return null")).await?;
    shots::save_window(c, name).await.map(|_| ())
}

/// The customer opens the link, fills the card form with the approved test card and pays.
async fn pay_like_a_browser(link: &Url) -> Result<(), String> {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().map_err(|e| e.to_string())?;
    let page = http.get(link.clone()).send().await.map_err(|e| format!("opening the link {link}: {e}"))?;
    let final_url = page.url().clone();
    let html = page.text().await.map_err(|e| e.to_string())?;
    let mut form = PayForm::parse(&html, &final_url)?;
    form.set("card_holder", "Zeynep Arslan")?;
    form.set("card_number", TEST_CARD_OK)?;
    let (status, answer) = form.submit(&http).await?;
    if !status.is_success() || !answer.contains(r#"data-outcome="paid""#) {
        return Err(format!("paying on {}: HTTP {status}; the page was:\n{}", form.action, snippet(&answer)));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iyzico_keys_in_ayarlar_then_a_link_paid_on_its_page_turns_paid() {
    let name = "iyzico-paid";
    let Some((iso, app)) = start(name).await else { return };
    let result = paid_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

async fn paid_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    ui::wait_text(c, "#mode-badge", "\"Demo\"", |t| t.to_lowercase().contains("demo")).await?;
    owner::set_lang(c, "tr").await?;
    owner::save_iyzico(c, DEMO_IYZICO_API_KEY, DEMO_IYZICO_SECRET_KEY, SAVED_TR).await?;
    for (field, value) in [("iyzico.api_key", DEMO_IYZICO_API_KEY), ("iyzico.secret_key", DEMO_IYZICO_SECRET_KEY)] {
        let stored = system::secret_lookup(&iso.keychain_service, field)?;
        check(stored.as_deref() == Some(value), || format!("the Secret Service does not hold the typed {field}"))?;
    }
    let html = c.source().await.map_err(|e| format!("reading the page: {e}"))?;
    check(!html.contains(DEMO_IYZICO_SECRET_KEY), || "the saved iyzico secret key is in the page".into())?;
    // The keys are sandbox keys on the Test host: live, and said to be on a test server.
    ui::wait_text(c, "#mode-badge", "iyzico's test host", |t| t == "Canlı — iyzico test sunucusu").await?;
    let before = iso.request_count(CREATE);
    ui::click(c, "#test-iyzico").await?;
    ui::wait_text(c, "#test-result", "the connection working", |t| t.contains("Bağlantı çalışıyor")).await?;
    check(iso.request_count(CREATE) > before, || format!("the test asked nothing: {}", iso.request_log()))?;

    let input = LinkInput {
        provider: "iyzico",
        amount: "149,90",
        description: "Filtre kahve 250 g",
        customer: "Zeynep Arslan",
    };
    owner::fill_form(c, &input).await?;
    for hidden in ["#expiry", "#send-sms", "#max-installment"] {
        check(ui::shown(c, hidden).await.is_none(), || format!("{hidden} shows for iyzico"))?;
    }
    ui::wait_shown(c, "#iyzico-note").await?;
    ui::click(c, "#create-submit").await?;
    if let Err(e) = ui::wait_shown(c, "#result").await {
        return Err(format!("{e}; the form says: {}", owner::form_messages(c).await));
    }
    let url = ui::read_link_url(c).await?;
    check(url.starts_with(iso.sandbox.base_url()), || format!("the link {url} is not on the test's sandbox"))?;
    check(creates(iso) == 1, || format!("one iyzico create should reach the sandbox: {}", iso.request_log()))?;
    ui::wait_text(c, "#result-expires", "no expiry", |t| t == "Süresiz").await?;

    let row = owner::find_row(c, "Zeynep Arslan").await?;
    owner::wait_row_status(c, &row, "waiting").await?;
    let provider = ui::dom_text(c, &owner::in_row(&row, ".col-provider")).await?;
    check(provider == "iyzico", || format!("the row names {provider:?}, not iyzico"))?;
    for (button, shown) in [(".act-cancel", true), (".act-delete", true), (".act-resend", false)] {
        let there = ui::shown(c, &owner::in_row(&row, button)).await.is_some();
        check(there == shown, || format!("row {row}: {button} shown={there}, want {shown}"))?;
    }
    pay_like_a_browser(&Url::parse(&url).map_err(|e| format!("{url}: {e}"))?).await?;
    // No click from here on: the tracker sees iyzico's soldCount and the row changes by itself.
    let started = Instant::now();
    let text = owner::wait_row_status(c, &row, "paid").await?;
    check(text == "Ödendi", || format!("the paid pill reads {text:?}"))?;
    eprintln!("iyzico row {row} turned paid {:?} after paying", started.elapsed());

    for lang in ["tr", "en"] {
        owner::set_lang(c, lang).await?;
        owner::go(c, View::Settings).await?;
        fits_the_window(c, "Ayarlar").await?;
        shot_at(c, "form.provider-iyzico", &format!("iyzico-settings-{lang}")).await?;
        owner::go(c, View::Create).await?;
        ui::select_value(c, "#provider", "iyzico").await.ok();
        fits_the_window(c, "Yeni link").await?;
        ui::js(c, "window.scrollTo(0, 0); return null").await?;
        shots::save_window(c, &format!("iyzico-create-{lang}")).await?;
        owner::go(c, View::Links).await?;
        owner::wait_row_status(c, &row, "paid").await?;
        fits_the_window(c, "Linkler").await?;
        ui::js(c, "window.scrollTo(0, 0); return null").await?;
        shots::save_window(c, &format!("iyzico-links-paid-{lang}")).await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_iyzico_secret_is_called_wrong() {
    let name = "iyzico-wrong-secret";
    let Some((iso, app)) = start(name).await else { return };
    let result = wrong_secret_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

async fn wrong_secret_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    const WRONG: &str = "sandbox-e2eWrongSecretKey000000000000000";
    owner::set_lang(c, "tr").await?;
    owner::save_iyzico(c, DEMO_IYZICO_API_KEY, WRONG, SAVED_TR).await?;
    for (lang, words) in [("tr", "Anahtar yanlış: iyzico"), ("en", "Wrong key: iyzico")] {
        owner::set_lang(c, lang).await?;
        let before = iso.request_count(CREATE);
        ui::click(c, "#test-iyzico").await?;
        let said = ui::wait_text(c, "#test-result", &format!("{words:?}"), |t| t.contains(words)).await?;
        check(!said.contains(WRONG), || format!("#test-result shows the key: {said:?}"))?;
        check(iso.request_count(CREATE) > before, || {
            format!("the test said {said:?} without asking the sandbox: {}", iso.request_log())
        })?;
        ui::js(c, "document.querySelector('#test-result').scrollIntoView({block: 'center'}); return null").await?;
        shots::save_window(c, &format!("iyzico-wrong-secret-{lang}")).await?;
    }
    // A create with the same keys: refused by iyzico and said in the form, with no result.
    owner::set_lang(c, "tr").await?;
    let input = LinkInput { provider: "iyzico", amount: "75", description: "Kalem seti", customer: "Mehmet Demir" };
    owner::fill_form(c, &input).await?;
    ui::click(c, "#create-submit").await?;
    let said = ui::wait_text(c, "#form-error", "iyzico refusing the keys", |t| t.contains("kabul etmedi")).await?;
    check(said.contains("iyzico") && !said.contains(WRONG), || format!("#form-error: {said:?}"))?;
    // It is iyzico (the sandbox, checking the signature) that refused, not a check of ours.
    check(creates(iso) == 1, || format!("one create should have reached the sandbox: {}", iso.request_log()))?;
    check(ui::shown(c, "#result").await.is_none(), || "a refused create opened a result".into())?;
    shots::save_window(c, "iyzico-wrong-secret-create-tr").await.map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_plays_iyzico_beside_the_others() {
    let name = "iyzico-demo";
    let Some((iso, app)) = start(name).await else { return };
    let result = demo_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

/// No keys: the form offers all three providers, and an iyzico link is made and paid on the
/// in-app sandbox (never on the test's own one).
async fn demo_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    ui::wait_text(c, "#mode-badge", "\"Demo\"", |t| t.to_lowercase().contains("demo")).await?;
    owner::go(c, View::Create).await?;
    let offered = ui::js(c, "return [...document.querySelectorAll('#provider option')].map(o => o.value)").await?;
    check(offered == serde_json::json!(["paynet", "paytr", "iyzico"]), || format!("the demo form offers {offered}"))?;
    for lang in ["tr", "en"] {
        owner::set_lang(c, lang).await?;
        owner::go(c, View::Create).await?;
        ui::select_value(c, "#provider", "iyzico").await?;
        ui::wait_shown(c, "#iyzico-note").await?;
        fits_the_window(c, "Yeni link (demo)").await?;
        ui::js(c, "window.scrollTo(0, 0); return null").await?;
        shots::save_window(c, &format!("iyzico-create-demo-{lang}")).await?;
        // Its note, where the owner scrolls to the button.
        shot_at(c, "#iyzico-note", &format!("iyzico-create-demo-note-{lang}")).await?;
    }
    owner::set_lang(c, "tr").await?;
    let input = LinkInput { provider: "iyzico", amount: "42", description: "Demo kahve", customer: "Deneme Müşteri" };
    let created = owner::create_link(c, &input).await?;
    check(!created.url.starts_with(iso.sandbox.base_url()) && created.url.contains("/iyzi-link/"), || {
        format!("the demo link {} should be on the in-app sandbox's iyzico page", created.url)
    })?;
    check(iso.request_log() == "(none)", || format!("demo reached the test's sandbox: {}", iso.request_log()))?;
    let row = owner::find_row(c, "Deneme Müşteri").await?;
    pay_like_a_browser(&Url::parse(&created.url).map_err(|e| format!("{}: {e}", created.url))?).await?;
    owner::wait_row_status(c, &row, "paid").await.map(|_| ())
}
