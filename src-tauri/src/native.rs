//! Native message boxes for what happens before the window is up (a book that cannot be opened,
//! a second Tahsildar on the same folder): the owner sees what happened and what to do, instead
//! of an app that silently does not open. Blocking, on the main thread.

use tahsildar_core::Lang;

/// Shows `text` and waits for the owner's OK. Also written to stderr (and the log), for a
/// terminal or a support package.
pub fn show(text: &str, error: bool) {
    eprintln!("Tahsildar: {text}");
    if error {
        log::error!("{text}");
    } else {
        log::warn!("{text}");
    }
    let level = if error { rfd::MessageLevel::Error } else { rfd::MessageLevel::Warning };
    let _ = rfd::MessageDialog::new()
        .set_title("Tahsildar")
        .set_description(text)
        .set_level(level)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

/// Shows a start-up failure and quits.
pub fn fail(text: &str) -> ! {
    show(text, true);
    std::process::exit(1);
}

/// "Already open": another Tahsildar holds this data folder and could not be asked to show
/// its window.
pub fn already_open_message(lang: Lang) -> String {
    match lang {
        Lang::Tr => "Tahsildar bu bilgisayarda zaten açık. Açık olan pencereyi kullanın (görev çubuğunda ya da saatin yanındaki simgede); göremiyorsanız bilgisayarı yeniden başlatın.".into(),
        Lang::En => "Tahsildar is already open on this computer. Use the window that is open (in the taskbar or the icon by the clock); if you cannot find it, restart the computer.".into(),
    }
}
