//! Measures one full tracker cycle against the sandbox with 50 ms latency on every provider call:
//! `cargo run --release -p tahsildar-core --bin bench_tracker [N]` (N waiting links per provider,
//! default 1,000). Prints provider calls and wall time beside a naive tracker that asks once per
//! waiting link, serially (Paynet `mailorder/detail` per link; PayTR, which has no per-link status
//! call, one `islem-dokumu` read over each link's lifetime; iyzico `get` per link), per provider
//! and in all, then the tracker's idle cost.
//! Targets: ≥ 20× fewer calls, ≤ 2 s wall, no wake-ups when nothing waits.

use rand::{rngs::StdRng, Rng, SeedableRng};
use secrecy::SecretString;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::iyzico::{IyzicoClient, IyzicoToken, LinkFields, LinkImage};
use tahsildar_core::providers::paynet::{self, LinkRef, PaynetClient, PaynetLinkId, PaynetStatus, TxRef};
use tahsildar_core::providers::paytr::{self, PaytrClient, PaytrCredentials};
use tahsildar_core::providers::Provider;
use tahsildar_core::sandbox::{self, faults::Fault, lock, Sandbox, SandboxConfig};
use tahsildar_core::store::{LinkRecord, NewLink, Store};
use tahsildar_core::time::to_istanbul;
use tahsildar_core::tracker::{
    paytr_match, Cadence, Clients, SqliteTrackerStore, Tracker, TrackerConfig, TrackerStore,
};

const LATENCY_MS: u64 = 50;
/// Links paid before the sweep (per provider), so confirmations are part of the cost.
const PAID: usize = 5;
const PATHS: &[&str] = &[
    "/v1/mailorder/list",
    "/v1/mailorder/detail",
    "/v1/transaction/check",
    "/rapor/islem-dokumu",
    "/odeme/durum-sorgu",
    IYZICO_LIST,
];
const IYZICO_LIST: &str = "/v2/iyzilink/products";
/// A valid 1×1 PNG (`shared/iyzico.md` §8): the bench measures tracking, not image drawing.
const PNG_1X1: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

type Error = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), Error> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(run(n))
}

fn new_link(provider: Provider, minor: i64, i: usize) -> Result<NewLink, Error> {
    Ok(NewLink {
        provider,
        amount: Money::new(minor, Currency::Tl)?,
        description: format!("Sipariş {i}"),
        customer: format!("Müşteri {i}"),
        phone: None,
        email: None,
        local_ref: None,
        reference: None,
        paytr: None,
    })
}

async fn create_paynet(store: &Mutex<Store>, c: &PaynetClient, minor: i64, i: usize) -> Result<LinkRecord, Error> {
    let rec = lock(store).begin_create(&new_link(Provider::Paynet, minor, i)?)?;
    let mut req = paynet::CreateLink::new(Money::new(minor, Currency::Tl)?, rec.customer.clone());
    req.reference_no = Some(rec.local_ref.clone());
    req.expire_hours = Some(24);
    let made = c.create(&req).await?;
    Ok(lock(store).finish_create(rec.id, &made.id.0, &made.url, Some(rec.created_at + 86_400_000))?)
}

async fn create_paytr(store: &Mutex<Store>, c: &PaytrClient, minor: i64, i: usize) -> Result<LinkRecord, Error> {
    let rec = lock(store).begin_create(&new_link(Provider::Paytr, minor, i)?)?;
    let mut req = paytr::CreateLink::product(format!("Sipariş {i}"), Money::new(minor, Currency::Tl)?);
    req.link_type = paytr::LinkType::Product { min_count: 1, max_count: Some(1) };
    req.max_installment = 6;
    let made = c.create(&req).await?;
    Ok(lock(store).finish_create(rec.id, &made.id.0, &made.link, None)?)
}

async fn create_iyzico(
    store: &Mutex<Store>,
    c: &IyzicoClient,
    image: &LinkImage,
    minor: i64,
    i: usize,
) -> Result<LinkRecord, Error> {
    let rec = lock(store).begin_create(&new_link(Provider::Iyzico, minor, i)?)?;
    let mut fields = LinkFields::single_use(&format!("Sipariş {i}"), "Ödeme", Money::new(minor, Currency::Tl)?);
    fields.conversation_id = Some(rec.local_ref.clone());
    let made = c.create(&fields, image).await?;
    Ok(lock(store).finish_create(rec.id, &made.token.0, &made.url, None)?)
}

/// Provider calls the sandbox logged: Paynet, PayTR, iyzico, in all.
fn calls(sb: &Sandbox) -> [usize; 4] {
    let log = lock(&sb.state().faults).requests();
    let of = |p: &dyn Fn(&str) -> bool| log.iter().filter(|r| p(&r.path)).count();
    [
        of(&|p| p.starts_with("/v1/")),
        of(&|p| !p.starts_with("/v1/") && !p.starts_with("/v2/")),
        of(&|p| p.starts_with("/v2/")),
        log.len(),
    ]
}

