//! "Gün sonu" in the real window (issue 11 §1): three links of two providers paid on the
//! sandbox's payment page and one left waiting, and a PayTR payment refunded in full and another
//! in part through the sandbox's refund endpoint (as from PayTR's panel) → the rows say so, and
//! the Linkler strip and the day report show the right totals net of refunds, in Turkish and in
//! English, at the default 960 px window (screenshots saved). Live mode with the keys of the
//! test's own sandbox: the app's demo sandbox has no refund endpoint (nor should it).
//!
//! `xvfb-run -a tests/lib/keychain-session.sh cargo test -p tahsildar-e2e --test day -- --test-threads=1`

use reqwest::Url;
use secrecy::SecretString;
use std::time::Duration;
use tahsildar_core::providers::paytr::PaytrCredentials;
use tahsildar_core::sandbox::page::TEST_CARD_OK;
use tahsildar_core::sandbox::{
    DEMO_PAYNET_SECRET_KEY, DEMO_PAYTR_MERCHANT_ID, DEMO_PAYTR_MERCHANT_KEY, DEMO_PAYTR_MERCHANT_SALT,
};
use tahsildar_core::secrets::Keychain;
use tahsildar_e2e::driver::AppSession;
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::owner::{self, LinkInput, View};
use tahsildar_e2e::payform::{snippet, PayForm};
use tahsildar_e2e::{ready_or_skip, shots, ui};

