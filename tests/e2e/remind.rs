//! Reminders in the real window (issue 11 §2): a waiting demo link made 25 hours older in the
//! app's SQLite file (as the clock would) shows "Hatırlat" and is counted on the Linkler tab and
//! under "Hatırlatılacak"; the click hands the opener the `wa.me` reminder (a stand-in `xdg-open`
//! first on the app's PATH writes down what it received) with the amount, the description
//! (Turkish letters, `&`, an emoji), the last day and the link escaped; the row and Paylaş then
//! show the reminder, and the filter and the count empty. Before that, a click while WhatsApp
//! cannot open (every stand-in launcher fails) records nothing and tells the owner to copy the link. Screenshots of the row, Paylaş's
//! reminders and Ayarlar's templates card, in Turkish and English, at the default 960 px window.
//!
//! `xvfb-run -a tests/lib/keychain-session.sh cargo test -p tahsildar-e2e --test remind -- --test-threads=1`

use reqwest::Url;
use std::path::{Path, PathBuf};
use tahsildar_core::links::template::last_day;
use tahsildar_core::Lang;
use tahsildar_e2e::driver::AppSession;
use tahsildar_e2e::isolation::Isolated;
use tahsildar_e2e::owner::{self, in_row, LinkInput, View};
use tahsildar_e2e::{ready_or_skip, shots, ui};

const HOUR_MS: i64 = 3_600_000;
const DESCRIPTION: &str = "Doğum günü & pasta 🎂";

fn fail(e: String) -> ! {
    panic!("\n{e}\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_past_the_threshold_is_reminded_on_whatsapp() {
    if !ready_or_skip("a_link_past_the_threshold_is_reminded_on_whatsapp") {
        return;
    }
    let iso = Isolated::new("remind").await.unwrap_or_else(|e| fail(e));
    let opener = Opener::new(&iso.data_dir).unwrap_or_else(|e| fail(e));
    let mut env = iso.app_env();
    env.push(("PATH".into(), opener.path_env()));
    let app = AppSession::launch_with_env("remind", &env).await.unwrap_or_else(|e| fail(e));
    if let Err(e) = remind(&app, &iso, &opener).await {
        let _ = shots::save_window(app.client(), "remind-failed").await;
        fail(format!("{e}\n{}", app.driver_log()));
    }
    app.close().await;
}

/// A stand-in for `xdg-open` (the opener's first choice on Linux): it writes each address it is
/// handed to a file instead of starting a browser, and which of the variables the app sets for
/// WebKit it was started with (none, src-tauri/src/launch.rs). While [`Opener::fail`] is on, it
/// and the launchers the opener falls back to (`gio`, ...) exit with an error, as on a desktop
/// with nothing to open a link with.
struct Opener {
    bin: PathBuf,
    log: PathBuf,
    env_log: PathBuf,
    failing: PathBuf,
}

const FALLBACK_LAUNCHERS: [&str; 5] = ["gio", "gnome-open", "kde-open6", "kde-open5", "kde-open"];

impl Opener {
    fn new(data_dir: &Path) -> Result<Opener, String> {
        let bin = data_dir.join("opener-bin");
        let log = data_dir.join("opened.txt");
        let failing = data_dir.join("opener-fails");
        let env_log = data_dir.join("opener-env.txt");
        std::fs::create_dir_all(&bin).map_err(|e| format!("{}: {e}", bin.display()))?;
        let fails = format!("if [ -e '{}' ]; then exit 3; fi\n", failing.display());
        let opens = format!(
            "env | grep -E '^(JSC_|WEBKIT_SKIA_|GLIBC_TUNABLES=)' >> '{}'\nprintf '%s\\n' \"$1\" >> '{}'\n",
            env_log.display(),
            log.display()
        );
        let scripts = std::iter::once(("xdg-open", format!("#!/bin/sh\n{fails}{opens}")))
            .chain(FALLBACK_LAUNCHERS.iter().map(|name| (*name, "#!/bin/sh\nexit 3\n".to_string())));
        for (name, text) in scripts {
            let script = bin.join(name);
            std::fs::write(&script, text).map_err(|e| format!("{}: {e}", script.display()))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).map_err(|e| e.to_string())?;
            }
        }
        Ok(Opener { bin, log, env_log, failing })
    }

    fn fail(&self, on: bool) -> Result<(), String> {
        let done = if on { std::fs::write(&self.failing, "") } else { std::fs::remove_file(&self.failing) };
        done.map_err(|e| format!("{}: {e}", self.failing.display()))
    }

    fn path_env(&self) -> String {
        format!("{}:{}", self.bin.display(), std::env::var("PATH").unwrap_or_default())
    }

    fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log).unwrap_or_default().lines().map(str::to_string).collect()
    }

    /// The web engine's variables the launcher was started with (empty: none).
    fn web_engine_env(&self) -> String {
        std::fs::read_to_string(&self.env_log).unwrap_or_default()
    }
}

