//! The owner's app end to end: keys typed into Ayarlar land in the real Secret Service
//! (gnome-keyring on the test's session bus), and the links are made on a sandbox this test runs
//! in-process, so the test can ask it what the app really sent. Each test is its own app launch
//! with a fresh data folder and keychain service (see `tahsildar_e2e::isolation`).
//!
//! Run with `npm test`, or by hand inside `tests/lib/keychain-session.sh` under `xvfb-run -a`:
//! `cargo test -p tahsildar-e2e --test owner -- --test-threads=1`.

mod owner_common;

use fantoccini::Client;
use owner_common::{check, finish, paytr_client, start, PAYTR_CREATE, PAYTR_DELETE, SAVED_TR};
use secrecy::SecretString;
use std::time::Duration;
use tahsildar_core::providers::paynet::{LinkRef, PaynetClient, PaynetLinkId, PaynetStatus};
use tahsildar_core::providers::paytr::PaytrLinkId;
use tahsildar_core::providers::ErrorKind;
use tahsildar_core::sandbox::{
    DEMO_PAYNET_SECRET_KEY, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT,
};
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::owner::{self, in_row, LinkInput, View};
use tahsildar_e2e::{shots, system, ui};

const PAYNET_CREATE: &str = "/v1/mailorder/create";

/// The page's HTML must not hold `secret` anywhere (fields are emptied, nothing echoes it).
async fn assert_not_in_page(c: &Client, secret: &str, what: &str) -> Result<(), String> {
    let html = c.source().await.map_err(|e| format!("reading the page source: {e}"))?;
    let values = ui::js(c, "return [...document.querySelectorAll('input')].map(i => i.value).join('\\n')").await?;
    check(!html.contains(secret) && !values.as_str().unwrap_or_default().contains(secret), || {
        format!("the {what} is visible in the page (source or a field's value)")
    })
}

/// The QR on screen opens exactly `url` (read from the window's screenshot).
async fn assert_qr_opens(c: &Client, url: &str, shot: &str) -> Result<(), String> {
    // Bring the QR to the middle of the window, so the screenshot holds all of it even where the
    // window is smaller than the view.
    ui::js(c, "document.querySelector('#qr').scrollIntoView({block: 'center'}); return null").await?;
    ui::wait_until(&format!("the QR on screen reading {url:?}"), || async {
        let path = shots::save_window(c, shot).await?;
        let png = std::fs::read(&path).map_err(|e| e.to_string())?;
        let codes = shots::read_qr_codes(&png)?;
        if codes == [url.to_string()] {
            Ok(())
        } else {
            Err(format!("{codes:?} in {}", path.display()))
        }
    })
    .await
}

