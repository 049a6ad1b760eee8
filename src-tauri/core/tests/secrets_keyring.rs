//! The keychain against the REAL OS store (Secret Service on Linux). Run it inside a throwaway
//! session bus with an unlocked GNOME Keyring and a temporary HOME:
//!
//! ```sh
//! HOME=$(mktemp -d) dbus-run-session -- sh -c 'echo -n pass | gnome-keyring-daemon --unlock \
//!   --components=secrets >/dev/null; cargo test -p tahsildar-core --test secrets_keyring'
//! ```
//!
//! Each test uses its own service name (`com.tahsildar.desktop.test-<pid>-<test>`), never the
//! app's, so a developer's real entries are never touched. Without a reachable Secret Service the
//! store tests say loudly that they were skipped, unless `CI=true`, where they fail.
#![cfg(target_os = "linux")]

use secrecy::{ExposeSecret, SecretString};
use std::io::Write;
use std::process::Command;
use tahsildar_core::providers::paytr::PaytrCredentials;
use tahsildar_core::providers::Provider;
use tahsildar_core::secrets::{CredentialStatus, Field, Keychain, SecretsError, Warning, SERVICE};
use tahsildar_core::Lang;

const KEY: &str = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";

fn service(test: &str) -> String {
    format!("{SERVICE}.test-{}-{test}", std::process::id())
}

/// The keychain for one test, or `None` (after a loud notice) when no Secret Service is reachable.
fn keychain_or_skip(test: &str) -> Option<Keychain> {
    let keychain = Keychain::with_service(service(test));
    match keychain.status() {
        Ok(status) => {
            assert_eq!(status, CredentialStatus::default(), "a fresh test service starts empty");
            Some(keychain)
        }
        Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
            // Straight to stderr: libtest swallows eprintln! output of passing tests.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** {test}: SKIPPED: no Secret Service ({e}). Run inside dbus-run-session with \
                 gnome-keyring-daemon (see the top of tests/secrets_keyring.rs). ***\n"
            );
            None
        }
        Err(e) => panic!("CI=true but the Secret Service is not usable: {e}: {}", e.message(Lang::En)),
    }
}

/// What another program (the CLI, `secret-tool`) finds under the same service and entry name.
fn raw_entry(service: &str, entry: &str) -> Option<String> {
    match keyring::Entry::new(service, entry).unwrap().get_password() {
        Ok(v) => Some(v),
        Err(keyring::Error::NoEntry) => None,
        Err(e) => panic!("reading {entry} directly: {e}"),
    }
}

