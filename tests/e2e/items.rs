//! Issue 11 §3 in the real window: a saved item creates a link in one Enter. Part of its name in
//! the description → the type-ahead → Enter picks (nothing is created yet) → Enter creates exactly
//! one PayTR link with the item's amount, description and installments; a quick button → Enter
//! the same; an item for a provider not set up says so; "Bu linki ürün olarak kaydet" on Paylaş
//! refuses a name in use with the core's words, then the item is a quick button. Screenshots at
//! the default 960 px in both languages land in `target/e2e-shots/`.
//!
//! By hand, inside `tests/lib/keychain-session.sh` under `xvfb-run -a`:
//! `cargo test -p tahsildar-e2e --test items -- --test-threads=1`.

// Shared with owner.rs and owner_flow.rs; this test needs no PayTR client of its own.
#[allow(dead_code)]
mod owner_common;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;
use owner_common::{check, finish, start, PAYTR_CREATE, SAVED_TR};
use serde_json::{json, Value};
use std::time::Duration;
use tahsildar_core::sandbox::{DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT};
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::owner::{self, LinkInput, View};
use tahsildar_e2e::{html, shots, ui};

/// 56 characters, Turkish letters throughout: the longest kind of name the owner gives.
const CAKE: &str = "Doğum günü pastası, çikolatalı, üç katlı (İstanbul içi)";
const CAKE_TEXT: &str = "Çikolatalı doğum günü pastası, 3 katlı";
const COOKIES: &str = "Kurabiye kutusu — müşteri tutarı kendisi seçer";

/// Saves an item through the app's own command (what Ayarlar > Hızlı ürünler sends); its id.
async fn save_item(c: &Client, item: Value) -> Result<i64, String> {
    const JS: &str = r#"const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke('save_saved_item', { item: arguments[0], lang: 'tr' })
          .then((v) => done({ ok: v }), (e) => done({ error: e }));"#;
    let v = c.execute_async(JS, vec![item.clone()]).await.map_err(|e| format!("save_saved_item: {e}"))?;
    v["ok"]["id"].as_i64().ok_or_else(|| format!("save_saved_item refused {item}: {}", v["error"]))
}

/// The owner presses Enter wherever the focus is.
async fn press_enter(c: &Client) -> Result<(), String> {
    let enter = char::from(Key::Enter);
    let keys =
        KeyActions::new("keyboard".into()).then(KeyAction::Down { value: enter }).then(KeyAction::Up { value: enter });
    c.perform_actions(keys).await.map_err(|e| format!("pressing Enter: {e}"))
}

/// The focused element's id.
async fn focused(c: &Client) -> Result<String, String> {
    let v = ui::js(c, "return document.activeElement ? document.activeElement.id : ''").await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Parts of `css` (and the page) wider than their box, or reaching past the window's right edge.
async fn spills(c: &Client, css: &str) -> Result<Vec<String>, String> {
    let script = format!(
        r#"const out = [];
        const w = document.documentElement.clientWidth;
        const doc = document.scrollingElement;
        if (doc.scrollWidth > doc.clientWidth) out.push('page: ' + doc.scrollWidth + '/' + doc.clientWidth);
        for (const root of document.querySelectorAll('{css}')) {{
          for (const el of [root, ...root.querySelectorAll('*')]) {{
            if (el.offsetParent === null) continue;
            const r = el.getBoundingClientRect();
            if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'hidden')
              out.push((el.id || el.className) + ': ' + el.scrollWidth + '/' + el.clientWidth);
            if (r.right > w + 0.5) out.push((el.id || el.className) + ' reaches ' + r.right + ' of ' + w);
          }}
        }}
        return [window.innerWidth, out];"#
    );
    let v = ui::js(c, &script).await?;
    let width = v[0].as_u64().unwrap_or(0);
    check(width <= 960, || format!("the window is {width} px wide, not the default 960"))?;
    Ok(v[1].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default())
}

/// The sandbox's payment page for the link on Paylaş: what PayTR would show the customer.
async fn paytr_page(c: &Client) -> Result<String, String> {
    let url = ui::read_link_url(c).await?;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().map_err(|e| e.to_string())?;
    let page = http.get(&url).send().await.map_err(|e| format!("opening {url}: {e}"))?;
    page.text().await.map(|t| html::unescape(&t)).map_err(|e| e.to_string())
}

/// Waits for Paylaş after a create; a form that complained instead says what.
async fn wait_result(c: &Client) -> Result<(), String> {
    if let Err(e) = ui::wait_shown(c, "#result").await {
        return Err(format!("{e}; the form says: {}", owner::form_messages(c).await));
    }
    ui::wait_qr_loaded(c).await
}

