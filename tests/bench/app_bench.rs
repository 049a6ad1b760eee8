//! The app benchmark: figures, not a pass/fail test. Run through `tests/bench/app-bench.sh`
//! (`npm run bench`), which builds the release app and the `.deb`, provides the display (Xvfb) and
//! a session bus with an unlocked keychain, and passes the paths. It prints a table: cold start to
//! an interactive window, the "Linkler" view and its search over N links, the memory of the app
//! and its WebKit processes after an idle period, and the sizes of the binary and the `.deb`.

#[path = "app_bench/fill.rs"]
mod fill;
#[path = "app_bench/measure.rs"]
mod measure;
#[path = "app_bench/memory.rs"]
mod memory;
#[path = "app_bench/opts.rs"]
mod opts;
#[path = "app_bench/procs.rs"]
mod procs;
#[path = "app_bench/report.rs"]
mod report;
#[path = "app_bench/session.rs"]
mod session;

use opts::{parse_args, Opts};
use report::{median_after, Line};
use session::Launch;
use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;
use tahsildar_e2e::paths;

/// Searches typed in "Linkler": a common name, a unique one (Turkish letters, folded), two
/// words, and a word that matches nothing.
const TERMS: &[&str] = &["mehmet", "kaplanoğlu", "şükrü pasta", "xyzzy"];
/// A keychain service of its own: the benchmark never reads the owner's keys (demo mode).
const KEYCHAIN_SERVICE: &str = "tahsildar-bench";
/// The app's identifier (`tauri.conf.json`): its log folder is named after it.
const APP_ID: &str = "com.tahsildar.desktop";
/// Tahsildar's PSS after 10 idle minutes may exceed a blank Tauri window's by this much (MiB).
const MEMORY_TARGET_MIB: f64 = 25.0;

#[tokio::main]
async fn main() {
    let result = match parse_args() {
        Ok(o) => run(&o).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(missed) => {
            println!("\n{missed} target(s) missed");
        }
        Err(e) => {
            eprintln!("app-bench: {e}");
            std::process::exit(1);
        }
    }
}

fn env_for(data_dir: &Path) -> Vec<(&'static str, OsString)> {
    vec![("TAHSILDAR_DATA_DIR", data_dir.into()), ("TAHSILDAR_KEYCHAIN_SERVICE", KEYCHAIN_SERVICE.into())]
}

/// A first start: besides an empty data folder, nothing the web view kept from an earlier launch
/// (its storage, where the page remembers the language shown) and a log of its own.
fn first_start_env(data_dir: &Path) -> Vec<(&'static str, OsString)> {
    let mut env = env_for(data_dir);
    env.push(("XDG_DATA_HOME", data_dir.join("xdg-data").into()));
    env
}

/// The app's own start-up lines ("start-up: …", timed inside the app) from the log it wrote
/// under `data_dir`'s `XDG_DATA_HOME` (see [`first_start_env`]).
fn startup_log(data_dir: &Path) -> String {
    let logs = data_dir.join("xdg-data").join(APP_ID).join("logs");
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(&logs).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        lines.extend(text.lines().filter(|l| l.contains("start-up:")).map(|l| {
            let at = l.find("start-up:").unwrap_or(0);
            format!("    app log: {}", &l[at..])
        }));
    }
    if lines.is_empty() {
        format!("    app log: no start-up line under {}", logs.display())
    } else {
        lines.join("\n")
    }
}

