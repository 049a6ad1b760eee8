//! Measures the link store at 100,000 links: `cargo run --release -p tahsildar-core --bin bench_store [N]`.
//! Prints open, first page, text search, filter, summary, "to remind" and export times, and the file size. Not a
//! test: timings depend on the machine; the targets are page ≤ 100 ms, search ≤ 50 ms and the
//! Linkler summary ≤ 30 ms.

use rand::{rngs::StdRng, Rng, SeedableRng};
use std::path::Path;
use std::time::{Duration, Instant};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{
    export_csv, LinkFilter, LinkStatus, NewLink, RemindWindow, ReminderChannel, Store, StoreError,
};

const FIRST: &[&str] =
    &["Mehmet", "Ayşe", "Fatma", "Ali", "Şükrü", "İsmail", "Işıl", "Zeynep", "Emre", "Gül", "Hüseyin", "Özlem"];
const LAST: &[&str] = &["Yılmaz", "Kaya", "Demir", "Çelik", "Şahin", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç"];
const WHAT: &[&str] =
    &["Pasta", "Kira", "Tamir", "Kuaför", "Çiçek", "Sipariş", "Kurs ücreti", "Aidat", "Kargo", "Yedek parça"];
const DAY_MS: i64 = 86_400_000;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("tahsildar-bench-{}", uuid::Uuid::new_v4().simple()));
    let path = dir.join("links.sqlite3");
    let result = run(&path, n);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = result {
        eprintln!("bench_store: {e}");
        std::process::exit(1);
    }
}

