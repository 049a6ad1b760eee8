//! Reminders for unpaid links (issue 11 §2) through the commands: "Hatırlat" on a link past the
//! threshold, the row's flags and the count, the templates and the hours in Ayarlar. Demo mode
//! against the in-process sandbox over HTTP; links are aged in the real SQLite file.

use super::*;
use crate::commands::remind::remind;
use crate::commands::share::whatsapp_for;
use crate::dto::remind::ReminderChannelDto;
use serde_json::json;
use tahsildar_core::Lang;

const HOUR_MS: i64 = 3_600_000;
const PAYTR_SMS: &str = "/odeme/api/link/send-sms";

fn create(h: &Harness, provider: &str, amount: &str, description: &str) -> Value {
    let mut f = form(provider, amount);
    f["description"] = json!(description);
    f["phone"] = json!("0555 123 45 67");
    let r = h.ok("create_link", json!({ "form": f }));
    assert_eq!(r["outcome"], "created", "{r}");
    r["link"].clone()
}

/// Makes link `id` `hours` older in the demo book's SQLite file, as the clock would.
fn age(h: &Harness, id: &Value, hours: i64) {
    let path = h.dir.path().join(crate::state::books::DEMO_FILE_NAME);
    let db = rusqlite::Connection::open(&path).expect("demo book");
    let n = db
        .execute(
            "UPDATE links SET created_at = created_at - ?1 WHERE id = ?2",
            rusqlite::params![hours * HOUR_MS, id.as_i64()],
        )
        .expect("age the link");
    assert_eq!(n, 1, "link {id} aged");
}

fn row(h: &Harness, id: &Value) -> Value {
    let page = h.ok("list_links", json!({}));
    page["rows"].as_array().unwrap().iter().find(|r| r["id"] == *id).cloned().expect("row listed")
}

fn to_remind(h: &Harness) -> (u64, u64) {
    let page = h.ok("list_links", json!({ "toRemind": true }));
    (h.ok("count_to_remind", json!({})).as_u64().unwrap(), page["total"].as_u64().unwrap())
}

/// An opener that opened (the real one needs a desktop).
fn opens(_: &str) -> Result<(), String> {
    Ok(())
}

fn text_of(url: &str) -> String {
    let parsed = url::Url::parse(url).expect("wa.me address");
    parsed.query_pairs().find(|(k, _)| k == "text").map(|(_, v)| v.into_owned()).expect("text")
}

#[test]
fn a_link_past_the_threshold_is_due_and_a_whatsapp_reminder_is_recorded() {
    let h = harness();
    let link = create(&h, "paytr", "1.234,56", "Doğum günü & pasta 🎂");
    let other = create(&h, "paynet", "50", "Baklava");
    let fresh = row(&h, &link["id"]);
    assert_eq!((fresh["dueReminder"].as_bool(), fresh.get("lastReminder")), (Some(false), None), "{fresh}");
    assert_eq!(to_remind(&h), (0, 0), "nothing is due within the first 24 hours");

    age(&h, &link["id"], 25);
    assert_eq!(row(&h, &link["id"])["dueReminder"], true);
    assert_eq!(row(&h, &other["id"])["dueReminder"], false, "the other link is still new");
    assert_eq!(to_remind(&h), (1, 1));
    let page = h.ok("list_links", json!({ "toRemind": true }));
    assert_eq!(page["rows"][0]["id"], link["id"]);
    let narrowed = h.ok("list_links", json!({ "toRemind": true, "provider": "paynet" }));
    assert_eq!(narrowed["total"], 0, "the rest of the filter narrows the due links");

    let state = h.state();
    let out = tauri::async_runtime::block_on(remind(
        &state,
        link["id"].as_i64().unwrap(),
        ReminderChannelDto::Whatsapp,
        "0555 123 45 67",
        Lang::Tr,
        opens,
    ))
    .expect("reminded");
    let url = out.whatsapp_url.clone().expect("a wa.me address");
    assert!(url.starts_with("https://wa.me/905551234567?text=Merhaba%20Ay%C5%9Fe"), "{url}");
    assert!(!url.contains(' ') && !url.contains("&b") && url.contains("%26%20pasta%20%F0%9F%8E%82"), "escaped: {url}");
    let text = text_of(&url);
    assert!(text.contains("Doğum günü & pasta 🎂 için 1.234,56 TL"), "{text}");
    assert!(text.contains(link["url"].as_str().unwrap()) && text.contains("son gün:"), "{text}");
    assert_eq!(out.reminder.channel, ReminderChannelDto::Whatsapp);
    assert_eq!(out.reminder.to.as_deref(), Some("905551234567"));
    assert_eq!(
        (out.link.due_reminder, out.link.last_reminder.as_ref().map(|r| r.id)),
        (Some(false), Some(out.reminder.id))
    );
    assert_eq!(h.requests(PAYTR_SMS), 0, "WhatsApp sends nothing through the provider");

    // The row, Paylaş and the count all show it.
    let after = row(&h, &link["id"]);
    assert_eq!(
        (after["dueReminder"].as_bool(), after["lastReminder"]["channel"].as_str()),
        (Some(false), Some("whatsapp"))
    );
    assert_eq!(h.ok("get_link", json!({ "id": link["id"] }))["lastReminder"]["id"], out.reminder.id);
    let kept = h.ok("list_reminders", json!({ "id": link["id"] }));
    assert_eq!(kept.as_array().map(Vec::len), Some(1), "{kept}");
    assert_eq!(kept[0]["channel"], "whatsapp");
    assert_eq!(to_remind(&h), (0, 0), "reminded: not due again for 24 hours");
}