fn secret_tool(args: &[&str], stdin: Option<&str>) -> Option<String> {
    let mut child = Command::new("secret-tool")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    if let Some(input) = stdin {
        child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    }
    let out = child.wait_with_output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn paynet_key_round_trips_through_the_real_store() {
    let Some(k) = keychain_or_skip("paynet") else { return };
    let svc = service("paynet");
    assert_eq!(k.set_paynet(SecretString::from(KEY)).unwrap(), None);
    assert_eq!(k.paynet_key().unwrap().unwrap().expose_secret(), KEY);
    assert_eq!(k.status().unwrap(), CredentialStatus { paynet: true, paytr: false, iyzico: false });
    // The same entry a second process (the CLI) reads.
    assert_eq!(raw_entry(&svc, "paynet.secret_key").as_deref(), Some(KEY));
    assert_eq!(Keychain::with_service(&svc).paynet_key().unwrap().unwrap().expose_secret(), KEY);
    // And the OS tool sees it under those attributes, when installed.
    if let Some(found) = secret_tool(&["lookup", "service", &svc, "username", "paynet.secret_key"], None) {
        assert_eq!(found.trim_end(), KEY);
    }

    assert_eq!(k.set_paynet(SecretString::from("other-key")).unwrap(), Some(Warning::PaynetKeyPrefix));
    assert_eq!(raw_entry(&svc, "paynet.secret_key").as_deref(), Some("other-key"), "replaced, not added");
    k.clear_paynet().unwrap();
    assert_eq!(raw_entry(&svc, "paynet.secret_key"), None);
    assert!(k.paynet_key().unwrap().is_none());
    k.clear_paynet().expect("clearing a missing key is fine");
}

#[test]
fn paytr_set_round_trips_through_the_real_store() {
    let Some(k) = keychain_or_skip("paytr") else { return };
    let svc = service("paytr");
    let creds = PaytrCredentials {
        merchant_id: "123456".into(),
        merchant_key: SecretString::from("KEYabcdef1234567"),
        merchant_salt: SecretString::from("SALTzyxw98765432"),
    };
    k.set_paytr(creds).unwrap();
    let got = k.paytr_credentials().unwrap().unwrap();
    assert_eq!(got.merchant_id, "123456");
    assert_eq!(got.merchant_key.expose_secret(), "KEYabcdef1234567");
    assert_eq!(got.merchant_salt.expose_secret(), "SALTzyxw98765432");
    assert_eq!(raw_entry(&svc, "paytr.merchant_salt").as_deref(), Some("SALTzyxw98765432"));
    assert_eq!(k.status().unwrap(), CredentialStatus { paynet: false, paytr: true, iyzico: false });

    // One entry removed behind our back: refused as incomplete, never half-used.
    keyring::Entry::new(&svc, "paytr.merchant_key").unwrap().delete_credential().unwrap();
    assert_eq!(k.paytr_credentials().unwrap_err(), SecretsError::Incomplete { provider: Provider::Paytr });
    assert!(!k.status().unwrap().paytr);

    k.clear_paytr().unwrap();
    for entry in ["paytr.merchant_id", "paytr.merchant_key", "paytr.merchant_salt"] {
        assert_eq!(raw_entry(&svc, entry), None, "{entry} left behind");
    }
    assert!(k.paytr_credentials().unwrap().is_none());
}

#[test]
fn a_duplicate_item_left_by_another_tool_is_reported_then_replaced() {
    let Some(k) = keychain_or_skip("duplicate") else { return };
    let svc = service("duplicate");
    k.set_paynet(SecretString::from(KEY)).unwrap();
    // A second item matching the same attributes, as another tool might leave.
    let stored = secret_tool(
        &["store", "--label=dup", "service", &svc, "username", "paynet.secret_key", "target", "default", "x", "1"],
        Some("sck_duplicate"),
    );
    if stored.is_none() {
        let _ = writeln!(std::io::stderr(), "\n*** duplicate: SKIPPED: secret-tool not available ***\n");
        k.clear_paynet().unwrap();
        return;
    }
    let err = k.paynet_key().unwrap_err();
    assert_eq!(err, SecretsError::Duplicate { field: Field::PaynetSecretKey });
    // The one-connection read (start-up, every rebuild) says the same.
    assert_eq!(k.load().unwrap_err(), err);
    assert!(err.message(Lang::Tr).contains("birden fazla kayıt"), "{}", err.message(Lang::Tr));
    // Saving again replaces both with one item.
    k.set_paynet(SecretString::from("sck_fresh")).unwrap();
    assert_eq!(k.paynet_key().unwrap().unwrap().expose_secret(), "sck_fresh");
    k.clear_paynet().unwrap();
    assert!(k.paynet_key().unwrap().is_none());
}

/// Runs in a child process whose session bus address points nowhere (set by the test below);
/// `#[ignore]` keeps it out of normal runs, where it would test nothing.
#[test]
#[ignore = "run by no_session_bus_is_unavailable_with_a_clear_message in a child process"]
fn child_without_session_bus() {
    assert_eq!(std::env::var("TAHSILDAR_SECRETS_CHILD").as_deref(), Ok("1"), "run only as a child");
    let k = Keychain::with_service(service("unavailable"));
    let err = k.status().unwrap_err();
    assert_eq!(err, SecretsError::Unavailable);
    assert_eq!(k.set_paynet(SecretString::from(KEY)).unwrap_err(), SecretsError::Unavailable);
    assert_eq!(k.paytr_credentials().unwrap_err(), SecretsError::Unavailable);
    let tr = err.message(Lang::Tr);
    assert!(tr.starts_with("İşletim sisteminin anahtar zincirine ulaşılamadı"), "{tr}");
    assert!(tr.contains("Secret Service"), "{tr}");
    assert!(!tr.contains(KEY) && !format!("{err:?}").contains(KEY));
    println!("CHILD-OK {tr}");
}

#[test]
fn no_session_bus_is_unavailable_with_a_clear_message() {
    // A child process, because the bus address is process-wide and the other tests need the real one.
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "child_without_session_bus", "--nocapture", "--test-threads=1"])
        .env("TAHSILDAR_SECRETS_CHILD", "1")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tahsildar-test-bus")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("CHILD-OK İşletim sisteminin anahtar zincirine ulaşılamadı"), "{stdout}");
    assert!(stdout.contains("1 passed"), "the child test really ran: {stdout}");
}

