//! One launch of the app under tauri-driver with the environment the benchmark chooses (the E2E
//! `AppSession` keeps `TAHSILDAR_*` out on purpose, so the benchmark has its own). Dropping a
//! [`Launch`] kills tauri-driver, WebKitWebDriver and the app.

use super::procs;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use std::ffi::OsString;
use std::fs::File;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;

pub struct Launch {
    client: Option<Client>,
    driver: Child,
    log: PathBuf,
    /// The app's process id.
    pub app_pid: u32,
    /// Unix ms just before the new-session request (which makes WebKitWebDriver start the app).
    pub requested_at: f64,
}

impl Launch {
    /// [`Launch::start`], tried again (twice at most) when it fails: WebKitWebDriver now and then
    /// does not answer a new session ("webdriver server did not respond"), which says nothing
    /// about the app. Each try is a fresh driver and app; the failures are printed.
    pub async fn start_retrying(
        tauri_driver: &Path,
        app: &Path,
        env: &[(&str, OsString)],
        log: &Path,
    ) -> Result<Launch, String> {
        let mut tries = 0;
        loop {
            tries += 1;
            match Launch::start(tauri_driver, app, env, log).await {
                Ok(launch) => return Ok(launch),
                Err(e) if tries < 3 => {
                    let first = e.lines().next().unwrap_or_default();
                    eprintln!("  launch failed ({first}); trying again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Starts tauri-driver with `env` (inherited by the app it starts) and opens a session with
    /// page-load strategy "none", so the first script runs while the page is still starting.
    pub async fn start(
        tauri_driver: &Path,
        app: &Path,
        env: &[(&str, OsString)],
        log: &Path,
    ) -> Result<Launch, String> {
        for port in [PORT, NATIVE_PORT] {
            wait_port_free(port)?;
        }
        let out = File::create(log).map_err(|e| format!("creating {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let mut cmd = Command::new(tauri_driver);
        cmd.args(["--port", &PORT.to_string(), "--native-port", &NATIVE_PORT.to_string()])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let driver = cmd.spawn().map_err(|e| format!("starting {}: {e}", tauri_driver.display()))?;
        let mut launch = Launch { client: None, driver, log: log.to_path_buf(), app_pid: 0, requested_at: 0.0 };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !port_open(PORT) {
            if let Ok(Some(status)) = launch.driver.try_wait() {
                return Err(format!("tauri-driver exited at start ({status})\n{}", launch.log_tail()));
            }
            if Instant::now() > deadline {
                return Err(format!("tauri-driver did not listen on {PORT} within 20 s\n{}", launch.log_tail()));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app.to_string_lossy() }));
        caps.insert("pageLoadStrategy".into(), "none".into());
        launch.requested_at = procs::epoch_ms();
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{PORT}"))
            .await
            .map_err(|e| format!("WebDriver session on {} failed: {e}\n{}", app.display(), launch.log_tail()))?;
        launch.client = Some(client);
        launch.app_pid = procs::find_descendant_running(launch.driver.id(), app)
            .ok_or_else(|| format!("the session is open but no {} process runs under tauri-driver", app.display()))?;
        Ok(launch)
    }

    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("set in start()")
    }

    /// Ends the session (the app quits), then the driver (on drop).
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        format!("--- {} ---\n{}", self.log.display(), lines[lines.len().saturating_sub(30)..].join("\n"))
    }
}

impl Drop for Launch {
    fn drop(&mut self) {
        // Found before the driver dies: afterwards its children are re-parented and lost.
        let rest = procs::descendants(self.driver.id());
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if !rest.is_empty() {
            let _ =
                Command::new("kill").arg("-KILL").args(rest.iter().map(u32::to_string)).stderr(Stdio::null()).status();
        }
    }
}

fn port_open(port: u16) -> bool {
    TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), Duration::from_millis(200)).is_ok()
}

/// tauri-driver's ports are fixed, so an E2E run elsewhere holds them for a while: wait (≤ 10 min).
fn wait_port_free(port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut said = false;
    while port_open(port) {
        if Instant::now() > deadline {
            return Err(format!("port {port} stayed taken for 10 min (a leftover tauri-driver?): free it and retry"));
        }
        if !said {
            eprintln!("port {port} is taken (an E2E run?): waiting for it…");
            said = true;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    Ok(())
}
