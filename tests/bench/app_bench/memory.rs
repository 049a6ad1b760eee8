//! The memory phase: Tahsildar and a blank Tauri window (tests/bench/blank) started at once under
//! the same display and left idle, with no WebDriver attached (as the owner runs the app). Under
//! Xvfb any Tauri window pays for WebKitGTK and software GL, so the figure that says something
//! about Tahsildar is the difference between the two, process by process. Run side by side, the
//! two share the libraries' pages, so each process tree's PSS carries about half of them.

use super::procs::{self, Mem};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The processes of one Tauri app's tree, by what they do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    App,
    /// WebKitWebProcess: the page (DOM, layout, JavaScript, painting, compositing).
    Page,
    /// WebKitNetworkProcess: loads the page's files.
    Network,
    /// The bubblewrap sandbox and D-Bus proxy WebKit may start.
    Other,
}

pub const ROLES: [Role; 4] = [Role::App, Role::Page, Role::Network, Role::Other];

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::App => "app process",
            Role::Page => "page (WebKitWebProcess)",
            Role::Network => "WebKitNetworkProcess",
            Role::Other => "other (sandbox, proxies)",
        }
    }
}

/// One look at a process tree.
#[derive(Default)]
pub struct Tree {
    pub total: Mem,
    pub by_role: BTreeMap<Role, Mem>,
    /// The page process's PSS (kB) by mapping: a library's file name, `[heap]`, `[anon]`, `memfd:…`.
    pub page_maps: BTreeMap<String, u64>,
    /// The `WEBKIT_*`, `JSC_*` and `GLIBC_*` variables the page process runs with (the app sets some).
    pub page_env: Vec<String>,
}

impl Tree {
    pub fn pss_kb(&self, role: Role) -> u64 {
        self.by_role.get(&role).map_or(0, |m| m.pss_kb)
    }
}

pub fn look(root: u32) -> Tree {
    let (total, each) = procs::tree_mem(root);
    let mut tree = Tree { total, ..Tree::default() };
    for (pid, name, m) in each {
        let role = if pid == root {
            Role::App
        } else if name.starts_with("WebKitWebProces") {
            Role::Page
        } else if name.starts_with("WebKitNetworkPr") {
            Role::Network
        } else {
            Role::Other
        };
        *tree.by_role.entry(role).or_default() += m;
        if role == Role::Page {
            for (k, v) in smaps_by_mapping(pid) {
                *tree.page_maps.entry(k).or_default() += v;
            }
            tree.page_env.extend(webkit_env(pid));
        }
    }
    tree
}

/// PSS (kB) of `pid` by mapping, from `/proc/PID/smaps`. Anonymous mappings are one group, and
/// a library's version suffix is dropped (`libLLVM.so.19.1` → `libLLVM.so`).
fn smaps_by_mapping(pid: u32) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) else { return out };
    let mut current = String::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or("");
        if first.contains('-') && first.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            // A mapping's header: address perms offset dev inode [path].
            let path = words.nth(4).map(str::to_string).unwrap_or_default();
            current = mapping_group(&path);
        } else if first == "Pss:" {
            let kb: u64 = words.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            *out.entry(current.clone()).or_default() += kb;
        }
    }
    out
}

fn webkit_env(pid: u32) -> Vec<String> {
    let raw = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
    raw.split(|b| *b == 0)
        .filter(|kv| [&b"WEBKIT_"[..], b"JSC_", b"GLIBC_"].iter().any(|p| kv.starts_with(p)))
        .map(|kv| String::from_utf8_lossy(kv).into_owned())
        .collect()
}

fn mapping_group(path: &str) -> String {
    if path.is_empty() {
        return "[anon]".into();
    }
    if path.starts_with('[') || path.starts_with("/memfd:") || path.starts_with("/dev/") {
        return path.split(" (deleted)").next().unwrap_or(path).to_string();
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.find(".so") {
        Some(i) => name[..i + 3].to_string(),
        None => name.to_string(),
    }
}

/// The two trees after `idle_secs`, and 10 s after start.
pub struct Pair {
    pub app_start: Tree,
    pub blank_start: Tree,
    pub app: Tree,
    pub blank: Tree,
    /// `/proc/loadavg` when the last look was taken.
    pub load: String,
    /// WebKit page processes of other apps on the machine at the last look (see [`other_pages`]).
    pub others: usize,
}

/// WebKit page processes running outside the two trees. They map the same libraries, and PSS
/// divides a page among all its mappers: while another Tahsildar runs (an E2E test, another
/// bench), the pages only Tahsildar touches are shared with it and the difference reads ~15–20
/// MiB lower than on a quiet machine. A reading with others > 0 is not the app's own figure.
pub fn other_pages(app: u32, blank: u32) -> usize {
    let mine: Vec<u32> = procs::descendants(app).into_iter().chain(procs::descendants(blank)).collect();
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| !mine.contains(pid) && procs::comm(*pid).starts_with("WebKitWebProces"))
        .count()
}

