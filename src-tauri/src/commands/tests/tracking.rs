//! The payment tracker inside the app: a payment made on the sandbox reaches the UI as events,
//! a notice and a count, with no click; demo and live links stay apart.

use super::*;
use crate::tracking::UiEvent;
use serde_json::json;
use std::time::{Duration, Instant};
use tahsildar_core::sandbox::faults::Fault;
use tahsildar_core::tracker::{Cadence, TrackerConfig};
use tokio::sync::broadcast;

fn create(h: &Harness, provider: &str, amount: &str, customer: &str) -> Value {
    let mut f = form(provider, amount);
    f["customer"] = json!(customer);
    let r = h.ok("create_link", json!({ "form": f }));
    assert_eq!(r["outcome"], "created", "{r}");
    r["link"].clone()
}

/// Pays a link the way the sandbox's own page does.
fn pay(base: &str, provider: &str, provider_id: &str) {
    let url = format!("{}/_sandbox/{provider}/pay", base.trim_end_matches('/'));
    let body = json!({ "id": provider_id, "outcome": "paid" });
    let status = tauri::async_runtime::block_on(async { reqwest::Client::new().post(&url).json(&body).send().await })
        .expect("sandbox answers")
        .status();
    assert!(status.is_success(), "paying {provider_id}: {status}");
}

fn demo_url(h: &Harness) -> String {
    h.state().sandbox_url().expect("demo mode")
}

fn cycle(h: &Harness) {
    let tracker = h.state().books().unwrap().tracker.clone();
    tauri::async_runtime::block_on(tracker.cycle_now()).expect("tracker runs");
}

fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn next_payment(rx: &mut broadcast::Receiver<UiEvent>) -> (String, String, u64) {
    wait_for("a PaymentReceived UI event", || loop {
        match rx.try_recv() {
            Ok(UiEvent::PaymentReceived { title, body, payload }) => return Some((title, body, payload.unseen_count)),
            Ok(_) => continue,
            Err(_) => return None,
        }
    })
}

#[test]
fn a_paynet_payment_is_announced_with_a_notice_and_counted_until_seen() {
    let h = harness();
    let mut ui = h.state().subscribe();
    let link = create(&h, "paynet", "1.234,56", "Ali Veli");
    assert_eq!(h.ok("get_unseen_payments", json!({})), 0);

    pay(&demo_url(&h), "paynet", link["providerId"].as_str().unwrap());
    cycle(&h);
    let (title, body, unseen) = next_payment(&mut ui);
    assert_eq!((title.as_str(), body.as_str(), unseen), ("Ödeme alındı", "Ali Veli 1.234,56 TL ödedi", 1));
    let event = wait_for("payment-received", || h.heard(crate::tracking::PAYMENT_RECEIVED_EVENT).first().cloned());
    assert_eq!(event["unseenCount"], 1);
    assert_eq!((event["link"]["id"].clone(), event["link"]["status"].clone()), (link["id"].clone(), json!("paid")));
    let statuses: Vec<Value> =
        h.events().iter().filter(|e| e["link"]["id"] == link["id"]).map(|e| e["link"]["status"].clone()).collect();
    assert_eq!(statuses.last(), Some(&json!("paid")), "link-status told the rows: {statuses:?}");

    assert_eq!(h.ok("get_unseen_payments", json!({})), 1);
    assert_eq!(h.ok("mark_payments_seen", json!({})), 0);
    assert_eq!(h.ok("get_unseen_payments", json!({})), 0);
    assert_eq!(
        wait_for("unseen-payments", || h.heard(crate::tracking::UNSEEN_PAYMENTS_EVENT).first().cloned()),
        json!({ "unseenCount": 0 })
    );
    cycle(&h);
    assert_eq!(h.ok("get_unseen_payments", json!({})), 0, "a paid link is announced once");

    // "Last looked" survives a restart; the demo link is in the demo file only.
    let config = StateConfig {
        data_dir: h.dir.path().to_path_buf(),
        secrets: Arc::new(TestKeychain::default()),
        demo_listen: None,
        paynet_url: None,
        paytr_url: None,
        iyzico_url: None,
        tracker: TrackerConfig::default(),
    };
    let again = tauri::async_runtime::block_on(AppState::open(config)).expect("reopens");
    assert_eq!(tauri::async_runtime::block_on(again.unseen_payments(tahsildar_core::Lang::Tr)).unwrap(), 0);
    tauri::async_runtime::block_on(again.shutdown());
    let live = tahsildar_core::store::Store::open(&h.dir.path().join(tahsildar_core::store::FILE_NAME)).unwrap();
    assert_eq!(live.query(&Default::default()).unwrap().total, 0, "no demo link in the live file");
    assert!(h.dir.path().join(crate::state::books::DEMO_FILE_NAME).exists());
}

