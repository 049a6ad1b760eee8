use super::memory::MemoryBackend;
use super::*;
use crate::Lang;

const KEY: &str = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";

fn keychain() -> Keychain<MemoryBackend> {
    Keychain::with_backend(MemoryBackend::default())
}

fn paytr(id: &str, key: &str, salt: &str) -> PaytrCredentials {
    PaytrCredentials {
        merchant_id: id.into(),
        merchant_key: SecretString::from(key),
        merchant_salt: SecretString::from(salt),
    }
}

fn demo_paytr() -> PaytrCredentials {
    paytr("123456", "KEYabcdef1234567", "SALTzyxw98765432")
}

fn stored_paytr(k: &Keychain<MemoryBackend>) -> [Option<String>; 3] {
    Field::PAYTR.map(|f| k.backend.raw(f))
}

#[test]
fn paynet_key_is_saved_read_replaced_and_cleared() {
    let k = keychain();
    assert!(k.paynet_key().unwrap().is_none());
    assert_eq!(k.set_paynet(SecretString::from(KEY)).unwrap(), None);
    assert_eq!(k.paynet_key().unwrap().unwrap().expose_secret(), KEY);
    assert_eq!(k.backend.raw(Field::PaynetSecretKey).as_deref(), Some(KEY));
    k.set_paynet(SecretString::from("sck_other")).unwrap();
    assert_eq!(k.paynet_key().unwrap().unwrap().expose_secret(), "sck_other");
    k.clear_paynet().unwrap();
    assert!(k.paynet_key().unwrap().is_none());
    k.clear_paynet().expect("clearing twice is fine");
}

#[test]
fn paytr_set_is_saved_read_and_cleared_together() {
    let k = keychain();
    assert!(k.paytr_credentials().unwrap().is_none());
    k.set_paytr(demo_paytr()).unwrap();
    let got = k.paytr_credentials().unwrap().unwrap();
    assert_eq!(got.merchant_id, "123456");
    assert_eq!(got.merchant_key.expose_secret(), "KEYabcdef1234567");
    assert_eq!(got.merchant_salt.expose_secret(), "SALTzyxw98765432");
    k.clear_paytr().unwrap();
    assert!(k.paytr_credentials().unwrap().is_none());
    assert_eq!(stored_paytr(&k), [None, None, None]);
}

#[test]
fn a_failed_second_write_leaves_nothing_when_nothing_was_saved() {
    let k = keychain();
    k.backend.fail_set(2, SecretsError::Locked, false);
    assert_eq!(k.set_paytr(demo_paytr()).unwrap_err(), SecretsError::Locked);
    assert_eq!(stored_paytr(&k), [None, None, None], "the merchant id written first was rolled back");
    assert!(k.paytr_credentials().unwrap().is_none());
    assert!(!k.status().unwrap().paytr);
}

#[test]
fn a_failed_write_restores_the_previous_set() {
    let k = keychain();
    k.set_paytr(demo_paytr()).unwrap();
    k.backend.fail_set(3, SecretsError::Unavailable, false);
    let err = k.set_paytr(paytr("999", "NEWkey", "NEWsalt")).unwrap_err();
    assert_eq!(err, SecretsError::Unavailable);
    let expected = ["123456", "KEYabcdef1234567", "SALTzyxw98765432"].map(|s| Some(s.to_string()));
    assert_eq!(stored_paytr(&k), expected);
}

#[test]
fn a_failed_rollback_reads_as_incomplete_not_as_a_usable_set() {
    let k = keychain();
    // The salt write fails and so does every later set, so the old values cannot be put back.
    k.set_paytr(demo_paytr()).unwrap();
    k.backend.fail_set(3, SecretsError::Unavailable, true);
    k.set_paytr(paytr("999", "NEWkey", "NEWsalt")).unwrap_err();
    // Not a mix of new id and key with the old salt, which would look complete.
    assert_eq!(stored_paytr(&k), [None, None, Some("SALTzyxw98765432".to_string())]);
    assert_eq!(k.paytr_credentials().unwrap_err(), SecretsError::Incomplete { provider: Provider::Paytr });
    // The same happens when starting from nothing: deletes still work, so nothing remains.
    let k = keychain();
    k.backend.fail_set(2, SecretsError::Unavailable, true);
    k.set_paytr(demo_paytr()).unwrap_err();
    assert_eq!(stored_paytr(&k), [None, None, None]);
}

