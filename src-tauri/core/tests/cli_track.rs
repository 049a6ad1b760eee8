//! `tahsildar track`: the app's tracker over the book, from the real binary, against the sandbox
//! over HTTP; and the app's tracker and the CLI's on one book at once.

mod cli_common;

use cli_common::*;
use serde_json::{json, Value};

const CLOSED: &str = "http://127.0.0.1:9";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn track_once_prints_each_payment_once_and_says_when_no_provider_answers() {
    let sb = sandbox().await;
    let dir = book_dir();
    let paytr = create_in(&sb, &dir, "paytr", &["--amount", "149,90", "--description", "Kapı tamiri"]).await;
    let paynet = create_in(&sb, &dir, "paynet", &["--amount", "1.234,56", "--name", "Ali Veli"]).await;
    let paytr_id = paytr["id"].as_str().unwrap();
    let paynet_id = paynet["id"].as_str().unwrap();
    let sale = pay(&sb, "paytr", paytr_id).await;
    pay(&sb, "paynet", paynet_id).await;

    let r = track_once(&dir, sb.base_url(), sb.base_url()).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let mut events = status_events(&r.json_lines());
    events.sort_by_key(|e| e["provider"].to_string());
    assert_eq!(
        events,
        vec![
            json!({"event": "status", "provider": "paynet", "id": paynet_id, "from": "waiting", "to": "paid",
                   "amount_minor": 123_456, "currency": "TL"}),
            json!({"event": "status", "provider": "paytr", "id": paytr_id, "from": "waiting", "to": "paid",
                   "amount_minor": 14_990, "currency": "TL"}),
        ],
        "{}",
        r.stdout
    );
    let paid = book_list(&dir, &["--status", "paid"]).await;
    assert_eq!(paid.len(), 2);
    let paytr_row = paid.iter().find(|l| l["provider"] == "paytr").unwrap();
    assert_eq!(paytr_row["xact_id"], sale["merchant_oid"], "the sale that paid it");

    // A second sweep announces nothing again.
    let again = track_once(&dir, sb.base_url(), sb.base_url()).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(status_events(&again.json_lines()), Vec::<Value>::new(), "{}", again.stdout);

    // New waiting links; PayTR cannot be reached: an error line, but Paynet answered, so exit 0.
    create_in(&sb, &dir, "paytr", &["--amount", "20", "--description", "Kalem seti"]).await;
    create_in(&sb, &dir, "paynet", &["--amount", "30", "--name", "Veli"]).await;
    let half = track_once(&dir, sb.base_url(), CLOSED).await;
    assert_eq!(half.code, 0, "{}", half.stderr);
    let errors: Vec<Value> = half.json_lines().into_iter().filter(|l| l["event"] == "error").collect();
    assert_eq!(errors.len(), 1, "{}", half.stdout);
    assert_eq!((&errors[0]["provider"], &errors[0]["kind"]), (&json!("paytr"), &json!("network")));
    assert!(errors[0]["message"].is_string());

    // Neither can be reached: exit 1, one line on stderr.
    let none = track_once(&dir, CLOSED, CLOSED).await;
    none.assert_failed_with(1, "no provider could be reached");
    assert_eq!(none.json_lines().iter().filter(|l| l["event"] == "error").count(), 2, "{}", none.stdout);

    // No credentials at all: a usage error.
    let d = dir.to_string_lossy().into_owned();
    run_with(&["track", "--once", "--data-dir", &d], vec![]).await.assert_failed_with(2, "nothing to track with");
}

