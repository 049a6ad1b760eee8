//! The updater through the commands: a `latest.json` and its file served on 127.0.0.1, signed
//! (minisign, as the Tauri CLI signs) with a key pair made in the test.

use super::{form, invoke, TestKeychain};
use crate::state::{AppState, StateConfig};
use crate::updater::{self, Updates};
use minisign::{KeyPair, PublicKey, SecretKey};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime};
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

const NEW: &str = "9.9.9";

struct Key {
    pk: PublicKey,
    sk: SecretKey,
}

impl Key {
    fn new() -> Key {
        let KeyPair { pk, sk } = KeyPair::generate_unencrypted_keypair().expect("key pair");
        Key { pk, sk }
    }

    /// The form `tauri.conf.json` holds: base64 of the minisign public key file.
    fn pubkey(&self) -> String {
        base64(self.pk.to_box().expect("public key box").to_string().as_bytes())
    }

    /// The form `latest.json` holds: base64 of the `.sig` file, the version in its trusted comment.
    fn sign(&self, bytes: &[u8], version: &str) -> String {
        let comment = format!("timestamp:1764374400\tfile:Tahsildar_{version}_amd64.deb\tversion:{version}");
        let sig = minisign::sign(Some(&self.pk), &self.sk, bytes, Some(comment.as_str()), None).expect("sign");
        base64(sig.to_string().as_bytes())
    }
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A tiny HTTP server on 127.0.0.1: fixed bodies by path, every request path recorded.
struct Server {
    base: String,
    hits: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn bind() -> (TcpListener, String) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        (listener, base)
    }

    fn run(listener: TcpListener, base: String, routes: Vec<(String, Vec<u8>)>) -> Server {
        let hits = Arc::new(Mutex::new(Vec::new()));
        let seen = hits.clone();
        std::thread::spawn(move || {
            // Bounded: a test makes a handful of requests.
            for stream in listener.incoming().take(32) {
                let Ok(mut stream) = stream else { continue };
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head);
                let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
                seen.lock().unwrap().push(path.clone());
                let (status, body) = match routes.iter().find(|(p, _)| *p == path) {
                    Some((_, body)) => ("200 OK", body.clone()),
                    None => ("404 Not Found", Vec::new()),
                };
                let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&body));
            }
        });
        Server { base, hits }
    }

    fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }
}

/// Serves `/latest.json` announcing `version`, whose file is `file` with `signature`.
fn serve_release(version: &str, file: &[u8], signature: &str) -> Server {
    let (listener, base) = Server::bind();
    let path = format!("/Tahsildar_{version}.bin");
    let manifest = json!({
        "version": version,
        "notes": "Yeni sürüm",
        "pub_date": "2026-11-29T00:00:00Z",
        "platforms": {
            tauri_plugin_updater::target().expect("a supported target"): {
                "url": format!("{base}{path}"), "signature": signature
            }
        }
    });
    let routes = vec![("/latest.json".to_string(), manifest.to_string().into_bytes()), (path, file.to_vec())];
    Server::run(listener, base, routes)
}

struct UpdateApp {
    app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

impl UpdateApp {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.window, cmd, args)
    }
    fn status(&self, cmd: &str, lang: &str) -> Value {
        self.call(cmd, json!({ "lang": lang })).unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }
    fn updates(&self) -> tauri::State<'_, Updates> {
        self.app.state::<Updates>()
    }
}

/// The app with the updater plugin, its public key `pubkey` and endpoint `endpoint` in the
/// config, as `tauri.conf.json` gives them to the real app.
fn app(endpoint: &str, pubkey: &str) -> UpdateApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut context = mock_context(noop_assets());
    context.config_mut().plugins.0.insert("updater".into(), json!({ "pubkey": pubkey, "endpoints": [endpoint] }));
    let config = StateConfig {
        data_dir: dir.path().to_path_buf(),
        secrets: Arc::new(TestKeychain::default()),
        demo_listen: None,
        paynet_url: None,
        paytr_url: None,
        iyzico_url: None,
        tracker: Default::default(),
    };
    let state = tauri::async_runtime::block_on(AppState::open(config)).expect("state opens");
    let app = crate::with_commands(mock_builder())
        .plugin(updater::plugin())
        .manage(state)
        .manage(Updates::with_endpoint(dir.path().to_path_buf(), None))
        .build(context)
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    UpdateApp { app, window, dir }
}

fn endpoint(server: &Server) -> String {
    format!("{}/latest.json", server.base)
}

#[test]
fn a_signed_update_on_the_endpoint_is_downloaded_checked_and_offered() {
    let key = Key::new();
    let file = b"the new Tahsildar installer".to_vec();
    let server = serve_release(NEW, &file, &key.sign(&file, NEW));
    let app = app(&endpoint(&server), &key.pubkey());
    let before = app.status("get_update_status", "tr");
    assert_eq!((before["phase"].as_str(), before["checks"].as_bool()), (Some("idle"), Some(true)), "{before}");
    assert_eq!(before["currentVersion"], "0.1.0");

    let status = app.status("check_for_update", "tr");
    assert_eq!(status["phase"], "ready", "{status}");
    assert_eq!(status["version"], NEW);
    assert!(status.get("message").is_none(), "{status}");
    assert_eq!(server.hits(), ["/latest.json".to_string(), format!("/Tahsildar_{NEW}.bin")]);
    assert_eq!(app.status("get_update_status", "en")["phase"], "ready");

    // A second check finds the same version: it is not downloaded again.
    assert_eq!(app.status("check_for_update", "tr")["phase"], "ready");
    assert_eq!(server.hits().len(), 3, "{:?}", server.hits());
}

