//! The keychain out of reach while live keys are set up (a locked keychain, no Secret Service):
//! the real window never falls back to demo; every view says "Anahtarlara ulaşılamıyor" with
//! "Tekrar dene", the owner's links stay in view, and a new link is refused with the reason.
//!
//! `xvfb-run -a tests/lib/keychain-session.sh cargo test -p tahsildar-e2e --test platform -- --test-threads=1`

use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{NewLink, Store, FILE_NAME};
use tahsildar_e2e::driver::AppSession;
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::owner::{self, View};
use tahsildar_e2e::{ready_or_skip, shots, ui};

fn fail(e: String) -> ! {
    panic!("\n{e}\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_out_of_reach_are_said_on_every_view_and_the_links_stay() {
    if !ready_or_skip("keys_out_of_reach_are_said_on_every_view_and_the_links_stay") {
        return;
    }
    let iso = Isolated::new("keys-unreachable").await.unwrap_or_else(|e| fail(e));
    owners_book(&iso).unwrap_or_else(|e| fail(e));
    let mut env = iso.app_env();
    // No session bus for the app: the Secret Service cannot be reached, as with a locked or
    // missing keychain.
    env.push(("DBUS_SESSION_BUS_ADDRESS".into(), "unix:path=/nonexistent/tahsildar-e2e-no-bus".into()));
    let app = AppSession::launch_with_env("keys-unreachable", &env).await.unwrap_or_else(|e| fail(e));
    if let Err(e) = check(&app).await {
        let _ = shots::save_window(app.client(), "keys-unreachable-failed").await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    app.close().await;
}

/// Paynet set up in Ayarlar earlier, and one link made then.
fn owners_book(iso: &Isolated) -> Result<(), String> {
    let store = Store::open(&iso.data_dir.join(FILE_NAME)).map_err(|e| e.to_string())?;
    let mut settings = store.settings().map_err(|e| e.to_string())?;
    settings.providers = vec![Provider::Paynet];
    store.save_settings(&settings).map_err(|e| e.to_string())?;
    let link = NewLink {
        provider: Provider::Paynet,
        amount: Money::new(45_000, Currency::Tl).map_err(|e| e.to_string())?,
        description: "Kuru fasulye".into(),
        customer: "Zeynep Kaya".into(),
        phone: None,
        email: None,
        local_ref: None,
        reference: None,
        paytr: None,
    };
    store.begin_create(&link).map_err(|e| e.to_string())?;
    Ok(())
}

async fn check(app: &AppSession) -> Result<(), String> {
    let c = app.client();
    // In the OS's language first (English under the test's locale), then the owner picks.
    ui::wait_text(c, "#keys-unreachable", "the keys banner", |t| t.contains("Tekrar dene") || t.contains("Try again"))
        .await?;
    let badge = ui::dom_text(c, "#mode-badge").await?;
    if badge.to_lowercase().contains("demo") {
        return Err(format!("a locked keychain must never mean demo; the badge says {badge:?}"));
    }
    owner::go(c, View::Settings).await?;
    ui::select_value(c, "#lang", "tr").await?;
    let said = |t: &str| t.contains("Anahtarlara ulaşılamıyor") && t.contains("Tekrar dene");
    ui::wait_text(c, "#keys-unreachable", "the keys banner in Turkish", said).await?;
    // Whether a key is saved cannot be known: never "Kayıtlı değil".
    ui::wait_text(c, "#paynet-status", "the Paynet key's state", |t| t == "Ulaşılamıyor").await?;
    shots::save_window(c, "keys-unreachable-1-settings").await?;

    // The owner's link is still listed, under the same banner.
    owner::find_row(c, "Zeynep Kaya").await?;
    ui::wait_text(c, "#keys-unreachable", "the keys banner on Linkler", said).await?;
    shots::save_window(c, "keys-unreachable-2-links").await?;

    // A new link is refused with the reason; nothing else happens.
    owner::go(c, View::Create).await?;
    ui::type_into(c, "#amount", "120,50").await?;
    ui::type_into(c, "#description", "Çay").await?;
    ui::type_into(c, "#customer", "Ali Veli").await?;
    ui::press_enter(c, "#customer").await?;
    ui::wait_text(c, "#form-error", "the refusal", |t| t.contains("Anahtarlara ulaşılamıyor")).await?;
    shots::save_window(c, "keys-unreachable-3-refused").await?;

    // "Tekrar dene" while the keychain is still out of reach: still said.
    ui::click(c, "#keys-retry").await?;
    ui::wait_text(c, "#toast", "the retry's answer", |t| t.contains("hâlâ ulaşılamıyor")).await?;

    // In English.
    owner::go(c, View::Settings).await?;
    ui::select_value(c, "#lang", "en").await?;
    ui::wait_text(c, "#keys-unreachable", "the banner in English", |t| {
        t.contains("The keys cannot be reached") && t.contains("Try again") && t.contains("keychain")
    })
    .await?;
    ui::wait_text(c, "#paytr-status", "the PayTR key's state in English", |t| t == "Can't be reached").await?;
    shots::save_window(c, "keys-unreachable-4-settings-en").await?;
    Ok(())
}