#[test]
fn a_partly_saved_set_is_reported_and_can_be_replaced() {
    let k = keychain();
    k.backend.put_raw(Field::PaytrMerchantKey, "left-by-another-tool");
    let err = k.paytr_credentials().unwrap_err();
    assert_eq!(err, SecretsError::Incomplete { provider: Provider::Paytr });
    assert_eq!(err.message(Lang::Tr), "PayTR bilgileri eksik kayıtlı: hepsini yeniden kaydedin ya da kaldırın.");
    assert!(!k.status().unwrap().paytr);
    k.set_paytr(demo_paytr()).unwrap();
    assert!(k.status().unwrap().paytr);
}

#[test]
fn load_reads_each_item_once_and_counts_a_partial_set_as_not_saved() {
    let k = keychain();
    k.set_paynet(SecretString::from(KEY)).unwrap();
    k.set_paytr(demo_paytr()).unwrap();
    k.backend.take_gets();
    let saved = k.load().unwrap();
    let gets = k.backend.take_gets();
    assert_eq!(gets.len(), 6, "{gets:?}");
    assert!(gets.values().all(|n| *n == 1), "each item once: {gets:?}");
    assert_eq!(saved.status, CredentialStatus { paynet: true, paytr: true, iyzico: false });
    assert_eq!(saved.paynet.unwrap().expose_secret(), KEY);
    let creds = saved.paytr.unwrap();
    assert_eq!((creds.merchant_id.as_str(), creds.merchant_salt.expose_secret()), ("123456", "SALTzyxw98765432"));
    assert!(!format!("{:?}", k.load().unwrap()).contains(KEY));

    k.clear_paytr().unwrap();
    k.backend.put_raw(Field::PaytrMerchantKey, "left-by-another-tool");
    let partial = k.load().unwrap();
    assert_eq!(partial.status, CredentialStatus { paynet: true, paytr: false, iyzico: false });
    assert!(partial.paytr.is_none());
    k.backend.fail_all(Some(SecretsError::Locked));
    assert_eq!(k.load().unwrap_err(), SecretsError::Locked);
}

