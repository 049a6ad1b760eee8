//! A link store with N links in a real shop's mix, written once through the core `Store` API in
//! one transaction and cached under `target/app-bench/`; each app launch gets a fresh copy.

use std::path::{Path, PathBuf};
use tahsildar_core::money::{Currency, Money};
use tahsildar_core::providers::Provider;
use tahsildar_core::store::{LinkStatus, NewLink, Store, StoreError, DEMO_FILE_NAME};

const FIRST: &[&str] =
    &["Mehmet", "Ayşe", "Fatma", "Ali", "Şükrü", "İsmail", "Işıl", "Zeynep", "Emre", "Gül", "Hüseyin", "Özlem"];
const LAST: &[&str] = &["Yılmaz", "Kaya", "Demir", "Çelik", "Şahin", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç"];
const WHAT: &[&str] =
    &["Pasta", "Kira", "Tamir", "Kuaför", "Çiçek", "Sipariş", "Kurs ücreti", "Aidat", "Kargo", "Yedek parça"];
const DAY_MS: i64 = 86_400_000;

/// splitmix64: the same links every run without a `rand` dependency in this crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len() as u64) as usize]
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The cached store with `n` links (filling it first if needed), and whether it was just filled.
pub fn cached_store(cache_dir: &Path, n: usize) -> Result<(PathBuf, bool), String> {
    // The version in the name changes whenever the mix does, and the schema's with each
    // migration (an old file would be migrated at every launch, timing the upgrade instead of the
    // start), so an old cache is never reused.
    let schema = tahsildar_core::store::SCHEMA_VERSION;
    let path = cache_dir.join(format!("links-{n}-v3-s{schema}.sqlite3"));
    if path.is_file() {
        return Ok((path, false));
    }
    std::fs::create_dir_all(cache_dir).map_err(|e| format!("creating {}: {e}", cache_dir.display()))?;
    // Filled under another name and renamed at the end: an interrupted fill is never reused.
    let partial = cache_dir.join(format!("links-{n}-v3-s{schema}.partial.sqlite3"));
    for p in [&partial, &partial.with_extension("sqlite3-wal"), &partial.with_extension("sqlite3-shm")] {
        let _ = std::fs::remove_file(p);
    }
    fill(&partial, n).map_err(|e| format!("filling {}: {e}", partial.display()))?;
    std::fs::rename(&partial, &path).map_err(|e| format!("renaming {}: {e}", partial.display()))?;
    Ok((path, true))
}

/// A fresh data folder for one launch: the filled links copied from `template` (or absent, for a
/// first start with no links). The app runs keyless here, so in demo mode: its links are in
/// `DEMO_FILE_NAME` (settings stay in `FILE_NAME`, which the app creates).
pub fn data_dir_with(dir: &Path, template: Option<&Path>) -> Result<PathBuf, String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    if let Some(t) = template {
        std::fs::copy(t, dir.join(DEMO_FILE_NAME)).map_err(|e| format!("copying {}: {e}", t.display()))?;
    }
    Ok(dir.to_path_buf())
}

/// `n` links over the last two years: 70 % paid, 15 % expired, 5 % cancelled, 2 % unknown,
/// 2 % failed, the rest waiting — as the tracker leaves them: only links of the last 7 days (their
/// lifetime) still wait, and only PayTR's uncertain creates (which cannot be looked up) stay
/// unknown for good. One customer, "Zübeyde Kaplanoğlu", is unique (a rare search).
fn fill(path: &Path, n: usize) -> Result<(), StoreError> {
    let now = tahsildar_core::store::now_ms();
    let mut store = Store::open(path)?;
    let mut rng = Rng(7);
    store.in_transaction(|s| {
        for i in 0..n {
            let provider = if rng.below(2) == 0 { Provider::Paynet } else { Provider::Paytr };
            let customer = if i == n / 3 {
                "Zübeyde Kaplanoğlu".to_owned()
            } else {
                format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
            };
            let amount = Money::new(1_000 + rng.below(5_000_000) as i64, Currency::Tl)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let new = NewLink {
                provider,
                amount,
                description: format!("{} #{}", rng.pick(WHAT), 1 + rng.below(9_999)),
                customer,
                phone: Some(format!("5{:09}", rng.below(1_000_000_000))),
                email: None,
                local_ref: None,
                reference: None,
                paytr: None,
            };
            let created = now - rng.below(730 * DAY_MS as u64) as i64;
            let link = s.begin_create_at(&new, created)?;
            let roll = rng.unit();
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
            match roll {
                r if r < 0.72 => drop(s.set_status(link.id, LinkStatus::Paid, Some("ref"), created + DAY_MS)?),
                r if r < 0.87 => drop(s.set_status(link.id, LinkStatus::Expired, None, created + 7 * DAY_MS)?),
                r if r < 0.92 => drop(s.set_status(link.id, LinkStatus::Cancelled, None, created + DAY_MS)?),
                r if r < 0.94 => drop(s.mark_unknown(link.id, "timeout")?),
                _ => {}
            }
            // The app keeps its store current: a link past its expiry is no longer waiting, and a
            // Paynet create left uncertain was long since found by its reference.
            let settled = created + 7 * DAY_MS < now;
            let current = s.get(link.id)?.status;
            if settled
                && (current == LinkStatus::Waiting || (current == LinkStatus::Unknown && provider == Provider::Paynet))
            {
                drop(s.set_status(link.id, LinkStatus::Expired, None, created + 7 * DAY_MS)?);
            }
        }
        Ok(())
    })
}
