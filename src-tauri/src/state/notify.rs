//! Whether the app can show a notification, checked once at start: a payment announced where the
//! owner will never see it is worse than a line in Ayarlar saying so.
//! - Windows: toasts need the app's id registered by the installer's Start-menu shortcut, and
//!   the owner can switch them off; the OS says which.
//! - Linux: a notification server must answer on the session bus.
//! - macOS: only an app bundle can notify (a switched-off setting is not read: that needs an
//!   async UserNotifications call; not done yet).

use crate::dto::pick;
use tahsildar_core::Lang;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Notifications {
    /// Works, or not checked yet.
    #[default]
    Available,
    /// Not installed through the installer (no app id / bundle), so the OS drops them.
    NotInstalled,
    /// Switched off in the OS (for this app or for all), or no notification server.
    Off,
}

impl Notifications {
    /// The one line Ayarlar shows, or `None` when notifications work.
    pub fn off_message(self, lang: Lang) -> Option<String> {
        match self {
            Notifications::Available => None,
            Notifications::NotInstalled => Some(pick(
                lang,
                "Bildirimler gösterilemiyor: Tahsildar kurulum programıyla kurulmamış. Ödemeler yine Linkler'de sayılır.",
                "Notifications cannot be shown: Tahsildar was not installed with its installer. Payments are still counted in Linkler.",
            )),
            Notifications::Off => Some(pick(
                lang,
                "Bildirimler kapalı: ödeme bildirimi için işletim sisteminin bildirim ayarlarından Tahsildar'a izin verin.",
                "Notifications are off: allow Tahsildar in the operating system's notification settings to hear about payments.",
            )),
        }
    }
}

/// Asks the OS. Blocking (a D-Bus or WinRT call): run it off the main thread.
#[cfg(target_os = "linux")]
pub fn check(_identifier: &str) -> Notifications {
    match notify_rust::get_server_information() {
        Ok(_) => Notifications::Available,
        Err(e) => {
            log::info!("no notification server: {e}");
            Notifications::Off
        }
    }
}

#[cfg(windows)]
pub fn check(identifier: &str) -> Notifications {
    use windows::UI::Notifications::{NotificationSetting, ToastNotificationManager};
    let notifier = ToastNotificationManager::CreateToastNotifierWithId(&windows::core::HSTRING::from(identifier));
    // An id no shortcut registers has no setting at all: the app was not installed.
    match notifier.and_then(|n| n.Setting()) {
        Ok(NotificationSetting::Enabled) => Notifications::Available,
        Ok(setting) => {
            log::info!("notifications switched off: {setting:?}");
            Notifications::Off
        }
        Err(e) => {
            log::info!("no notification setting for {identifier}: {e}");
            Notifications::NotInstalled
        }
    }
}

#[cfg(target_os = "macos")]
pub fn check(_identifier: &str) -> Notifications {
    let in_bundle =
        std::env::current_exe().map(|exe| exe.to_string_lossy().contains(".app/Contents/MacOS/")).unwrap_or(false);
    if in_bundle {
        Notifications::Available
    } else {
        Notifications::NotInstalled
    }
}

#[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
pub fn check(_identifier: &str) -> Notifications {
    Notifications::Available
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ayarlar_says_in_one_line_why_there_are_no_notifications() {
        assert_eq!(Notifications::Available.off_message(Lang::Tr), None);
        for state in [Notifications::NotInstalled, Notifications::Off] {
            for lang in [Lang::Tr, Lang::En] {
                let line = state.off_message(lang).unwrap();
                assert!(!line.contains('\n') && line.len() < 160, "one short line: {line}");
            }
        }
        assert!(Notifications::NotInstalled.off_message(Lang::Tr).unwrap().contains("kurulum programıyla"));
        assert!(Notifications::Off.off_message(Lang::En).unwrap().contains("notification settings"));
    }
}
