//! Updates in the real window (issue 9 §3): the debug app is pointed at a `latest.json` served on
//! 127.0.0.1 and at the public key of a pair made here. A correctly signed newer version is
//! offered in Ayarlar ("Yeni sürüm hazır — Güncelle") with a dot on the tab, found by the check
//! at start with no click; one signed by another key is refused with a plain message.
//! Nothing is installed: that would replace the app under test.

use tahsildar_e2e::driver::AppSession;
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::owner;
use tahsildar_e2e::updates::{serve_release, UpdateKey, PUBKEY_ENV, URL_ENV};
use tahsildar_e2e::{ready_or_skip, shots, ui};

const NEW: &str = "9.9.9";

fn fail(e: String) -> ! {
    panic!("\n{e}\n")
}

/// Serves `NEW` signed by `signer`, and starts the app trusting `trusted`.
async fn launch(name: &str, signer: &UpdateKey, trusted: &UpdateKey) -> Result<(Isolated, AppSession), String> {
    let file = format!("the Tahsildar {NEW} installer").into_bytes();
    let url = serve_release(NEW, &file, &signer.sign(&file, NEW)?)?;
    let iso = Isolated::new(name).await?;
    let mut env = iso.app_env();
    env.push((URL_ENV.into(), url));
    env.push((PUBKEY_ENV.into(), trusted.pubkey()?));
    let app = AppSession::launch_with_env(name, &env).await?;
    Ok((iso, app))
}

async fn run(
    name: &str,
    signer: &UpdateKey,
    trusted: &UpdateKey,
    check: impl AsyncFnOnce(&AppSession) -> Result<(), String>,
) {
    let (_iso, app) = launch(name, signer, trusted).await.unwrap_or_else(|e| fail(e));
    let result = check(&app).await;
    if let Err(e) = &result {
        let _ = shots::save_window(app.client(), &format!("{name}-failed")).await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    app.close().await;
}

async fn show_updates_card(app: &AppSession) -> Result<(), String> {
    let c = app.client();
    let card = ui::wait_shown(c, "#updates").await?;
    ui::scroll_to(c, &card).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_update_is_found_at_start_and_offered_in_ayarlar() {
    if !ready_or_skip("a_signed_update_is_found_at_start_and_offered_in_ayarlar") {
        return;
    }
    let key = UpdateKey::new().unwrap_or_else(|e| fail(e));
    run("update-ready", &key, &key, async |app| {
        let c = app.client();
        // The check at start found it: the quiet dot is on the Ayarlar tab with no click.
        ui::wait_shown(c, "#update-dot").await?;
        owner::set_lang(c, "tr").await?;
        ui::wait_shown(c, "#update-dot").await?;
        ui::wait_text(c, "#update-ready", "\"Yeni sürüm hazır — Güncelle\"", |t| {
            t == "Yeni sürüm hazır — Güncelle"
        })
        .await?;
        ui::wait_text(c, "#update-ready-hint", "the version", |t| t.contains(NEW)).await?;
        show_updates_card(app).await?;
        shots::save_window(c, "update-ready-tr").await?;
        owner::set_lang(c, "en").await?;
        ui::wait_text(c, "#update-ready", "\"New version ready — Update\"", |t| t == "New version ready — Update")
            .await?;
        show_updates_card(app).await?;
        shots::save_window(c, "update-ready-en").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_signed_by_another_key_is_refused_with_a_clear_message() {
    if !ready_or_skip("an_update_signed_by_another_key_is_refused_with_a_clear_message") {
        return;
    }
    let (ours, theirs) = (UpdateKey::new().unwrap_or_else(|e| fail(e)), UpdateKey::new().unwrap_or_else(|e| fail(e)));
    run("update-refused", &theirs, &ours, async |app| {
        let c = app.client();
        owner::set_lang(c, "tr").await?;
        ui::wait_text(c, "#update-line", "the refusal", |t| {
            t.contains("imzası doğrulanamadı") && t.contains("kurulmadı")
        })
        .await?;
        show_updates_card(app).await?;
        shots::save_window(c, "update-refused-tr").await?;
        if ui::shown(c, "#update-dot").await.is_some() || ui::shown(c, "#update-install").await.is_some() {
            return Err("a refused update must offer nothing: no dot, no Güncelle".into());
        }
        Ok(())
    })
    .await;
}
