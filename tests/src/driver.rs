//! tauri-driver and the WebDriver session on the real app, cleaned up on drop.
//!
//! tauri-driver listens on fixed ports (4444, and 4445 for `WebKitWebDriver` behind it), so only
//! one [`AppSession`] may exist at a time: run the tests with `--test-threads=1`.

use crate::paths;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use std::fs::File;
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The browser driver tauri-driver runs on Linux (Debian package `webkit2gtk-driver`).
pub const NATIVE_DRIVER: &str = "WebKitWebDriver";
/// tauri-driver's port.
pub const PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;

/// A running app in a WebDriver session. Dropping it kills tauri-driver and everything it
/// started (the native driver and the app), so a failing test leaves nothing behind.
pub struct AppSession {
    client: Option<Client>,
    driver: DriverProcess,
}

impl AppSession {
    /// Starts tauri-driver and opens a session on the built app. `name` labels the driver log
    /// (`target/e2e-shots/<name>-driver.log`). The app gets none of the tester's `TAHSILDAR_*`
    /// variables, so it starts in demo mode with its in-process sandbox.
    pub async fn launch(name: &str) -> Result<AppSession, String> {
        AppSession::launch_with_env(name, &[]).await
    }

    /// Like [`AppSession::launch`], with `env` added to tauri-driver's environment, which the app
    /// inherits (e.g. `TAHSILDAR_DATA_DIR`, `TAHSILDAR_KEYCHAIN_SERVICE`, provider hosts).
    pub async fn launch_with_env(name: &str, env: &[(String, String)]) -> Result<AppSession, String> {
        let driver = DriverProcess::spawn(name, env)?;
        let app = paths::app_binary();
        let app = app.canonicalize().map_err(|e| format!("app binary {}: {e}", app.display()))?;
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app.to_string_lossy() }));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{PORT}"))
            .await
            .map_err(|e| format!("WebDriver session on {} failed: {e}\n{}", app.display(), driver.log_tail()))?;
        Ok(AppSession { client: Some(client), driver })
    }

    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("the client lives until close()")
    }

    /// The driver's log so far (last lines), for error messages.
    pub fn driver_log(&self) -> String {
        self.driver.log_tail()
    }

    /// The environment the app's page process (WebKitWebProcess) runs with, `KEY=value` each:
    /// empty where there is no `/proc` or before the page has started.
    pub fn web_process_env(&self) -> Vec<String> {
        let page = |pid: &u32| {
            std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.starts_with("WebKitWebProces"))
        };
        descendants_of(self.driver.child.id())
            .into_iter()
            .filter(page)
            .flat_map(|pid| {
                let raw = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
                raw.split(|b| *b == 0)
                    .filter(|kv| !kv.is_empty())
                    .map(|kv| String::from_utf8_lossy(kv).into_owned())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Ends the session (the app quits), then the driver.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            if let Err(e) = client.close().await {
                eprintln!("closing the WebDriver session: {e}");
            }
        }
        // `self` drops here and stops the driver.
    }
}

struct DriverProcess {
    child: Child,
    log: PathBuf,
}

impl DriverProcess {
    fn spawn(name: &str, env: &[(String, String)]) -> Result<DriverProcess, String> {
        let exe = paths::tauri_driver()?;
        wait_port_free(PORT)?;
        wait_port_free(NATIVE_PORT)?;
        let dir = paths::shots_dir();
        std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        let log = dir.join(format!("{name}-driver.log"));
        let out = File::create(&log).map_err(|e| format!("creating {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let mut cmd = Command::new(&exe);
        cmd.args(["--port", &PORT.to_string(), "--native-port", &NATIVE_PORT.to_string()])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        // Demo mode is what the app does without credentials: keep the tester's own out.
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("TAHSILDAR_") {
                cmd.env_remove(key);
            }
        }
        cmd.envs(env.iter().map(|(k, v)| (k, v)));
        let child = cmd.spawn().map_err(|e| format!("starting {}: {e}", exe.display()))?;
        let mut driver = DriverProcess { child, log };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!("tauri-driver exited at start ({status})\n{}", driver.log_tail()));
            }
            // tauri-driver listens at once but starts WebKitWebDriver beside it; a session asked
            // for before that one listens fails with "client error (Connect)".
            if port_open(PORT) && port_open(NATIVE_PORT) {
                return Ok(driver);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "tauri-driver (port {PORT}) and {NATIVE_DRIVER} (port {NATIVE_PORT}) were not both listening within 20 s\n{}",
                    driver.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(40)..].join("\n");
        format!("--- {} (last lines) ---\n{tail}", self.log.display())
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("{}", self.log_tail());
        }
        // The app is a grandchild (tauri-driver → WebKitWebDriver → app): find them by parent
        // pid before the driver dies and they are re-parented.
        let descendants = descendants_of(self.child.id());
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !descendants.is_empty() {
            let _ = Command::new("kill")
                .arg("-KILL")
                .args(descendants.iter().map(u32::to_string))
                .stderr(Stdio::null())
                .status();
        }
    }
}

fn port_open(port: u16) -> bool {
    TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], port)), Duration::from_millis(200)).is_ok()
}

/// A previous test's driver may still be letting go of the port.
fn wait_port_free(port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while port_open(port) {
        if Instant::now() > deadline {
            return Err(format!(
                "port {port} is taken (a leftover tauri-driver or WebKitWebDriver?): free it and retry"
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(())
}

/// All live descendants of `root`, from `/proc` (empty where there is no `/proc`).
fn descendants_of(root: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    let parents: Vec<(u32, u32)> = entries
        .flatten()
        .filter_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // `pid (comm) state ppid …`; comm may hold spaces and parentheses.
            let ppid = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|(_, pp)| *pp == parent).map(|(pid, _)| *pid));
        i += 1;
    }
    found.remove(0);
    found
}
