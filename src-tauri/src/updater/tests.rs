//! The release configuration the installers and the updater are built from: one version, a
//! macOS minimum that runs the UI's JavaScript, per-user Windows installs, a usable public key.

use serde_json::Value;

const TAURI_CONF: &str = include_str!("../../../tauri.conf.json");
const PACKAGE_JSON: &str = include_str!("../../../package.json");
const VITE_CONFIG: &str = include_str!("../../../ui/vite.config.ts");
const UI_TSCONFIG: &str = include_str!("../../../ui/tsconfig.json");

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

#[test]
fn the_version_comes_from_cargo_toml_alone() {
    let conf = json(TAURI_CONF);
    // No version in tauri.conf.json: Tauri then takes the app crate's, the one `CARGO_PKG_VERSION`
    // and the updater compare with.
    assert!(conf.get("version").is_none(), "tauri.conf.json must not carry its own version");
    assert_eq!(json(PACKAGE_JSON)["version"], env!("CARGO_PKG_VERSION"), "package.json and Cargo.toml disagree");
}

/// The JavaScript a `build.target` of Vite needs, and the first macOS whose own Safari/WebKit
/// runs it (the system WebView is the installed Safari's engine; these ship it built in).
fn macos_for(js_target: &str) -> Option<&'static str> {
    match js_target {
        "es2020" => Some("11.0"), // Safari 14
        "es2021" => Some("11.3"), // Safari 14.1
        "es2022" => Some("12.3"), // Safari 15.4
        "es2023" => Some("13.3"), // Safari 16.4
        _ => None,
    }
}

fn quoted_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let rest = &text[text.find(key)? + key.len()..];
    let rest = &rest[rest.find('"')? + 1..];
    Some(&rest[..rest.find('"')?])
}

#[test]
fn macos_minimum_matches_the_ui_javascript_target() {
    let target = quoted_after(VITE_CONFIG, "target:").expect("ui/vite.config.ts names build.target");
    let ts_target = quoted_after(UI_TSCONFIG, "\"target\":").expect("ui/tsconfig.json names a target");
    assert_eq!(ts_target.to_ascii_lowercase(), target, "tsconfig and vite targets differ");
    let minimum = macos_for(target).unwrap_or_else(|| panic!("no macOS known for the JS target {target}"));
    assert_eq!(json(TAURI_CONF)["bundle"]["macOS"]["minimumSystemVersion"], minimum);
}

#[test]
fn windows_installs_per_user_in_turkish_and_english() {
    let conf = json(TAURI_CONF);
    let windows = &conf["bundle"]["windows"];
    assert_eq!(windows["nsis"]["installMode"], "currentUser");
    assert_eq!(windows["nsis"]["languages"], serde_json::json!(["Turkish", "English"]));
    // The installer brings WebView2 along when a PC lacks it, without a separate download page.
    assert_eq!(windows["webviewInstallMode"]["type"], "embedBootstrapper");
    let targets = conf["bundle"]["targets"].as_array().expect("targets");
    for t in ["nsis", "msi", "dmg", "deb"] {
        assert!(targets.iter().any(|x| x == t), "bundle target {t} missing");
    }
}

#[test]
fn updates_are_signed_and_read_from_a_github_release() {
    let conf = json(TAURI_CONF);
    assert_eq!(conf["bundle"]["createUpdaterArtifacts"], true);
    let updater = &conf["plugins"]["updater"];
    let endpoints = updater["endpoints"].as_array().expect("endpoints");
    assert_eq!(endpoints.len(), 1);
    let endpoint = endpoints[0].as_str().unwrap_or_default();
    assert!(
        endpoint.starts_with("https://github.com/") && endpoint.ends_with("/releases/latest/download/latest.json"),
        "{endpoint}"
    );
    // The key is what the updater decodes: base64 of a minisign public key file.
    let key = decode_base64(updater["pubkey"].as_str().unwrap_or_default());
    let key = String::from_utf8(key).expect("UTF-8 key file");
    minisign::PublicKeyBox::from_string(&key)
        .and_then(|b| b.into_public_key())
        .unwrap_or_else(|e| panic!("plugins.updater.pubkey is not a minisign public key: {e}"));
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ABC: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let digits: Vec<u32> = text
        .bytes()
        .filter(|b| *b != b'=')
        .map(|b| ABC.find(b as char).unwrap_or_else(|| panic!("not base64: {text}")) as u32)
        .collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, d)| n | (d << (18 - 6 * i)));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    out
}

#[test]
fn a_debug_build_checks_by_itself_only_when_a_test_names_the_endpoint() {
    // `npm start` and every other test run without TAHSILDAR_UPDATE_URL: no request to GitHub,
    // no offer to replace a development binary. (Release builds always check: `background`.)
    assert!(
        std::env::var_os(super::hooks::ENDPOINT_ENV).is_none(),
        "run the tests without {}",
        super::hooks::ENDPOINT_ENV
    );
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(!super::Updates::new(dir.path().to_path_buf()).background);
    assert!(super::Updates::with_endpoint(dir.path().to_path_buf(), None).background);
}