async fn run(o: &Opts) -> Result<usize, String> {
    let load_before = loadavg();
    let bench_dir = paths::target_dir().join("app-bench");
    let work = bench_dir.join(format!("run-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("creating {}: {e}", work.display()))?;
    eprintln!("app: {}\nwork files: {}", o.app.display(), work.display());

    let t = std::time::Instant::now();
    let (template, filled) = fill::cached_store(&bench_dir, o.rows)?;
    if filled {
        eprintln!("filled {} links in {:.1} s → {}", o.rows, t.elapsed().as_secs_f64(), template.display());
    }

    let mut lines = if o.memory_only { Vec::new() } else { timings(o, &work, &template).await? };
    if let Some(file) = &o.store_bench {
        lines.extend(store_bench_lines(file)?);
    }

    // 3. Memory after idling, against a blank Tauri window (no WebDriver attached: the app as the
    // owner runs it).
    if o.idle_secs > 0 {
        let blank = o.blank.as_deref().ok_or("the memory phase needs --blank (or --idle-secs 0)")?;
        let dir = fill::data_dir_with(&work.join("idle"), Some(&template))?;
        let pair = memory::idle_pair(&o.app, blank, &env_for(&dir), o.idle_secs, &work).await?;
        memory::print_detail(&pair);
        lines.extend(memory_lines(o, &pair));
    }

    // 4. Sizes.
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len() as f64 / 1e6).ok();
    lines.push(
        Line::new("release binary tahsildar-app", size(&o.app), "MB", Some(15.0)).note(o.app.display().to_string()),
    );
    let deb = o.deb.as_deref();
    lines.push(
        Line::new(".deb bundle", deb.and_then(size), "MB", Some(10.0))
            .note(deb.map_or("no --deb given".into(), |d| d.display().to_string())),
    );

    let missed = report::print(&lines);
    println!("(MB = 10^6 bytes, MiB = 2^20. Timings are in-page performance.now() under Xvfb; warm OS cache.)");
    println!("load average (1/5/15 min) at the start: {load_before}; at the end: {}", loadavg());
    let _ = std::fs::remove_dir_all(&work);
    Ok(missed)
}

/// Cold starts, then "Linkler" and its searches over the full store: one fresh app per launch.
async fn timings(o: &Opts, work: &Path, template: &Path) -> Result<Vec<Line>, String> {
    let driver = paths::tauri_driver()?;
    let mut lines = Vec::new();
    let drop_note = format!("median of {} launches, first dropped: cold disk cache", o.runs - 1);

    // 1. Cold start, empty data folder (a first start).
    let (mut cold, mut via_session, mut upper) = (Vec::new(), Vec::new(), 0);
    let (mut to_web, mut to_page, mut page_to_ready) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..o.runs {
        let dir = fill::data_dir_with(&work.join("empty"), None)?;
        let launch =
            Launch::start_retrying(&driver, &o.app, &first_start_env(&dir), &work.join(format!("cold-{i}.log")))
                .await?;
        let ready = measure::wait_ready(launch.client()).await;
        let spawned = procs::start_epoch_ms(launch.app_pid);
        // When WebKit's web process started: the app's own start-up is what comes before it.
        let web = procs::descendants(launch.app_pid)
            .into_iter()
            .find(|p| procs::comm(*p).starts_with("WebKitWebProces"))
            .and_then(procs::start_epoch_ms);
        let (requested, log) = (launch.requested_at, launch.log_tail());
        launch.close().await;
        let ready = ready.map_err(|e| format!("{e}\n{log}"))?;
        let spawned = spawned.ok_or("could not read the app's start time from /proc")?;
        to_web.push(web.map_or(f64::NAN, |w| w - spawned));
        eprintln!(
            "cold start {i}: {:.0} ms from the app's exec (WebKitWebProcess at {:.0}, the page's navigation start at {:.0}, \
             load event +{:.0}, ready +{:.0}), {:.0} ms from the session request{}",
            ready.at - spawned,
            web.map_or(f64::NAN, |w| w - spawned),
            ready.origin - spawned,
            ready.load.unwrap_or(f64::NAN),
            ready.at - ready.origin,
            ready.at - requested,
            if ready.already { " (already focused at the first look: an upper bound)" } else { "" }
        );
        eprintln!("{}", startup_log(&dir));
        upper += usize::from(ready.already && i > 0);
        cold.push(ready.at - spawned);
        to_page.push(ready.origin - spawned);
        page_to_ready.push(ready.at - ready.origin);
        via_session.push(ready.at - requested);
    }
    let note = if upper > 0 { format!("{drop_note}; {upper} of them upper bounds") } else { drop_note.clone() };
    lines.push(
        Line::new("cold start → #amount focused (from exec)", median_after(&cold, 1), "ms", Some(600.0)).note(note),
    );
    lines.push(Line::new("  exec → WebKitWebProcess started", median_after(&to_web, 1), "ms", None));
    lines.push(Line::new("  exec → the page's navigation start", median_after(&to_page, 1), "ms", None));
    lines.push(Line::new("  navigation start → #amount focused", median_after(&page_to_ready, 1), "ms", None));
    lines.push(Line::new(
        "  cold start, from the WebDriver session request",
        median_after(&via_session, 1),
        "ms",
        None,
    ));

    // 1b. The blank Tauri window's time to its navigation start: what any Tauri app pays (GTK,
    // WebKit's processes) before its page starts loading, beside the app's.
    if let Some(blank) = &o.blank {
        let (mut b_web, mut b_page) = (Vec::new(), Vec::new());
        for i in 0..o.runs {
            let dir = fill::data_dir_with(&work.join("blank"), None)?;
            let launch =
                Launch::start_retrying(&driver, blank, &env_for(&dir), &work.join(format!("blank-{i}.log"))).await?;
            let loaded = measure::wait_loaded(launch.client()).await;
            let spawned = procs::start_epoch_ms(launch.app_pid);
            let web = procs::descendants(launch.app_pid)
                .into_iter()
                .find(|p| procs::comm(*p).starts_with("WebKitWebProces"))
                .and_then(procs::start_epoch_ms);
            let log = launch.log_tail();
            launch.close().await;
            let (origin, load) = loaded.map_err(|e| format!("{e}\n{log}"))?;
            let spawned = spawned.ok_or("could not read the blank window's start time from /proc")?;
            eprintln!(
                "blank window {i}: WebKitWebProcess at {:.0} ms from exec, navigation start at {:.0}, load event +{:.0}",
                web.map_or(f64::NAN, |w| w - spawned),
                origin - spawned,
                load.unwrap_or(f64::NAN)
            );
            b_web.push(web.map_or(f64::NAN, |w| w - spawned));
            b_page.push(origin - spawned);
        }
        lines.push(Line::new("  blank Tauri window: exec → WebKitWebProcess", median_after(&b_web, 1), "ms", None));
        lines.push(Line::new("  blank Tauri window: exec → navigation start", median_after(&b_page, 1), "ms", None));
    }

    if o.start_only {
        return Ok(lines);
    }

    // 2. "Linkler" over N links, a fresh app each run.
    let mut open = (Vec::new(), Vec::new(), Vec::new(), 0);
    let mut cold_full = Vec::new();
    let mut searches: Vec<(Vec<f64>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); TERMS.len()];
    let mut ipc: Vec<Vec<f64>> = vec![Vec::new(); TERMS.len() + 1];
    for i in 0..o.runs {
        let dir = fill::data_dir_with(&work.join("full"), Some(template))?;
        let launch =
            Launch::start_retrying(&driver, &o.app, &env_for(&dir), &work.join(format!("list-{i}.log"))).await?;
        let outcome = list_run(&launch, o, i, &mut open, &mut searches, &mut ipc).await;
        if let Some(spawned) = procs::start_epoch_ms(launch.app_pid) {
            if let Ok(at) = &outcome {
                cold_full.push(at - spawned);
            }
        }
        let log = launch.log_tail();
        launch.close().await;
        outcome.map_err(|e| format!("{e}\n{log}"))?;
    }
    let n = o.rows;
    lines.push(Line::new(format!("  cold start with {n} links"), median_after(&cold_full, 1), "ms", None));
    lines.push(
        Line::new(format!("Linkler click → first 50 of {n} rows drawn"), median_after(&open.1, 1), "ms", Some(100.0))
            .note(format!(
                "rows in the DOM at {:.1} ms, laid out at {:.1}; clicked {} ms after the window was ready; \
                 first page fetched while idle in {} of {} launches, else on the click; {drop_note}",
                median_after(&open.0, 1).unwrap_or(f64::NAN),
                median_after(&open.2, 1).unwrap_or(f64::NAN),
                o.settle_ms,
                open.3,
                open.0.len()
            )),
    );
    for (term, (dom, frame)) in TERMS.iter().zip(&searches) {
        let after = |xs: &[f64]| -> Vec<f64> { xs.iter().map(|x| x - o.debounce_ms).collect() };
        lines.push(
            Line::new(
                format!("search '{term}' → table drawn, after the debounce"),
                median_after(&after(frame), 1),
                "ms",
                Some(50.0),
            )
            .note(format!(
                "input → drawn {:.1} ms incl. the UI's {:.0} ms typing debounce; DOM at {:.1}",
                median_after(frame, 1).unwrap_or(f64::NAN),
                o.debounce_ms,
                median_after(&after(dom), 1).unwrap_or(f64::NAN)
            )),
        );
    }
    for (label, times) in std::iter::once("first page").chain(TERMS.iter().copied()).zip(&ipc) {
        lines.push(Line::new(format!("  list_links IPC round trip, {label}"), median_after(times, 1), "ms", None));
    }
    Ok(lines)
}