#[test]
fn status_says_only_whether_something_is_saved() {
    let k = keychain();
    assert_eq!(k.status().unwrap(), CredentialStatus { paynet: false, paytr: false, iyzico: false });
    k.set_paynet(SecretString::from(KEY)).unwrap();
    k.set_paytr(demo_paytr()).unwrap();
    let status = k.status().unwrap();
    assert_eq!(status, CredentialStatus { paynet: true, paytr: true, iyzico: false });
    // What the UI receives: booleans and nothing else.
    let json = serde_json::to_string(&status).unwrap();
    assert_eq!(json, r#"{"paynet":true,"paytr":true,"iyzico":false}"#);
    for text in [json, format!("{status:?}"), format!("{k:?}")] {
        for secret in [KEY, "KEYabcdef1234567", "SALTzyxw98765432", "123456"] {
            assert!(!text.contains(secret), "{secret} shown in {text}");
        }
    }
    k.clear_paynet().unwrap();
    assert_eq!(k.status().unwrap(), CredentialStatus { paynet: false, paytr: true, iyzico: false });
}

#[test]
fn a_locked_store_is_an_error_everywhere_with_a_message_that_says_what_to_do() {
    let k = keychain();
    k.backend.fail_all(Some(SecretsError::Locked));
    assert_eq!(k.status().unwrap_err(), SecretsError::Locked);
    assert_eq!(k.set_paynet(SecretString::from(KEY)).unwrap_err(), SecretsError::Locked);
    assert_eq!(k.set_paytr(demo_paytr()).unwrap_err(), SecretsError::Locked);
    assert_eq!(k.paytr_credentials().unwrap_err(), SecretsError::Locked);
    assert!(SecretsError::Locked.message(Lang::Tr).starts_with("Anahtar zinciri kilitli"));
    assert!(SecretsError::Locked.message(Lang::Tr).contains("oturum parolanızla açın"));
    assert!(SecretsError::Unavailable.message(Lang::Tr).contains("düz metin olarak saklanmaz"));
    assert!(SecretsError::Unavailable.message(Lang::En).contains("never stored as plain text"));
    k.backend.fail_all(None);
    assert_eq!(k.status().unwrap(), CredentialStatus::default(), "nothing was written meanwhile");
}

#[test]
fn paynet_keys_are_checked_before_saving() {
    let k = keychain();
    let refused = |key: &str| k.set_paynet(SecretString::from(key)).unwrap_err();
    let invalid = |problem| SecretsError::Invalid { field: Field::PaynetSecretKey, problem };
    assert_eq!(refused(""), invalid(Problem::Empty));
    assert_eq!(refused("Basic sck_abc"), invalid(Problem::Whitespace));
    assert_eq!(refused("sck_abc\n"), invalid(Problem::Whitespace));
    assert_eq!(refused("pbk_abcdefghijklmnopqrstuvwxyz12"), invalid(Problem::PublishableKey));
    assert_eq!(refused(&format!("sck_{}", "a".repeat(300))), invalid(Problem::TooLong));
    assert!(k.backend.raw(Field::PaynetSecretKey).is_none(), "nothing refused was stored");

    assert_eq!(k.set_paynet(SecretString::from("abc123")).unwrap(), Some(Warning::PaynetKeyPrefix));
    assert_eq!(k.backend.raw(Field::PaynetSecretKey).as_deref(), Some("abc123"), "a warning still saves");

    let msg = invalid(Problem::Whitespace).message(Lang::Tr);
    assert!(msg.starts_with("Paynet gizli anahtarı boşluk içeriyor."), "{msg}");
    assert!(msg.contains("sck_ ile başlar"), "says what a key looks like: {msg}");
    assert!(invalid(Problem::Empty).message(Lang::En).contains("starts with sck_"));
    assert!(invalid(Problem::PublishableKey).message(Lang::Tr).contains("açık anahtarı"));
    assert!(Warning::PaynetKeyPrefix.message(Lang::Tr).contains("sck_ ile başlar"));
}

#[test]
fn paytr_values_are_checked_before_saving() {
    let k = keychain();
    let refused = |c: PaytrCredentials| k.set_paytr(c).unwrap_err();
    let invalid = |field, problem| SecretsError::Invalid { field, problem };
    assert_eq!(refused(paytr("", "k", "s")), invalid(Field::PaytrMerchantId, Problem::Empty));
    assert_eq!(refused(paytr("12a", "k", "s")), invalid(Field::PaytrMerchantId, Problem::NotDigits));
    assert_eq!(refused(paytr(" 123", "k", "s")), invalid(Field::PaytrMerchantId, Problem::NotDigits));
    assert_eq!(refused(paytr("١٢٣", "k", "s")), invalid(Field::PaytrMerchantId, Problem::NotDigits));
    assert_eq!(refused(paytr("1", "", "s")), invalid(Field::PaytrMerchantKey, Problem::Empty));
    assert_eq!(refused(paytr("1", "k k", "s")), invalid(Field::PaytrMerchantKey, Problem::Whitespace));
    assert_eq!(refused(paytr("1", "k", "")), invalid(Field::PaytrMerchantSalt, Problem::Empty));
    assert_eq!(refused(paytr("1", "k", "s\t")), invalid(Field::PaytrMerchantSalt, Problem::Whitespace));
    assert_eq!(stored_paytr(&k), [None, None, None]);

    let msg = invalid(Field::PaytrMerchantId, Problem::NotDigits).message(Lang::Tr);
    assert!(msg.starts_with("PayTR Mağaza No yalnızca rakamlardan oluşur (ör. 123456)"), "{msg}");
    let msg = invalid(Field::PaytrMerchantSalt, Problem::Empty).message(Lang::En);
    assert!(msg.starts_with("The PayTR merchant salt (Mağaza Gizli Anahtar) is empty"), "{msg}");
}

#[test]
fn every_error_has_a_message_in_both_languages_without_secrets() {
    let mut all = vec![SecretsError::Locked, SecretsError::Unavailable];
    all.push(SecretsError::Incomplete { provider: Provider::Paytr });
    all.push(SecretsError::Incomplete { provider: Provider::Iyzico });
    for field in [
        Field::PaynetSecretKey,
        Field::PaytrMerchantId,
        Field::PaytrMerchantKey,
        Field::PaytrMerchantSalt,
        Field::IyzicoApiKey,
        Field::IyzicoSecretKey,
    ] {
        all.push(SecretsError::Duplicate { field });
        all.push(SecretsError::Unreadable { field });
        for problem in [
            Problem::Empty,
            Problem::Whitespace,
            Problem::NotDigits,
            Problem::PublishableKey,
            Problem::TooLong,
            Problem::NotHeaderSafe,
        ] {
            all.push(SecretsError::Invalid { field, problem });
        }
    }
    for e in all {
        let (tr, en) = (e.message(Lang::Tr), e.message(Lang::En));
        assert!(tr.len() > 20 && en.len() > 20 && tr != en, "{e:?}: {tr} / {en}");
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn entry_names_are_the_ones_the_cli_and_app_share() {
    let names = [
        Field::PaynetSecretKey,
        Field::PaytrMerchantId,
        Field::PaytrMerchantKey,
        Field::PaytrMerchantSalt,
        Field::IyzicoApiKey,
        Field::IyzicoSecretKey,
    ]
    .map(Field::entry_name);
    assert_eq!(
        names,
        [
            "paynet.secret_key",
            "paytr.merchant_id",
            "paytr.merchant_key",
            "paytr.merchant_salt",
            "iyzico.api_key",
            "iyzico.secret_key"
        ]
    );
    assert_eq!(SERVICE, "com.tahsildar.desktop");
}

fn iyzico(api: &str, secret: &str) -> IyzicoCredentials {
    IyzicoCredentials { api_key: SecretString::from(api), secret_key: SecretString::from(secret) }
}

#[test]
fn iyzico_keys_are_saved_together_read_once_and_never_shown() {
    let k = keychain();
    let (api, secret) = ("sandbox-afXhZPW0MQlE4dCUUlHcEopnMBgXnAZI", "sandbox-wbwpzKIiplZxI3hh5ALI4FJyAcZKL6kq");
    let invalid = |field, problem| SecretsError::Invalid { field, problem };
    assert_eq!(k.set_iyzico(iyzico("", secret)).unwrap_err(), invalid(Field::IyzicoApiKey, Problem::Empty));
    assert_eq!(k.set_iyzico(iyzico(api, "a b")).unwrap_err(), invalid(Field::IyzicoSecretKey, Problem::Whitespace));
    assert_eq!(
        k.set_iyzico(iyzico(api, "ab:cd")).unwrap_err(),
        invalid(Field::IyzicoSecretKey, Problem::NotHeaderSafe)
    );
    assert_eq!(
        k.set_iyzico(iyzico("anahtarı", secret)).unwrap_err(),
        invalid(Field::IyzicoApiKey, Problem::NotHeaderSafe)
    );
    assert!(k.iyzico_credentials().unwrap().is_none(), "nothing refused was stored");
    assert!(invalid(Field::IyzicoApiKey, Problem::Empty).message(Lang::Tr).contains("iyzico panelinde"));

    k.set_iyzico(iyzico(api, secret)).unwrap();
    let c = k.iyzico_credentials().unwrap().unwrap();
    assert_eq!((c.api_key.expose_secret(), c.secret_key.expose_secret()), (api, secret));
    assert!(!format!("{c:?}").contains("sandbox-"));
    k.backend.take_gets();
    let saved = k.load().unwrap();
    assert!(k.backend.take_gets().values().all(|n| *n == 1), "each item once");
    assert_eq!(saved.status, CredentialStatus { paynet: false, paytr: false, iyzico: true });
    assert_eq!(saved.iyzico.unwrap().secret_key.expose_secret(), secret);

    // One key left by another tool: not saved, and said so.
    k.backend.delete(Field::IyzicoSecretKey).unwrap();
    assert_eq!(k.iyzico_credentials().unwrap_err(), SecretsError::Incomplete { provider: Provider::Iyzico });
    assert!(!k.status().unwrap().iyzico);
    assert!(k.load().unwrap().iyzico.is_none());
    k.clear_iyzico().unwrap();
    assert!(k.iyzico_credentials().unwrap().is_none());
    assert_eq!(k.status().unwrap(), CredentialStatus::default());
}
