//! The tray icon: closing the window keeps tracking (`settings.closeToTray`), the menu opens the
//! app or quits, the tooltip shows how many payments are new. A desktop without a tray host
//! (a bare Xvfb session) is fine: creation failing is logged, and closing the window then quits.

use crate::dto::pick;
use std::sync::Mutex;
use tahsildar_core::Lang;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

/// macOS menu bar icons are template images: black on transparent, tinted by the system.
#[cfg(target_os = "macos")]
const TRAY_ICON: &[u8] = include_bytes!("../../../icons/tray-template.png");
#[cfg(not(target_os = "macos"))]
const TRAY_ICON: &[u8] = include_bytes!("../../../icons/64x64.png");
const TRAY_ICON_IS_TEMPLATE: bool = cfg!(target_os = "macos");

const OPEN_ID: &str = "open";
const QUIT_ID: &str = "quit";

/// The live tray, managed by the app once created.
pub struct Tray<R: Runtime> {
    icon: TrayIcon<R>,
    open: MenuItem<R>,
    quit: MenuItem<R>,
    /// The language and count shown, to redraw one when the other changes.
    shown: Mutex<(Lang, u64)>,
}

pub fn tooltip(lang: Lang, unseen: u64) -> String {
    match (unseen, lang) {
        (0, _) => "Tahsildar".into(),
        (n, Lang::Tr) => format!("Tahsildar — {n} yeni ödeme"),
        (1, Lang::En) => "Tahsildar — 1 new payment".into(),
        (n, Lang::En) => format!("Tahsildar — {n} new payments"),
    }
}

fn labels(lang: Lang) -> (String, String) {
    (pick(lang, "Tahsildar'ı aç", "Open Tahsildar"), pick(lang, "Çık", "Quit"))
}

/// Brings the main window back (from the tray, or when the app is launched again).
pub fn show_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

/// Creates the tray; an error means there is none (the caller logs it).
pub fn create<R: Runtime>(app: &AppHandle<R>, lang: Lang, unseen: u64) -> tauri::Result<()> {
    let (open_text, quit_text) = labels(lang);
    let open = MenuItem::with_id(app, OPEN_ID, open_text, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT_ID, quit_text, true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let icon = TrayIconBuilder::with_id("main")
        .icon(Image::from_bytes(TRAY_ICON)?)
        // macOS: a shape the menu bar tints for light and dark (no effect elsewhere).
        .icon_as_template(TRAY_ICON_IS_TEMPLATE)
        .tooltip(tooltip(lang, unseen))
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            OPEN_ID => show_main(app),
            // A real exit: the run loop's exit handler stops the tracker.
            QUIT_ID => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click { button: MouseButton::Left, button_state: MouseButtonState::Up, .. } = event {
                show_main(tray.app_handle());
            }
        })
        .build(app)?;
    app.manage(Tray { icon, open, quit, shown: Mutex::new((lang, unseen)) });
    Ok(())
}

/// Whether there is a tray to hide the window into.
pub fn is_up<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<Tray<R>>().is_some()
}

fn redraw<R: Runtime>(app: &AppHandle<R>, change: impl FnOnce(&mut (Lang, u64))) {
    let Some(tray) = app.try_state::<Tray<R>>() else { return };
    let (lang, unseen) = {
        let mut shown = tray.shown.lock().unwrap_or_else(|p| p.into_inner());
        change(&mut shown);
        *shown
    };
    let (open_text, quit_text) = labels(lang);
    let results = [
        tray.icon.set_tooltip(Some(tooltip(lang, unseen))),
        tray.open.set_text(open_text),
        tray.quit.set_text(quit_text),
    ];
    for r in results {
        if let Err(e) = r {
            log::warn!("tray: {e}");
        }
    }
}

pub fn show_unseen<R: Runtime>(app: &AppHandle<R>, unseen: u64) {
    redraw(app, |s| s.1 = unseen);
}

pub fn set_lang<R: Runtime>(app: &AppHandle<R>, lang: Lang) {
    redraw(app, |s| s.0 = lang);
}

#[cfg(test)]
mod tests {
    use tauri::image::Image;

    /// The macOS template must be a shape only: every pixel black, drawn by its alpha.
    #[test]
    fn the_menu_bar_template_is_black_on_transparent() {
        let image = Image::from_bytes(include_bytes!("../../../icons/tray-template.png")).unwrap();
        assert_eq!((image.width(), image.height()), (44, 44), "22 pt at 2x");
        let rgba = image.rgba();
        let drawn = rgba.chunks(4).filter(|p| p[3] > 0).count();
        assert!(drawn > 44 * 44 / 10, "something is drawn: {drawn} pixels");
        assert!(rgba.chunks(4).any(|p| p[3] == 0), "with a transparent background");
        assert!(rgba.chunks(4).all(|p| p[3] == 0 || p[..3] == [0, 0, 0]), "and no colour");
    }
}
