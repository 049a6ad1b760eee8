//! Issue 10 in the real window: long text never pushes Linkler's status and actions out of the
//! card (nor overflows any other view) at the default 960 px window, and an uncertain PayTR
//! create is settled by the owner from what the PayTR panel shows. Screenshots in both languages
//! land in `target/e2e-shots/`.
//!
//! By hand, inside `tests/lib/keychain-session.sh` under `xvfb-run -a`:
//! `cargo test -p tahsildar-e2e --test owner_flow -- --test-threads=1`.

mod owner_common;

use fantoccini::Client;
use owner_common::{check, finish, paytr_client, start, PAYTR_CREATE, PAYTR_DELETE, SAVED_TR};
use std::time::{Duration, Instant};
use tahsildar_core::providers::paytr::PaytrLinkId;
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::{
    lock, DEMO_PAYNET_SECRET_KEY, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT,
};
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::owner::{self, in_row, LinkInput, View};
use tahsildar_e2e::{shots, ui};

/// Elements wider than their box (`scrollWidth > clientWidth`), and the page itself, as
/// `selector: scroll/client`; empty when nothing overflows sideways.
async fn overflows(c: &Client, selectors: &[&str]) -> Result<Vec<String>, String> {
    let list = serde_json::to_string(selectors).map_err(|e| e.to_string())?;
    let script = format!(
        r#"const out = [];
        const doc = document.scrollingElement;
        if (doc.scrollWidth > doc.clientWidth) out.push('page: ' + doc.scrollWidth + '/' + doc.clientWidth);
        for (const sel of {list}) {{
          for (const el of document.querySelectorAll(sel)) {{
            if (el.offsetParent === null) continue;
            if (el.scrollWidth > el.clientWidth + 1) out.push(sel + ': ' + el.scrollWidth + '/' + el.clientWidth);
          }}
        }}
        return out;"#
    );
    let v = ui::js(c, &script).await?;
    Ok(v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default())
}