fn paynet_client(iso: &Isolated) -> Result<PaynetClient, String> {
    PaynetClient::new(iso.sandbox.base_url(), SecretString::from(DEMO_PAYNET_SECRET_KEY)).map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paynet_key_in_ayarlar_then_link_share_copy_list_cancel() {
    let name = "owner-paynet";
    let Some((iso, app)) = start(name).await else { return };
    let result = paynet_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

async fn paynet_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    ui::wait_text(c, "#mode-badge", "\"Demo\"", |t| t.to_lowercase().contains("demo")).await?;
    owner::set_lang(c, "tr").await?;
    owner::save_paynet_key(c, DEMO_PAYNET_SECRET_KEY, SAVED_TR).await?;
    // In the real Secret Service under the test's own service name, and nowhere in the page.
    let stored = system::secret_lookup(&iso.keychain_service, "paynet.secret_key")?;
    check(stored.as_deref() == Some(DEMO_PAYNET_SECRET_KEY), || {
        format!(
            "the Secret Service holds {} for {}/paynet.secret_key, not the key typed into Ayarlar",
            if stored.is_some() { "another value" } else { "nothing" },
            iso.keychain_service
        )
    })?;
    assert_not_in_page(c, DEMO_PAYNET_SECRET_KEY, "saved Paynet key").await?;
    ui::wait_text(c, "#mode-badge", "no longer Demo", |t| !t.to_lowercase().contains("demo")).await?;

    let input =
        LinkInput { provider: "paynet", amount: "120,50", description: "Çay ve simit", customer: "Ayşe Yılmaz" };
    let link = owner::create_link(c, &input).await?;
    check(iso.request_count(PAYNET_CREATE) == 1, || {
        format!("one create should have reached the test's sandbox; it saw: {}", iso.request_log())
    })?;
    check(link.url.starts_with(iso.sandbox.base_url()), || {
        format!("the link {} is not on the test's sandbox {}", link.url, iso.sandbox.base_url())
    })?;
    ui::wait_text(c, "#result-amount", "120,50", |t| t.contains("120,50")).await?;
    assert_qr_opens(c, &link.url, "owner-paynet-share").await?;

    // "Linki kopyala" puts exactly the link on the system clipboard.
    system::clear_clipboard()?;
    ui::click(c, "#copy-link").await?;
    ui::wait_until("the clipboard holding the link", || async {
        match system::clipboard_text()? {
            Some(text) if text == link.url => Ok(()),
            other => Err(format!("{other:?}")),
        }
    })
    .await?;

    // Linkler shows it, waiting; its share button opens this very link.
    let row = owner::find_row(c, "Ayşe Yılmaz").await?;
    let text = ui::dom_text(c, &owner::row_css(&row)).await?;
    check(text.contains("120,50") && text.contains("Çay ve simit"), || format!("the row reads {text:?}"))?;
    owner::wait_row_status(c, &row, "waiting").await?;
    ui::click(c, &in_row(&row, ".act-share")).await?;
    ui::wait_text(c, "section.view-share #result-customer", "the row's customer", |t| t == "Ayşe Yılmaz").await?;
    let shown = ui::read_link_url(c).await?;
    check(shown == link.url, || format!("the row's share view shows {shown}, the link is {}", link.url))?;

    owner::go(c, View::Links).await?;
    owner::click_confirmed(c, &in_row(&row, ".act-cancel")).await?;
    owner::wait_row_status(c, &row, "cancelled").await?;
    let detail = paynet_client(iso)?
        .detail(&LinkRef::Id(PaynetLinkId(link.provider_id.clone())))
        .await
        .map_err(|e| format!("asking the sandbox about {}: {e}", link.provider_id))?;
    check(detail.status == PaynetStatus::Passive, || {
        format!("the sandbox says link {} is {}, not passive", link.provider_id, detail.status)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paytr_keys_in_ayarlar_then_link_and_delete() {
    let name = "owner-paytr";
    let Some((iso, app)) = start(name).await else { return };
    let result = paytr_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

async fn paytr_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    owner::set_lang(c, "tr").await?;
    owner::save_paytr(c, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT, SAVED_TR).await?;
    for (field, value) in [
        ("paytr.merchant_id", DEMO_PAYTR_MERCHANT_ID),
        ("paytr.merchant_key", DEMO_PAYTR_MERCHANT_KEY),
        ("paytr.merchant_salt", DEMO_PAYTR_MERCHANT_SALT),
    ] {
        let stored = system::secret_lookup(&iso.keychain_service, field)?;
        check(stored.as_deref() == Some(value), || format!("the Secret Service does not hold the typed {field}"))?;
    }
    assert_not_in_page(c, DEMO_PAYTR_MERCHANT_KEY, "PayTR merchant key").await?;
    assert_not_in_page(c, DEMO_PAYTR_MERCHANT_SALT, "PayTR merchant salt").await?;

    let input = LinkInput { provider: "paytr", amount: "75", description: "Kalem seti", customer: "Mehmet Demir" };
    let link = owner::create_link(c, &input).await?;
    check(iso.request_count(PAYTR_CREATE) == 1, || {
        format!("no PayTR create reached the sandbox: {}", iso.request_log())
    })?;

    let row = owner::find_row(c, "Mehmet Demir").await?;
    owner::wait_row_status(c, &row, "waiting").await?;
    owner::click_confirmed(c, &in_row(&row, ".act-delete")).await?;
    owner::wait_row_status(c, &row, "deleted").await?;
    check(iso.request_count(PAYTR_DELETE) == 1, || {
        format!("one delete should reach the sandbox: {}", iso.request_log())
    })?;
    // Deleted at the provider: deleting it again is "not found".
    match paytr_client(iso)?.delete(&[PaytrLinkId(link.provider_id.clone())]).await {
        Err(e) if e.kind == ErrorKind::NotFound => Ok(()),
        other => Err(format!("deleting {} again should be NotFound, got {other:?}", link.provider_id)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_amount_is_explained_and_nothing_is_sent() {
    let name = "owner-bad-amount";
    let Some((iso, app)) = start(name).await else { return };
    let result = bad_amount_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

async fn bad_amount_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    owner::set_lang(c, "tr").await?;
    owner::save_paynet_key(c, DEMO_PAYNET_SECRET_KEY, SAVED_TR).await?;
    let input =
        LinkInput { provider: "paynet", amount: "12,345", description: "Üç haneli kuruş", customer: "Ali Kaya" };
    owner::fill_form(c, &input).await?;
    ui::click(c, "#create-submit").await?;
    let message = ui::wait_text(c, "#amount-error", "the two-decimals message", |t| t.contains("iki basamak")).await?;
    // Give a wrongly sent request the time to arrive before saying none was made.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    check(iso.request_count(PAYNET_CREATE) == 0, || {
        format!("`12,345` was refused ({message:?}) yet the sandbox saw: {}", iso.request_log())
    })?;
    check(ui::shown(c, "#result").await.is_none(), || format!("`12,345` was refused ({message:?}) yet #result shows"))?;
    shots::save_window(c, "owner-bad-amount-tr").await?;

    // The same form with a right amount does reach the sandbox: the silence above meant something.
    ui::type_into(c, "#amount", "12,34").await?;
    ui::click(c, "#create-submit").await?;
    ui::wait_shown(c, "#result").await?;
    check(iso.request_count(PAYNET_CREATE) == 1, || format!("after fixing the amount: {}", iso.request_log()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_is_called_wrong() {
    let name = "owner-wrong-key";
    let Some((iso, app)) = start(name).await else { return };
    let result = wrong_key_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

async fn wrong_key_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    const WRONG: &str = "sck_e2e_wrong_key_0123456789abcdef";
    owner::set_lang(c, "tr").await?;
    owner::save_paynet_key(c, WRONG, SAVED_TR).await?;
    for (lang, words) in [("tr", "Anahtar yanlış"), ("en", "Wrong key")] {
        owner::set_lang(c, lang).await?;
        let before = iso.request_count("/v1/mailorder/list");
        ui::click(c, "#test-paynet").await?;
        let said = ui::wait_text(c, "#test-result", &format!("{words:?}"), |t| t.contains(words)).await?;
        check(!said.contains(WRONG), || format!("#test-result shows the key: {said:?}"))?;
        check(iso.request_count("/v1/mailorder/list") > before, || {
            format!("the test said {said:?} without asking the sandbox: {}", iso.request_log())
        })?;
        assert_not_in_page(c, WRONG, "wrong Paynet key").await?;
        ui::js(c, "document.querySelector('#test-result').scrollIntoView({block: 'center'}); return null").await?;
        shots::save_window(c, &format!("owner-wrong-key-{lang}")).await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_photographed_in_turkish_and_english() {
    let name = "owner-shots";
    let Some((iso, app)) = start(name).await else { return };
    let result = shots_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

/// The view from its top (where the owner lands), saved as `target/e2e-shots/<name>.png`.
async fn shot_top(c: &Client, name: &str) -> Result<(), String> {
    ui::js(c, "window.scrollTo(0, 0); return null").await?;
    shots::save_window(c, name).await.map(|_| ())
}

async fn shots_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    owner::set_lang(c, "tr").await?;
    shot_top(c, "owner-settings-demo-tr").await?;
    owner::save_paynet_key(c, DEMO_PAYNET_SECRET_KEY, SAVED_TR).await?;
    owner::save_paytr(c, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT, SAVED_TR).await?;
    let links = [
        LinkInput {
            provider: "paynet",
            amount: "1.234,56",
            description: "Düğün pastası (3 kat)",
            customer: "Şükrü Öztürk",
        },
        LinkInput { provider: "paytr", amount: "75", description: "Kalem seti", customer: "Mehmet Demir" },
    ];
    for input in &links {
        owner::create_link(c, input).await?;
    }
    for lang in ["tr", "en"] {
        owner::set_lang(c, lang).await?;
        shot_top(c, &format!("owner-settings-{lang}")).await?;
        owner::go(c, View::Create).await?;
        shot_top(c, &format!("owner-create-{lang}")).await?;
        let row = owner::find_row(c, "Şükrü Öztürk").await?;
        owner::find_row(c, "Mehmet Demir").await?;
        shot_top(c, &format!("owner-links-{lang}")).await?;
        ui::click(c, &in_row(&row, ".act-share")).await?;
        ui::wait_text(c, "section.view-share #result-customer", "the row's customer", |t| t == "Şükrü Öztürk").await?;
        ui::wait_qr_loaded(c).await?;
        shot_top(c, &format!("owner-share-{lang}")).await?;
        // Its buttons, where the owner scrolls to share the link.
        ui::js(c, "document.querySelector('#copy-link').scrollIntoView({block: 'center'}); return null").await?;
        shots::save_window(c, &format!("owner-share-actions-{lang}")).await?;
    }
    check(iso.request_count(PAYNET_CREATE) == 1 && iso.request_count(PAYTR_CREATE) == 1, || {
        format!("one create per provider should reach the sandbox: {}", iso.request_log())
    })
}