/// The owner's "Bu PayTR mağazası başka yerde de satış yapıyor" holds for the CLI's tracker too:
/// even an exact sale waits for the owner (the CLI's store wrapper once dropped the setting).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn track_once_settles_iyzico_links_beside_the_others() {
    let sb = sandbox().await;
    let dir = book_dir();
    let paynet = create_in(&sb, &dir, "paynet", &["--amount", "50", "--name", "Ali"]).await;
    let d = dir.to_string_lossy().into_owned();
    let args = ["--data-dir", d.as_str(), "--json", "--amount", "750", "--description", "Doğum günü pastası"];
    let made = link_with(&sb, "create", "iyzico", &args, iyzico_env()).await;
    assert_eq!(made.code, 0, "{}", made.stderr);
    let token = made.json()["id"].as_str().unwrap().to_string();
    let paid = reqwest::Client::new()
        .post(format!("{}/_sandbox/iyzico/pay", sb.base_url()))
        .json(&json!({"token": token, "outcome": "paid"}))
        .send()
        .await
        .unwrap();
    assert!(paid.status().is_success());
    let r = track_once(&dir, sb.base_url(), sb.base_url()).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        status_events(&r.json_lines()),
        vec![json!({"event": "status", "provider": "iyzico", "id": token, "from": "waiting", "to": "paid",
                    "amount_minor": 75_000, "currency": "TL"})],
        "{}",
        r.stdout
    );
    let waiting = book_list(&dir, &["--status", "waiting"]).await;
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(waiting[0]["id"], paynet["id"], "the unpaid Paynet link still waits");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn track_honours_a_paytr_store_that_sells_elsewhere() {
    let sb = sandbox().await;
    let dir = book_dir();
    let link = create_in(&sb, &dir, "paytr", &["--amount", "75", "--description", "Askı"]).await;
    let id = link["id"].as_str().unwrap();
    {
        let store = tahsildar_core::store::Store::open(&dir.join(tahsildar_core::store::FILE_NAME)).unwrap();
        let mut s = store.settings().unwrap();
        s.paytr_sells_elsewhere = true;
        store.save_settings(&s).unwrap();
    }
    pay(&sb, "paytr", id).await;

    let r = track_once(&dir, sb.base_url(), sb.base_url()).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(status_events(&r.json_lines()), Vec::<Value>::new(), "{}", r.stdout);
    let waiting = book_list(&dir, &["--status", "waiting"]).await;
    assert_eq!(waiting.len(), 1, "the sale is the owner's to confirm: {waiting:?}");
}