/// Starts `app` (with `env`) and `blank` together, waits 10 s, looks, idles `idle_secs` more, looks.
pub async fn idle_pair(
    app: &Path,
    blank: &Path,
    env: &[(&'static str, OsString)],
    idle_secs: u64,
    logs: &Path,
) -> Result<Pair, String> {
    let mut blank_child = spawn(blank, &[], &logs.join("idle-blank.log"))?;
    let mut app_child = match spawn(app, env, &logs.join("idle-app.log")) {
        Ok(c) => c,
        Err(e) => {
            stop(&mut blank_child);
            return Err(e);
        }
    };
    let result = async {
        tokio::time::sleep(Duration::from_secs(10)).await;
        let (app_start, blank_start) = (look(app_child.id()), look(blank_child.id()));
        eprintln!(
            "idle: 10 s after start, PSS Tahsildar {:.1} MiB, blank {:.1} MiB; idling {idle_secs} s…",
            mib(app_start.total.pss_kb),
            mib(blank_start.total.pss_kb)
        );
        let mut left = idle_secs;
        while left > 0 {
            let step = left.min(60);
            tokio::time::sleep(Duration::from_secs(step)).await;
            left -= step;
            for (name, child) in [("Tahsildar", &mut app_child), ("the blank window", &mut blank_child)] {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(format!("{name} exited while idling ({status}); see the logs in {}", logs.display()));
                }
            }
            if left > 0 {
                let (a, b) = (look(app_child.id()).total.pss_kb, look(blank_child.id()).total.pss_kb);
                eprintln!(
                    "idle: {left} s left, PSS Tahsildar {:.1} MiB, blank {:.1} MiB, difference {:+.1} MiB \
                     ({} other WebKit page process(es) on the machine)",
                    mib(a),
                    mib(b),
                    mib(a) - mib(b),
                    other_pages(app_child.id(), blank_child.id())
                );
            }
        }
        let (app, blank) = (look(app_child.id()), look(blank_child.id()));
        let others = other_pages(app_child.id(), blank_child.id());
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let load = load.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        Ok(Pair { app_start, blank_start, app, blank, load, others })
    }
    .await;
    stop(&mut app_child);
    stop(&mut blank_child);
    result
}

fn spawn(exe: &Path, env: &[(&'static str, OsString)], log: &Path) -> Result<Child, String> {
    let out = std::fs::File::create(log).map_err(|e| format!("creating {}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    Command::new(exe)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("starting {}: {e}", exe.display()))
}

/// Kills the app and whatever WebKit processes it started (found first: once the app is gone
/// they are re-parented and lost).
fn stop(child: &mut Child) {
    let rest = procs::descendants(child.id());
    let _ = child.kill();
    let _ = child.wait();
    if !rest.is_empty() {
        let _ = Command::new("kill").arg("-KILL").args(rest.iter().map(u32::to_string)).stderr(Stdio::null()).status();
    }
}

pub fn mib(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// Prints each role of both trees, then the page process's mappings that differ most.
pub fn print_detail(p: &Pair) {
    if p.others > 0 {
        eprintln!(
            "\n!! {} other WebKit page process(es) ran on the machine at the last look: the shared library \
             pages were divided with them too, so the difference reads lower than on a quiet machine",
            p.others
        );
    }
    eprintln!("\nPSS after idling (MiB)        Tahsildar      blank   difference");
    for role in ROLES {
        let (a, b) = (p.app.pss_kb(role), p.blank.pss_kb(role));
        eprintln!("  {:<26} {:>9.1} {:>10.1} {:>+11.1}", role.label(), mib(a), mib(b), mib(a) - mib(b));
    }
    eprintln!(
        "  {:<26} {:>9.1} {:>10.1} {:>+11.1}",
        "total",
        mib(p.app.total.pss_kb),
        mib(p.blank.total.pss_kb),
        mib(p.app.total.pss_kb) - mib(p.blank.total.pss_kb)
    );
    let mut keys: Vec<&String> = p.app.page_maps.keys().chain(p.blank.page_maps.keys()).collect();
    keys.sort();
    keys.dedup();
    let get = |m: &BTreeMap<String, u64>, k: &String| m.get(k).copied().unwrap_or(0) as i64;
    keys.sort_by_key(|k| -(get(&p.app.page_maps, k) - get(&p.blank.page_maps, k)).abs());
    for (name, tree) in [("Tahsildar", &p.app), ("blank", &p.blank)] {
        let env = if tree.page_env.is_empty() { "none".to_string() } else { tree.page_env.join(" ") };
        eprintln!("WEBKIT_*, JSC_*, GLIBC_* in {name}'s page process: {env}");
    }
    eprintln!("the page process by mapping, largest differences (MiB):");
    for k in keys.into_iter().take(10) {
        let (a, b) = (get(&p.app.page_maps, k), get(&p.blank.page_maps, k));
        eprintln!("  {k:<40} {:>8.1} {:>8.1} {:>+8.1}", a as f64 / 1024.0, b as f64 / 1024.0, (a - b) as f64 / 1024.0);
    }
}
