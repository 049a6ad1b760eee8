//! `tahsildar link create --provider paytr --max-count N` (issue 8 §3–§4): the stock reaches
//! PayTR (seen by how the sandbox lets the link be paid) and the book (so the tracker knows the
//! link takes more than one payment); without it the link is single-use; a wrong value is
//! refused with a message and creates nothing. The real binary against the sandbox over HTTP.

mod cli_common;

use cli_common::*;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::{PaytrTerms, Store, FILE_NAME};

fn terms(dir: &std::path::Path, provider_id: &str) -> Option<PaytrTerms> {
    let store = Store::open(&dir.join(FILE_NAME)).unwrap();
    let rows = store.query(&Default::default()).unwrap().rows;
    rows.into_iter().find(|l| l.provider_id.as_deref() == Some(provider_id)).unwrap().paytr
}

/// Pays `quantity` units on the sandbox; whether the sandbox took the payment.
async fn buy(sb: &Sandbox, id: &str, quantity: u32) -> bool {
    let r = reqwest::Client::new()
        .post(format!("{}/_sandbox/paytr/pay", sb.base_url()))
        .json(&serde_json::json!({ "id": id, "outcome": "paid", "quantity": quantity }))
        .send()
        .await
        .unwrap();
    r.status().is_success()
}

const BASE: [&str; 6] = ["--amount", "50", "--description", "Kermes bileti", "--name", "Aile birliği"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_count_reaches_paytr_and_the_book_and_its_absence_means_one_payment() {
    let sb = sandbox().await;
    let dir = book_dir();
    let mut args = BASE.to_vec();
    args.extend(["--max-count", "3"]);
    let three = create_in(&sb, &dir, "paytr", &args).await;
    let three = three["id"].as_str().unwrap().to_string();
    let one = create_in(&sb, &dir, "paytr", &BASE).await;
    let one = one["id"].as_str().unwrap().to_string();

    assert_eq!(terms(&dir, &three), Some(PaytrTerms::Product { min_count: 1, max_count: Some(3) }));
    assert_eq!(terms(&dir, &one), Some(PaytrTerms::Product { min_count: 1, max_count: Some(1) }));

    // PayTR got max_count=3: two units, then one more, then the stock is gone.
    assert!(buy(&sb, &three, 2).await, "a quantity of 2 is allowed");
    assert!(buy(&sb, &three, 1).await);
    assert!(!buy(&sb, &three, 1).await, "a fourth unit is refused: the stock was 3, not unlimited");
    // Without the option, max_count=1: never two units, and closed after one payment.
    assert!(!buy(&sb, &one, 2).await);
    assert!(buy(&sb, &one, 1).await);
    assert!(!buy(&sb, &one, 1).await, "a single-use link takes one payment");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_max_count_is_refused_with_a_message_and_creates_nothing() {
    let sb = sandbox().await;
    let dir = book_dir();
    let d = dir.to_string_lossy().into_owned();
    for bad in ["0", "-1", "abc", "2.5", "99999999999"] {
        let mut args = vec!["--data-dir", d.as_str()];
        args.extend(BASE);
        args.extend(["--max-count", bad]);
        let r = link(&sb, "create", "paytr", &args).await;
        r.assert_failed_with(2, &format!("'{bad}' is not a number of payments"));
        assert!(r.stderr.contains("--max-count 3"), "says what to write: {}", r.stderr);
    }
    // Paynet links take one payment: the option is refused there, not ignored.
    let mut args = vec!["--data-dir", d.as_str()];
    args.extend(BASE);
    args.extend(["--max-count", "3"]);
    link(&sb, "create", "paynet", &args).await.assert_failed_with(2, "--max-count is for PayTR links only");
    assert_eq!(lock(&sb.state().paytr).link_count() + lock(&sb.state().paynet).link_count(), 0);
    assert!(lock(&sb.state().faults).requests().is_empty(), "no request reached the sandbox");
    if dir.join(FILE_NAME).exists() {
        let store = Store::open(&dir.join(FILE_NAME)).unwrap();
        assert_eq!(store.query(&Default::default()).unwrap().total, 0, "nothing in the book");
    }
}
