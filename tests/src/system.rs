//! What the app left outside its window, read with the desktop's own tools: the X clipboard
//! (`xclip`) and the Secret Service (`secret-tool`). Both run under the test's DISPLAY and session
//! bus, which are the app's too.

use crate::paths;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The tools these helpers run, for [`crate::ready_or_skip_with`].
pub const TOOLS: [&str; 2] = ["xclip", "secret-tool"];

/// The text on the CLIPBOARD selection (what Ctrl+V pastes), `None` when it holds none.
pub fn clipboard_text() -> Result<Option<String>, String> {
    let xclip = paths::find_on_path("xclip").ok_or("`xclip` is not on PATH (Debian: apt-get install xclip)")?;
    let out = Command::new(xclip)
        .args(["-o", "-selection", "clipboard", "-t", "UTF8_STRING"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("running xclip: {e}"))?;
    // xclip fails when nobody owns the selection or it has no text: that is "nothing copied".
    if !out.status.success() {
        return Ok(None);
    }
    String::from_utf8(out.stdout).map(Some).map_err(|_| "the clipboard text is not UTF-8".to_string())
}

/// Empties the CLIPBOARD selection (an `xclip` of this process owns it, with no text), so a later
/// read proves the app copied something. Returns once `xclip` does own it: it takes the selection
/// a moment after it starts, and an app copy made in that moment would be replaced by the empty
/// one (seen on a slow machine: the copy-link check then waited in vain).
pub fn clear_clipboard() -> Result<(), String> {
    let xclip = paths::find_on_path("xclip").ok_or("`xclip` is not on PATH (Debian: apt-get install xclip)")?;
    let mut child = Command::new(xclip)
        // Two pastes: one for the check below, one spare; it also exits when a program (the app)
        // takes the selection.
        .args(["-i", "-selection", "clipboard", "-loops", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("running xclip: {e}"))?;
    // Closing stdin with nothing written sets an empty selection, which xclip then serves.
    drop(child.stdin.take());
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match clipboard_text()? {
            Some(text) if text.is_empty() => return Ok(()),
            other if Instant::now() >= deadline => {
                return Err(format!("xclip did not take the clipboard within 5 s (it holds {other:?})"))
            }
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// The secret the Secret Service holds for `service` / `username`, as the keyring crate stores
/// it (attributes `service` and `username`); `None` when there is no such item.
pub fn secret_lookup(service: &str, username: &str) -> Result<Option<String>, String> {
    let tool = paths::find_on_path("secret-tool")
        .ok_or("`secret-tool` is not on PATH (Debian: apt-get install libsecret-tools)")?;
    let out = Command::new(tool)
        .args(["lookup", "service", service, "username", username])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("running secret-tool: {e}"))?;
    // Exit 1 with nothing printed: no matching item. Anything on stderr is a real failure.
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return if stderr.trim().is_empty() {
            Ok(None)
        } else {
            Err(format!("secret-tool lookup failed ({}): {}", out.status, stderr.trim()))
        };
    }
    String::from_utf8(out.stdout).map(Some).map_err(|_| "the stored secret is not UTF-8".to_string())
}