/// `dbus-run-session` with its own HOME, keyring files and daemon socket: the harness points
/// XDG_* at the outer HOME, where the other tests' keyring lives, and two keyring daemons on one
/// set of files (this child's and another test's) lose each other's items.
fn own_session(home: &std::path::Path) -> Command {
    use std::os::unix::fs::PermissionsExt;
    let run = home.join("run");
    std::fs::create_dir_all(&run).unwrap();
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
    let mut c = Command::new("dbus-run-session");
    c.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_RUNTIME_DIR", &run);
    c
}

/// Runs in a child process inside its own session bus whose login keyring holds our item and was
/// then locked (set up by the test below); no prompter can be shown there, as on a locked desktop
/// where the owner dismisses the unlock dialog.
#[test]
#[ignore = "run by a_locked_keyring_is_locked_with_a_clear_message in a child process"]
fn child_with_locked_keyring() {
    assert_eq!(std::env::var("TAHSILDAR_SECRETS_CHILD").as_deref(), Ok("1"), "run only as a child");
    let k = Keychain::with_service(std::env::var("TAHSILDAR_SECRETS_SERVICE").unwrap());
    let err = k.paynet_key().unwrap_err();
    assert_eq!(err, SecretsError::Locked);
    assert_eq!(k.status().unwrap_err(), SecretsError::Locked);
    assert_eq!(k.set_paynet(SecretString::from("sck_new")).unwrap_err(), SecretsError::Locked);
    let tr = err.message(Lang::Tr);
    assert!(!tr.contains("sck_"), "{tr}");
    println!("CHILD-OK {tr}");
}

#[test]
fn a_locked_keyring_is_locked_with_a_clear_message() {
    let tools = ["dbus-run-session", "gnome-keyring-daemon", "secret-tool", "dbus-send"];
    if let Some(missing) = tools.iter().find(|t| {
        Command::new("sh").args(["-c", &format!("command -v {t}")]).output().map_or(true, |o| !o.status.success())
    }) {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI=true but {missing} is not installed");
        let _ = writeln!(std::io::stderr(), "\n*** locked: SKIPPED: {missing} not installed ***\n");
        return;
    }
    let home = std::env::temp_dir().join(format!("tahsildar-locked-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let svc = service("locked");
    // Our own bus and keyring: store an item, lock the login collection, then run the child. The
    // wait stops D-Bus activation from starting a second, locked daemon before the first one is up.
    let script = format!(
        "echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && \
         for i in $(seq 50); do dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
           org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q true && break; sleep 0.1; done && \
         printf %s sck_stored | secret-tool store --label=t service '{svc}' username paynet.secret_key target default && \
         dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
           org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null && \
         exec \"$0\" --ignored --exact child_with_locked_keyring --nocapture --test-threads=1"
    );
    let out = own_session(&home)
        .args(["--", "sh", "-c", &script])
        .arg(std::env::current_exe().unwrap())
        .env("TAHSILDAR_SECRETS_CHILD", "1")
        .env("TAHSILDAR_SECRETS_SERVICE", &svc)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&home);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("CHILD-OK Anahtar zinciri kilitli"), "{stdout}");
    assert!(stdout.contains("1 passed"), "the child test really ran: {stdout}");
}

#[test]
fn iyzico_keys_round_trip_through_the_real_store() {
    let Some(k) = keychain_or_skip("iyzico") else { return };
    let svc = service("iyzico");
    let (api, secret) = ("sandbox-apiKEY123", "sandbox-secretKEY456");
    k.set_iyzico(tahsildar_core::providers::iyzico::IyzicoCredentials {
        api_key: SecretString::from(api),
        secret_key: SecretString::from(secret),
    })
    .unwrap();
    let got = k.iyzico_credentials().unwrap().unwrap();
    assert_eq!((got.api_key.expose_secret(), got.secret_key.expose_secret()), (api, secret));
    assert_eq!(raw_entry(&svc, "iyzico.secret_key").as_deref(), Some(secret), "the entry the CLI reads");
    assert_eq!(k.status().unwrap(), CredentialStatus { paynet: false, paytr: false, iyzico: true });
    keyring::Entry::new(&svc, "iyzico.api_key").unwrap().delete_credential().unwrap();
    assert_eq!(k.iyzico_credentials().unwrap_err(), SecretsError::Incomplete { provider: Provider::Iyzico });
    k.clear_iyzico().unwrap();
    assert_eq!(raw_entry(&svc, "iyzico.secret_key"), None);
    assert!(k.iyzico_credentials().unwrap().is_none());
}