fn fail(e: String) -> ! {
    panic!("\n{e}\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_strip_and_the_day_report_add_up_the_days_payments() {
    if !ready_or_skip("the_strip_and_the_day_report_add_up_the_days_payments") {
        return;
    }
    let iso = Isolated::new("day-report").await.unwrap_or_else(|e| fail(e));
    save_keys(&iso).unwrap_or_else(|e| fail(e));
    let app = AppSession::launch_with_env("day-report", &iso.app_env()).await.unwrap_or_else(|e| fail(e));
    if let Err(e) = day(&app, &iso).await {
        let _ = shots::save_window(app.client(), "day-report-failed").await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    app.close().await;
}

/// The test sandbox's keys in the app's keychain before it starts: live mode, both providers.
fn save_keys(iso: &Isolated) -> Result<(), String> {
    let keychain = Keychain::with_service(iso.keychain_service.clone());
    keychain
        .set_paynet(SecretString::from(DEMO_PAYNET_SECRET_KEY))
        .and_then(|_| {
            keychain.set_paytr(PaytrCredentials {
                merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
                merchant_key: SecretString::from(DEMO_PAYTR_MERCHANT_KEY),
                merchant_salt: SecretString::from(DEMO_PAYTR_MERCHANT_SALT),
            })
        })
        .map_err(|e| format!("saving the test's keys: {e} (run inside tests/lib/keychain-session.sh)"))
}

async fn day(app: &AppSession, iso: &Isolated) -> Result<(), String> {
    let c = app.client();
    ui::wait_text(c, "#mode-badge", "live mode", |t| !t.to_lowercase().contains("demo")).await?;
    // Turkish first (the test display's system language may be another).
    owner::set_lang(c, "tr").await?;
    let links = [
        ("paynet", "150,50", "Pasta", "Ali Veli", true),
        ("paytr", "192,00", "Çiçek", "Ayşe Kaya", true),
        ("paynet", "25,00", "Kargo", "Can Demir", true),
        ("paytr", "40,00", "Kira", "Deniz Ak", false),
        ("paytr", "60,00", "Kurabiye", "Eda Nur", true),
    ];
    let mut paid = Vec::new();
    for (provider, amount, description, customer, pay) in links {
        let created = owner::create_link(c, &LinkInput { provider, amount, description, customer }).await?;
        if pay {
            let oid =
                pay_like_a_browser(&Url::parse(&created.url).map_err(|e| format!("{}: {e}", created.url))?).await?;
            paid.push((customer, oid));
        }
    }
    for (customer, _) in &paid {
        let id = owner::find_row(c, customer).await?;
        owner::wait_row_status(c, &id, "paid").await?;
    }
    // Refunds, as the owner makes them in PayTR's panel: Kurabiye in full, 50,00 TL of Çiçek.
    let oid = |who: &str| paid.iter().find(|(c, _)| *c == who).and_then(|(_, o)| o.clone());
    refund(iso, &oid("Eda Nur").ok_or("no order number for Kurabiye")?, None).await?;
    refund(iso, &oid("Ayşe Kaya").ok_or("no order number for Çiçek")?, Some(5_000)).await?;
    owner::go(c, View::Links).await?;
    let kurabiye = owner::find_row(c, "Eda Nur").await?;
    let cicek = owner::find_row(c, "Ayşe Kaya").await?;
    let badge = |id: &str| format!("{} .refund-badge", owner::row_css(id));
    ui::wait_text(c, &badge(&kurabiye), "İade edildi", |t| t == "İade edildi").await?;
    ui::wait_text(c, &badge(&cicek), "Kısmi iade", |t| t == "Kısmi iade: 50,00 TL").await?;
    expect(&ui::dom_text(c, &format!("{} .status", owner::row_css(&kurabiye))).await?, &["Ödendi"])?;

    // The strip, for every link and then for today (Istanbul): 3 paid net of refunds
    // (150,50 + 142,00 + 25,00 = 317,50 TL; Kurabiye refunded in full is not one), the refunds
    // (60,00 + 50,00 TL), 1 waiting.
    let want = "3 ödeme · 317,50 TL";
    let strip = ui::wait_text(c, "#links-summary", want, |t| t.contains(want)).await?;
    expect(&strip, &["Tüm linkler:", "2 iade (110,00 TL)", "1 bekliyor (40,00 TL)"])?;
    ui::click(c, "#links-today").await?;
    let strip = ui::wait_text(c, "#links-summary", "Bugün", |t| t.starts_with("Bugün:") && t.contains(want)).await?;
    no_overflow(c, ".links-card").await?;
    let shot = shots::save_window(c, "day-strip-tr").await?;
    eprintln!("strip (tr): {strip:?}; screenshot {}", shot.display());

    // The day report of today: Paynet 175,50 TL (the sandbox's Paynet pays out the whole
    // amount); PayTR: Çiçek and Kurabiye listed, marked, the total net of refunds (142,00 TL), the
    // net after PayTR's 3.49 % and the refunds (185,30 − 50,00 + 57,91 − 60,00 = 133,21 TL),
    // the refunds' line, and Kira still waiting.
    ui::click(c, "#links-report").await?;
    let paynet = ".report-group[data-provider=\"paynet\"]";
    let paytr = ".report-group[data-provider=\"paytr\"]";
    let total = ui::wait_text(c, &format!("{paynet} tfoot"), "Paynet's total", |t| t.contains("175,50 TL")).await?;
    expect(&total, &["Toplam: 2 ödeme", "175,50 TL"])?;
    let foot = ui::dom_text(c, &format!("{paytr} tfoot")).await?;
    expect(&foot, &["Toplam: 1 ödeme", "142,00 TL", "133,21 TL", "İadeler: 2 ödeme · 110,00 TL"])?;
    expect(
        &ui::dom_text(c, &format!("{paytr} tbody")).await?,
        &["Ayşe Kaya", "Kısmi iade: 50,00 TL", "Eda Nur", "İade edildi"],
    )?;
    expect(&ui::dom_text(c, &format!("{paytr} .report-waiting")).await?, &["Deniz Ak", "Kira", "40,00 TL"])?;
    expect(&ui::dom_text(c, &format!("{paytr} .report-waiting h3")).await?, &["Hâlâ bekleyen: 1 link · 40,00 TL"])?;
    expect(&ui::dom_text(c, &format!("{paynet} tbody")).await?, &["Ali Veli", "Pasta", "150,50 TL", "Can Demir"])?;
    no_overflow(c, "#day-report").await?;
    let shot = shots::save_window(c, "day-report-tr").await?;
    eprintln!("report (tr): screenshot {}", shot.display());

    // The same in English.
    owner::set_lang(c, "en").await?;
    owner::go(c, View::Links).await?;
    ui::click(c, "#links-today").await?;
    let want = "3 paid · 317,50 TL";
    let strip = ui::wait_text(c, "#links-summary", want, |t| t.starts_with("Today:") && t.contains(want)).await?;
    expect(&strip, &["2 refunded (110,00 TL)", "1 waiting (40,00 TL)"])?;
    expect(&ui::dom_text(c, &badge(&kurabiye)).await?, &["Refunded"])?;
    no_overflow(c, ".links-card").await?;
    let shot = shots::save_window(c, "day-strip-en").await?;
    eprintln!("strip (en): {strip:?}; screenshot {}", shot.display());
    ui::click(c, "#links-report").await?;
    let total = ui::wait_text(c, &format!("{paytr} tfoot"), "PayTR's total", |t| t.contains("133,21 TL")).await?;
    expect(&total, &["Total: 1 payment", "142,00 TL", "Refunds: 2 · 110,00 TL"])?;
    expect(&ui::dom_text(c, &format!("{paytr} tbody")).await?, &["Partly refunded: 50,00 TL", "Refunded"])?;
    expect(&ui::dom_text(c, &format!("{paytr} .report-waiting h3")).await?, &["Still waiting: 1 link · 40,00 TL"])?;
    no_overflow(c, "#day-report").await?;
    let shot = shots::save_window(c, "day-report-en").await?;
    eprintln!("report (en): screenshot {}", shot.display());
    Ok(())
}

fn expect(text: &str, parts: &[&str]) -> Result<(), String> {
    match parts.iter().find(|p| !text.contains(*p)) {
        Some(p) => Err(format!("expected {p:?} in {text:?}")),
        None => Ok(()),
    }
}

/// Nothing of `css` reaches past the window's right edge (the default 960 px window).
async fn no_overflow(c: &fantoccini::Client, css: &str) -> Result<(), String> {
    let script = format!(
        "const el = document.querySelector('{css}'); const w = document.documentElement.clientWidth;
         let worst = 0; for (const e of [el, ...el.querySelectorAll('*')]) {{ const r = e.getBoundingClientRect();
         if (r.width > 0) worst = Math.max(worst, r.right); }} return [w, worst, window.innerWidth];"
    );
    let v = ui::js(c, &script).await?;
    let (w, right) = (v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(f64::MAX));
    if right > w + 0.5 {
        return Err(format!("`{css}` reaches {right} px in a {w} px wide page ({v})"));
    }
    Ok(())
}

/// `POST /_sandbox/paytr/refund` on the test's sandbox: `minor` of the sale, or what is left.
async fn refund(iso: &Isolated, oid: &str, minor: Option<i64>) -> Result<(), String> {
    let mut body = serde_json::json!({ "merchant_oid": oid });
    if let Some(m) = minor {
        body["amount_minor"] = m.into();
    }
    let url = format!("{}/_sandbox/paytr/refund", iso.sandbox.base_url());
    let r = reqwest::Client::new().post(&url).json(&body).send().await.map_err(|e| format!("{url}: {e}"))?;
    if !r.status().is_success() {
        return Err(format!("refunding {oid}: HTTP {} {}", r.status(), r.text().await.unwrap_or_default()));
    }
    Ok(())
}

/// Opens the payment page, fills the card form with the approved test card, posts it. Returns
/// PayTR's order number ("Sipariş no") from the result page, `None` for Paynet's.
async fn pay_like_a_browser(link: &Url) -> Result<Option<String>, String> {
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
    let oid = answer.split("Sipariş no: ").nth(1).map(|t| t.chars().take_while(char::is_ascii_alphanumeric).collect());
    Ok(oid)
}