#[cfg(unix)]
mod running {
    use super::*;
    use std::io::BufRead;
    use std::process::{Child, Stdio};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};
    use tahsildar_core::links::{CreateForm, LinkService};
    use tahsildar_core::providers::Provider;
    use tahsildar_core::sandbox::lock;
    use tahsildar_core::store::{LinkStatus, Store, FILE_NAME};
    use tahsildar_core::tracker::{SaleState, SqliteTrackerStore, Tracker, TrackerConfig, TrackerEvent, TrackerStore};

    /// `tahsildar track --json` running over `dir`, its stdout lines arriving on a channel.
    struct Running {
        child: Child,
        lines: mpsc::Receiver<String>,
    }

    impl Running {
        fn start(dir: &std::path::Path, url: &str) -> Running {
            let d = dir.to_string_lossy().into_owned();
            let args = ["track", "--json", "--data-dir", d.as_str(), "--paynet-base-url", url, "--paytr-base-url", url];
            let mut child = command(&args, &demo_env()).stdout(Stdio::piped()).spawn().expect("track starts");
            let out = child.stdout.take().unwrap();
            let (tx, lines) = mpsc::channel();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
            Running { child, lines }
        }

        /// Waits for a line that `pred` accepts, collecting every line into `seen`.
        async fn wait_for(&self, seen: &mut Vec<Value>, what: &str, pred: impl Fn(&Value) -> bool) {
            let end = Instant::now() + Duration::from_secs(60);
            while Instant::now() < end {
                while let Ok(l) = self.lines.try_recv() {
                    seen.push(serde_json::from_str(&l).unwrap_or_else(|e| panic!("{e}: {l}")));
                }
                if seen.iter().any(&pred) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("no {what} from `tahsildar track` within 60 s; it printed {seen:?}");
        }

        /// Ctrl+C: the process stops by itself, exit 0; the rest of its lines.
        async fn interrupt(mut self, seen: &mut Vec<Value>) {
            let pid = self.child.id().to_string();
            assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
            let end = Instant::now() + Duration::from_secs(30);
            let status = loop {
                if let Some(s) = self.child.try_wait().unwrap() {
                    break s;
                }
                assert!(Instant::now() < end, "`tahsildar track` still running 30 s after Ctrl+C");
                tokio::time::sleep(Duration::from_millis(100)).await;
            };
            assert_eq!(status.code(), Some(0), "exit after Ctrl+C");
            tokio::time::sleep(Duration::from_millis(200)).await;
            while let Ok(l) = self.lines.try_recv() {
                seen.push(serde_json::from_str(&l).unwrap());
            }
        }
    }

    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn track_keeps_running_sees_new_links_and_stops_on_ctrl_c() {
        let sb = sandbox().await;
        let dir = book_dir();
        // Started on an empty book: it must notice links made after it started.
        let running = Running::start(&dir, sb.base_url());
        tokio::time::sleep(Duration::from_millis(500)).await;
        let v = create_in(&sb, &dir, "paytr", &["--amount", "42,50", "--description", "Kahve"]).await;
        let id = v["id"].as_str().unwrap().to_string();
        pay(&sb, "paytr", &id).await;
        let mut seen = Vec::new();
        running
            .wait_for(&mut seen, "paid line", |l| l["event"] == "status" && l["id"] == id.as_str() && l["to"] == "paid")
            .await;
        running.interrupt(&mut seen).await;
        assert_eq!(status_events(&seen).len(), 1, "{seen:?}");
    }

    /// What the desktop app runs over its book (see the app's `state/books.rs`): its own
    /// connection, the link service and a spawned tracker.
    struct App {
        service: LinkService,
        tracked: std::sync::Arc<SqliteTrackerStore>,
        handle: tahsildar_core::tracker::TrackerHandle,
        events: tokio::sync::broadcast::Receiver<TrackerEvent>,
    }

    fn open_app(dir: &std::path::Path, sb: &Sandbox) -> App {
        use secrecy::SecretString;
        use std::sync::{Arc, Mutex};
        use tahsildar_core::providers::paynet::PaynetClient;
        use tahsildar_core::providers::paytr::{PaytrClient, PaytrCredentials};
        use tahsildar_core::providers::Clients;
        let path = dir.join(FILE_NAME);
        let store = Arc::new(Mutex::new(Store::open(&path).unwrap()));
        let tracked = Arc::new(SqliteTrackerStore::new(store.clone(), &path).unwrap());
        let paynet = PaynetClient::new(sb.base_url(), SecretString::from(DEMO_PAYNET_SECRET_KEY)).unwrap();
        let creds = PaytrCredentials {
            merchant_id: DEMO_PAYTR_MERCHANT_ID.into(),
            merchant_key: SecretString::from(DEMO_PAYTR_MERCHANT_KEY),
            merchant_salt: SecretString::from(DEMO_PAYTR_MERCHANT_SALT),
        };
        let paytr = PaytrClient::new(sb.base_url(), creds).unwrap();
        let service = LinkService::new(store, Clients::default().with(Some(paynet.clone())).with(Some(paytr.clone())));
        // The CLI's own pace (its defaults), so the two trackers really race for each sale.
        let config = TrackerConfig::default();
        let (tx, events) = tokio::sync::broadcast::channel(4096);
        let clients = Clients::default().with(Some(paynet)).with(Some(paytr));
        let handle = Tracker::spawn(tracked.clone(), clients, tx, config);
        App { service, tracked, handle, events }
    }

    async fn app_create(app: &App, provider: Provider, amount: &str, who: &str) -> String {
        let form = CreateForm {
            provider: Some(provider),
            amount_text: amount.into(),
            description: format!("Uygulama {who}"),
            customer: who.into(),
            ..CreateForm::default()
        };
        let out = app.service.create(&form).await.unwrap_or_else(|e| panic!("{e}"));
        // As the app's create command does: the tracker looks at its schedule again.
        app.handle.wake();
        out.link().provider_id.clone().unwrap()
    }

    /// The app and the CLI on one book: links made by both, paid, each attributed and announced
    /// exactly once (by whichever tracker saw it first); the owner's cancel in the app is never
    /// overwritten by the CLI's tracker.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn the_app_and_the_cli_track_one_book_at_once() {
        let sb = sandbox().await;
        let dir = book_dir();
        let mut app = open_app(&dir, &sb);
        let running = Running::start(&dir, sb.base_url());

        // Made at the same time by both, with distinct amounts (one sale fits one link).
        let (cli_links, app_links) = tokio::join!(
            async {
                let mut v = Vec::new();
                for (n, provider) in ["paytr", "paynet", "paytr", "paynet"].into_iter().enumerate() {
                    let amount = format!("1{n}1,25");
                    let who = format!("CLI {n}");
                    let args: Vec<&str> = if provider == "paytr" {
                        vec!["--amount", &amount, "--description", &who]
                    } else {
                        vec!["--amount", &amount, "--name", &who]
                    };
                    let l = create_in(&sb, &dir, provider, &args).await;
                    v.push((provider.to_string(), l["id"].as_str().unwrap().to_string()));
                }
                v
            },
            async {
                let mut v = Vec::new();
                for (n, provider) in
                    [Provider::Paytr, Provider::Paynet, Provider::Paytr, Provider::Paynet].into_iter().enumerate()
                {
                    let id = app_create(&app, provider, &format!("2{n}2,75"), &format!("App {n}")).await;
                    v.push((provider.as_str().to_string(), id));
                }
                v
            }
        );
        // One more, cancelled by the owner in the app while both trackers run.
        let kept = app_create(&app, Provider::Paynet, "999", "İptal").await;
        let kept_row =
            app.tracked.store().lock().unwrap().find_by_provider_id(Provider::Paynet, &kept).unwrap().unwrap();
        app.service.cancel(kept_row.id).await.unwrap();

        let all: Vec<(String, String)> = cli_links.into_iter().chain(app_links).collect();
        for (provider, id) in &all {
            pay(&sb, provider, id).await;
        }
        // Wait until the book has them all paid, then a few more sweeps of both.
        let book = Store::open(&dir.join(FILE_NAME)).unwrap();
        let end = Instant::now() + Duration::from_secs(60);
        loop {
            let paid =
                book.query(&Default::default()).unwrap().rows.iter().filter(|r| r.status == LinkStatus::Paid).count();
            if paid == all.len() {
                break;
            }
            assert!(Instant::now() < end, "only {paid} of {} links paid after 60 s", all.len());
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
        let mut seen = Vec::new();
        running.interrupt(&mut seen).await;
        app.handle.shutdown().await;

        // Each link announced once in all: by the app or by the CLI, never both.
        let by_cli: Vec<String> = status_events(&seen)
            .iter()
            .filter(|e| e["to"] == "paid")
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect();
        let mut by_app = Vec::new();
        let mut app_errors = Vec::new();
        while let Ok(e) = app.events.try_recv() {
            match e {
                TrackerEvent::LinkStatusChanged { link_id, status: LinkStatus::Paid } => {
                    by_app.push(book.get(link_id).unwrap().provider_id.unwrap())
                }
                e @ (TrackerEvent::Error { .. } | TrackerEvent::StoreError { .. }) => app_errors.push(e),
                _ => {}
            }
        }
        // Losing a race is not an error: the other one's write stands, silently.
        let cli_errors: Vec<&Value> = seen.iter().filter(|l| l["event"] == "error").collect();
        assert!(cli_errors.is_empty() && app_errors.is_empty(), "CLI: {cli_errors:?}; app: {app_errors:?}");
        let mut announced: Vec<String> = by_cli.iter().chain(&by_app).cloned().collect();
        announced.sort();
        let mut want: Vec<String> = all.iter().map(|(_, id)| id.clone()).collect();
        want.sort();
        assert_eq!(announced, want, "CLI announced {by_cli:?}, the app {by_app:?}");
        eprintln!("announced by the CLI: {by_cli:?}; by the app: {by_app:?}");

        // Each PayTR sale attributed to one link, each link paid by one sale.
        let day = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let sales = app.tracked.sales_since(day).unwrap();
        let attributed: Vec<_> = sales.iter().filter(|s| s.state == SaleState::Attributed).collect();
        assert_eq!(attributed.len(), 4, "{sales:?}");
        let mut linked: Vec<i64> = attributed.iter().filter_map(|s| s.link_id).collect();
        linked.sort();
        linked.dedup();
        assert_eq!(linked.len(), 4);
        assert_eq!(lock(&sb.state().paytr).link_count(), 4);
        // The owner's cancel stood.
        assert_eq!(book.get(kept_row.id).unwrap().status, LinkStatus::Cancelled);
    }
}
