//! Opening a web address in the owner's browser (WhatsApp's `wa.me` links).
//!
//! On Linux the app's environment carries settings meant for WebKit's own processes only
//! (`webview.rs`: no JIT, a CPU painting thread, glibc's allocator tuned for an idle app). A
//! browser started from the app would inherit them, and a WebKit-based one (GNOME Web) would run
//! the owner's web pages without a JIT. So the launchers the `open` crate knows (the ones the
//! opener plugin tries: `xdg-open`, `gio open`, …) are started here, without those variables.
//! Elsewhere the opener plugin opens it as before.

use tauri::{AppHandle, Runtime};

/// Opens `url` in the default browser; the error says which launcher failed and how (never the
/// address, which carries the customer's phone number).
pub fn open_url<R: Runtime>(app: &AppHandle<R>, url: &str) -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        let _ = app;
        linux::first_that_opens(open::commands(url), crate::webview::set_for_web_engine(), linux::WAIT)
    }
    #[cfg(not(target_os = "linux"))]
    {
        use tauri_plugin_opener::OpenerExt;
        app.opener().open_url(url, None::<&str>).map_err(|e| e.to_string().replace(url, "<address>"))
    }
}

#[cfg(target_os = "linux")]
pub(crate) mod linux {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// How long a launcher may take to fail before it counts as having opened the address (the
    /// `open` crate's own wait).
    pub const WAIT: Duration = Duration::from_millis(250);

    /// Starts each launcher in turn, without the variables `drop`, in a process group of its own
    /// (it outlives the app). One that exits cleanly, or is still running after `wait`, has
    /// opened the address; one that fails (missing, or exits with an error) hands over to the next.
    pub fn first_that_opens(commands: Vec<Command>, drop: &[&str], wait: Duration) -> Result<(), String> {
        let mut failures = Vec::new();
        for mut cmd in commands {
            let program = cmd.get_program().to_string_lossy().into_owned();
            for key in drop {
                cmd.env_remove(key);
            }
            cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).process_group(0);
            let mut child = match cmd.spawn() {
                Ok(child) => child,
                Err(e) => {
                    failures.push(format!("{program}: {e}"));
                    continue;
                }
            };
            let until = Instant::now() + wait;
            loop {
                match child.try_wait() {
                    Ok(Some(status)) if status.success() => return Ok(()),
                    Ok(Some(status)) => {
                        failures.push(format!("{program} exited with {status}"));
                        break;
                    }
                    Ok(None) if Instant::now() >= until => {
                        // Still running (a browser started in the foreground): it opened the
                        // address. Reaped when it exits, so it never lingers as a zombie.
                        std::thread::spawn(move || child.wait());
                        return Ok(());
                    }
                    Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                    Err(e) => {
                        failures.push(format!("{program}: {e}"));
                        break;
                    }
                }
            }
        }
        Err(if failures.is_empty() { "no launcher to open it with".into() } else { failures.join("; ") })
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::linux::first_that_opens;
    use std::process::Command;
    use std::time::Duration;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }

    /// A launcher that fails hands over to the next; the one that runs does not see the
    /// variables the app set for WebKit, and still sees the rest of the environment.
    #[test]
    fn the_browser_starts_without_the_web_engines_settings() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("env");
        let mut second = sh(r#"env > "$OUT""#);
        second.env("OUT", &out).env("JSC_useJIT", "false").env("KEPT_FOR_THE_BROWSER", "yes");
        let missing = Command::new("/nonexistent/launcher");
        let launched = first_that_opens(vec![missing, sh("exit 3"), second], &["JSC_useJIT"], Duration::from_secs(5));
        assert_eq!(launched, Ok(()));
        let env = std::fs::read_to_string(&out).unwrap();
        assert!(!env.contains("JSC_useJIT"), "the browser's environment: {env}");
        assert!(env.contains("KEPT_FOR_THE_BROWSER=yes"), "the browser's environment: {env}");
    }

    /// A launcher still running after the wait has opened the address (a browser started in the
    /// foreground); when every launcher fails, the error says each one's failure.
    #[test]
    fn a_running_launcher_has_opened_it_and_failures_are_named() {
        let started = std::time::Instant::now();
        assert_eq!(first_that_opens(vec![sh("sleep 5")], &[], Duration::from_millis(100)), Ok(()));
        assert!(started.elapsed() < Duration::from_secs(4), "waited for the launcher to exit");
        let err =
            first_that_opens(vec![sh("exit 4"), Command::new("/nonexistent/launcher")], &[], Duration::from_secs(5))
                .unwrap_err();
        assert!(err.contains("sh exited with exit status: 4"), "{err}");
        assert!(err.contains("/nonexistent/launcher:"), "{err}");
        assert_eq!(first_that_opens(vec![], &[], Duration::from_secs(1)), Err("no launcher to open it with".into()));
    }
}
