//! Reminders (issue 11 §2) on a real SQLite file: which waiting links are due one, at the
//! boundaries, and the reminders recorded per link.

mod store_common;

use store_common::{link, open, TempDir};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{LinkFilter, LinkStatus, RemindWindow, ReminderChannel, Settings, Store};

const H: i64 = 3_600_000;
/// 2026-11-30 12:00 UTC.
const NOW: i64 = 1_796_040_000_000;

/// A waiting link created at `created` (expiring at `expires`).
fn waiting(s: &Store, name: &str, created: i64, expires: Option<i64>) -> i64 {
    let l = s.begin_create_at(&link(Provider::Paytr, 10_000, name, "Pasta"), created).unwrap();
    s.finish_create(l.id, &format!("P{}", l.id), &format!("https://pay.example/{}", l.id), expires).unwrap();
    l.id
}

fn due(s: &Store, w: RemindWindow) -> Vec<String> {
    let mut names: Vec<String> =
        s.query_to_remind(&LinkFilter::default(), w).unwrap().rows.into_iter().map(|l| l.customer).collect();
    names.sort();
    names
}

#[test]
fn due_links_at_the_boundaries() {
    let dir = TempDir::new("store-remind");
    let s = open(&dir);
    let w = RemindWindow::new(NOW, 24);
    waiting(&s, "exactly 24 h", NOW - 24 * H, None);
    waiting(&s, "24 h less 1 ms", NOW - 24 * H + 1, None);
    waiting(&s, "two days", NOW - 48 * H, Some(NOW + 24 * H));
    let r1h = waiting(&s, "reminded 1 h ago", NOW - 30 * H, None);
    s.record_reminder(r1h, ReminderChannel::Whatsapp, None, NOW - H).unwrap();
    let r24 = waiting(&s, "reminded exactly 24 h ago", NOW - 50 * H, None);
    s.record_reminder(r24, ReminderChannel::Sms, Some("0555 123 45 67"), NOW - 24 * H).unwrap();
    let twice = waiting(&s, "reminded twice, lately 2 h ago", NOW - 80 * H, None);
    s.record_reminder(twice, ReminderChannel::Email, Some("a@b.co"), NOW - 30 * H).unwrap();
    s.record_reminder(twice, ReminderChannel::Whatsapp, None, NOW - 2 * H).unwrap();
    waiting(&s, "expires now", NOW - 48 * H, Some(NOW));
    waiting(&s, "expired an hour ago, not marked yet", NOW - 48 * H, Some(NOW - H));
    waiting(&s, "expires in 1 ms", NOW - 48 * H, Some(NOW + 1));
    // Paid, expired, cancelled (and the other non-waiting states) are never due.
    let paid = waiting(&s, "paid", NOW - 48 * H, None);
    s.set_status(paid, LinkStatus::Paid, Some("X1"), NOW - 47 * H).unwrap();
    let expired = waiting(&s, "expired", NOW - 48 * H, None);
    s.set_status(expired, LinkStatus::Expired, None, NOW - 47 * H).unwrap();
    let cancelled = waiting(&s, "cancelled", NOW - 48 * H, None);
    s.set_status(cancelled, LinkStatus::Cancelled, None, NOW - 47 * H).unwrap();
    let unknown = s.begin_create_at(&link(Provider::Paynet, 500, "unknown", "x"), NOW - 48 * H).unwrap().id;
    s.mark_unknown(unknown, "timeout").unwrap();
    s.begin_create_at(&link(Provider::Paynet, 500, "creating", "x"), NOW - 48 * H).unwrap();

    assert_eq!(
        due(&s, w),
        vec!["exactly 24 h", "expires in 1 ms", "reminded exactly 24 h ago", "two days"],
        "waiting, at least 24 h old, payable, not reminded in the last 24 h"
    );
    assert_eq!(s.count_to_remind(w).unwrap(), 4);
    assert!(s.is_due_reminder(r24, w).unwrap());
    assert!(!s.is_due_reminder(r1h, w).unwrap());
    assert!(!s.is_due_reminder(paid, w).unwrap());

    // A millisecond later the 24 h-less-1-ms link is due too, and the one expiring then is not.
    assert_eq!(
        due(&s, RemindWindow::new(NOW + 1, 24)),
        vec!["24 h less 1 ms", "exactly 24 h", "reminded exactly 24 h ago", "two days"]
    );
    // An hour's setting makes the links reminded 2 h and exactly 1 h ago due again.
    let hourly = due(&s, RemindWindow::new(NOW, 1));
    assert!(hourly.contains(&"reminded twice, lately 2 h ago".to_string()), "{hourly:?}");
    assert!(hourly.contains(&"reminded 1 h ago".to_string()), "exactly 1 h ago is due again: {hourly:?}");
    assert_eq!(s.count_to_remind(RemindWindow::new(NOW, 1)).unwrap(), 7);
    // A month's setting: none of them is 30 days old.
    assert_eq!(s.count_to_remind(RemindWindow::new(NOW, 720)).unwrap(), 0);
}