/// Waits until the form's amount reads `amount` (a pick fills it).
async fn wait_amount(c: &Client, amount: &str) -> Result<String, String> {
    ui::wait_text(c, "#amount", &format!("{amount:?}"), |t| t == amount).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_item_creates_a_link_in_one_enter() {
    let name = "items-one-enter";
    let Some((iso, app)) = start(name).await else { return };
    let result = items_flow(&iso, app.client()).await;
    finish(name, iso, app, result).await;
}

async fn items_flow(iso: &Isolated, c: &Client) -> Result<(), String> {
    owner::set_lang(c, "tr").await?;
    owner::save_paytr(c, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT, SAVED_TR).await?;
    let item = |name: &str, amount: &str, description: &str, provider: &str| {
        json!({ "name": name, "amount": amount, "currency": "TL", "description": description, "provider": provider,
                "expiry": { "kind": "days", "days": 3 }, "maxInstallment": 1, "linkType": "product" })
    };
    let mut cake = item(CAKE, "1.250,00", CAKE_TEXT, "paytr");
    cake["expiry"] = json!({ "kind": "days", "days": 7 });
    cake["maxInstallment"] = json!(3);
    let cake_id = save_item(c, cake).await?;
    let mut cookies = item(COOKIES, "150,00", "Karışık kurabiye", "paytr");
    cookies["linkType"] = json!("flex");
    cookies["flexMax"] = json!("400,00");
    let cookies_id = save_item(c, cookies).await?;
    save_item(c, item("Su böreği tepsisi (büyük boy, 12 kişilik)", "320,00", "Su böreği", "paytr")).await?;
    let mut lesson = item("Çevrimiçi ders — iyzico ile", "500,00", "Bir saatlik ders", "iyzico");
    lesson["expiry"] = json!({ "kind": "none" });
    let lesson_id = save_item(c, lesson).await?;
    save_item(c, item("Şöbiyet, 1 kg", "640,00", "Şöbiyet", "paytr")).await?;

    // Part of a word of its name in the description: the list offers it; Enter picks, and only picks.
    owner::go(c, View::Create).await?;
    ui::type_into(c, "#description", "pasta").await?;
    let option = format!("#item-option-{cake_id}");
    ui::wait_text(c, &format!("{option} .item-option-name"), "the cake's name", |t| t == CAKE).await?;
    let over = spills(c, "#item-suggestions").await?;
    check(over.is_empty(), || format!("the type-ahead does not hold its long name: {over:?}"))?;
    shots::save_window(c, "items-typeahead-tr").await?;
    press_enter(c).await?;
    wait_amount(c, "1.250,00").await?;
    let description = ui::read(&ui::find(c, "#description").await?).await?;
    check(description == CAKE_TEXT, || format!("the description reads {description:?}"))?;
    check(ui::shown(c, "#item-suggestions").await.is_none(), || "the list stayed open after the pick".into())?;
    let installments = ui::js(c, "return document.querySelector('#max-installment').value").await?;
    check(installments == "3", || format!("the installments read {installments}"))?;
    tokio::time::sleep(Duration::from_millis(600)).await;
    check(iso.request_count(PAYTR_CREATE) == 0, || format!("the pick itself created a link: {}", iso.request_log()))?;
    check(ui::shown(c, "#result").await.is_none(), || "the pick opened Paylaş".into())?;
    let at = focused(c).await?;
    check(at == "create-submit", || format!("after the pick the focus is on #{at}, not on the create button"))?;
    shots::save_window(c, "items-picked-tr").await?;

    // One more Enter: exactly one create, with the item's fields, shown on Paylaş.
    press_enter(c).await?;
    wait_result(c).await?;
    check(iso.request_count(PAYTR_CREATE) == 1, || format!("one create should reach PayTR: {}", iso.request_log()))?;
    let amount = ui::dom_text(c, "#result-amount").await?;
    check(amount == "1.250,00 TL", || format!("Paylaş shows {amount:?}"))?;
    let shown = ui::dom_text(c, "#result-description").await?;
    check(shown == CAKE_TEXT, || format!("Paylaş shows the description {shown:?}"))?;
    // The item's 7 days, on Turkey's calendar (the app shows `d.m.yyyy hh:mm`).
    let week = ui::js(
        c,
        "return new Intl.DateTimeFormat('tr-TR', { dateStyle: 'short', timeZone: 'Europe/Istanbul' })
            .format(new Date(Date.now() + 7 * 86400000))",
    )
    .await?;
    let expires = ui::dom_text(c, "#result-expires").await?;
    check(week.as_str().is_some_and(|d| expires.starts_with(d)), || {
        format!("the link expires {expires:?}, not on {week}")
    })?;
    let page = paytr_page(c).await?;
    check(page.contains("1.250,00 TL") && page.contains(CAKE_TEXT), || format!("PayTR's page lacks the item: {page}"))?;
    check(page.contains(r#"<option value="3">"#) && !page.contains(r#"<option value="4">"#), || {
        format!("PayTR's page should offer up to 3 installments: {page}")
    })?;

    // A quick button, then Enter: the same, for the flex item (the customer picks 150–400 TL).
    owner::go(c, View::Create).await?;
    ui::click(c, &format!("#quick-item-{cookies_id}")).await?;
    wait_amount(c, "150,00").await?;
    let at = focused(c).await?;
    check(at == "create-submit", || format!("after the quick button the focus is on #{at}"))?;
    press_enter(c).await?;
    wait_result(c).await?;
    check(iso.request_count(PAYTR_CREATE) == 2, || {
        format!("one more create should reach PayTR: {}", iso.request_log())
    })?;
    let page = paytr_page(c).await?;
    check(page.contains("150,00 TL – 400,00 TL"), || format!("PayTR's page lacks the flex range: {page}"))?;

    // An iyzico item while only PayTR is set up: said, not filled.
    owner::go(c, View::Create).await?;
    ui::click(c, &format!("#quick-item-{lesson_id}")).await?;
    ui::wait_text(c, "#item-warning", "why the item cannot be used", |t| {
        t.contains("iyzico anahtarları henüz girilmedi")
    })
    .await?;
    let amount = ui::read(&ui::find(c, "#amount").await?).await?;
    check(amount.is_empty(), || format!("the iyzico item filled the amount: {amount:?}"))?;
    shots::save_window(c, "items-provider-missing-tr").await?;

    // "Bu linki ürün olarak kaydet": a name in use gets the core's words; a new one is saved.
    let input =
        LinkInput {
            provider: "paytr", amount: "87,50", description: "Fıstıklı baklava, 1 kg", customer: "Kemal Bey"
        };
    owner::create_link(c, &input).await?;
    ui::click(c, "#save-as-item").await?;
    let prefilled = ui::read(&ui::wait_shown(c, "#share-item-name").await?).await?;
    check(prefilled == input.description, || format!("the name starts as {prefilled:?}"))?;
    ui::type_into(c, "#share-item-name", CAKE).await?;
    ui::click(c, "#share-item-save").await?;
    let taken = format!("\"{CAKE}\" adında bir ürün zaten var");
    ui::wait_text(c, "#share-item-name-error", "the core's name_taken words", |t| t.starts_with(&taken)).await?;
    check(ui::shown(c, "#item-saved").await.is_none(), || "a refused name was said saved".into())?;
    shots::save_window(c, "items-save-taken-tr").await?;
    ui::type_into(c, "#share-item-name", "Fıstıklı baklava (1 kg)").await?;
    ui::click(c, "#share-item-save").await?;
    ui::wait_text(c, "#item-saved", "Kaydedildi", |t| t.starts_with("Kaydedildi")).await?;
    shots::save_window(c, "items-saved-tr").await?;

    // Six items now: all six are quick buttons, the new one last, nothing spilling out.
    for lang in ["tr", "en"] {
        if lang == "en" {
            owner::set_lang(c, "en").await?;
        }
        owner::go(c, View::Create).await?;
        let names = ui::wait_until("six quick buttons", || async {
            let v =
                ui::js(c, "return [...document.querySelectorAll('.quick-item-name')].map(e => e.textContent)").await?;
            let names: Vec<String> = v
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                .unwrap_or_default();
            if names.len() == 6 {
                Ok(names)
            } else {
                Err(format!("{names:?}"))
            }
        })
        .await?;
        check(names.first().map(String::as_str) == Some(CAKE), || format!("the quick buttons: {names:?}"))?;
        check(names.last().map(String::as_str) == Some("Fıstıklı baklava (1 kg)"), || {
            format!("the quick buttons: {names:?}")
        })?;
        let over = spills(c, "#quick-items").await?;
        check(over.is_empty(), || format!("the quick buttons ({lang}) spill out: {over:?}"))?;
        ui::js(c, "window.scrollTo(0, 0); return null").await?;
        shots::save_window(c, &format!("items-quick-{lang}")).await?;
    }
    // The English list, and Esc closes it.
    ui::type_into(c, "#description", "pas").await?;
    ui::wait_text(c, &format!("{option} .item-option-name"), "the cake's name", |t| t == CAKE).await?;
    shots::save_window(c, "items-typeahead-en").await?;
    let escape = char::from(Key::Escape);
    c.perform_actions(
        KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: escape })
            .then(KeyAction::Up { value: escape }),
    )
    .await
    .map_err(|e| format!("pressing Esc: {e}"))?;
    ui::wait_until("the list closing on Esc", || async {
        if ui::shown(c, "#item-suggestions").await.is_none() {
            Ok(())
        } else {
            Err("still open".to_string())
        }
    })
    .await?;
    check(iso.request_count(PAYTR_CREATE) == 3, || format!("only the three links asked for: {}", iso.request_log()))
}