fn run(path: &Path, n: usize) -> Result<(), StoreError> {
    let now = tahsildar_core::store::now_ms();
    let t = Instant::now();
    fill(path, n, now)?;
    println!("fill {n} links: {:.1} s", t.elapsed().as_secs_f64());

    // The first start after the update that added the search index (schema 5) builds it.
    {
        let conn = rusqlite::Connection::open(path)?;
        // The columns of later steps go first, so the upgrade can add them again.
        conn.execute_batch(
            "DROP TABLE refunds; DROP INDEX links_refunded; ALTER TABLE links DROP COLUMN refunded_minor;
             ALTER TABLE links DROP COLUMN surcharge_minor; ALTER TABLE links DROP COLUMN installments;
             DROP TABLE saved_items; DROP TABLE reminders; DROP INDEX links_remind;
             ALTER TABLE links DROP COLUMN net_minor; ALTER TABLE paytr_sales DROP COLUMN net_minor;
             DROP INDEX links_summary; ALTER TABLE links DROP COLUMN link_type;
             ALTER TABLE links DROP COLUMN min_count; ALTER TABLE links DROP COLUMN max_count;
             ALTER TABLE links DROP COLUMN flex_max_minor;",
        )?;
        conn.execute_batch(
            "DROP TABLE links_fts; DROP TRIGGER links_fts_insert; DROP TRIGGER links_fts_delete;
             DROP TRIGGER links_fts_update; PRAGMA user_version = 4;",
        )?;
    }
    let t = Instant::now();
    drop(Store::open(path)?);
    println!("upgrade from schema 4 (builds the search index of {n} links): {}", ms(t.elapsed()));

    let t = Instant::now();
    let store = Store::open(path)?;
    println!("open: {}", ms(t.elapsed()));
    refund_some(&store, path)?;

    let page = |f: LinkFilter| LinkFilter { limit: Some(50), ..f };
    let cases = [
        ("first page (50, newest first)", page(LinkFilter::default())),
        ("page 100 (offset 4950)", LinkFilter { offset: 4_950, ..page(LinkFilter::default()) }),
        ("search common word 'mehmet'", page(text("mehmet"))),
        ("search rare word 'kaplanoglu'", page(text("kaplanoğlu"))),
        ("search two words 'sukru pasta'", page(text("ŞÜKRÜ pasta"))),
        ("search missing word 'xyzzy'", page(text("xyzzy"))),
        (
            "status waiting, last 30 days",
            page(LinkFilter {
                statuses: vec![LinkStatus::Waiting],
                from_ms: Some(now - 30 * DAY_MS),
                ..Default::default()
            }),
        ),
        (
            "status paid + paytr, one year",
            page(LinkFilter {
                statuses: vec![LinkStatus::Paid],
                provider: Some(Provider::Paytr),
                from_ms: Some(now - 365 * DAY_MS),
                to_ms: Some(now),
                ..Default::default()
            }),
        ),
    ];
    for (name, filter) in &cases {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..7 {
            let t = Instant::now();
            total = store.query(filter)?.total;
            times.push(t.elapsed());
        }
        let first = times[0];
        times.sort();
        println!("{name}: first {}, median {} ({total} rows match)", ms(first), ms(times[3]));
        println!("    plan: {}", store.explain(filter)?.join(" | "));
    }

    // The Linkler summary strip (issue 11 §1): totals over the whole filter; target ≤ 30 ms.
    let today = tahsildar_core::store::summary::istanbul_day(now);
    let (day_start, day_end) = tahsildar_core::store::summary::istanbul_days_ms(today, today);
    let sums = [
        ("summary, no filter (every link)", LinkFilter::default()),
        (
            "summary, today (Istanbul)",
            LinkFilter { from_ms: Some(day_start), to_ms: Some(day_end), ..Default::default() },
        ),
        ("summary, last 30 days", LinkFilter { from_ms: Some(now - 30 * DAY_MS), ..Default::default() }),
        (
            "summary, paytr, one year",
            LinkFilter { provider: Some(Provider::Paytr), from_ms: Some(now - 365 * DAY_MS), ..Default::default() },
        ),
        ("summary, status waiting", LinkFilter { statuses: vec![LinkStatus::Waiting], ..Default::default() }),
        ("summary, search 'mehmet'", text("mehmet")),
        ("summary, search 'kaplanoglu'", text("kaplanoğlu")),
    ];
    // The summary reads its own index (`links_summary`, named in its statement) for every
    // filter without words; it is part of the schema, so it is not measured without it here.
    for (name, filter) in &sums {
        let mut times = Vec::new();
        let (mut paid, mut refunded) = (0, 0);
        for _ in 0..7 {
            let t = Instant::now();
            let s = store.summary(filter)?;
            times.push(t.elapsed());
            paid = s.paid.iter().map(|c| c.count).sum::<u64>();
            refunded = s.refunded.iter().map(|c| c.count).sum::<u64>();
        }
        let first = times[0];
        times.sort();
        println!("{name}: first {}, median {} ({paid} paid, {refunded} refunded)", ms(first), ms(times[3]));
        println!("    plan: {}", store.explain_summary(filter)?.join(" | "));
    }

    remind_figures(&store, path, now)?;

    let t = Instant::now();
    let mut sink = std::io::sink();
    let rows = export_csv(&store, &LinkFilter::default(), &mut sink)?;
    println!("csv export of all {rows} rows: {}", ms(t.elapsed()));

    drop(store);
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let wal = path.with_extension("sqlite3-wal");
    println!("file size: {:.1} MB (+ WAL {:.1} MB)", size(path) as f64 / 1e6, size(&wal) as f64 / 1e6);
    Ok(())
}

/// "Hatırlatılacak" (issue 11 §2): the Linkler tab's count and the filter's first page, as
/// filled (every link expires after 7 days, so few waiting ones are due) and in the worst case
/// (every waiting link without an expiry: ~8% of the links to check, a reminder for every tenth).
fn remind_figures(store: &Store, path: &Path, now: i64) -> Result<(), StoreError> {
    let window = RemindWindow::new(now, 24);
    let waiting = store.query(&LinkFilter { statuses: vec![LinkStatus::Waiting], ..Default::default() })?.rows;
    for link in waiting.iter().step_by(10) {
        store.record_reminder(link.id, ReminderChannel::Whatsapp, None, now - 2 * 3_600_000)?;
    }
    for case in ["as filled", "no expiries"] {
        if case == "no expiries" {
            rusqlite::Connection::open(path)?
                .execute("UPDATE links SET expires_at = NULL WHERE status = 'waiting'", [])?;
        }
        let mut count = (Vec::new(), 0);
        let mut page = (Vec::new(), 0);
        for _ in 0..7 {
            let t = Instant::now();
            count.1 = store.count_to_remind(window)?;
            count.0.push(t.elapsed());
            let t = Instant::now();
            page.1 = store.query_to_remind(&LinkFilter { limit: Some(50), ..Default::default() }, window)?.total;
            page.0.push(t.elapsed());
        }
        for (name, (mut times, n)) in [("count (tab badge)", count), ("first page (50)", page)] {
            let first = times[0];
            times.sort();
            println!("to remind, {case}, {name}: first {}, median {} ({n} due)", ms(first), ms(times[3]));
        }
        let plan = store.explain_to_remind(&LinkFilter { limit: Some(50), ..Default::default() }, window)?;
        println!("    plan: {}", plan.join(" | "));
    }
    Ok(())
}

