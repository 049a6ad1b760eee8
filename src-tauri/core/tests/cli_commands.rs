//! `tahsildar link …`, run for real against an in-process sandbox over HTTP on 127.0.0.1.

mod cli_common;

use cli_common::*;
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paynet_create_show_cancel_reopen_and_pay() {
    let sb = sandbox().await;
    let r = link(
        &sb,
        "create",
        "paynet",
        &["--amount", "1.234,56", "--name", "Ali Veli", "--description", "Kapı tamiri", "--expires-in", "3d", "--json"],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let id = v["id"].as_str().unwrap().to_string();
    assert!(!id.is_empty());
    assert!(v["url"].as_str().unwrap().starts_with(sb.base_url()), "{v}");
    assert_eq!(v["provider"], "paynet");
    assert_eq!(v["status"], "waiting");
    assert_eq!(v["amount_minor"], 123_456);
    assert_eq!(v["amount"], "1234.56");
    assert_eq!(v["currency"], "TL");
    // Our own unique reference (the book's), how an unanswered create is found again.
    let reference = v["reference_no"].as_str().unwrap();
    assert!(reference.len() == 32 && reference.bytes().all(|b| b.is_ascii_alphanumeric()), "{v}");
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    for k in ["id", "url", "provider", "status", "amount_minor", "amount", "currency", "error"] {
        assert!(keys.iter().any(|x| *x == k), "{k} missing in {v}");
    }

    let shown = link(&sb, "show", "paynet", &[&id, "--json"]).await;
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let s = shown.json();
    assert_eq!(
        (s["id"].as_str(), s["status"].as_str(), &s["amount_minor"]),
        (Some(id.as_str()), Some("waiting"), &v["amount_minor"])
    );
    assert_eq!(s["name"], "Ali Veli");
    assert_eq!(s["reference_no"], v["reference_no"]);

    let human = link(&sb, "show", "paynet", &[&id]).await;
    assert_eq!(human.code, 0);
    assert!(human.stdout.contains("1.234,56 TL") && human.stdout.contains("waiting"), "{}", human.stdout);

    let c = link(&sb, "cancel", "paynet", &[&id, "--json"]).await;
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert_eq!(c.json()["status"], "cancelled");
    assert_eq!(link(&sb, "show", "paynet", &[&id, "--json"]).await.json()["status"], "cancelled");

    let o = link(&sb, "reopen", "paynet", &[&id, "--json"]).await;
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.json()["status"], "waiting");

    // Pay through the sandbox's control endpoint, then the CLI sees it paid.
    let paid = reqwest::Client::new()
        .post(format!("{}/_sandbox/paynet/pay", sb.base_url()))
        .json(&serde_json::json!({ "id": id, "outcome": "paid" }))
        .send()
        .await
        .unwrap();
    assert!(paid.status().is_success());
    let p = link(&sb, "show", "paynet", &[&id, "--json"]).await.json();
    assert_eq!(p["status"], "paid");
    assert!(p["xact_id"].as_str().is_some_and(|x| !x.is_empty()), "{p}");

    // A paid link cannot be cancelled: exit 1, one line.
    link(&sb, "cancel", "paynet", &[&id]).await.assert_failed_with(1, "Paynet");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paynet_list_and_unsupported_verbs() {
    let sb = sandbox().await;
    let mut ids = Vec::new();
    for amount in ["120", "99,90"] {
        let r = link(&sb, "create", "paynet", &["--amount", amount, "--name", "Ayşe Yılmaz", "--json"]).await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        ids.push(r.json()["id"].as_str().unwrap().to_string());
    }
    let l = link(&sb, "list", "paynet", &["--json"]).await;
    assert_eq!(l.code, 0, "{}", l.stderr);
    let rows = l.json();
    let rows = rows.as_array().unwrap();
    for id in &ids {
        assert!(rows.iter().any(|r| r["id"] == id.as_str() && r["provider"] == "paynet"), "{id} not in {rows:?}");
    }
    assert!(rows.iter().any(|r| r["amount_minor"] == 9_990));

    link(&sb, "delete", "paynet", &[&ids[0]]).await.assert_failed_with(2, "Paynet has no delete; use cancel");
    link(&sb, "send", "paynet", &[&ids[0], "--phone", "05551234567"]).await.assert_failed_with(2, "only at creation");
    link(&sb, "show", "paynet", &["no-such-link"]).await.assert_failed_with(1, "Paynet");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paytr_create_send_and_delete() {
    let sb = sandbox().await;
    let r = link(
        &sb,
        "create",
        "paytr",
        &[
            "--amount",
            "149,90",
            "--description",
            "Kapı tamiri",
            "--phone",
            "0555 123 45 67",
            "--expires-in",
            "24h",
            "--json",
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(v["provider"], "paytr");
    assert_eq!(v["status"], "waiting");
    assert_eq!(v["amount_minor"], 14_990);
    assert_eq!(v["amount"], "149.90");
    assert!(v["url"].as_str().unwrap().ends_with(&id));
    assert_eq!(v["sent"], serde_json::json!(["sms:05551234567"]));
    {
        let st = tahsildar_core::sandbox::lock(&sb.state().paytr);
        assert!(st.sms_sent().contains(&(id.clone(), "05551234567".to_string())));
    }

    let s = link(&sb, "send", "paytr", &[&id, "--email", "musteri@example.com", "--json"]).await;
    assert_eq!(s.code, 0, "{}", s.stderr);
    assert_eq!(s.json()["sent"], serde_json::json!(["email:musteri@example.com"]));
    link(&sb, "send", "paytr", &[&id]).await.assert_failed_with(2, "--phone");

    let d = link(&sb, "delete", "paytr", &[&id, "--json"]).await;
    assert_eq!(d.code, 0, "{}", d.stderr);
    assert_eq!(d.json()["status"], "deleted");
    // Deleting again fails with PayTR's reason.
    link(&sb, "delete", "paytr", &[&id]).await.assert_failed_with(1, "PayTR");

    link(&sb, "show", "paytr", &[&id]).await.assert_failed_with(2, "PayTR has no call");
    link(&sb, "list", "paytr", &[]).await.assert_failed_with(2, "PayTR has no call");
    link(&sb, "reopen", "paytr", &[&id]).await.assert_failed_with(2, "PayTR has no call");
    link(&sb, "create", "paytr", &["--amount", "10"]).await.assert_failed_with(2, "--description");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paytr_cancel_reports_each_id() {
    let sb = sandbox().await;
    let mut ids = Vec::new();
    for n in 0..2 {
        let r = link(
            &sb,
            "create",
            "paytr",
            &["--amount", "50", "--currency", "EUR", "--description", &format!("Ders {n}"), "--json"],
        )
        .await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.json()["currency"], "EUR");
        ids.push(r.json()["id"].as_str().unwrap().to_string());
    }
    let d = link(&sb, "cancel", "paytr", &[&ids[0], &ids[1], "Nope123", "--json"]).await;
    d.assert_failed_with(1, "1 of 3 links failed: Nope123");
    let lines = d.json_lines();
    assert_eq!(lines.len(), 3);
    assert_eq!((lines[0]["id"].as_str(), lines[0]["status"].as_str()), (Some(ids[0].as_str()), Some("deleted")));
    assert_eq!(lines[1]["status"], "deleted");
    assert_eq!((lines[2]["id"].as_str(), lines[2]["status"].as_str()), (Some("Nope123"), Some("unknown")));
    assert!(lines[2]["error"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_and_missing_or_wrong_credentials() {
    let sb = sandbox().await;
    for (amount, why) in
        [("12abc", "'a'"), ("0", "more than zero"), ("1,234", "two digits"), ("-5", "negative"), ("2.000.000", "limit")]
    {
        link(&sb, "create", "paynet", &["--amount", amount, "--name", "Ali"]).await.assert_failed_with(2, why);
    }
    link(&sb, "create", "paynet", &["--amount", "10"]).await.assert_failed_with(2, "--name");
    link(&sb, "create", "paynet", &["--amount", "10", "--name", "Ali", "--currency", "USD"])
        .await
        .assert_failed_with(2, "TL only");
    link(&sb, "create", "paynet", &["--amount", "10", "--name", "Ali", "--phone", "0212 123 45 67"])
        .await
        .assert_failed_with(2, "--phone");
    link(&sb, "create", "paynet", &["--amount", "10", "--name", "Ali", "--expires-in", "soon"])
        .await
        .assert_failed_with(2, "72h");

    let args =
        ["link", "create", "--provider", "paynet", "--base-url", sb.base_url(), "--amount", "10", "--name", "Ali"];
    run_with(&args, vec![]).await.assert_failed_with(2, "TAHSILDAR_PAYNET_SECRET_KEY");
    let paytr = ["link", "delete", "--provider", "paytr", "--base-url", sb.base_url(), "AAAA111"];
    let mut partial = demo_env();
    partial.retain(|(k, _)| *k != "TAHSILDAR_PAYTR_MERCHANT_SALT");
    run_with(&paytr, partial).await.assert_failed_with(2, "TAHSILDAR_PAYTR_MERCHANT_SALT");

    // A wrong key: the provider refuses (exit 1), and the key is never echoed.
    let wrong = "sck_wrong_key_SHOULD_NOT_PRINT";
    let r = run_with(&args, vec![("TAHSILDAR_PAYNET_SECRET_KEY", wrong.to_string())]).await;
    r.assert_failed_with(1, "Paynet refused the credentials");
    r.assert_failed_with(1, "check TAHSILDAR_PAYNET_SECRET_KEY");
    assert!(!r.stderr.contains(wrong) && !r.stdout.contains(wrong));
    let mut env = demo_env();
    env.retain(|(k, _)| !k.starts_with("TAHSILDAR_PAYTR_MERCHANT_KEY"));
    env.push(("TAHSILDAR_PAYTR_MERCHANT_KEY", "wrongKEY_SHOULD_NOT_PRINT".into()));
    let r = link_with(&sb, "create", "paytr", &["--amount", "10", "--description", "Deneme"], env).await;
    r.assert_failed_with(1, "PayTR refused the credentials");
    r.assert_failed_with(1, "TAHSILDAR_PAYTR_MERCHANT_KEY");
    assert!(!r.stderr.contains("wrongKEY_SHOULD_NOT_PRINT"));

    // Nothing listens here: a network error, exit 1.
    let closed = ["link", "show", "--provider", "paynet", "--base-url", "http://127.0.0.1:9", "x"];
    run_with(&closed, demo_env()).await.assert_failed_with(1, "Paynet");
    // clap's own usage errors exit 2, on one line too.
    run_with(&["link", "create", "--provider", "stripe", "--amount", "1"], demo_env())
        .await
        .assert_failed_with(2, "use paynet, paytr or iyzico");
    run_with(&["link", "show", "--provider", "paynet"], demo_env()).await.assert_failed_with(2, "<ID>");
}

/// A create without keys names the missing one before any book is made: the book's folder gets
/// no file (the host the book's settings might name is only read from a book that exists).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_key_is_named_before_any_book_is_made() {
    let sb = sandbox().await;
    for (provider, rest, names) in [
        ("paynet", ["--amount", "10", "--name", "Ali"], "TAHSILDAR_PAYNET_SECRET_KEY"),
        ("paytr", ["--amount", "10", "--description", "Deneme"], "TAHSILDAR_PAYTR_MERCHANT"),
        ("iyzico", ["--amount", "10", "--description", "Deneme"], "missing credentials"),
    ] {
        let dir = book_dir();
        let d = dir.to_string_lossy().into_owned();
        let mut args = vec!["--data-dir", d.as_str()];
        args.extend(rest);
        link_with(&sb, "create", provider, &args, vec![]).await.assert_failed_with(2, names);
        assert!(!dir.join(tahsildar_core::store::FILE_NAME).exists(), "{provider}: a book was made without keys");
    }
}