#[test]
fn a_whatsapp_that_did_not_open_is_not_a_reminder_and_the_owner_is_told_to_copy_the_link() {
    let h = harness();
    let link = create(&h, "paytr", "99,90", "Tamir");
    age(&h, &link["id"], 25);
    let id = link["id"].as_i64().unwrap();
    let state = h.state();
    for (lang, said) in
        [(Lang::Tr, "Linki kopyalayıp müşteriye kendiniz gönderebilirsiniz"), (Lang::En, "copy the link")]
    {
        let mut handed = Vec::new();
        let fails = |url: &str| {
            handed.push(url.to_string());
            Err(format!("Launcher \"xdg-open\" \"{url}\" failed with exit status: 3"))
        };
        let e = tauri::async_runtime::block_on(remind(
            &state,
            id,
            ReminderChannelDto::Whatsapp,
            "0555 123 45 67",
            lang,
            fails,
        ))
        .expect_err("WhatsApp did not open");
        assert!(e.message.starts_with(if lang == Lang::Tr {
            "WhatsApp açılamadı."
        } else {
            "WhatsApp could not be"
        }));
        assert!(e.message.contains(said) && !e.message.contains("wa.me"), "{}", e.message);
        assert!(handed.len() == 1 && handed[0].starts_with("https://wa.me/905551234567?text="), "{handed:?}");
        assert_eq!(h.ok("list_reminders", json!({ "id": link["id"] })), json!([]), "no reminder listed");
        let still = row(&h, &link["id"]);
        assert_eq!((still["dueReminder"].as_bool(), still.get("lastReminder")), (Some(true), None), "{still}");
        assert_eq!(to_remind(&h), (1, 1), "still under \"Hatırlatılacak\"");
    }
    // Once WhatsApp opens, the same click is recorded.
    let out = tauri::async_runtime::block_on(remind(&state, id, ReminderChannelDto::Whatsapp, "", Lang::Tr, opens))
        .expect("reminded");
    assert_eq!(h.ok("list_reminders", json!({ "id": link["id"] }))[0]["id"], out.reminder.id);
    assert_eq!(to_remind(&h), (0, 0));
}