/// The memory figures: the difference to the blank window (the target), by process, and both totals.
fn memory_lines(o: &Opts, p: &memory::Pair) -> Vec<Line> {
    let mib = |kb: u64| Some(memory::mib(kb));
    let diff = |a: u64, b: u64| Some(memory::mib(a) - memory::mib(b));
    let after = format!("after {} s idle", o.idle_secs);
    let load = format!("load {} when measured; {} links in the store", p.load, o.rows);
    let mut lines = vec![Line::new(
        format!("PSS Tahsildar − blank Tauri window, {after}"),
        diff(p.app.total.pss_kb, p.blank.total.pss_kb),
        "MiB",
        Some(MEMORY_TARGET_MIB),
    )
    .note(load)];
    for role in memory::ROLES {
        let (a, b) = (p.app.pss_kb(role), p.blank.pss_kb(role));
        lines.push(Line::new(format!("  {}", role.label()), diff(a, b), "MiB", None).note(format!(
            "{:.1} − {:.1}",
            memory::mib(a),
            memory::mib(b)
        )));
    }
    lines.push(Line::new(format!("  PSS Tahsildar (app + WebKit), {after}"), mib(p.app.total.pss_kb), "MiB", None));
    lines.push(Line::new(format!("  PSS blank Tauri window, {after}"), mib(p.blank.total.pss_kb), "MiB", None));
    lines.push(Line::new(
        "  difference 10 s after start",
        diff(p.app_start.total.pss_kb, p.blank_start.total.pss_kb),
        "MiB",
        None,
    ));
    lines
}

