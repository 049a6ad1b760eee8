//! The CLI reads the keys the app saved in the OS keychain (Secret Service in CI).

mod cli_common;

use cli_common::*;

/// The CLI reads the credentials the app saved in the OS keychain when the environment has none.
#[tokio::test(flavor = "multi_thread")]
async fn credentials_come_from_the_keychain_when_the_environment_has_none() {
    use tahsildar_core::providers::paytr::PaytrCredentials;
    use tahsildar_core::secrets::Keychain;
    let service = format!("com.tahsildar.desktop.test-cli-kc-{}", std::process::id());
    let kc = Keychain::with_service(service.clone());
    if let Err(e) = kc.status() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "no OS keychain in CI: {e:?}");
        eprintln!("*** SKIPPED: no Secret Service (run inside dbus-run-session with gnome-keyring) ***");
        return;
    }
    kc.set_paynet(DEMO_PAYNET_SECRET_KEY.to_string().into()).unwrap();
    kc.set_paytr(PaytrCredentials {
        merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
        merchant_key: DEMO_PAYTR_MERCHANT_KEY.to_string().into(),
        merchant_salt: DEMO_PAYTR_MERCHANT_SALT.to_string().into(),
    })
    .unwrap();
    let sb = sandbox().await;
    let env = vec![("TAHSILDAR_KEYCHAIN_SERVICE", service.clone())];
    let a = link_with(&sb, "create", "paynet", &["--amount", "10", "--name", "Ali", "--json"], env.clone()).await;
    let b = link_with(&sb, "create", "paytr", &["--amount", "10", "--description", "Deneme", "--json"], env).await;
    kc.clear_paynet().unwrap();
    kc.clear_paytr().unwrap();
    assert_eq!(a.json()["status"], "waiting", "paynet: {}", a.stderr);
    assert_eq!(b.json()["status"], "waiting", "paytr: {}", b.stderr);
}

/// iyzico's two keys from the keychain too (issue 12 §3), when neither variable is set.
#[tokio::test(flavor = "multi_thread")]
async fn iyzico_keys_come_from_the_keychain_when_the_environment_has_none() {
    use tahsildar_core::providers::iyzico::IyzicoCredentials;
    use tahsildar_core::secrets::Keychain;
    let service = format!("com.tahsildar.desktop.test-cli-kc-iyz-{}", std::process::id());
    let kc = Keychain::with_service(service.clone());
    if let Err(e) = kc.status() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "no OS keychain in CI: {e:?}");
        eprintln!("*** SKIPPED: no Secret Service (run inside dbus-run-session with gnome-keyring) ***");
        return;
    }
    kc.set_iyzico(IyzicoCredentials {
        api_key: DEMO_IYZICO_API_KEY.to_string().into(),
        secret_key: DEMO_IYZICO_SECRET_KEY.to_string().into(),
    })
    .unwrap();
    let sb = sandbox().await;
    let dir = book_dir();
    let d = dir.to_string_lossy().into_owned();
    let env = vec![("TAHSILDAR_KEYCHAIN_SERVICE", service.clone())];
    let args = ["--amount", "10", "--description", "Deneme", "--json", "--data-dir", d.as_str()];
    let a = link_with(&sb, "create", "iyzico", &args, env).await;
    kc.clear_iyzico().unwrap();
    assert_eq!(a.json()["status"], "waiting", "iyzico: {}", a.stderr);
}