fn text(t: &str) -> LinkFilter {
    LinkFilter { text: Some(t.into()), ..Default::default() }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// `n` links over the last two years, in the status mix a real shop would have.
/// Refunds about 3% of the payments, half in full and half in part (the summary nets them).
/// After the upgrade from schema 4, which takes the refunds' step again.
fn refund_some(store: &Store, path: &Path) -> Result<(), StoreError> {
    let conn = rusqlite::Connection::open(path)?;
    let mut stmt =
        conn.prepare("SELECT id, provider, amount_minor FROM links WHERE status = 'paid' AND id % 33 = 0")?;
    let paid: Vec<(i64, String, i64)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
    let t = Instant::now();
    for (id, provider, amount) in &paid {
        let refund = tahsildar_core::store::NewRefund {
            provider: provider.parse().map_err(StoreError::Corrupt)?,
            key: format!("bench{id}"),
            link_id: *id,
            amount_minor: if id % 2 == 0 { *amount } else { amount / 2 + 1 },
            net_minor: None,
            at_ms: 0,
        };
        store.record_refund(&refund)?;
    }
    println!("record {} refunds: {}", paid.len(), ms(t.elapsed()));
    Ok(())
}

fn fill(path: &Path, n: usize, now: i64) -> Result<(), StoreError> {
    let mut store = Store::open(path)?;
    let mut rng = StdRng::seed_from_u64(7);
    store.in_transaction(|s| {
        for i in 0..n {
            let provider = if rng.gen_bool(0.5) { Provider::Paynet } else { Provider::Paytr };
            let customer = if i == n / 3 {
                "Zübeyde Kaplanoğlu".to_owned()
            } else {
                format!("{} {}", FIRST[rng.gen_range(0..FIRST.len())], LAST[rng.gen_range(0..LAST.len())])
            };
            let new = NewLink {
                provider,
                amount: Money::new(rng.gen_range(1_000..5_000_000), Currency::Tl)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                description: format!("{} #{}", WHAT[rng.gen_range(0..WHAT.len())], rng.gen_range(1..10_000)),
                customer,
                phone: Some(format!("5{:09}", rng.gen_range(0..1_000_000_000u32))),
                email: None,
                local_ref: None,
                reference: None,
                paytr: None,
            };
            let created = now - rng.gen_range(0..730 * DAY_MS);
            let link = s.begin_create_at(&new, created)?;
            let roll: f64 = rng.gen();
            if roll < 0.02 {
                s.mark_failed(link.id, "refused")?;
                continue;
            }
            s.finish_create(
                link.id,
                &format!("{}{i}", provider.as_str()),
                "https://pay.example/x",
                Some(created + 7 * DAY_MS),
            )?;
            let status = match roll {
                r if r < 0.70 => LinkStatus::Paid,
                r if r < 0.85 => LinkStatus::Expired,
                r if r < 0.90 => LinkStatus::Cancelled,
                r if r < 0.92 => LinkStatus::Unknown,
                _ => LinkStatus::Waiting,
            };
            match status {
                LinkStatus::Waiting => {}
                LinkStatus::Unknown => drop(s.mark_unknown(link.id, "timeout")?),
                other => drop(s.set_status(link.id, other, Some("ref"), created + DAY_MS)?),
            }
        }
        Ok(())
    })
}