#[test]
fn the_row_turns_paid_without_a_click() {
    let fast = TrackerConfig {
        cadence: Cadence { fast: Duration::from_millis(200), ..Cadence::default() },
        ..TrackerConfig::default()
    };
    let h = harness_full(mock_context(noop_assets()), fast);
    let mut ui = h.state().subscribe();
    h.ok("save_settings", json!({ "settings": { "lang": "en", "paynetEnv": "test", "providersInUse": [], "lastProvider": null, "closeToTray": true, "sound": true } }));
    let link = create(&h, "paytr", "77,70", "Ali Veli");
    pay(&demo_url(&h), "paytr", link["providerId"].as_str().unwrap());
    let (title, body, unseen) = next_payment(&mut ui);
    assert_eq!((title.as_str(), body.as_str(), unseen), ("Payment received", "Ali Veli paid 77,70 TL", 1));
    wait_for("link-status paid", || {
        h.events().iter().any(|e| e["link"]["id"] == link["id"] && e["link"]["status"] == "paid").then_some(())
    });
}

#[test]
fn demo_and_live_links_are_kept_apart_and_both_tracked() {
    let h = harness();
    let demo = create(&h, "paynet", "10", "Demo Müşteri");
    h.ok("set_paynet_credentials", json!({ "secretKey": LIVE_PAYNET_KEY, "env": "test" }));
    assert_eq!(h.ok("list_links", json!({}))["total"], 0, "live mode shows no demo link");
    let live = create(&h, "paynet", "20", "Gerçek Müşteri");
    pay(h.provider.base_url(), "paynet", live["providerId"].as_str().unwrap());
    cycle(&h);
    assert_eq!(h.ok("get_link", json!({ "id": live["id"] }))["status"], "paid", "the live tracker uses the saved key");
    assert_eq!(h.ok("get_unseen_payments", json!({})), 1);

    h.ok("clear_credentials", json!({ "provider": "paynet" }));
    let page = h.ok("list_links", json!({}));
    assert_eq!(page["total"], 1);
    assert_eq!(
        (page["rows"][0]["customer"].clone(), page["rows"][0]["status"].clone()),
        (demo["customer"].clone(), json!("waiting"))
    );
    assert_eq!(h.ok("get_unseen_payments", json!({})), 0, "the count is per mode");
}

#[test]
fn a_sale_fitting_two_links_waits_for_the_owners_pick() {
    let h = harness();
    let a = create(&h, "paytr", "55", "Ayşe");
    let b = create(&h, "paytr", "55", "Fatma");
    pay(&demo_url(&h), "paytr", b["providerId"].as_str().unwrap());
    cycle(&h);
    let event = wait_for("ambiguous-sale", || h.heard(crate::tracking::AMBIGUOUS_SALE_EVENT).first().cloned());
    assert_eq!(event["amountText"], "55,00 TL");
    let mut ids: Vec<i64> = event["candidates"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, [a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap()]);
    let listed = h.ok("list_ambiguous_sales", json!({}));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["oid"], event["oid"]);

    let err = h.err("resolve_sale", json!({ "oid": event["oid"], "linkId": 999_999, "lang": "en" }));
    assert_eq!(err["kind"], "validation", "{err}");
    let paid = h.ok("resolve_sale", json!({ "oid": event["oid"], "linkId": b["id"] }));
    assert_eq!(paid["status"], "paid");
    assert_eq!(h.ok("get_link", json!({ "id": a["id"] }))["status"], "waiting");
    assert_eq!(h.ok("list_ambiguous_sales", json!({})), json!([]));
    let err = h.err("dismiss_sale", json!({ "oid": event["oid"], "lang": "en" }));
    assert_eq!(err["kind"], "wrong_state", "{err}");
}

#[test]
fn a_failed_check_is_reported_in_plain_words() {
    let h = harness();
    create(&h, "paynet", "12", "Ali Veli");
    let sandbox = h.state().sandbox().unwrap();
    lock(&sandbox.state().faults).set("/v1/mailorder/list", Fault::Http500, Some(1));
    cycle(&h);
    let e = wait_for("tracker-error", || h.heard(crate::tracking::TRACKER_ERROR_EVENT).first().cloned());
    assert_eq!((e["provider"].as_str(), e["kind"].as_str()), (Some("paynet"), Some("server")), "{e}");
    assert_eq!(e["message"], "Paynet şu an cevap vermiyor, biraz sonra tekrar deneyin.");
}

#[test]
fn the_page_hears_a_change_through_next_events_while_it_waits() {
    let h = harness();
    // The page's first ask answers at once: where "from now on" starts.
    let first = h.ok("next_events", json!({}));
    assert_eq!((first["events"].clone(), first["missed"].clone()), (json!([]), json!(false)), "{first}");
    let from = first["next"].clone();
    let window = h.window.clone();
    let waiting = std::thread::spawn(move || invoke(&window, "next_events", json!({ "from": from })));
    std::thread::sleep(Duration::from_millis(200));
    assert!(!waiting.is_finished(), "with nothing new, the ask waits");
    let link = create(&h, "paynet", "10", "Ali Veli");
    let batch = waiting.join().expect("no panic").expect("answered");
    assert_eq!(batch["missed"], false, "{batch}");
    let event = &batch["events"][0];
    assert_eq!(
        (event["name"].as_str(), event["payload"]["link"]["id"].clone()),
        (Some("link-status"), link["id"].clone())
    );
    assert!(event["payload"]["link"]["qrPngDataUrl"].is_null(), "the QR image stays out of events");
}