#[test]
fn paytr_resends_by_sms_and_paynet_says_it_cannot() {
    let h = harness();
    let paytr = create(&h, "paytr", "99,90", "Tamir");
    let r = h.ok("remind_link", json!({ "id": paytr["id"], "channel": "sms", "lang": "tr" }));
    assert_eq!(r["message"], "SMS gönderildi: 0555 123 45 67", "{r}");
    assert!(r.get("whatsappUrl").is_none());
    assert_eq!(r["link"]["lastReminder"]["channel"], "sms");
    assert_eq!(h.requests(PAYTR_SMS), 1, "the provider sent it");
    let heard = h.events().into_iter().rfind(|e| e["link"]["id"] == paytr["id"]).expect("announced");
    assert_eq!(heard["link"]["lastReminder"]["channel"], "sms", "the row learns of it from the event");

    let paynet = create(&h, "paynet", "50", "Baklava");
    let e = h.err("remind_link", json!({ "id": paynet["id"], "channel": "sms", "lang": "en" }));
    assert!(e["message"].as_str().unwrap().contains("share it by WhatsApp or copy the link"), "{e}");
    let e = h.err("remind_link", json!({ "id": paynet["id"], "channel": "email", "to": "a@b.co", "lang": "tr" }));
    assert!(e["message"].as_str().unwrap().starts_with("Paynet bağlantıyı yalnızca oluştururken"), "{e}");
    assert_eq!(h.ok("list_reminders", json!({ "id": paynet["id"] })), json!([]), "a refusal is not a reminder");
    assert_eq!(row(&h, &paynet["id"])["actions"]["resend"], false, "the row offers no resend");
    // A mistyped phone is said on the field, and nothing is recorded.
    let e = h.err("remind_link", json!({ "id": paytr["id"], "channel": "sms", "to": "12" }));
    assert_eq!(e["kind"], "validation", "{e}");
    assert_eq!(h.ok("list_reminders", json!({ "id": paytr["id"] })).as_array().map(Vec::len), Some(1));
}

#[test]
fn templates_are_previewed_checked_saved_used_and_reset() {
    let h = harness();
    let t = h.ok("get_templates", json!({ "lang": "tr" }));
    assert_eq!((t["link"]["custom"].as_bool(), t["reminder"]["custom"].as_bool()), (Some(false), Some(false)));
    assert_eq!(t["reminder"]["text"], t["reminder"]["defaultText"]);
    assert_eq!(t["placeholders"], json!(["{ad}", "{tutar}", "{aciklama}", "{link}", "{son_gun}", "{gecerlilik}"]));
    assert_eq!((t["remindAfterHours"].as_u64(), t["maxChars"].as_u64()), (Some(24), Some(1000)));
    assert!(t["reminder"]["check"]["preview"]
        .as_str()
        .unwrap()
        .starts_with("Merhaba Ayşe Yılmaz, Doğum günü pastası için 1.250,00 TL"));

    let p = h.ok("preview_template", json!({ "kind": "reminder", "text": "Selam {ad} {isim}", "lang": "tr" }));
    assert_eq!(p["preview"], "Selam Ayşe Yılmaz {isim}\nhttps://pay.example/ABC123");
    let said = p["messages"].as_array().unwrap();
    assert!(said.iter().any(|m| m.as_str().unwrap().starts_with("Tanınmayan alan: {isim}")), "{p}");
    assert!(said.iter().any(|m| m.as_str().unwrap().contains("link mesajın sonuna eklenecek")), "{p}");
    let en = h.ok("preview_template", json!({ "kind": "link", "text": "Hi {ad}", "lang": "en" }));
    assert!(en["messages"][0].as_str().unwrap().starts_with("The message has no {link}"), "{en}");

    // Too long: refused with the reason, nothing saved.
    let long = "x".repeat(1001);
    let e = h.err("save_template", json!({ "kind": "reminder", "text": long, "lang": "tr" }));
    assert_eq!((e["field"].as_str(), e["kind"].as_str()), (Some("text"), Some("validation")), "{e}");
    assert!(e["message"].as_str().unwrap().contains("en fazla 1000 karakter"), "{e}");
    assert_eq!(h.ok("get_templates", json!({}))["reminder"]["custom"], false);

    // Saved, and used by "Hatırlat" and by Paylaş → WhatsApp (the demo book's link service).
    let saved = h.ok("save_template", json!({ "kind": "reminder", "text": "Selam {ad}, {tutar} bekliyor: {link}" }));
    assert_eq!((saved["reminder"]["custom"].as_bool(), saved["link"]["custom"].as_bool()), (Some(true), Some(false)));
    h.ok("save_template", json!({ "kind": "link", "text": "Buyrun {ad}: {link} — {aciklama}" }));
    let link = create(&h, "paytr", "20", "Kek kutusu");
    let id = link["id"].as_i64().unwrap();
    let state = h.state();
    let out =
        tauri::async_runtime::block_on(remind(&state, id, ReminderChannelDto::Whatsapp, "", Lang::Tr, opens)).unwrap();
    let url = out.whatsapp_url.unwrap();
    assert!(url.starts_with("https://wa.me/?text="), "no phone typed: WhatsApp's contact picker: {url}");
    assert_eq!(text_of(&url), format!("Selam Ayşe Yılmaz, 20,00 TL bekliyor: {}", link["url"].as_str().unwrap()));
    let share = tauri::async_runtime::block_on(whatsapp_for(&state, id, "", Lang::Tr)).unwrap();
    assert_eq!(text_of(&share), format!("Buyrun Ayşe Yılmaz: {} — Kek kutusu", link["url"].as_str().unwrap()));

    // "Varsayılana dön".
    let reset = h.ok("save_template", json!({ "kind": "link", "text": null }));
    assert_eq!((reset["link"]["custom"].as_bool(), reset["reminder"]["custom"].as_bool()), (Some(false), Some(true)));
    let share = tauri::async_runtime::block_on(whatsapp_for(&state, id, "", Lang::Tr)).unwrap();
    assert!(text_of(&share).starts_with("Merhaba Ayşe Yılmaz, 20,00 TL tutarındaki ödemeniz için link:"), "{share}");
}