/// The newest connection's number on the session bus (`:1.N`): every connection gets the next N,
/// so two probes tell how many connections were opened between them.
fn newest_connection() -> u64 {
    let out = Command::new("dbus-send")
        .args(["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus"])
        .arg("org.freedesktop.DBus.ListNames")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.split('"').filter_map(|n| n.strip_prefix(":1.")?.parse().ok()).max().expect("names on the bus")
}

/// Runs in a child process alone on its own session bus (set up by the test below): nothing else
/// connects meanwhile, so the count is exact.
#[test]
#[ignore = "run by every_entry_is_read_over_one_connection in a child process"]
fn child_counting_connections() {
    assert_eq!(std::env::var("TAHSILDAR_SECRETS_CHILD").as_deref(), Ok("1"), "run only as a child");
    let k = Keychain::with_service(service("one-connection"));
    k.set_paynet(SecretString::from(KEY)).unwrap();
    k.set_iyzico(tahsildar_core::providers::iyzico::IyzicoCredentials {
        api_key: SecretString::from("sandbox-api"),
        secret_key: SecretString::from("sandbox-secret"),
    })
    .unwrap();
    let svc = service("one-connection");
    assert_eq!(raw_entry(&svc, "paynet.secret_key").as_deref(), Some(KEY), "keyring's own read, as a control");
    let before = newest_connection();
    let saved = k.load().unwrap();
    let opened = newest_connection() - before - 1;
    assert_eq!(saved.status, CredentialStatus { paynet: true, paytr: false, iyzico: true });
    assert_eq!(saved.paynet.unwrap().expose_secret(), KEY);
    assert_eq!(saved.iyzico.unwrap().secret_key.expose_secret(), "sandbox-secret");
    assert_eq!(opened, 1, "six entries (three found, three missing) read over {opened} connections");
    let before = newest_connection();
    assert!(k.status().unwrap().paynet);
    assert_eq!(newest_connection() - before - 1, 1, "status reads over one connection too");
    println!("CHILD-OK {opened}");
}

#[test]
fn every_entry_is_read_over_one_connection() {
    let tools = ["dbus-run-session", "gnome-keyring-daemon", "dbus-send"];
    if let Some(missing) = tools.iter().find(|t| {
        Command::new("sh").args(["-c", &format!("command -v {t}")]).output().map_or(true, |o| !o.status.success())
    }) {
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI=true but {missing} is not installed");
        let _ = writeln!(std::io::stderr(), "\n*** one connection: SKIPPED: {missing} not installed ***\n");
        return;
    }
    let home = std::env::temp_dir().join(format!("tahsildar-conns-{}", std::process::id()));
    std::fs::create_dir_all(&home).unwrap();
    let script = "echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null && \
         for i in $(seq 50); do dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
           org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets | grep -q true && break; sleep 0.1; done && \
         exec \"$0\" --ignored --exact child_counting_connections --nocapture --test-threads=1";
    let out = own_session(&home)
        .args(["--", "sh", "-c", script])
        .arg(std::env::current_exe().unwrap())
        .env("TAHSILDAR_SECRETS_CHILD", "1")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&home);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("CHILD-OK 1"), "{stdout}");
    assert!(stdout.contains("1 passed"), "the child test really ran: {stdout}");
}

#[test]
fn an_item_without_target_left_by_an_older_tool_is_read_like_keyring_does() {
    let Some(k) = keychain_or_skip("legacy") else { return };
    let svc = service("legacy");
    // keyring v1 and other tools write no `target` attribute.
    if secret_tool(&["store", "--label=old", "service", &svc, "username", "paynet.secret_key"], Some(KEY)).is_none() {
        let _ = writeln!(std::io::stderr(), "\n*** legacy: SKIPPED: secret-tool not available ***\n");
        return;
    }
    assert_eq!(raw_entry(&svc, "paynet.secret_key").as_deref(), Some(KEY), "keyring finds it");
    let saved = k.load().unwrap();
    assert_eq!(saved.paynet.unwrap().expose_secret(), KEY, "so does the one-connection read");
    assert_eq!(saved.status, CredentialStatus { paynet: true, paytr: false, iyzico: false });
    k.clear_paynet().unwrap();
    assert!(k.load().unwrap().paynet.is_none());
}