#[test]
fn the_to_remind_filter_combines_with_the_others_and_pages() {
    let dir = TempDir::new("store-remind-filter");
    let s = open(&dir);
    for i in 0..7 {
        waiting(&s, &format!("Ayşe {i}"), NOW - (30 + i) * H, None);
    }
    let paynet = s.begin_create_at(&link(Provider::Paynet, 700, "Mehmet Kaya", "Kira"), NOW - 40 * H).unwrap();
    s.finish_create(paynet.id, "PN1", "https://pn.example/1", None).unwrap();
    let w = Settings::default().remind_window(NOW);

    let page = s.query_to_remind(&LinkFilter { limit: Some(3), offset: 3, ..Default::default() }, w).unwrap();
    assert_eq!(page.total, 8);
    let names: Vec<&str> = page.rows.iter().map(|l| l.customer.as_str()).collect();
    assert_eq!(names, ["Ayşe 3", "Ayşe 4", "Ayşe 5"], "newest first, like Linkler");

    let f = LinkFilter { provider: Some(Provider::Paynet), ..Default::default() };
    assert_eq!(s.query_to_remind(&f, w).unwrap().total, 1);
    // A text search (through the trigram index and by substring) stays within the due links.
    let f = LinkFilter { text: Some("kaya".into()), ..Default::default() };
    assert_eq!(s.query_to_remind(&f, w).unwrap().rows[0].id, paynet.id);
    let f = LinkFilter { text: Some("ayşe".into()), limit: Some(2), ..Default::default() };
    let page = s.query_to_remind(&f, w).unwrap();
    assert_eq!((page.total, page.rows.len()), (7, 2));
    s.record_reminder(page.rows[0].id, ReminderChannel::Whatsapp, None, NOW - H).unwrap();
    assert_eq!(s.query_to_remind(&f, w).unwrap().total, 6);
    assert_eq!(s.query(&f).unwrap().total, 7, "the plain query is unchanged");
    let plan = s.explain_to_remind(&LinkFilter::default(), w).unwrap().join(" | ");
    assert!(plan.contains("links_remind") || plan.contains("links_status"), "{plan}");
    assert!(plan.contains("reminders_link_at"), "{plan}");
}

#[test]
fn reminders_are_kept_per_link_and_the_last_one_is_read_for_a_page() {
    let dir = TempDir::new("store-remind-last");
    let (a, b, c) = {
        let s = open(&dir);
        let a = waiting(&s, "A", NOW - 48 * H, None);
        let b = waiting(&s, "B", NOW - 48 * H, None);
        let c = waiting(&s, "C", NOW - 48 * H, None);
        s.record_reminder(a, ReminderChannel::Whatsapp, Some("905551234567"), NOW - 30 * H).unwrap();
        s.record_reminder(a, ReminderChannel::Sms, Some("0555 123 45 67"), NOW - 3 * H).unwrap();
        s.record_reminder(a, ReminderChannel::Email, Some("a@b.co"), NOW - 10 * H).unwrap();
        s.record_reminder(b, ReminderChannel::Whatsapp, None, NOW - 5 * H).unwrap();
        // Two at the same moment: the later recorded is the last.
        s.record_reminder(b, ReminderChannel::Email, Some("b@b.co"), NOW - 5 * H).unwrap();
        (a, b, c)
    };
    // Read back from the file.
    let s = open(&dir);
    let all = s.reminders(a).unwrap();
    let seen: Vec<_> = all.iter().map(|r| (r.channel, r.at)).collect();
    assert_eq!(
        seen,
        [
            (ReminderChannel::Sms, NOW - 3 * H),
            (ReminderChannel::Email, NOW - 10 * H),
            (ReminderChannel::Whatsapp, NOW - 30 * H)
        ],
        "newest first"
    );
    assert_eq!(all[0].to.as_deref(), Some("0555 123 45 67"));
    let last = s.last_reminders(&[a, b, c, 999]).unwrap();
    assert_eq!(last.len(), 2, "only links with a reminder: {last:?}");
    assert_eq!((last[&a].channel, last[&a].at), (ReminderChannel::Sms, NOW - 3 * H));
    assert_eq!((last[&b].channel, last[&b].to.as_deref()), (ReminderChannel::Email, Some("b@b.co")));
    assert!(s.last_reminders(&[]).unwrap().is_empty());
    assert_eq!(s.last_reminders(&[c]).unwrap().len(), 0);
}

#[test]
fn the_totals_strip_follows_the_to_remind_filter() {
    let dir = TempDir::new("store-remind-summary");
    let s = open(&dir);
    // Two due (30 h and 40 h old), one too young (2 h), one paid: only the due two are counted.
    waiting(&s, "Ayşe", NOW - 30 * H, None);
    let reminded = waiting(&s, "Fatma", NOW - 31 * H, None);
    let paynet = s.begin_create_at(&link(Provider::Paynet, 700, "Mehmet Kaya", "Kira"), NOW - 40 * H).unwrap();
    s.finish_create(paynet.id, "PN1", "https://pn.example/1", None).unwrap();
    waiting(&s, "Zeynep", NOW - 2 * H, None);
    let w = Settings::default().remind_window(NOW);
    s.record_reminder(reminded, ReminderChannel::Whatsapp, None, NOW - H).unwrap();

    let sum = s.summary_to_remind(&LinkFilter::default(), w).unwrap();
    let waiting_tl: Vec<(u64, i64)> = sum.waiting.iter().map(|t| (t.count, t.total_minor)).collect();
    assert_eq!(waiting_tl, [(2, 10_700)], "Ayşe 100,00 + Mehmet 7,00; not the reminded or the young link");
    assert!(sum.paid.is_empty());
    // Other filters narrow it further, and the plain summary is unchanged.
    let f = LinkFilter { provider: Some(Provider::Paynet), ..Default::default() };
    assert_eq!(s.summary_to_remind(&f, w).unwrap().waiting[0].total_minor, 700);
    let f = LinkFilter { text: Some("ayşe".into()), ..Default::default() };
    assert_eq!(s.summary_to_remind(&f, w).unwrap().waiting[0].count, 1);
    assert_eq!(s.summary(&LinkFilter::default()).unwrap().waiting[0].count, 4);
}