#[test]
fn a_wrongly_signed_update_is_refused_with_a_clear_message() {
    let trusted = Key::new();
    let file = b"an installer signed by someone else".to_vec();
    let server = serve_release(NEW, &file, &Key::new().sign(&file, NEW));
    let app = app(&endpoint(&server), &trusted.pubkey());

    let status = app.status("check_for_update", "tr");
    assert_eq!(status["phase"], "refused", "{status}");
    assert_eq!(status["version"], NEW);
    let tr = status["message"].as_str().unwrap_or_default();
    assert!(tr.contains("9.9.9") && tr.contains("imzası doğrulanamadı") && tr.contains("kurulmadı"), "{tr}");
    let en = app.status("get_update_status", "en");
    let en = en["message"].as_str().unwrap_or_default();
    assert!(en.contains("signature could not be verified") && en.contains("not installed"), "{en}");

    // Nothing is offered to install.
    let err = app.call("install_update", json!({ "lang": "en" })).expect_err("nothing to install");
    assert_eq!(err["kind"], "wrong_state", "{err}");
    assert!(err["message"].as_str().unwrap_or_default().contains("no new version ready"), "{err}");
}

#[test]
fn a_file_changed_after_signing_is_refused_too() {
    let key = Key::new();
    let signature = key.sign(b"the file as released", NEW);
    let server = serve_release(NEW, b"the file as tampered with", &signature);
    let app = app(&endpoint(&server), &key.pubkey());
    assert_eq!(app.status("check_for_update", "tr")["phase"], "refused");
}

#[test]
fn the_same_version_is_up_to_date_and_an_unreachable_server_is_quiet() {
    let key = Key::new();
    let file = b"same version".to_vec();
    let server = serve_release("0.1.0", &file, &key.sign(&file, "0.1.0"));
    let app_same = app(&endpoint(&server), &key.pubkey());
    assert_eq!(app_same.status("check_for_update", "tr")["phase"], "upToDate");
    assert_eq!(server.hits(), ["/latest.json"], "nothing downloaded");

    // A port nothing listens on (bound, then freed): offline, with no alarming message.
    let (listener, base) = Server::bind();
    drop(listener);
    let offline = app(&format!("{base}/latest.json"), &key.pubkey());
    let status = offline.status("check_for_update", "tr");
    assert_eq!(status["phase"], "offline", "{status}");
    assert!(status.get("message").is_none(), "{status}");
}

#[test]
fn no_install_during_a_create_and_no_create_during_an_install() {
    let key = Key::new();
    let file = b"the new Tahsildar installer".to_vec();
    let server = serve_release(NEW, &file, &key.sign(&file, NEW));
    let app = app(&endpoint(&server), &key.pubkey());
    assert_eq!(app.status("check_for_update", "tr")["phase"], "ready");

    // A create in flight: "Güncelle" is refused, and the update stays ready.
    let creating = app.updates().gate().enter_create().expect("create ticket");
    let err = app.call("install_update", json!({ "lang": "tr" })).expect_err("refused during a create");
    assert_eq!(err["kind"], "wrong_state", "{err}");
    assert!(err["message"].as_str().unwrap_or_default().contains("link oluşturuluyor"), "{err}");
    assert_eq!(app.status("get_update_status", "tr")["phase"], "ready");
    drop(creating);

    // An install under way: a create is refused before anything is recorded or sent.
    let installing = app.updates().gate().begin_install().expect("install ticket");
    let err = app
        .call("create_link", json!({ "form": form("paynet", "120,50"), "lang": "en" }))
        .expect_err("refused during an install");
    assert_eq!(err["kind"], "wrong_state", "{err}");
    assert!(err["message"].as_str().unwrap_or_default().contains("being installed"), "{err}");
    let page = app.call("list_links", json!({ "lang": "en" })).expect("list");
    assert_eq!(page["total"], 0, "no link recorded: {page}");
    drop(installing);
    let created = app.call("create_link", json!({ "form": form("paynet", "120,50"), "lang": "en" }));
    assert!(created.is_ok(), "creates go on once the install is over: {created:?}");
}

#[test]
fn the_switch_turns_the_daily_check_off_and_is_kept() {
    let key = Key::new();
    let app = app("https://127.0.0.1:9/latest.json", &key.pubkey());
    let status = app.call("set_update_checks", json!({ "on": false, "lang": "tr" })).expect("switch off");
    assert_eq!(status["checks"], false, "{status}");
    assert_eq!(app.status("get_update_status", "tr")["checks"], false);
    assert!(!app.updates().due(std::time::SystemTime::now()), "no check is due with the switch off");
    let dir = app.dir.path().to_path_buf();
    assert!(!crate::updater::prefs::load(&dir).checks, "kept for the next start");
    assert!(!Updates::with_endpoint(dir, None).status("0.1.0", tahsildar_core::Lang::Tr).checks);
}