/// Every row's status pill and actions end inside the links card (none cut off on the right).
async fn actions_inside_card(c: &Client) -> Result<(), String> {
    let script = r#"
        const card = document.querySelector('.links-card').getBoundingClientRect();
        const out = [];
        for (const row of document.querySelectorAll('#links-table tbody tr')) {
          for (const sel of ['.col-status .status', '.col-actions .row-actions']) {
            const r = row.querySelector(sel).getBoundingClientRect();
            if (r.right > card.right + 0.5 || r.width === 0) out.push(row.dataset.linkId + ' ' + sel + ' right=' + r.right + ' card=' + card.right);
          }
        }
        return [window.innerWidth, out];"#;
    let v = ui::js(c, script).await?;
    let width = v[0].as_u64().unwrap_or(0);
    let out = v[1].as_array().cloned().unwrap_or_default();
    check(width <= 960, || format!("the window is {width} px wide, not the default 960"))?;
    check(out.is_empty(), || format!("status or actions outside the card: {out:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_unbroken_text_never_pushes_status_and_actions_out() {
    let name = "owner-long-text";
    let Some((iso, app)) = start(name).await else { return };
    let result = long_text_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

async fn long_text_flow(_iso: &Isolated, c: &Client) -> Result<(), String> {
    owner::set_lang(c, "tr").await?;
    owner::save_paynet_key(c, DEMO_PAYNET_SECRET_KEY, SAVED_TR).await?;
    owner::save_paytr(c, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT, SAVED_TR).await?;
    // A 100-character name with no space (what the form accepts), a 40-character e-mail address
    // as a name, a long unbroken description.
    let hundred = format!("Uzun{}", "ı".repeat(96));
    let email = "satinalma.muhasebe.departmani@ornek.com.tr"; // 42
    let word = format!("Açıklama{}", "x".repeat(120));
    let links = [
        LinkInput { provider: "paynet", amount: "1.234,56", description: &word, customer: &hundred },
        LinkInput { provider: "paytr", amount: "75", description: "Kalem seti", customer: email },
        LinkInput { provider: "paynet", amount: "10", description: "Çay", customer: "Ali Veli" },
    ];
    for input in &links {
        owner::create_link(c, input).await?;
        let over = overflows(c, &["section.view-share .card", ".result-details", ".result-facts"]).await?;
        check(over.is_empty(), || format!("the share view overflows for {:?}: {over:?}", input.customer))?;
    }
    for lang in ["tr", "en"] {
        owner::set_lang(c, lang).await?;
        let row = owner::find_row(c, "Ali Veli").await?;
        owner::find_row(c, email).await?;
        let long = owner::find_row(c, &hundred).await?;
        ui::js(c, "window.scrollTo(0, 0); return null").await?;
        let over = overflows(c, &[".links-card", ".table-wrap"]).await?;
        check(over.is_empty(), || format!("Linkler ({lang}) is wider than its card: {over:?}"))?;
        actions_inside_card(c).await.map_err(|e| format!("Linkler ({lang}): {e}"))?;
        // The full name is there on hover.
        let title = ui::attr(c, &in_row(&long, "td.col-customer"), "title").await?;
        check(title.as_deref() == Some(hundred.as_str()), || {
            format!("the long name's cell has no full-text title: {title:?}")
        })?;
        shots::save_window(c, &format!("owner-long-links-{lang}")).await?;

        // The share view of the long one, and the form with the text typed.
        ui::click(c, &in_row(&long, ".act-share")).await?;
        ui::wait_qr_loaded(c).await?;
        let over = overflows(c, &["section.view-share .card", ".result-details", ".result-facts"]).await?;
        check(over.is_empty(), || format!("the share view ({lang}) overflows: {over:?}"))?;
        ui::js(c, "document.querySelector('#result-customer').scrollIntoView({block: 'center'}); return null").await?;
        shots::save_window(c, &format!("owner-long-share-{lang}")).await?;
        owner::go(c, View::Create).await?;
        ui::type_into(c, "#customer", &hundred).await?;
        ui::type_into(c, "#description", &word).await?;
        let over = overflows(c, &["#create-form"]).await?;
        check(over.is_empty(), || format!("the form ({lang}) overflows: {over:?}"))?;
        ui::js(c, "document.querySelector('#description').scrollIntoView({block: 'center'}); return null").await?;
        shots::save_window(c, &format!("owner-long-create-{lang}")).await?;
        owner::go(c, View::Links).await?;
        owner::wait_row_status(c, &row, "waiting").await?;
    }
    Ok(())
}

/// Waits up to `secs` for `css` to be displayed (a create held by the sandbox ends on the app's
/// own timeout, longer than one UI step).
async fn wait_long(c: &Client, css: &str, secs: u64) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if ui::shown(c, css).await.is_some() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Err(format!("`{css}` not shown within {secs} s; the form says: {}", owner::form_messages(c).await))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uncertain_paytr_create_is_settled_from_the_panel() {
    let name = "owner-uncertain-paytr";
    let Some((iso, app)) = start(name).await else { return };
    let result = uncertain_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

async fn uncertain_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    owner::set_lang(c, "tr").await?;
    owner::save_paytr(c, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT, SAVED_TR).await?;
    // PayTR makes the link but its answer never arrives.
    lock(&iso.sandbox.state().faults).set(PAYTR_CREATE, Fault::Hold, Some(1));
    let input =
        LinkInput { provider: "paytr", amount: "410", description: "Yarıda kalan iş", customer: "Belirsiz Bey" };
    owner::fill_form(c, &input).await?;
    ui::click(c, "#create-submit").await?;
    wait_long(c, "#paytr-link-id", 40).await?;
    let heading = ui::dom_text(c, "#share-heading").await?;
    check(heading == "Link oluştu mu, belli değil", || format!("the headline reads {heading:?}"))?;
    let expires = ui::dom_text(c, "#result-expires").await?;
    check(expires != "Süresiz" && expires.contains('.'), || format!("a 3-day link's expiry reads {expires:?}"))?;
    ui::js(c, "window.scrollTo(0, 0); return null").await?;
    shots::save_window(c, "owner-uncertain-paytr-tr").await?;

    // The owner reads the id in the PayTR panel; a mistyped one is explained under the field.
    let pid = lock(&iso.sandbox.state().paytr).link_ids().pop().ok_or("the sandbox made no link")?;
    ui::type_into(c, "#paytr-link-id", "NB2 Zlz3").await?;
    ui::click(c, "#settle-found").await?;
    ui::wait_text(c, "#paytr-link-id-error", "the id's message", |t| t.contains("harf ve rakam")).await?;
    shots::save_window(c, "owner-uncertain-paytr-bad-id-tr").await?;
    ui::type_into(c, "#paytr-link-id", &pid).await?;
    ui::click(c, "#settle-found").await?;
    ui::wait_qr_loaded(c).await?;
    let url = ui::read_link_url(c).await?;
    let want = format!("{}/link/{pid}", iso.sandbox.base_url());
    check(url == want, || format!("the settled link shows {url}, PayTR's page is {want}"))?;
    ui::js(c, "document.querySelector('#qr').scrollIntoView({block: 'center'}); return null").await?;
    let png =
        std::fs::read(shots::save_window(c, "owner-uncertain-paytr-settled-tr").await?).map_err(|e| e.to_string())?;
    let codes = shots::read_qr_codes(&png)?;
    check(codes == [want.clone()], || format!("the QR reads {codes:?}, not {want}"))?;

    // A normal link now: waiting in Linkler, with "Sil", which deletes it at PayTR.
    let row = owner::find_row(c, "Belirsiz Bey").await?;
    owner::wait_row_status(c, &row, "waiting").await?;
    owner::click_confirmed(c, &in_row(&row, ".act-delete")).await?;
    owner::wait_row_status(c, &row, "deleted").await?;
    check(iso.request_count(PAYTR_DELETE) == 1, || format!("one delete should reach PayTR: {}", iso.request_log()))?;
    let again = paytr_client(iso)?.delete(&[PaytrLinkId(pid.clone())]).await;
    check(again.is_err(), || format!("{pid} should already be gone at PayTR: {again:?}"))?;

    // In English, the other answer: not in the panel.
    owner::set_lang(c, "en").await?;
    lock(&iso.sandbox.state().faults).set(PAYTR_CREATE, Fault::Drop, Some(1));
    let input =
        LinkInput { provider: "paytr", amount: "411", description: "Never arrived", customer: "Unsure Customer" };
    owner::fill_form(c, &input).await?;
    ui::click(c, "#create-submit").await?;
    wait_long(c, "#settle-missing", 40).await?;
    let heading = ui::dom_text(c, "#share-heading").await?;
    check(heading == "Not sure the link was made", || format!("the English headline reads {heading:?}"))?;
    ui::js(c, "window.scrollTo(0, 0); return null").await?;
    shots::save_window(c, "owner-uncertain-paytr-en").await?;
    ui::click(c, "#settle-missing").await?;
    ui::wait_text(c, "#share-heading", "the not-created headline", |t| t == "The link was not created").await?;
    let row = owner::find_row(c, "Unsure Customer").await?;
    owner::wait_row_status(c, &row, "failed").await?;
    shots::save_window(c, "owner-uncertain-paytr-missing-en").await?;
    check(iso.request_count(PAYTR_CREATE) == 2, || format!("nothing was created again: {}", iso.request_log()))
}
