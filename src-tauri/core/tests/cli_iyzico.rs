//! `tahsildar link … --provider iyzico` (issue 12 §3): the real binary against the sandbox over
//! HTTP, with a real book. create prints the token as `id`; show says `paid` once the sale is in
//! `soldCount` and records it in the book; cancel, reopen, delete, list; bad options exit 2 and
//! write nothing.

mod cli_common;

use cli_common::*;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::{Store, FILE_NAME};

const BASE: [&str; 4] = ["--amount", "149,90", "--description", "Doğum günü pastası"];

async fn iyzico(sb: &Sandbox, verb: &str, dir: &std::path::Path, rest: &[&str]) -> Run {
    let d = dir.to_string_lossy().into_owned();
    let mut args = vec!["--data-dir", d.as_str()];
    args.extend_from_slice(rest);
    link_with(sb, verb, "iyzico", &args, iyzico_env()).await
}

async fn create(sb: &Sandbox, dir: &std::path::Path) -> serde_json::Value {
    let mut args = vec!["--json"];
    args.extend(BASE);
    let r = iyzico(sb, "create", dir, &args).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

async fn pay(sb: &Sandbox, token: &str) -> u16 {
    let r = reqwest::Client::new()
        .post(format!("{}/_sandbox/iyzico/pay", sb.base_url()))
        .json(&serde_json::json!({ "token": token, "outcome": "paid" }))
        .send()
        .await
        .unwrap();
    r.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_prints_the_token_and_show_says_paid_after_the_sale() {
    let sb = sandbox().await;
    let dir = book_dir();
    let made = create(&sb, &dir).await;
    let token = made["id"].as_str().unwrap().to_string();
    assert_eq!(made["provider"], "iyzico");
    assert_eq!(made["status"], "waiting");
    assert_eq!((made["amount"].as_str(), made["currency"].as_str()), (Some("149.90"), Some("TL")));
    assert!(made["url"].as_str().unwrap().ends_with(&token));
    assert!(made["expires_at"].is_null());
    // The reference is what iyzico holds as the link's conversationId.
    let reference = made["reference_no"].as_str().unwrap().to_string();
    assert_eq!(lock(&sb.state().iyzico).link_count(), 1);

    let r = iyzico(&sb, "show", &dir, &["--json", &token]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["status"], "waiting");

    assert_eq!(pay(&sb, &token).await, 200);
    let r = iyzico(&sb, "show", &dir, &["--json", &token]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shown = r.json();
    assert_eq!((shown["status"].as_str(), shown["reference_no"].as_str()), (Some("paid"), Some(reference.as_str())));
    // …and the book recorded it, as the app would have.
    let rows = book_list(&dir, &[]).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0]["id"].as_str(), rows[0]["status"].as_str()), (Some(token.as_str()), Some("paid")));

    // Text output for a person.
    let r = iyzico(&sb, "show", &dir, &[&token]).await;
    assert!(r.stdout.starts_with(&format!("iyzico link {token}: paid")), "{}", r.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_reopen_and_delete_reach_iyzico_and_the_book() {
    let sb = sandbox().await;
    let dir = book_dir();
    let token = create(&sb, &dir).await["id"].as_str().unwrap().to_string();
    let status = |r: Run| {
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.json()["status"].as_str().unwrap().to_string()
    };
    assert_eq!(status(iyzico(&sb, "cancel", &dir, &["--json", &token]).await), "cancelled");
    assert_eq!(pay(&sb, &token).await, 409, "a passive link takes no payment");
    assert_eq!(book_list(&dir, &[]).await[0]["status"], "cancelled");
    assert_eq!(status(iyzico(&sb, "reopen", &dir, &["--json", &token]).await), "waiting");
    assert_eq!(book_list(&dir, &[]).await[0]["status"], "waiting");
    assert_eq!(status(iyzico(&sb, "delete", &dir, &["--json", &token]).await), "deleted");
    assert_eq!(book_list(&dir, &[]).await[0]["status"], "deleted");
    assert_eq!(lock(&sb.state().iyzico).link_count(), 0);
    // The book's last word for a link it deleted.
    assert_eq!(status(iyzico(&sb, "show", &dir, &["--json", &token]).await), "deleted");
    // Gone at iyzico: a book that does not know it says so on one line, exit 1.
    let other = book_dir();
    iyzico(&sb, "show", &other, &[&token]).await.assert_failed_with(1, "iyzico");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_the_book_does_not_know_are_asked_of_iyzico_and_no_book_is_made() {
    let sb = sandbox().await;
    let made_here = book_dir();
    let token = create(&sb, &made_here).await["id"].as_str().unwrap().to_string();
    let elsewhere = book_dir();
    let r = iyzico(&sb, "show", &elsewhere, &["--json", &token]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!((r.json()["status"].as_str(), r.json()["amount_minor"].as_i64()), (Some("waiting"), Some(14_990)));
    assert_eq!(pay(&sb, &token).await, 200);
    assert_eq!(iyzico(&sb, "show", &elsewhere, &["--json", &token]).await.json()["status"], "paid");
    // A sold link is not re-opened.
    let r = iyzico(&sb, "reopen", &elsewhere, &[&token]).await;
    r.assert_failed_with(1, "cannot be re-opened");
    assert!(!elsewhere.join(FILE_NAME).exists(), "show and reopen never create a book");

    let r = iyzico(&sb, "list", &elsewhere, &["--json"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = r.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0]["id"].as_str(), rows[0]["status"].as_str()), (Some(token.as_str()), Some("paid")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_options_exit_2_with_one_line_and_write_nothing() {
    let sb = sandbox().await;
    let dir = book_dir();
    let cases: [(&[&str], &str); 8] = [
        (&["--amount", "abc", "--description", "Kek"], "--amount"),
        (&["--amount", "10"], "iyzico needs --description"),
        (&["--amount", "10", "--description", "Kek", "--currency", "RUB"], "TL, USD, EUR or GBP"),
        (&["--amount", "10", "--description", "Kek", "--expires-in", "3d"], "no expiry"),
        (&["--amount", "10", "--description", "Kek", "--max-count", "2"], "--max-count is for PayTR"),
        (&["--amount", "10", "--description", "Kek", "--phone", "05551234567"], "does not send links"),
        (&["--amount", "10", "--description", &"x".repeat(101)], "at most 100 characters"),
        (&["--amount", "0", "--description", "Kek"], "--amount"),
    ];
    for (args, needle) in cases {
        iyzico(&sb, "create", &dir, args).await.assert_failed_with(2, needle);
    }
    // The help says which provider takes RUB before anyone tries it (it named RUB among all).
    let help = run_with(&["link", "create", "--help"], vec![]).await;
    let line = help.stdout.lines().find(|l| l.contains("--currency")).unwrap_or_default().to_string();
    assert!(line.contains("TL, USD, EUR or GBP") && line.contains("RUB: PayTR only"), "{line}");
    iyzico(&sb, "show", &dir, &["bad/token"]).await.assert_failed_with(2, "not an iyzico link token");
    iyzico(&sb, "list", &dir, &["--from", "2026-01-01"]).await.assert_failed_with(2, "without dates");
    link_with(&sb, "send", "iyzico", &["--phone", "05551234567", "Ab3"], iyzico_env())
        .await
        .assert_failed_with(2, "does not send");
    // Credentials: one of the two, or none anywhere (an empty keychain service).
    let d = dir.to_string_lossy().into_owned();
    let one = vec![(IYZICO_VARS[0], DEMO_IYZICO_API_KEY.to_string())];
    let mut args = vec!["--data-dir", d.as_str()];
    args.extend(BASE);
    link_with(&sb, "create", "iyzico", &args, one)
        .await
        .assert_failed_with(2, "TAHSILDAR_IYZICO_SECRET_KEY is not set");
    link_with(&sb, "create", "iyzico", &args, vec![]).await.assert_failed_with(2, "missing credentials");
    assert!(lock(&sb.state().faults).requests().is_empty(), "no request reached the sandbox");
    if dir.join(FILE_NAME).exists() {
        let store = Store::open(&dir.join(FILE_NAME)).unwrap();
        assert_eq!(store.query(&Default::default()).unwrap().total, 0, "nothing in the book");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_secret_fails_on_one_line_without_the_secret() {
    let sb = sandbox().await;
    let dir = book_dir();
    let env =
        vec![(IYZICO_VARS[0], DEMO_IYZICO_API_KEY.to_string()), (IYZICO_VARS[1], "sandbox-not-the-secret".to_string())];
    let d = dir.to_string_lossy().into_owned();
    let mut args = vec!["--data-dir", d.as_str()];
    args.extend(BASE);
    let r = link_with(&sb, "create", "iyzico", &args, env).await;
    r.assert_failed_with(1, "Geçersiz imza");
    // Says what to do: which variables to check, and that test keys go with the test server.
    r.assert_failed_with(1, "iyzico refused the credentials");
    r.assert_failed_with(1, "TAHSILDAR_IYZICO_SECRET_KEY");
    r.assert_failed_with(1, "test server");
    assert!(!r.stderr.contains("sandbox-not-the-secret"));
    assert_eq!(book_list(&dir, &[]).await[0]["status"], "failed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_of_a_link_sold_meanwhile_records_paid_and_says_so_in_english() {
    let sb = sandbox().await;
    let dir = book_dir();
    let token = create(&sb, &dir).await["id"].as_str().unwrap().to_string();
    // Sold at iyzico while the book still says waiting: delete finds the sale and keeps the link.
    assert_eq!(pay(&sb, &token).await, 200);
    let r = iyzico(&sb, "delete", &dir, &[&token]).await;
    // The CLI speaks English whatever the book's language (Turkish by default).
    r.assert_failed_with(1, "The link is paid");
    assert_eq!(book_list(&dir, &[]).await[0]["status"], "paid");
    assert_eq!(lock(&sb.state().iyzico).link_count(), 1, "a sold link is not deleted at iyzico");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unanswered_create_says_track_finds_it() {
    let sb = sandbox().await;
    let dir = book_dir();
    let fault = serde_json::json!({ "path": "/v2/iyzilink/products", "fault": "drop", "times": 1 });
    let r = reqwest::Client::new().post(format!("{}/_sandbox/faults", sb.base_url())).json(&fault).send().await;
    assert_eq!(r.unwrap().status().as_u16(), 200);
    let r = iyzico(&sb, "create", &dir, &BASE).await;
    // `tahsildar track`'s iyzico sweep looks uncertain creates up by their reference, like the app.
    r.assert_failed_with(1, "`tahsildar track`");
    assert_eq!(book_list(&dir, &[]).await[0]["status"], "unknown");
}
