use super::*;

fn tmp() -> PathBuf {
    let d = std::env::temp_dir().join(format!("tahsildar-diag-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn copies_are_bounded_and_the_newest_kept() {
    let d = tmp();
    for i in 0..MAX_FILES + 7 {
        keep_in(&d, Provider::Paytr, "rapor/islem-dokumu", format!("{{\"n\":{i}}}").as_bytes()).unwrap();
    }
    let kept = files(&d).unwrap();
    assert_eq!(kept.len(), MAX_FILES);
    let newest = std::fs::read_to_string(&kept[0]).unwrap();
    assert!(newest.contains(&format!("\"n\": {}", MAX_FILES + 6)), "{newest}");
    // A huge answer is cut before it is kept.
    let big = keep_in(&d, Provider::Paynet, "detail", &vec![b'a'; MAX_ANSWER_BYTES * 3]).unwrap();
    assert!(std::fs::metadata(big).unwrap().len() < (MAX_ANSWER_BYTES as u64) + 1024);
    std::fs::remove_dir_all(d).unwrap();
}

/// The package holds what support needs and none of the secrets that passed through.
#[test]
fn the_support_package_carries_no_secret() {
    let d = tmp();
    let answer = br#"{"status":"success","paytr_token":"TOKENabc123=","merchant_salt":"SALTzyxw98765432","data":[
        {"siparis_no":"PTX1","kart_no":"4111111111111111","name_surname":"Ayse Yilmaz","cell_phone":"05321234567","islem_tutari":"x"}]"#;
    keep_in(&d, Provider::Paytr, "rapor/islem-dokumu", answer).unwrap();
    let log = vec![
        "[INFO] paytr: posted merchant_key=KEYabcdef1234567&merchant_salt=SALTzyxw98765432".to_string(),
        "[WARN] Authorization: Basic sck_demo_secret_value".to_string(),
        "[WARN] PayTR islem-dokumu: skipped a row that could not be read".to_string(),
    ];
    let zip = support_package(&d, "9.9.9", &log).unwrap();
    let text = String::from_utf8_lossy(&zip);
    for secret in [
        "TOKENabc123",
        "SALTzyxw98765432",
        "KEYabcdef1234567",
        "sck_demo_secret_value",
        "4111111111111111",
        "Ayse",
        "05321234567",
    ] {
        assert!(!text.contains(secret), "{secret} is in the support package");
    }
    assert!(text.contains("9.9.9") && text.contains("PTX1") && text.contains("skipped a row"));
    assert!(zip.starts_with(b"PK\x03\x04") && text.contains("diagnostics/"));
    std::fs::remove_dir_all(d).unwrap();
}

/// A provider without a `Provider` variant yet (iyzico) keeps its copies the same way.
#[test]
fn copies_for_a_named_provider() {
    let d = tmp();
    let path = keep_in_as(
        &d,
        "iyzico",
        "iyzico",
        "list",
        br#"{"status":"success","data":{"items":[{"token":"AbC123","price":"x"}]}}"#,
    )
    .unwrap();
    assert!(path.file_name().unwrap().to_string_lossy().ends_with("-iyzico-list.txt"), "{path:?}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("provider: iyzico\nendpoint: list\n"), "{text}");
    std::fs::remove_dir_all(d).unwrap();
}