async fn run(n: usize) -> Result<(), Error> {
    let sb = Sandbox::start_local(SandboxConfig::demo()).await?;
    let dir = std::env::temp_dir().join(format!("tahsildar-bench-tracker-{}", uuid::Uuid::new_v4().simple()));
    let db = dir.join("tahsildar.sqlite3");
    let store = Arc::new(Mutex::new(Store::open(&db)?));
    let tracked = Arc::new(SqliteTrackerStore::new(store.clone(), &db)?);
    let pn = PaynetClient::new(sb.base_url(), SecretString::from(sandbox::DEMO_PAYNET_SECRET_KEY))?;
    let creds = PaytrCredentials {
        merchant_id: sandbox::DEMO_PAYTR_MERCHANT_ID.into(),
        merchant_key: SecretString::from(sandbox::DEMO_PAYTR_MERCHANT_KEY),
        merchant_salt: SecretString::from(sandbox::DEMO_PAYTR_MERCHANT_SALT),
    };
    let pt = PaytrClient::new(sb.base_url(), creds)?;
    let iy = IyzicoClient::new(
        sb.base_url(),
        SecretString::from(sandbox::DEMO_IYZICO_API_KEY),
        SecretString::from(sandbox::DEMO_IYZICO_SECRET_KEY),
        tahsildar_core::providers::DEFAULT_TIMEOUT,
    )?;
    let image = {
        use base64::Engine;
        LinkImage::new(base64::engine::general_purpose::STANDARD.decode(PNG_1X1)?)?
    };

    // A tracker that runs cycles only when asked (cadence far out); nothing waits yet.
    let hour = Duration::from_secs(3600);
    let config = TrackerConfig {
        cadence: Cadence { fast: hour, normal: hour, slow: hour, ..Cadence::default() },
        ..TrackerConfig::default()
    };
    let (events, _rx) = tokio::sync::broadcast::channel(4096);
    let clients = Clients::default().with(Some(pn.clone())).with(Some(pt.clone())).with(Some(iy.clone()));
    let tracker = Tracker::spawn(tracked.clone(), clients.clone(), events, config.clone());

    print!("creating {n} Paynet + {n} PayTR + {n} iyzico links in the sandbox… ");
    let t = Instant::now();
    let mut rng = StdRng::seed_from_u64(7);
    let (mut paynet_links, mut paytr_links) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut iyzico_links = Vec::with_capacity(n);
    for i in 0..n {
        paynet_links.push(create_paynet(&store, &pn, rng.gen_range(1_000..500_000), i).await?);
        // Distinct PayTR prices (the app warns about equal ones at creation).
        paytr_links.push(create_paytr(&store, &pt, 10_000 + 7 * i as i64, i).await?);
        // iyzico tells links apart by token: equal prices are fine.
        iyzico_links.push(create_iyzico(&store, &iy, &image, 25_000, i).await?);
    }
    println!("{:.1} s", t.elapsed().as_secs_f64());
    let http = reqwest::Client::new();
    for l in paynet_links.iter().take(PAID) {
        let body = serde_json::json!({"id": l.provider_id, "outcome": "paid"});
        http.post(format!("{}/_sandbox/paynet/pay", sb.base_url())).json(&body).send().await?.error_for_status()?;
    }
    for l in paytr_links.iter().take(PAID) {
        // In two installments: the charged total carries a surcharge.
        let body = serde_json::json!({"id": l.provider_id, "outcome": "paid", "installments": 2});
        http.post(format!("{}/_sandbox/paytr/pay", sb.base_url())).json(&body).send().await?.error_for_status()?;
    }
    for l in iyzico_links.iter().take(PAID) {
        let body = serde_json::json!({"token": l.provider_id, "outcome": "paid"});
        http.post(format!("{}/_sandbox/iyzico/pay", sb.base_url())).json(&body).send().await?.error_for_status()?;
    }
    for p in PATHS {
        lock(&sb.state().faults).set(p, Fault::Latency { ms: LATENCY_MS }, None);
    }
    // iyzico's `get` has a path per token (faults are by exact path).
    for l in &iyzico_links {
        let path = format!("{IYZICO_LIST}/{}", l.provider_id.as_deref().unwrap_or_default());
        lock(&sb.state().faults).set(&path, Fault::Latency { ms: LATENCY_MS }, None);
    }
    println!("{PAID} links of each provider paid; {LATENCY_MS} ms latency on every provider call\n");

    lock(&sb.state().faults).clear_requests();
    let t = Instant::now();
    let report = tracker.cycle_now().await?;
    let (sweep_wall, sweep_calls) = (t.elapsed(), calls(&sb));
    println!("tracker, one full cycle: {report:?}");
    let waiting = Provider::ALL.into_iter().map(|p| tracked.waiting(p).map(|w| w.len())).sum::<Result<usize, _>>()?;
    println!("  waiting after the cycle: {waiting} (of {})", 3 * n);

    lock(&sb.state().faults).clear_requests();
    let t = Instant::now();
    let naive_paid = naive(&pn, &pt, &paynet_links, &paytr_links).await?;
    let t_iyzico = Instant::now();
    let naive_iyzico_paid = naive_iyzico(&iy, &iyzico_links).await?;
    let naive_iyzico_wall = t_iyzico.elapsed();
    let (naive_wall, naive_calls) = (t.elapsed(), calls(&sb));
    println!("naive (one call per link, serial) found {} paid\n", naive_paid + naive_iyzico_paid);

    println!("{:<28} {:>8} {:>8} {:>8} {:>8} {:>10}", "", "Paynet", "PayTR", "iyzico", "calls", "wall");
    let row = |name: &str, c: [usize; 4], wall: Duration| {
        println!("{name:<28} {:>8} {:>8} {:>8} {:>8} {:>9.2}s", c[0], c[1], c[2], c[3], wall.as_secs_f64());
    };
    row("tracker (list + report)", sweep_calls, sweep_wall);
    row("naive (per link)", naive_calls, naive_wall);
    println!(
        "ratio: {:.1}× fewer calls, {:.1}× faster  (targets: ≥ 20× fewer calls, ≤ 2 s wall)",
        naive_calls[3] as f64 / sweep_calls[3].max(1) as f64,
        naive_wall.as_secs_f64() / sweep_wall.as_secs_f64().max(1e-9)
    );
    println!(
        "iyzico: the tracker made {} calls (list pages, gets for what they missed); the naive poller {} gets \
         in {:.2} s serially ({} paid found): {:.1}× fewer calls",
        sweep_calls[2],
        naive_calls[2],
        naive_iyzico_wall.as_secs_f64(),
        naive_iyzico_paid,
        naive_calls[2] as f64 / sweep_calls[2].max(1) as f64
    );
    tracker.shutdown().await;

    idle(&db, store, clients).await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// One call per waiting link, serially, plus the same confirmations the tracker makes.
async fn naive(
    pn: &PaynetClient,
    pt: &PaytrClient,
    paynet_links: &[LinkRecord],
    paytr_links: &[LinkRecord],
) -> Result<usize, Error> {
    let mut paid = 0;
    for l in paynet_links {
        let d = pn.detail(&LinkRef::Id(PaynetLinkId(l.provider_id.clone().unwrap_or_default()))).await?;
        if d.status == PaynetStatus::Paid
            && pn.check_transaction(&TxRef::Reference(l.local_ref.clone())).await?.iter().any(|t| t.is_succeed)
        {
            paid += 1;
        }
    }
    let now = to_istanbul(chrono::Utc::now());
    let mut taken = HashSet::new();
    for l in paytr_links {
        let from = chrono::DateTime::from_timestamp_millis(l.created_at)
            .map(to_istanbul)
            .and_then(|t| t.checked_sub_signed(chrono::Duration::minutes(5)))
            .unwrap_or(now);
        for row in pt.transactions(from, now).await? {
            if row.kind == "S" && row.amount_minor == l.amount_minor && taken.insert(row.merchant_oid.clone()) {
                let st = pt.payment_status(&row.merchant_oid).await?;
                if paytr_match::confirms(&st, &paytr_match::WaitingPaytr::of(l)).is_some() {
                    paid += 1;
                }
            }
        }
    }
    Ok(paid)
}

/// iyzico: one `get` per waiting link, serially; paid when its `soldCount` is 1 or more.
async fn naive_iyzico(iy: &IyzicoClient, links: &[LinkRecord]) -> Result<usize, Error> {
    let mut paid = 0;
    for l in links {
        let token = IyzicoToken::parse(l.provider_id.as_deref().unwrap_or_default())?;
        if iy.get(&token, tahsildar_core::Lang::En).await?.sold_count.is_some_and(|n| n >= 1) {
            paid += 1;
        }
    }
    Ok(paid)
}

/// The tracker with nothing waiting: wake-ups and process CPU over a few seconds.
async fn idle(db: &std::path::Path, store: Arc<Mutex<Store>>, clients: Clients) -> Result<(), Error> {
    let dir = db.with_file_name("idle");
    let idle_db = dir.join("idle.sqlite3");
    let empty = Arc::new(Mutex::new(Store::open(&idle_db)?));
    let tracked = Arc::new(SqliteTrackerStore::new(empty, &idle_db)?);
    drop(store);
    let (events, _rx) = tokio::sync::broadcast::channel(16);
    let tracker = Tracker::spawn(tracked, clients, events, TrackerConfig::default());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (loops, cpu) = (tracker.loops(), cpu_ticks());
    tokio::time::sleep(Duration::from_secs(3)).await;
    let woke = tracker.loops() - loops;
    let used = match (cpu, cpu_ticks()) {
        (Some(a), Some(b)) => format!("{} clock ticks of process CPU", b - a),
        _ => "process CPU not measurable on this OS".into(),
    };
    println!("\nidle, nothing waiting, 3 s: {woke} wake-ups of the tracker task; {used}");
    tracker.shutdown().await;
    Ok(())
}

/// utime + stime of this process (Linux `/proc/self/stat`, in clock ticks).
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}
