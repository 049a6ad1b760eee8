//! "Gün sonu" in the real window (issue 11 §1): three demo links of two providers paid on the
//! sandbox's payment page and one left waiting → the Linkler strip and the day report show the
//! right totals, in Turkish and in English, at the default 960 px window (screenshots saved).
//!
//! `xvfb-run -a tests/lib/keychain-session.sh cargo test -p tahsildar-e2e --test day -- --test-threads=1`

use reqwest::Url;
use std::time::Duration;
use tahsildar_core::sandbox::page::TEST_CARD_OK;
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
    let app = AppSession::launch_with_env("day-report", &iso.app_env()).await.unwrap_or_else(|e| fail(e));
    if let Err(e) = day(&app).await {
        let _ = shots::save_window(app.client(), "day-report-failed").await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    app.close().await;
}

async fn day(app: &AppSession) -> Result<(), String> {
    let c = app.client();
    ui::wait_text(c, "#mode-badge", "\"Demo\"", |t| t.to_lowercase().contains("demo")).await?;
    // Turkish first (the test display's system language may be another).
    owner::set_lang(c, "tr").await?;
    let links = [
        ("paynet", "150,50", "Pasta", "Ali Veli", true),
        ("paytr", "192,00", "Çiçek", "Ayşe Kaya", true),
        ("paynet", "25,00", "Kargo", "Can Demir", true),
        ("paytr", "40,00", "Kira", "Deniz Ak", false),
    ];
    let mut paid = Vec::new();
    for (provider, amount, description, customer, pay) in links {
        let created = owner::create_link(c, &LinkInput { provider, amount, description, customer }).await?;
        if pay {
            pay_like_a_browser(&Url::parse(&created.url).map_err(|e| format!("{}: {e}", created.url))?).await?;
            paid.push(customer);
        }
    }
    for customer in &paid {
        let id = owner::find_row(c, customer).await?;
        owner::wait_row_status(c, &id, "paid").await?;
    }
    owner::go(c, View::Links).await?;

    // The strip, for every link and then for today (Istanbul): 3 paid, 367,50 TL; 1 waiting.
    let want = "3 ödeme · 367,50 TL";
    let strip = ui::wait_text(c, "#links-summary", want, |t| t.contains(want)).await?;
    expect(&strip, &["Tüm linkler:", "1 bekliyor (40,00 TL)"])?;
    ui::click(c, "#links-today").await?;
    let strip = ui::wait_text(c, "#links-summary", "Bugün", |t| t.starts_with("Bugün:") && t.contains(want)).await?;
    no_overflow(c, ".links-card").await?;
    let shot = shots::save_window(c, "day-strip-tr").await?;
    eprintln!("strip (tr): {strip:?}; screenshot {}", shot.display());

    // The day report of today: Paynet 175,50 TL (the sandbox's Paynet pays out the whole
    // amount), PayTR 192,00 TL with its net after 3.49 % (185,30 TL), and Kira still waiting.
    ui::click(c, "#links-report").await?;
    let paynet = ".report-group[data-provider=\"paynet\"]";
    let paytr = ".report-group[data-provider=\"paytr\"]";
    let total = ui::wait_text(c, &format!("{paynet} tfoot"), "Paynet's total", |t| t.contains("175,50 TL")).await?;
    expect(&total, &["Toplam: 2 ödeme", "175,50 TL"])?;
    expect(&ui::dom_text(c, &format!("{paytr} tfoot")).await?, &["Toplam: 1 ödeme", "192,00 TL", "185,30 TL"])?;
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
    let want = "3 paid · 367,50 TL";
    let strip = ui::wait_text(c, "#links-summary", want, |t| t.starts_with("Today:") && t.contains(want)).await?;
    expect(&strip, &["1 waiting (40,00 TL)"])?;
    no_overflow(c, ".links-card").await?;
    let shot = shots::save_window(c, "day-strip-en").await?;
    eprintln!("strip (en): {strip:?}; screenshot {}", shot.display());
    ui::click(c, "#links-report").await?;
    let total = ui::wait_text(c, &format!("{paytr} tfoot"), "PayTR's total", |t| t.contains("185,30 TL")).await?;
    expect(&total, &["Total: 1 payment", "192,00 TL"])?;
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