#[test]
fn the_hours_are_checked_and_move_the_threshold() {
    let h = harness();
    let link = create(&h, "paynet", "75", "Tamir");
    age(&h, &link["id"], 2);
    assert_eq!(to_remind(&h), (0, 0), "2 hours old, 24 to wait");
    for bad in [json!(0), json!(721), json!(-3), json!(null)] {
        let e = h.err("set_remind_after_hours", json!({ "hours": bad, "lang": "tr" }));
        assert_eq!(e["field"], "hours", "{e}");
        assert!(e["message"].as_str().unwrap().contains("1 ile 720 arasında"), "{e}");
    }
    assert_eq!(h.ok("get_templates", json!({}))["remindAfterHours"], 24, "a refused value is not saved");
    let t = h.ok("set_remind_after_hours", json!({ "hours": 1 }));
    assert_eq!(t["remindAfterHours"], 1);
    assert_eq!(to_remind(&h), (1, 1), "the demo book's count follows the saved hours");
    assert_eq!(row(&h, &link["id"])["dueReminder"], true);
}

#[test]
fn the_csv_of_hatirlatilacak_holds_only_the_links_due() {
    use crate::commands::export::write_csv;
    use crate::dto::form::LinkFilterDto;
    let h = harness();
    let due = create(&h, "paynet", "1.234,56", "Doğum günü pastası");
    create(&h, "paytr", "40", "Kira ödemesi");
    age(&h, &due["id"], 25);
    let csv = |filter: LinkFilterDto| {
        let path = h.dir.path().join("out.csv");
        let n =
            tauri::async_runtime::block_on(write_csv(&h.state(), &filter, path.clone(), Lang::Tr)).expect("written");
        (n, std::fs::read_to_string(path).unwrap())
    };
    let (n, text) = csv(LinkFilterDto { to_remind: Some(true), ..Default::default() });
    assert_eq!(n, 1, "{text}");
    assert!(text.contains("Doğum günü pastası") && !text.contains("Kira ödemesi"), "{text}");
    assert_eq!(csv(LinkFilterDto::default()).0, 2, "without the chip: every link");
    let narrowed =
        LinkFilterDto { to_remind: Some(true), provider: Some(crate::dto::ProviderId::Paytr), ..Default::default() };
    assert_eq!(csv(narrowed).0, 0);
}
