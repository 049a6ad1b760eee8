//! `tahsildar link create` records into the app's book, and `tahsildar book list` reads it: the
//! real binary, a real SQLite file, the sandbox over HTTP on 127.0.0.1.

mod cli_common;

use cli_common::*;
use serde_json::Value;
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::sandbox::lock;
use tahsildar_core::store::{LinkStatus, Store, FILE_NAME};

fn rows(dir: &std::path::Path) -> Vec<tahsildar_core::store::LinkRecord> {
    let store = Store::open(&dir.join(FILE_NAME)).unwrap();
    store.query(&Default::default()).unwrap().rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_writes_the_apps_book_and_book_list_prints_the_same_objects() {
    let sb = sandbox().await;
    let dir = book_dir();
    let paytr = create_in(
        &sb,
        &dir,
        "paytr",
        &["--amount", "149,90", "--description", "Kapı tamiri", "--name", "Ayşe Yılmaz", "--expires-in", "24h"],
    )
    .await;
    let paynet =
        create_in(&sb, &dir, "paynet", &["--amount", "1.234,56", "--name", "Ali Veli", "--description", "Çay"]).await;

    // The app's own file in that folder holds both, waiting, under the providers' ids.
    let book = rows(&dir);
    assert_eq!(book.len(), 2, "{book:?}");
    for (v, provider) in [(&paytr, "paytr"), (&paynet, "paynet")] {
        let row = book.iter().find(|r| r.provider.as_str() == provider).unwrap();
        assert_eq!(row.status, LinkStatus::Waiting);
        assert_eq!(row.provider_id.as_deref(), v["id"].as_str());
        assert_eq!(row.url.as_deref(), v["url"].as_str());
        assert_eq!(Some(row.amount_minor), v["amount_minor"].as_i64());
        assert!(row.expires_at.is_some(), "the app's default expiry (3 days) or --expires-in");
    }
    // Paynet got the book's reference, so an unanswered create can be found again.
    let shown = link(&sb, "show", "paynet", &[paynet["id"].as_str().unwrap(), "--json"]).await.json();
    let paynet_row = book.iter().find(|r| r.provider.as_str() == "paynet").unwrap();
    assert_eq!(shown["reference_no"], paynet_row.local_ref.as_str());
    assert_eq!(paynet["reference_no"], paynet_row.local_ref.as_str());

    // `book list --json`: newest first, each the very object `link create --json` printed.
    let listed = book_list(&dir, &[]).await;
    assert_eq!(listed, vec![paynet.clone(), paytr.clone()]);
    assert_eq!(paytr["name"], "Ayşe Yılmaz");
    assert_eq!(paytr["status"], "waiting");

    // The folder from TAHSILDAR_DATA_DIR instead of --data-dir.
    let r =
        run_with(&["book", "list", "--json"], vec![("TAHSILDAR_DATA_DIR", dir.to_string_lossy().into_owned())]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json(), Value::Array(listed.clone()));

    // --status filters; text output names each link.
    assert_eq!(book_list(&dir, &["--status", "paid"]).await, Vec::<Value>::new());
    assert_eq!(book_list(&dir, &["--status", "waiting", "--status", "paid"]).await.len(), 2);
    let d = dir.to_string_lossy().into_owned();
    let text = run_with(&["book", "list", "--data-dir", &d], vec![]).await;
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains(paytr["id"].as_str().unwrap()) && text.stdout.contains("149,90"), "{}", text.stdout);
    run_with(&["book", "list", "--data-dir", &d, "--status", "done"], vec![])
        .await
        .assert_failed_with(2, "waiting, paid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_without_an_answer_stays_in_the_book_as_unknown_and_is_not_repeated() {
    let sb = sandbox().await;
    let dir = book_dir();
    lock(&sb.state().faults).set("/v1/mailorder/create", Fault::Drop, Some(1));
    let d = dir.to_string_lossy().into_owned();
    let r = link(&sb, "create", "paynet", &["--amount", "75", "--name", "Kesinti", "--data-dir", &d, "--json"]).await;
    r.assert_failed_with(1, "do not create it again");
    let v = r.json();
    assert_eq!(v["status"], "unknown");
    assert!(v["id"].is_null(), "{v}");

    // Written before the request: the row is there, unknown, with the reference Paynet was sent.
    let book = rows(&dir);
    assert_eq!(book.len(), 1);
    assert_eq!(book[0].status, LinkStatus::Unknown);
    assert_eq!(v["reference_no"], book[0].local_ref.as_str());
    assert_eq!(lock(&sb.state().faults).request_count("/v1/mailorder/create"), 1, "never retried");
    let listed = book_list(&dir, &["--status", "unknown"]).await;
    assert_eq!(listed.len(), 1);
    assert!(listed[0]["error"].is_string(), "{}", listed[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_create_is_kept_as_failed_and_a_bad_form_writes_nothing() {
    let sb = sandbox().await;
    let dir = book_dir();
    let d = dir.to_string_lossy().into_owned();
    // The app's own rule (validate), past the CLI's checks: a bad e-mail for PayTR. Nothing written.
    link(&sb, "create", "paytr", &["--amount", "10", "--description", "Deneme", "--email", "yok", "--data-dir", &d])
        .await
        .assert_failed_with(2, "email");
    assert!(rows(&dir).is_empty());
    // The provider refuses (a wrong key): the row stays, failed.
    let mut env = demo_env();
    env.retain(|(k, _)| *k != "TAHSILDAR_PAYTR_MERCHANT_KEY");
    env.push(("TAHSILDAR_PAYTR_MERCHANT_KEY", "wrongKEY".into()));
    link_with(&sb, "create", "paytr", &["--amount", "10", "--description", "Deneme", "--data-dir", &d], env)
        .await
        .assert_failed_with(1, "PayTR");
    let book = rows(&dir);
    assert_eq!(book.iter().map(|r| r.status).collect::<Vec<_>>(), vec![LinkStatus::Failed]);
    assert_eq!(book_list(&dir, &["--status", "failed"]).await.len(), 1);
}