/// One launch on the full store: ready, open "Linkler", the searches, then the bare IPC calls.
/// Returns when the start view was ready (Unix ms).
async fn list_run(
    launch: &Launch,
    o: &Opts,
    i: usize,
    open: &mut (Vec<f64>, Vec<f64>, Vec<f64>, usize),
    searches: &mut [(Vec<f64>, Vec<f64>)],
    ipc: &mut [Vec<f64>],
) -> Result<f64, String> {
    let c = launch.client();
    let ready = measure::wait_ready(c).await?;
    tokio::time::sleep(Duration::from_millis(o.settle_ms)).await;
    let shown = measure::open_links(c).await?;
    eprintln!(
        "list {i}: Linkler rows in the DOM at {:.1} ms, laid out at {:.1}, drawn at {:.1} ({} rows{}; \"{}\")",
        shown.dom,
        shown.layout.unwrap_or(f64::NAN),
        shown.frame,
        shown.rows,
        if shown.prefetched { ", fetched while idle" } else { ", fetched on the click" },
        shown.total
    );
    if shown.rows == 0 || !shown.total.chars().any(|ch| ch.is_ascii_digit()) {
        return Err(format!("Linkler showed no links from a store of {}", o.rows));
    }
    open.3 += usize::from(shown.prefetched);
    open.0.push(shown.dom);
    open.1.push(shown.frame);
    open.2.push(shown.layout.unwrap_or(f64::NAN));
    for (term, (dom, frame)) in TERMS.iter().zip(searches.iter_mut()) {
        let u = measure::search(c, term).await?;
        eprintln!("  search '{term}': {:.1} ms to drawn, {} rows shown (\"{}\")", u.frame, u.rows, u.total);
        dom.push(u.dom);
        frame.push(u.frame);
    }
    for (text, times) in std::iter::once(None).chain(TERMS.iter().map(|t| Some(*t))).zip(ipc.iter_mut()) {
        times.push(measure::ipc_list(c, text).await?);
    }
    Ok(ready.at)
}

/// The machine's load (other builds skew the timings), from `/proc/loadavg`.
fn loadavg() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// The medians `bench_store` printed (`name: first X ms, median Y ms (…)`): the Rust query alone.
fn store_bench_lines(file: &Path) -> Result<Vec<Line>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("reading {}: {e}", file.display()))?;
    let mut lines = Vec::new();
    for l in text.lines() {
        let Some((name, rest)) = l.split_once(": first ") else { continue };
        let Some(median) =
            rest.split_once("median ").and_then(|(_, m)| m.split_once(" ms")).and_then(|(m, _)| m.parse().ok())
        else {
            continue;
        };
        let target = if name.starts_with("search") {
            Some(50.0)
        } else if name.contains("page") {
            Some(100.0)
        } else {
            None
        };
        lines.push(
            Line::new(format!("  Rust store query: {name}"), Some(median), "ms", target)
                .note("bench_store, median of 7"),
        );
    }
    if lines.is_empty() {
        return Err(format!("{} holds no bench_store figures", file.display()));
    }
    Ok(lines)
}
