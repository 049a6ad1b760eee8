//! The Linkler summary strip's command (issue 11 §1): totals for the list's filter, after real
//! payments on the in-process sandbox reach the store through the tracker.

use super::*;
use serde_json::json;

fn create(h: &Harness, provider: &str, amount: &str, customer: &str) -> Value {
    let mut f = form(provider, amount);
    f["customer"] = json!(customer);
    let r = h.ok("create_link", json!({ "form": f }));
    assert_eq!(r["outcome"], "created", "{r}");
    r["link"].clone()
}

fn pay(h: &Harness, provider: &str, link: &Value) {
    let base = h.state().sandbox_url().expect("demo mode");
    let url = format!("{}/_sandbox/{provider}/pay", base.trim_end_matches('/'));
    let body = json!({ "id": link["providerId"], "outcome": "paid" });
    let status = tauri::async_runtime::block_on(async { reqwest::Client::new().post(&url).json(&body).send().await })
        .expect("sandbox answers")
        .status();
    assert!(status.is_success(), "paying {link}: {status}");
}

#[test]
fn the_strip_totals_follow_the_filter_over_every_link() {
    let h = harness();
    let a = create(&h, "paynet", "1.500,50", "Ali Veli");
    let b = create(&h, "paytr", "1.920,00", "Ayşe Kaya");
    create(&h, "paynet", "400", "Can Demir");
    let d = create(&h, "paynet", "250", "Deniz Ak");
    pay(&h, "paynet", &a);
    pay(&h, "paytr", &b);
    h.ok("cancel_link", json!({ "id": d["id"] }));
    let tracker = h.state().books().unwrap().tracker.clone();
    tauri::async_runtime::block_on(tracker.cycle_now()).expect("tracker runs");

    let all = h.ok("link_summary", json!({}));
    assert_eq!(all["paid"], json!([{ "currency": "TL", "count": 2, "totalMinor": 342050 }]), "{all}");
    assert_eq!(all["waiting"], json!([{ "currency": "TL", "count": 1, "totalMinor": 40000 }]));
    assert_eq!(
        (all["cancelled"].as_u64(), all["expired"].as_u64(), all["unknown"].as_u64()),
        (Some(1), Some(0), Some(0))
    );
    let today = all["today"].as_str().unwrap().to_owned();
    assert_eq!(today.len(), 10, "{today}");

    // Today (Istanbul) holds them all; the day before holds none.
    let of_today = h.ok("link_summary", json!({ "from": today, "to": today }));
    assert_eq!(of_today["paid"], all["paid"]);
    let day = chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap().pred_opt().unwrap();
    let before = h.ok("link_summary", json!({ "from": day.to_string(), "to": day.to_string() }));
    assert_eq!((before["paid"].as_array().unwrap().len(), before["cancelled"].as_u64()), (0, Some(0)));

    let paytr = h.ok("link_summary", json!({ "provider": "paytr" }));
    assert_eq!(paytr["paid"], json!([{ "currency": "TL", "count": 1, "totalMinor": 192000 }]));
    let found = h.ok("link_summary", json!({ "text": "ali", "statuses": ["paid"] }));
    assert_eq!(found["paid"][0]["totalMinor"], 150050);

    let bad = h.err("link_summary", json!({ "from": "dün", "lang": "tr" }));
    assert_eq!(bad["fields"][0]["field"], "from", "{bad}");

    // The day report of today: per provider, the payments with the providers' nets (the
    // sandbox's Paynet pays the whole amount; its PayTR keeps 3.49 %), and what still waits.
    let report = h.ok("day_report", json!({}));
    assert_eq!((report["from"].as_str(), report["to"].as_str()), (Some(today.as_str()), Some(today.as_str())));
    let groups = report["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{report}");
    let (paynet, paytr) = (&groups[0], &groups[1]);
    assert_eq!((paynet["provider"].as_str(), paynet["currency"].as_str()), (Some("paynet"), Some("TL")));
    assert_eq!(paynet["payments"][0]["customer"], "Ali Veli");
    assert_eq!((paynet["paidTotalMinor"].as_i64(), paynet["netTotalMinor"].as_i64()), (Some(150050), Some(150050)));
    assert_eq!(
        (paynet["waiting"][0]["customer"].as_str(), paynet["waitingTotalMinor"].as_i64()),
        (Some("Can Demir"), Some(40000))
    );
    assert_eq!(paytr["provider"], "paytr");
    assert_eq!((paytr["paidTotalMinor"].as_i64(), paytr["netTotalMinor"].as_i64()), (Some(192000), Some(185299)));
    assert_eq!(paytr["payments"][0]["surchargeMinor"], Value::Null);
    assert!(paytr["waiting"].as_array().unwrap().is_empty());
    let yesterday = h.ok("day_report", json!({ "from": day.to_string() }));
    assert_eq!(yesterday["groups"], json!([]));
    let wrong = h.err("day_report", json!({ "from": today, "to": day.to_string(), "lang": "en" }));
    assert_eq!(wrong["fields"][0]["field"], "to", "{wrong}");

    // Its CSV: the same rows (2 payments, 1 waiting) and a total per group.
    let path = h.dir.path().join("gun-sonu.csv");
    let t = chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap();
    let rows = tauri::async_runtime::block_on(crate::commands::summary::write_report(
        &h.state(),
        t,
        t,
        path.clone(),
        tahsildar_core::Lang::Tr,
    ))
    .unwrap();
    assert_eq!(rows, 3);
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.contains(";Ali Veli;2 kg baklava;1500,50;;;1500,50;\r\n"), "{csv}");
    assert!(csv.contains("PayTR;TL;Toplam (1 ödeme);;;;1920,00;0,00;;1852,99;\r\n"), "{csv}");
}