/// The demo book's file, opened beside the running app (it waits for the app's writes).
fn book(iso: &Isolated) -> Result<rusqlite::Connection, String> {
    let path = iso.data_dir.join(tahsildar_core::store::DEMO_FILE_NAME);
    let db = rusqlite::Connection::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    db.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| e.to_string())?;
    Ok(db)
}

/// Fills a field the way typing would end (WebKitWebDriver cannot type an emoji).
async fn set_field(c: &fantoccini::Client, id: &str, value: &str) -> Result<(), String> {
    let value = serde_json::to_string(value).map_err(|e| e.to_string())?;
    ui::js(
        c,
        &format!(
            "const el = document.getElementById('{id}'); el.value = {value};
             el.dispatchEvent(new Event('input', {{ bubbles: true }})); return el.value;"
        ),
    )
    .await
    .map(|_| ())
}

async fn remind(app: &AppSession, iso: &Isolated, opener: &Opener) -> Result<(), String> {
    let c = app.client();
    ui::wait_text(c, "#mode-badge", "\"Demo\"", |t| t.to_lowercase().contains("demo")).await?;
    owner::set_lang(c, "tr").await?;

    // Two waiting links: the one to remind (Paynet, phone given) and a fresh one (PayTR).
    owner::fill_form(
        c,
        &LinkInput { provider: "paynet", amount: "1.234,56", description: "x", customer: "Ayşe Yılmaz" },
    )
    .await?;
    set_field(c, "description", DESCRIPTION).await?;
    set_field(c, "phone", "0532 123 45 67").await?;
    ui::click(c, "#create-submit").await?;
    if let Err(e) = ui::wait_shown(c, "#result").await {
        return Err(format!("{e}; the form says: {}", owner::form_messages(c).await));
    }
    let url = ui::read_link_url(c).await?;
    owner::create_link(
        c,
        &LinkInput { provider: "paytr", amount: "40", description: "Kira ödemesi", customer: "Deniz Ak" },
    )
    .await?;
    let aged = owner::find_row(c, "Ayşe Yılmaz").await?;
    let fresh = owner::find_row(c, "Deniz Ak").await?;
    if ui::shown(c, &in_row(&aged, ".act-remind")).await.is_some() {
        return Err("a link made a moment ago already offers \"Hatırlat\"".into());
    }

    // 25 hours pass for Ayşe's link (the threshold is 24).
    let expires: i64 = {
        let db = book(iso)?;
        let id: i64 = aged.parse().map_err(|e| format!("row id {aged}: {e}"))?;
        let n = db
            .execute("UPDATE links SET created_at = created_at - ?1 WHERE id = ?2", rusqlite::params![25 * HOUR_MS, id])
            .map_err(|e| format!("aging link {id}: {e}"))?;
        if n != 1 {
            return Err(format!("aging link {id} changed {n} rows"));
        }
        db.query_row("SELECT expires_at FROM links WHERE id = ?1", [id], |r| r.get(0)).map_err(|e| e.to_string())?
    };
    owner::go(c, View::Settings).await?;
    owner::go(c, View::Links).await?;
    ui::wait_text(c, &in_row(&aged, ".act-remind"), "Hatırlat on the aged row", |t| t == "Hatırlat").await?;
    if ui::shown(c, &in_row(&fresh, ".act-remind")).await.is_some() {
        return Err("the fresh link offers \"Hatırlat\" too".into());
    }
    ui::wait_text(c, "#remind-count", "the tab's count", |t| t == "1").await?;
    ui::click(c, "#links-to-remind").await?;
    ui::wait_until("only the aged link under Hatırlatılacak", || async {
        let ids = ui::js(
            c,
            "return [...document.querySelectorAll('#links-table tr[data-link-id]')].map(r => r.dataset.linkId)",
        )
        .await?;
        if ids == serde_json::json!([aged]) {
            Ok(())
        } else {
            Err(format!("rows {ids}"))
        }
    })
    .await?;
    // The totals strip follows the chip: the one due link, labelled so.
    let strip =
        ui::wait_text(c, "#links-summary", "the strip of the due links", |t| t.starts_with("Hatırlatılacak:")).await?;
    if !strip.contains("1 bekliyor") {
        return Err(format!("the strip with the chip on says {strip:?}"));
    }
    screenshot_of(c, ".links-card", "remind-due-tr").await?;

    // WhatsApp cannot open: nothing is recorded, the link is still to remind, the owner is told
    // to copy the link.
    opener.fail(true)?;
    ui::click(c, &in_row(&aged, ".act-remind")).await?;
    let said = ui::wait_text(c, "#toast.error", "the toast that WhatsApp did not open", |t| !t.is_empty()).await?;
    if !(said.starts_with("WhatsApp açılamadı.") && said.contains("Linki kopyalayıp")) {
        return Err(format!("the toast says {said:?}"));
    }
    let kept: i64 =
        book(iso)?.query_row("SELECT COUNT(*) FROM reminders", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if kept != 0 || !opener.opened().is_empty() {
        return Err(format!("{kept} reminder(s) recorded, {:?} opened, though WhatsApp never opened", opener.opened()));
    }
    if ui::shown(c, &in_row(&aged, ".act-remind")).await.is_none()
        || ui::shown(c, &in_row(&aged, ".remind-note")).await.is_some()
    {
        return Err("the row no longer offers \"Hatırlat\" or says it was reminded".into());
    }
    ui::wait_text(c, "#remind-count", "the tab's count still 1", |t| t == "1").await?;
    opener.fail(false)?;
    ui::wait_until("the error toast gone", || async {
        match ui::shown(c, "#toast").await {
            None => Ok(()),
            Some(_) => Err("still shown".to_string()),
        }
    })
    .await?;

    // The owner's click: the opener gets the wa.me reminder.
    ui::click(c, &in_row(&aged, ".act-remind")).await?;
    let opened = ui::wait_until("the opener handed a wa.me address", || async {
        opener
            .opened()
            .into_iter()
            .find(|u| u.starts_with("https://wa.me/"))
            .ok_or_else(|| format!("opened: {:?}", opener.opened()))
    })
    .await?;
    check_reminder_url(&opened, &url, expires)?;
    if !opener.web_engine_env().is_empty() {
        return Err(format!("the browser was started with the app's WebKit settings: {}", opener.web_engine_env()));
    }
    if opener.opened().len() != 1 {
        return Err(format!("opened more than once: {:?}", opener.opened()));
    }
    let note = ui::wait_text(c, &in_row(&aged, ".remind-note"), "the row's reminder note", |t| !t.is_empty()).await?;
    if !(note.starts_with("Hatırlatıldı: bugün ") && note.ends_with(" · WhatsApp")) {
        return Err(format!("the row says {note:?}"));
    }
    if ui::shown(c, &in_row(&aged, ".act-remind")).await.is_some() {
        return Err("\"Hatırlat\" is still offered right after the reminder".into());
    }
    ui::wait_until("the tab's count gone", || async {
        match ui::shown(c, "#remind-count").await {
            None => Ok(()),
            Some(el) => Err(format!("count {:?}", el.text().await.unwrap_or_default())),
        }
    })
    .await?;
    // The toast ("WhatsApp açıldı …") sits over the head's buttons for a few seconds.
    ui::wait_until("the toast gone", || async {
        match ui::shown(c, "#toast").await {
            None => Ok(()),
            Some(_) => Err("still shown".to_string()),
        }
    })
    .await?;
    ui::click(c, "#links-to-remind").await?;
    ui::wait_until("every link back in the list", || async {
        let n = ui::js(c, "return document.querySelectorAll('#links-table tr[data-link-id]').length").await?;
        if n == 2 {
            Ok(())
        } else {
            Err(format!("{n} rows"))
        }
    })
    .await?;
    ui::wait_shown(c, "#links-summary").await?;
    eprintln!("row (tr): {note:?}");
    screenshot_of(c, ".links-card", "remind-row-tr").await?;

    // Paylaş lists it.
    ui::click(c, &in_row(&aged, ".act-share")).await?;
    let item = ui::wait_text(c, "#reminder-list li", "the reminder in Paylaş", |t| t.contains("WhatsApp")).await?;
    if !(item.starts_with("bugün ") && item.ends_with(" · WhatsApp · 0532 123 45 67")) {
        return Err(format!("Paylaş lists {item:?}"));
    }
    let cannot = ui::dom_text(c, "#remind-cannot-resend").await?;
    if !cannot.starts_with("Paynet linki SMS veya e-postayla yeniden gönderemez.") {
        return Err(format!("Paylaş says {cannot:?} about resending"));
    }
    screenshot_of(c, "#reminders", "remind-share-tr").await?;
    owner::go(c, View::Settings).await?;
    ui::wait_text(c, "#template-reminder-preview", "the reminder preview", |t| t.contains("Ayşe Yılmaz")).await?;
    screenshot_of(c, "#templates", "remind-templates-tr").await?;

    // English.
    owner::set_lang(c, "en").await?;
    owner::go(c, View::Links).await?;
    let note = ui::wait_text(c, &in_row(&aged, ".remind-note"), "the row's note in English", |t| {
        t.starts_with("Reminded: today ")
    })
    .await?;
    eprintln!("row (en): {note:?}");
    screenshot_of(c, ".links-card", "remind-row-en").await?;
    ui::click(c, &in_row(&aged, ".act-share")).await?;
    ui::wait_text(c, "#reminder-list li", "the reminder in Share", |t| t.starts_with("today ")).await?;
    screenshot_of(c, "#reminders", "remind-share-en").await?;
    owner::go(c, View::Settings).await?;
    ui::wait_text(c, "#templates legend", "the card in English", |t| t == "Message templates").await?;
    ui::wait_text(c, "#template-reminder-preview", "the English preview", |t| t.starts_with("Hello Ayşe Yılmaz"))
        .await?;
    screenshot_of(c, "#templates", "remind-templates-en").await?;
    Ok(())
}

/// The address names the customer's phone, and its text (decoded) the amount, what it is for,
/// the last day and the link; the raw address escapes the Turkish letters, `&`, the emoji and
/// the spaces.
fn check_reminder_url(opened: &str, link: &str, expires: i64) -> Result<(), String> {
    let prefix = "https://wa.me/905321234567?text=";
    if !opened.starts_with(prefix) {
        return Err(format!("opened {opened:?}, not a reminder to 0532 123 45 67"));
    }
    let raw = &opened[prefix.len()..];
    for (what, bad) in [("a space", " "), ("a raw &", "&"), ("a raw emoji", "🎂"), ("a raw ğ", "ğ"), ("a +", "+")] {
        if raw.contains(bad) {
            return Err(format!("the address holds {what}: {opened}"));
        }
    }
    for escaped in ["Do%C4%9Fum%20g%C3%BCn%C3%BC%20%26%20pasta%20%F0%9F%8E%82", "1.234%2C56%20TL"] {
        if !raw.contains(escaped) {
            return Err(format!("{escaped:?} not in {opened}"));
        }
    }
    let parsed = Url::parse(opened).map_err(|e| format!("{opened}: {e}"))?;
    let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    let [(key, text)] = pairs.as_slice() else { return Err(format!("query {pairs:?}")) };
    let day = last_day(expires, Lang::Tr);
    let want = format!(
        "Merhaba Ayşe Yılmaz, {DESCRIPTION} için 1.234,56 TL tutarındaki ödemenizi nazikçe hatırlatmak isteriz. \
         Bu linkten ödeyebilirsiniz: {link} (son gün: {day})"
    );
    if key != "text" || !text.starts_with(&want) {
        return Err(format!("the message is {text:?}, wanted it to start {want:?}"));
    }
    Ok(())
}

/// Scrolls `css` into view and saves the window, after checking nothing passes its right edge.
async fn screenshot_of(c: &fantoccini::Client, css: &str, name: &str) -> Result<(), String> {
    let el = ui::wait_shown(c, css).await?;
    // Scrolled again until it is in sight: a view just shown may still scroll itself to the top.
    ui::wait_until(&format!("`{css}` in sight"), || async {
        ui::scroll_to(c, &el).await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let top = ui::js(c, &format!("return document.querySelector('{css}').getBoundingClientRect().top")).await?;
        let top = top.as_f64().unwrap_or(f64::MAX);
        if top < 400.0 {
            Ok(())
        } else {
            Err(format!("its top is at {top} px"))
        }
    })
    .await?;
    let v = ui::js(
        c,
        &format!(
            "const el = document.querySelector('{css}'); const w = document.documentElement.clientWidth;
             let worst = 0; for (const e of [el, ...el.querySelectorAll('*')]) {{ const r = e.getBoundingClientRect();
             if (r.width > 0) worst = Math.max(worst, r.right); }} return [w, worst];"
        ),
    )
    .await?;
    let (w, right) = (v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(f64::MAX));
    if right > w + 0.5 {
        return Err(format!("`{css}` reaches {right} px in a {w} px wide page"));
    }
    let shot = shots::save_window(c, name).await?;
    eprintln!("{name}: screenshot {}", shot.display());
    Ok(())
}
