//! What `/proc` says about the app: its process tree, when a process started, and its memory.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// Now, as Unix milliseconds (the clock the page's `performance.timeOrigin` uses too).
pub fn epoch_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64() * 1e3).unwrap_or(0.0)
}

/// Every live `(pid, ppid)`.
fn parents() -> Vec<(u32, u32)> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let ppid = stat_field(pid, 1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect()
}

/// Field `i` of `/proc/PID/stat` counted after the `(comm)` part (0 = state, 1 = ppid,
/// 19 = starttime); comm may hold spaces and parentheses, hence the split at the last `)`.
fn stat_field(pid: u32, i: usize) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    Some(stat.rsplit_once(')')?.1.split_whitespace().nth(i)?.to_string())
}

/// All live descendants of `root`, parents before children.
pub fn descendants(root: u32) -> Vec<u32> {
    let all = parents();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(all.iter().filter(|(_, pp)| *pp == parent).map(|(pid, _)| *pid));
        i += 1;
    }
    found.remove(0);
    found
}

/// The process name (`/proc/PID/comm`, at most 15 bytes).
pub fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).map(|s| s.trim().to_string()).unwrap_or_default()
}

/// The first descendant of `root` running `exe` (the app, started by WebKitWebDriver).
pub fn find_descendant_running(root: u32, exe: &Path) -> Option<u32> {
    descendants(root).into_iter().find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == exe))
}

/// Clock ticks per second of `/proc/PID/stat` times (`getconf CLK_TCK`; 100 on Linux x86/arm).
fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}

/// When `pid` started, as Unix milliseconds. The kernel keeps it in ticks since boot (10 ms);
/// `/proc/uptime` read next to the wall clock converts it, so the result is good to ~20 ms.
pub fn start_epoch_ms(pid: u32) -> Option<f64> {
    let ticks: f64 = stat_field(pid, 19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime").ok()?.split_whitespace().next()?.parse().ok()?;
    let now = epoch_ms();
    Some(now - (uptime - ticks / clock_ticks()) * 1e3)
}

/// Memory of one process in kB: resident (RSS) and proportional (PSS: shared pages divided among
/// the processes sharing them, so a sum over processes counts each page once).
#[derive(Clone, Copy, Debug, Default)]
pub struct Mem {
    pub rss_kb: u64,
    pub pss_kb: u64,
}

impl std::ops::AddAssign for Mem {
    fn add_assign(&mut self, o: Mem) {
        self.rss_kb += o.rss_kb;
        self.pss_kb += o.pss_kb;
    }
}

/// From `/proc/PID/smaps_rollup` (Linux ≥ 4.14); `None` when the process is gone or unreadable.
pub fn mem(pid: u32) -> Option<Mem> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let kb = |key: &str| -> Option<u64> {
        text.lines().find_map(|l| l.strip_prefix(key)?.trim().strip_suffix("kB")?.trim().parse().ok())
    };
    Some(Mem { rss_kb: kb("Rss:")?, pss_kb: kb("Pss:")? })
}

/// The app and every process under it (WebKitWebProcess, WebKitNetworkProcess, the bubblewrap
/// sandbox around them): each with its memory, and the sum.
pub fn tree_mem(app: u32) -> (Mem, Vec<(u32, String, Mem)>) {
    let mut total = Mem::default();
    let mut each = Vec::new();
    for pid in std::iter::once(app).chain(descendants(app)) {
        if let Some(m) = mem(pid) {
            total += m;
            each.push((pid, comm(pid), m));
        }
    }
    (total, each)
}
